//! The filters above the figures: period, segment and the trend's grain.

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::feed::{ATTRIBUTE_PREFIX, LANGUAGE_PREFIX, PAGE_PREFIX};
use pulse_core::report::Grain;

use super::period::{format_day, parse_day, Period};

/// How a segment of the feed's dictionary is named in menus and tables.
pub fn segment_label(name: &str) -> String {
    if let Some(page) = name.strip_prefix(PAGE_PREFIX) {
        format!("Page {page}")
    } else if let Some(language) = name.strip_prefix(LANGUAGE_PREFIX) {
        format!("Language {language}")
    } else if let Some(attribute) = name.strip_prefix(ATTRIBUTE_PREFIX) {
        attribute.replacen('=', ": ", 1)
    } else {
        name.to_owned()
    }
}

#[component]
pub fn Filters(
    period: RwSignal<Period>,
    segment: RwSignal<Option<u32>>,
    grain: RwSignal<Grain>,
    strings: Arc<Vec<String>>,
) -> impl IntoView {
    let preset = move || match period.get() {
        Period::All => "all".to_owned(),
        Period::LastDays(days) => days.to_string(),
        Period::Between(..) => "custom".to_owned(),
    };
    let set_preset = move |value: String| {
        period.set(match value.as_str() {
            "custom" => Period::Between(None, None),
            "all" => Period::All,
            days => days.parse().map_or(Period::All, Period::LastDays),
        })
    };
    let day_value = move |first: bool| match period.get() {
        Period::Between(from, to) => (if first { from } else { to }).map(format_day).unwrap_or_default(),
        _ => String::new(),
    };
    let set_day = move |first: bool, value: String| {
        if let Period::Between(from, to) = period.get_untracked() {
            let day = parse_day(&value);
            period.set(if first { Period::Between(day, to) } else { Period::Between(from, day) });
        }
    };
    let mut options: Vec<(u32, String)> =
        strings.iter().enumerate().map(|(id, name)| (id as u32, segment_label(name))).collect();
    options.sort_by(|a, b| a.1.cmp(&b.1));

    view! {
        <form class="filters" on:submit=|event| event.prevent_default()>
            <label>
                "Period "
                <select prop:value=preset on:change=move |event| set_preset(event_target_value(&event))>
                    <option value="all">"All time"</option>
                    <option value="7">"Last 7 days"</option>
                    <option value="30">"Last 30 days"</option>
                    <option value="90">"Last 90 days"</option>
                    <option value="365">"Last 12 months"</option>
                    <option value="custom">"Between dates…"</option>
                </select>
            </label>
            <Show when=move || matches!(period.get(), Period::Between(..))>
                <label>"From " <input type="date" prop:value=move || day_value(true) on:change=move |event| set_day(true, event_target_value(&event)) /></label>
                <label>"To " <input type="date" prop:value=move || day_value(false) on:change=move |event| set_day(false, event_target_value(&event)) /></label>
            </Show>
            <label>
                "Segment "
                <select
                    prop:value=move || segment.get().map(|id| id.to_string()).unwrap_or_default()
                    on:change=move |event| segment.set(event_target_value(&event).parse().ok())
                >
                    <option value="">"Everyone"</option>
                    {options.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                </select>
            </label>
            <label>
                "Trend by "
                <select
                    prop:value=move || match grain.get() { Grain::Day => "day", Grain::Week => "week", Grain::Month => "month" }
                    on:change=move |event| grain.set(match event_target_value(&event).as_str() {
                        "day" => Grain::Day,
                        "month" => Grain::Month,
                        _ => Grain::Week,
                    })
                >
                    <option value="day">"Day"</option>
                    <option value="week">"Week"</option>
                    <option value="month">"Month"</option>
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
