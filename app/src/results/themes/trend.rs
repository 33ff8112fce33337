//! One theme over time, in the periods of the NPS trend: the share of the comments that
//! mention it, and their NPS, each a chart with its table.

use std::ops::Range;
use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::report::Grain;

use super::{Figures, Reading};
use crate::charts::{Bar, BarChart, TrendChart, TrendPoint};
use crate::format;
use crate::results::period::format_period;

#[component]
pub fn ThemeTrend(
    figures: Figures,
    reading: Arc<Reading>,
    days: Range<i32>,
    grain: Grain,
    /// The theme drawn, by name; the first when it is none of these.
    trended: RwSignal<Option<String>>,
) -> impl IntoView {
    if figures.themes.is_empty() {
        return ().into_any();
    }
    let names: Vec<String> = figures.themes.iter().map(|theme| theme.name.clone()).collect();
    let charts = move || {
        let chosen =
            trended.with(|name| figures.themes.iter().find(|theme| Some(&theme.name) == name.as_ref()));
        let theme = chosen.unwrap_or(&figures.themes[0]);
        let points = reading.corpus.trend(&theme.comments, &figures.selection, days.clone(), grain);
        let shares = points
            .iter()
            .map(|point| Bar {
                label: format_period(point.start_day, grain),
                value: point.share().unwrap_or_default(),
                shown: point.share().map_or_else(|| "–".to_owned(), format::percent),
                class: "",
            })
            .collect();
        let nps = points
            .iter()
            .map(|point| TrendPoint { label: format_period(point.start_day, grain), tally: point.tally })
            .collect();
        view! {
            <BarChart
                title=format!("Share of the comments on {}", theme.name)
                bars=shares
                value_heading="Share of the comments".to_owned()
            />
            <TrendChart title=format!("NPS of the comments on {}", theme.name) points=nps />
        }
    };
    view! {
        <section class="theme-trend" aria-labelledby="theme-trend-heading">
            <h3 id="theme-trend-heading">"Themes over time"</h3>
            <form class="filters" on:submit=|event| event.prevent_default()>
                <label>
                    "Theme "
                    <select on:change:target=move |event| {
                        trended.set(Some(event.target().value()))
                    }>
                        {names
                            .into_iter()
                            .map(|name| {
                                let selected = trended
                                    .with_untracked(|trended| trended.as_ref() == Some(&name));
                                view! {
                                    <option value=name.clone() selected=selected>
                                        {name.clone()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </form>
            <div class="charts">{charts}</div>
        </section>
    }
    .into_any()
}
