//! A theme over time: per week or month, its share of the comments and the NPS of those
//! who mention it, in the periods of the NPS trend ([`crate::report::trend`]).

use std::ops::Range;

use super::corpus::Corpus;
use super::Selected;
use crate::nps::Tally;
use crate::report::{self, Grain, Report};

/// One period of a theme's trend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThemePoint {
    /// Days since 1970-01-01 of the period's first day.
    pub start_day: i32,
    /// The selected comments of the period.
    pub comments: u64,
    /// The scores of those that mention the theme.
    pub tally: Tally,
}

impl ThemePoint {
    /// The share of the period's comments that mention the theme, in %; `None` without
    /// comments.
    pub fn share(&self) -> Option<f64> {
        (self.comments > 0).then(|| 100.0 * self.tally.total() as f64 / self.comments as f64)
    }
}

impl Corpus {
    /// The trend of a theme whose comments are `theme` ([`super::Theme::comments`]) among
    /// the `selection`'s comments, over `days` (the report's: from `first_day` for as many
    /// days as it has), oldest first, empty periods included.
    pub fn trend(&self, theme: &[u32], selection: &[u32], days: Range<i32>, grain: Grain) -> Vec<ThemePoint> {
        let per_period = |comments: &[u32]| {
            let mut report = Report {
                first_day: days.start,
                days: vec![Tally::default(); (days.end - days.start).max(0) as usize],
                ..Report::default()
            };
            for &comment in comments {
                let day = self.days[comment as usize];
                if days.contains(&day) {
                    report.days[(day - days.start) as usize].add(self.scores[comment as usize]);
                }
            }
            report::trend(&report, grain)
        };
        let all = per_period(&Selected::new(self, selection).comments);
        let mentioning = per_period(theme);
        all.iter()
            .zip(&mentioning)
            .map(|(all, mentioning)| ThemePoint {
                start_day: all.start_day,
                comments: all.tally.total(),
                tally: mentioning.tally,
            })
            .collect()
    }
}
