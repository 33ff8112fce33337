//! The date range marketers pick, turned into the seconds the aggregation filters on.

use pulse_core::report::{civil_from_days, days_from_civil, Grain};
use pulse_core::zone::Zone;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    All,
    /// Today and the days before it.
    LastDays(i32),
    /// From the first day to the last, both included; either may be open.
    Between(Option<i32>, Option<i32>),
}

impl Period {
    /// `(from, to)` in seconds since 1970-01-01 UTC, `to` exclusive, for a marketer in
    /// `zone` for whom it is now `now`.
    pub fn bounds(self, now: u32, zone: &Zone) -> (Option<u32>, Option<u32>) {
        let midnight = |day: i32| u32::try_from(zone.midnight(day)).unwrap_or(0);
        match self {
            Period::All => (None, None),
            Period::LastDays(days) => {
                let today = zone.day_of(now.into());
                (Some(midnight(today - days + 1)), Some(midnight(today + 1)))
            }
            Period::Between(first, last) => (first.map(midnight), last.map(|last| midnight(last + 1))),
        }
    }
}

/// A day from an `<input type="date">` value, `YYYY-MM-DD`.
pub fn parse_day(value: &str) -> Option<i32> {
    let mut parts = value.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok().filter(|month| (1..=12).contains(month))?;
    let day = parts.next()?.parse().ok().filter(|day| (1..=31).contains(day))?;
    let days = days_from_civil(year, month, day);
    // Rejects dates such as 2026-02-31, which would roll over into March.
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

pub fn format_day(day: i32) -> String {
    let (year, month, date) = civil_from_days(day);
    format!("{year:04}-{month:02}-{date:02}")
}

/// How a trend period is named on the axis and in the table.
pub fn format_period(start_day: i32, grain: Grain) -> String {
    match grain {
        Grain::Day => format_day(start_day),
        Grain::Week => format!("Week of {}", format_day(start_day)),
        Grain::Month => {
            let (year, month, _) = civil_from_days(start_day);
            format!("{year:04}-{month:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-02 00:00 UTC.
    const MARCH_2: u32 = 1_772_409_600;

    #[test]
    fn last_days_end_with_today_in_the_marketers_zone() {
        let noon = MARCH_2 + 12 * 3600;
        assert_eq!(
            Period::LastDays(1).bounds(noon, &Zone::default()),
            (Some(MARCH_2), Some(MARCH_2 + 86_400))
        );
        let (from, to) = Period::LastDays(7).bounds(noon, &Zone::fixed(7200));
        assert_eq!(from, Some(MARCH_2 - 6 * 86_400 - 7200));
        assert_eq!(to, Some(MARCH_2 + 86_400 - 7200));
    }

    #[test]
    fn a_custom_range_includes_its_last_day() {
        let day = parse_day("2026-03-02").unwrap();
        assert_eq!(
            Period::Between(Some(day), Some(day)).bounds(0, &Zone::default()),
            (Some(MARCH_2), Some(MARCH_2 + 86_400))
        );
        assert_eq!(Period::Between(None, Some(day)).bounds(0, &Zone::default()).0, None);
        assert_eq!(Period::All.bounds(MARCH_2, &Zone::fixed(3600)), (None, None));
    }

    #[test]
    fn dates_are_read_and_written_as_date_inputs_do() {
        assert_eq!(parse_day("2026-03-02").map(format_day).as_deref(), Some("2026-03-02"));
        assert_eq!(parse_day("2026-02-31"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day(""), None);
        assert_eq!(parse_day("yesterday"), None);
    }

    #[test]
    fn periods_are_named_by_grain() {
        let day = parse_day("2026-03-02").unwrap();
        assert_eq!(format_period(day, Grain::Day), "2026-03-02");
        assert_eq!(format_period(day, Grain::Week), "Week of 2026-03-02");
        assert_eq!(format_period(day, Grain::Month), "2026-03");
    }
}
