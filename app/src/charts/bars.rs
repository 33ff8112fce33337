use leptos::prelude::*;

use super::ChartFrame;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
/// Room above the plot for the value over the highest bar.
const TOP: f64 = 24.0;
/// Room below the plot for the value under a falling bar, then the bars' labels.
const BOTTOM: f64 = 40.0;

pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as the table and the tooltip show it.
    pub shown: String,
    /// A CSS class giving the bar its colour, e.g. `promoter`.
    pub class: &'static str,
}

/// Vertical bars from a zero line; values may be negative (e.g. NPS by usability rating).
#[component]
pub fn BarChart(title: String, bars: Vec<Bar>, value_heading: String) -> impl IntoView {
    let top = bars.iter().map(|bar| bar.value).fold(0.0_f64, f64::max);
    let bottom = bars.iter().map(|bar| bar.value).fold(0.0_f64, f64::min);
    let span = if top - bottom > 0.0 { top - bottom } else { 1.0 };
    let plot = HEIGHT - TOP - BOTTOM;
    let y = move |value: f64| TOP + (top - value) / span * plot;
    let slot = WIDTH / bars.len().max(1) as f64;
    let drawn = bars
        .iter()
        .enumerate()
        .map(|(index, bar)| {
            let (from, to) = (y(bar.value.max(0.0)), y(bar.value.min(0.0)));
            let x = index as f64 * slot + slot * 0.15;
            view! {
                <g class=format!("bar {}", bar.class)>
                    <rect x=x y=from width=slot * 0.7 height=(to - from).max(1.0)>
                        <title>{format!("{}: {}", bar.label, bar.shown)}</title>
                    </rect>
                    // Above a bar that rises, below one that falls.
                    <text
                        class="value"
                        x=x + slot * 0.35
                        y=if bar.value < 0.0 { to + 12.0 } else { from - 4.0 }
                        text-anchor="middle"
                    >
                        {bar.shown.clone()}
                    </text>
                    <text class="label" x=x + slot * 0.35 y=HEIGHT - 6.0 text-anchor="middle">
                        {bar.label.clone()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let svg = view! {
        <svg
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="img"
            aria-label=title.clone()
            xmlns="http://www.w3.org/2000/svg"
        >
            <line class="zero" x1="0" x2=WIDTH y1=y(0.0) y2=y(0.0) />
            {drawn}
        </svg>
    }
    .into_any();
    let rows = bars.into_iter().map(|bar| vec![bar.label, bar.shown]).collect();
    view! { <ChartFrame title svg headings=vec!["".to_owned(), value_heading] rows /> }
}
