//! The filters above the figures: period, segments and the trend's grain.

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::feed::Segment;
use pulse_core::report::{Grain, MAX_SEGMENTS};

use super::address::Address;
use super::period::{format_day, parse_day, Period};

/// How a segment of the feed's dictionary is named in menus and tables.
pub fn segment_label(name: &str) -> String {
    match name.parse() {
        Ok(Segment::Page(page)) => format!("Page {page}"),
        Ok(Segment::Language(language)) => format!("Language {language}"),
        Ok(Segment::Attribute { key, value }) => format!("{key}: {value}"),
        Err(_) => name.to_owned(),
    }
}

/// The filters above the figures, kept in the page's address.
#[component]
pub fn Filters(address: Address, strings: Arc<Vec<String>>) -> impl IntoView {
    let period = move || address.with(|choices| choices.period);
    let set_period = move |period: Period| address.update(|choices| choices.period = period);
    let preset = move || match period() {
        Period::All => "all".to_owned(),
        Period::LastDays(days) => days.to_string(),
        Period::Between(..) => "custom".to_owned(),
    };
    let set_preset = move |value: String| {
        set_period(match value.as_str() {
            "custom" => Period::Between(None, None),
            "all" => Period::All,
            days => days.parse().map_or(Period::All, Period::LastDays),
        })
    };
    let day_value = move |first: bool| match period() {
        Period::Between(from, to) => (if first { from } else { to }).map(format_day).unwrap_or_default(),
        _ => String::new(),
    };
    let set_day = move |first: bool, value: String| {
        address.update(|choices| {
            if let Period::Between(from, to) = &mut choices.period {
                *(if first { from } else { to }) = parse_day(&value);
            }
        })
    };
    let mut options: Vec<(u32, String)> =
        strings.iter().enumerate().map(|(id, name)| (id as u32, segment_label(name))).collect();
    options.sort_by(|a, b| a.1.cmp(&b.1));
    let options = StoredValue::new(options);
    // One menu per chosen segment, then one to add another: choosing "Everyone" (or "and…")
    // in a chosen one's menu removes it.
    let menu = move |position: usize, chosen: Option<u32>| {
        let change = move |value: String| {
            address.update(|choices| match (value.parse::<u32>().ok(), chosen) {
                (Some(id), Some(_)) => choices.segments[position] = id,
                (Some(id), None) => choices.segments.push(id),
                (None, Some(_)) => _ = choices.segments.remove(position),
                (None, None) => {}
            })
        };
        view! {
            <label>
                {if position == 0 { "Segment " } else { "and " }}
                <select on:change:target=move |event| change(event.target().value())>
                    <option value="">{if position == 0 { "Everyone" } else { "…" }}</option>
                    {options
                        .with_value(|options| {
                            options
                                .iter()
                                .map(|(id, label)| {
                                    view! {
                                        <option value=id.to_string() selected=chosen == Some(*id)>
                                            {label.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        })}
                </select>
            </label>
            {chosen
                .map(|id| {
                    let label = options
                        .with_value(|options| {
                            options.iter().find(|(option, _)| *option == id).map(|(_, label)| label.clone())
                        });
                    view! {
                        <button
                            type="button"
                            class="secondary"
                            aria-label=format!("Remove {}", label.unwrap_or_default())
                            on:click=move |_| change(String::new())
                        >
                            "×"
                        </button>
                    }
                })}
        }
    };

    view! {
        <form class="filters" on:submit=|event| event.prevent_default()>
            <label>
                "Period "
                <select prop:value=preset on:change:target=move |event| set_preset(event.target().value())>
                    <option value="all">"All time"</option>
                    <option value="7">"Last 7 days"</option>
                    <option value="30">"Last 30 days"</option>
                    <option value="90">"Last 90 days"</option>
                    <option value="365">"Last 12 months"</option>
                    <option value="custom">"Between dates…"</option>
                </select>
            </label>
            <Show when=move || matches!(period(), Period::Between(..))>
                <label>
                    "From "
                    <input
                        type="date"
                        prop:value=move || day_value(true)
                        on:change:target=move |event| set_day(true, event.target().value())
                    />
                </label>
                <label>
                    "To "
                    <input
                        type="date"
                        prop:value=move || day_value(false)
                        on:change:target=move |event| set_day(false, event.target().value())
                    />
                </label>
            </Show>
            <span class="segment-filters">
                {move || {
                    let ids = address.with(|choices| choices.segments.clone());
                    let chosen = ids
                        .iter()
                        .enumerate()
                        .map(|(position, &id)| menu(position, Some(id)))
                        .collect_view();
                    let more = (ids.len() < MAX_SEGMENTS).then(|| menu(ids.len(), None));
                    (chosen, more)
                }}
            </span>
            <label>
                "Trend by "
                <select
                    prop:value=move || address.with(|choices| choices.grain.name())
                    on:change:target=move |event| {
                        let grain = Grain::from_name(&event.target().value()).unwrap_or(Grain::Week);
                        address.update(|choices| choices.grain = grain);
                    }
                >
                    {Grain::ALL
                        .map(|grain| {
                            let label = match grain {
                                Grain::Day => "Day",
                                Grain::Week => "Week",
                                Grain::Month => "Month",
                            };
                            view! { <option value=grain.name()>{label}</option> }
                        })}
                </select>
            </label>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_named_for_people() {
        assert_eq!(segment_label("page:/pricing"), "Page /pricing");
        assert_eq!(segment_label("lang:he"), "Language he");
        assert_eq!(segment_label("attr:plan=pro=max"), "plan: pro=max");
    }
}
