//! The browser's clock and time zone, which the results page and the survey list count
//! days by.

use pulse_core::zone::Zone;

/// Seconds since 1970-01-01 UTC.
pub fn now() -> u32 {
    (js_sys::Date::now() / 1000.0) as u32
}

/// A moment (milliseconds since 1970-01-01 UTC) as the browser writes dates and times in
/// its language and time zone.
pub fn local_time(millis: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64))
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}

/// The browser's time zone from `since` (the first answer, if any) and the two years
/// before now, which the period presets and their comparisons reach, until tomorrow.
pub fn zone(since: Option<u32>, now: u32) -> Zone {
    const TWO_YEARS: i64 = 2 * 366 * 86_400;
    let now = i64::from(now);
    let first = since.map_or(now, i64::from).min(now - TWO_YEARS);
    Zone::sampled(first, now + 86_400, |time| {
        // getTimezoneOffset is UTC minus local time, in minutes.
        -js_sys::Date::new(&(time as f64 * 1000.0).into()).get_timezone_offset() as i32 * 60
    })
}
