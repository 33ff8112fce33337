//! The results page's address holds what is on screen, so that a marketer can share or
//! bookmark exactly that: `/results/demo?period=30&segment=page:/checkout&segment=attr:plan=pro`
//! (and `&theme=Delivery` when the comments show one theme's).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use pulse_core::report::{Grain, MAX_SEGMENTS};

use super::period::{format_day, parse_day, Period};

/// The filters the marketer chose; what the address leaves out is the default.
#[derive(Clone, Debug, PartialEq)]
pub struct Choices {
    pub period: Period,
    /// Segments by their ids in the feed's dictionary, all to match; the address names them
    /// (`page:/checkout`), so that it holds for the next feed too.
    pub segments: Vec<u32>,
    pub grain: Grain,
    /// The theme whose comments the list shows, by its name on the page.
    pub theme: Option<String>,
}

impl Default for Choices {
    fn default() -> Choices {
        Choices { period: Period::All, segments: Vec::new(), grain: Grain::Week, theme: None }
    }
}

impl Choices {
    /// Reads `period` (`all`, a number of days, or `custom` with `from` and `to` days),
    /// `segment` (repeated), `grain` and `theme`; a value it cannot read counts as left out. Returns
    /// too the segments it left out: those the feed's dictionary (`strings`) lacks, as no
    /// answer carries them, and those beyond the most a filter combines.
    pub fn from_query<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        strings: &[String],
    ) -> (Choices, Vec<String>) {
        let mut choices = Choices::default();
        let mut left_out = Vec::new();
        let (mut period, mut from, mut to) = ("", None, None);
        for (key, value) in pairs {
            match key {
                "period" => period = value,
                "from" => from = parse_day(value),
                "to" => to = parse_day(value),
                "segment" => match strings.iter().position(|name| name == value) {
                    Some(id) if choices.segments.len() < MAX_SEGMENTS => choices.segments.push(id as u32),
                    _ => left_out.push(value.to_owned()),
                },
                "grain" => choices.grain = Grain::from_name(value).unwrap_or(Grain::Week),
                "theme" => choices.theme = Some(value.to_owned()).filter(|name| !name.is_empty()),
                _ => {}
            }
        }
        choices.period = match period {
            "custom" => Period::Between(from, to),
            days => days.parse().ok().filter(|days| *days > 0).map_or(Period::All, Period::LastDays),
        };
        (choices, left_out)
    }

    /// The query string, `?` included, or nothing for the defaults.
    pub fn to_query(&self, strings: &[String]) -> String {
        let mut pairs = Vec::new();
        match self.period {
            Period::All => {}
            Period::LastDays(days) => pairs.push(format!("period={days}")),
            Period::Between(from, to) => {
                pairs.push("period=custom".to_owned());
                pairs.extend(from.map(|day| format!("from={}", format_day(day))));
                pairs.extend(to.map(|day| format!("to={}", format_day(day))));
            }
        }
        pairs.extend(self.segments.iter().map(|&id| format!("segment={}", encode(&strings[id as usize]))));
        if self.grain != Grain::Week {
            pairs.push(format!("grain={}", self.grain.name()));
        }
        pairs.extend(self.theme.as_deref().map(|theme| format!("theme={}", encode(theme))));
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// Percent-encodes a query value. `:`, `/` and `=`, which segment names hold, may stand as
/// they are in a query value, and stay readable in a shared address.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'=' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// The choices in the address bar: read reactively, and changed by replacing the address,
/// so that filtering adds no entry to the browser's history. A change writes what is
/// applied, so segments left out leave the address then.
#[derive(Clone, Copy)]
pub struct Address {
    read: Memo<(Choices, Vec<String>)>,
    replace: Callback<Choices>,
}

impl Address {
    /// Reads the current route's query, naming segments by `strings`, the feed's
    /// dictionary; call it inside the router.
    pub fn new(strings: Arc<Vec<String>>) -> Address {
        let query = use_query_map();
        let names = Arc::clone(&strings);
        let read = Memo::new(move |_| {
            query.with(|query| {
                Choices::from_query(query.into_iter().map(|(key, value)| (key.as_ref(), value)), &names)
            })
        });
        let location = use_location();
        let navigate = use_navigate();
        let replace = Callback::new(move |choices: Choices| {
            let address = format!("{}{}", location.pathname.get_untracked(), choices.to_query(&strings));
            // The figures change in place: the page keeps its scroll position.
            navigate(
                &address,
                NavigateOptions { replace: true, scroll: false, ..NavigateOptions::default() },
            );
        });
        Address { read, replace }
    }

    pub fn with<T>(self, read: impl FnOnce(&Choices) -> T) -> T {
        self.read.with(|(choices, _)| read(choices))
    }

    /// The segments of the address that are not applied.
    pub fn left_out(self) -> Vec<String> {
        self.read.with(|(_, left_out)| left_out.clone())
    }

    pub fn update(self, change: impl FnOnce(&mut Choices)) {
        let mut choices = self.read.with_untracked(|(choices, _)| choices.clone());
        change(&mut choices);
        self.replace.run(choices);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Vec<String> {
        ["page:/", "lang:en", "attr:plan=pro", "page:/checkout"].map(String::from).to_vec()
    }

    fn read(query: &str) -> (Choices, Vec<String>) {
        Choices::from_query(query.split('&').filter_map(|pair| pair.split_once('=')), &strings())
    }

    #[test]
    fn choices_survive_the_address() {
        let day = parse_day("2026-03-02").unwrap();
        let choices = [
            Choices::default(),
            Choices { period: Period::LastDays(30), ..Choices::default() },
            Choices { period: Period::Between(Some(day), None), grain: Grain::Day, ..Choices::default() },
            Choices { period: Period::Between(None, None), grain: Grain::Month, ..Choices::default() },
            Choices {
                period: Period::Between(Some(day - 6), Some(day)),
                segments: vec![3, 2],
                ..Choices::default()
            },
            Choices { theme: Some("delivery/slow".to_owned()), ..Choices::default() },
        ];
        for choice in choices {
            let query = choice.to_query(&strings());
            assert_eq!(read(query.trim_start_matches('?')), (choice, Vec::new()), "{query}");
        }
    }

    #[test]
    fn the_address_is_short_and_readable() {
        assert_eq!(Choices::default().to_query(&strings()), "");
        let choices = Choices {
            period: Period::LastDays(30),
            segments: vec![3, 2],
            grain: Grain::Day,
            theme: Some("Delivery".to_owned()),
        };
        assert_eq!(
            choices.to_query(&strings()),
            "?period=30&segment=page:/checkout&segment=attr:plan=pro&grain=day&theme=Delivery"
        );
        assert_eq!(encode("attr:note=a&b #1+é%"), "attr:note=a%26b%20%231%2B%C3%A9%25");
    }

    #[test]
    fn unreadable_values_count_as_left_out() {
        assert_eq!(read("period=forever&grain=year&from=yesterday&theme="), (Choices::default(), Vec::new()));
        assert_eq!(read("period=-3").0, Choices::default());
    }

    #[test]
    fn segments_no_answer_carries_are_left_out() {
        let (choices, left_out) = read("segment=attr:plan=pro&segment=page:/gone&segment=page:/");
        assert_eq!((choices.segments, left_out), (vec![2, 0], vec!["page:/gone".to_owned()]));
        let many = ["segment=lang:en"; MAX_SEGMENTS + 1].join("&");
        let (choices, left_out) = read(&many);
        assert_eq!((choices.segments, left_out), (vec![1; MAX_SEGMENTS], vec!["lang:en".to_owned()]));
    }
}
