//! Every figure of the results page, aggregated from a [`Feed`] in one pass.

use std::ops::Range;

use crate::feed::{Feed, ATTRIBUTE_PREFIX, NO_REPEAT, NO_SEGMENT, SKIPPED};
use crate::nps::{Category, Tally};
use crate::validation::{COMMITMENT_MAX, REPEAT_PURCHASES_MAX, USABILITY_MAX};
use crate::zone::Zone;

/// Which answers count. Times are seconds since 1970-01-01 UTC; `to` is exclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<u32>,
    pub to: Option<u32>,
    /// Only answers of this category (e.g. to read the detractors' figures).
    pub category: Option<Category>,
    /// Only answers carrying every one of these segments: page, language or attribute ids
    /// of the feed.
    pub segments: Vec<u32>,
    /// The marketer's time zone, so that days start at their midnight.
    pub zone: Zone,
}

impl Filter {
    /// The period of as many of the marketer's days just before this one, for comparison;
    /// `None` when this one is open-ended. Counted in days, not seconds: a week across a
    /// change of the clocks is an hour shorter or longer, and the week before it would
    /// start an hour off midnight.
    pub fn previous_period(&self) -> Option<Filter> {
        let (from, to) = (self.from?, self.to?);
        let (first, end) = (self.zone.day_of(from.into()), self.zone.day_of(to.into()));
        let start = self.zone.midnight(first - (end - first));
        (first <= end).then(|| Filter {
            from: Some(u32::try_from(start).unwrap_or(0)),
            to: Some(from),
            ..self.clone()
        })
    }

    pub fn keeps_time(&self, time: u32) -> bool {
        self.from.is_none_or(|from| time >= from) && self.to.is_none_or(|to| time < to)
    }

    /// Whether an answer (or a display, which has no attributes) with this page, language
    /// and attributes carries every segment of the filter.
    #[inline]
    pub fn keeps_segments(&self, page: u32, language: u32, attributes: &[u32]) -> bool {
        self.segments
            .iter()
            .all(|segment| page == *segment || language == *segment || attributes.contains(segment))
    }
}

/// The most segments one filter combines: more than an answer can carry at once (a page, a
/// language and a few attributes), few enough to keep the answers' query short.
pub const MAX_SEGMENTS: usize = 10;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub tally: Tally,
    /// Answers per score, index = score (0–10).
    pub distribution: [u64; 11],
    /// Ratings per usability value, index = rating − 1.
    pub usability: [u64; 5],
    /// Answers that skipped the usability question.
    pub usability_skipped: u64,
    /// The NPS of the answers giving each usability rating, index = rating − 1.
    pub nps_by_usability: [Tally; 5],
    /// Per kind of commitment, in [`crate::survey::Commitment::ALL`] order.
    pub commitment: [CommitmentFigures; 5],
    /// Sum and count of "how many of your last 10 purchases were from us".
    pub repeat_sum: u64,
    pub repeat_answers: u64,
    /// Displays of the survey in the period (and segment, for pages and languages).
    pub impressions: u64,
    /// Whether displays are counted for this filter: they carry no visitor attributes, so
    /// a filter by attribute has none to count.
    pub displays_counted: bool,
    /// The answers of the period from the day the survey was first shown on: answers
    /// imported from before it had no display, and would push the response rate past 100 %.
    pub answers_since_shown: u64,
    /// One tally per day from `first_day`, in the filter's time zone.
    pub first_day: i32,
    pub days: Vec<Tally>,
    /// The tally of each segment of the feed's dictionary, index = segment id.
    pub segments: Vec<Tally>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CommitmentFigures {
    /// Agreement from 1 to 5, summed over those who answered.
    pub sum: u64,
    pub answers: u64,
    /// NPS of those who agree (4–5) and of the others (1–3): how this kind of commitment
    /// goes with loyalty.
    pub agree: Tally,
    pub disagree: Tally,
}

impl CommitmentFigures {
    pub fn average(&self) -> Option<f64> {
        (self.answers > 0).then(|| self.sum as f64 / self.answers as f64)
    }
}

impl Report {
    pub fn average_usability(&self) -> Option<f64> {
        let count: u64 = self.usability.iter().sum();
        let sum: u64 = self.usability.iter().zip(1..).map(|(count, rating)| count * rating).sum();
        (count > 0).then(|| sum as f64 / count as f64)
    }

    /// Share of the last 10 purchases made with the company, in %.
    pub fn repeat_purchase_rate(&self) -> Option<f64> {
        (self.repeat_answers > 0).then(|| 10.0 * self.repeat_sum as f64 / self.repeat_answers as f64)
    }

    /// Responses per display, in %.
    pub fn response_rate(&self) -> Option<f64> {
        (self.displays_counted && self.impressions > 0)
            .then(|| 100.0 * self.answers_since_shown as f64 / self.impressions as f64)
    }

    /// Displays that no answer followed.
    pub fn unanswered_displays(&self) -> u64 {
        self.impressions.saturating_sub(self.answers_since_shown)
    }
}

/// Answers per score (index = score): the loop below only counts, and every tally is
/// derived from these counts afterwards, which keeps the loop free of branches on the
/// category.
type Scores = [u32; 11];

/// Usability ratings and commitment agreements run 1–5, and [`crate::feed::SKIPPED`] (0)
/// counts too.
const RATINGS: usize = USABILITY_MAX as usize + 1;
const _: () = assert!(COMMITMENT_MAX == USABILITY_MAX && SKIPPED == 0);
/// Repeat purchases run 0–10; the last slot counts the skipped ([`crate::feed::NO_REPEAT`],
/// above them all).
const REPEATS: usize = REPEAT_PURCHASES_MAX as usize + 2;
const _: () = assert!(NO_REPEAT > REPEAT_PURCHASES_MAX);
/// Most answers counted by one call of [`Counts::count`]: a day of many more (a busy day,
/// or a one-day period) would otherwise run unoptimised to its end (see there).
const CALL_ROWS: usize = 8192;

fn tally_of(scores: &Scores) -> Tally {
    let sum = |category: Category| {
        let (low, high) = category.scores().into_inner();
        scores[usize::from(low)..=usize::from(high)].iter().map(|&count| u64::from(count)).sum()
    };
    Tally {
        detractors: sum(Category::Detractor),
        passives: sum(Category::Passive),
        promoters: sum(Category::Promoter),
    }
}

fn add(into: &mut Scores, counts: &Scores) {
    for (into, count) in into.iter_mut().zip(counts) {
        *into += count;
    }
}

/// What the loop counts, apart from the days. Each answer adds 1 to one counter per group
/// of questions rather than one per question: counters of their combinations, summed into
/// each question's counts afterwards. Fewer additions per answer make the loop much faster
/// (each is a load and a store), and the combinations stay small enough (14 KB) for the
/// processor's fastest cache.
struct Counts {
    /// Index = segment id.
    by_segment: Vec<Scores>,
    /// [usability][repeat purchases][score]
    by_usability_repeat: [[Scores; REPEATS]; RATINGS],
    /// [affective][normative][economic][score]
    by_first_commitments: [[[Scores; RATINGS]; RATINGS]; RATINGS],
    /// [forced][habitual][score]
    by_last_commitments: [[Scores; RATINGS]; RATINGS],
}

impl Counts {
    /// Counts the answers of `rows` that `filter` keeps, and returns their scores.
    /// Called for each day (and each [`CALL_ROWS`] of a day) rather than inlined: Chromium
    /// runs WebAssembly in its baseline code first and moves a function to optimised code
    /// between two of its calls, so one loop over every answer would run unoptimised the
    /// first time, twice as slow. It stays a function thanks to `#[inline(never)]` here and
    /// wasm-opt's `-ocimfs 0` (index.html), which otherwise inlines a function called from
    /// one place.
    #[inline(never)]
    fn count(&mut self, feed: &Feed, filter: &Filter, rows: Range<usize>) -> Scores {
        // Every column cut to the rows once, so that the loop indexes within known lengths.
        let (score, usability, repeat) =
            (&feed.score[rows.clone()], &feed.usability[rows.clone()], &feed.repeat[rows.clone()]);
        let (page, language) = (&feed.page[rows.clone()], &feed.language[rows.clone()]);
        let offsets = &feed.attribute_offsets[rows.start..=rows.end];
        let [affective, normative, economic, forced, habitual] =
            feed.commitment.each_ref().map(|column| &column[rows.clone()]);
        let mut scores: Scores = [0; 11];
        for i in 0..rows.len() {
            let attributes = &feed.attributes[offsets[i] as usize..offsets[i + 1] as usize];
            let (page, language) = (page[i], language[i]);
            if !filter.keeps_segments(page, language, attributes) {
                continue;
            }
            let score = usize::from(score[i]);
            if filter.category.is_some_and(|wanted| Category::of(score as u8) != wanted) {
                continue;
            }
            scores[score] += 1;
            if page != NO_SEGMENT {
                self.by_segment[page as usize][score] += 1;
            }
            if language != NO_SEGMENT {
                self.by_segment[language as usize][score] += 1;
            }
            for &attribute in attributes {
                self.by_segment[attribute as usize][score] += 1;
            }
            let repeat = usize::from(repeat[i]).min(REPEATS - 1);
            self.by_usability_repeat[usize::from(usability[i])][repeat][score] += 1;
            if feed.modules.commitment {
                let first = [affective[i], normative[i], economic[i]].map(usize::from);
                self.by_first_commitments[first[0]][first[1]][first[2]][score] += 1;
                self.by_last_commitments[usize::from(forced[i])][usize::from(habitual[i])][score] += 1;
            }
        }
        scores
    }
}

/// The figures of the answers `filter` keeps, in one pass over the columns. `feed` is in
/// time order, as [`Feed::decode`] checks it is.
pub fn aggregate(feed: &Feed, filter: &Filter) -> Report {
    debug_assert!(feed.time.is_sorted(), "a feed out of time order");
    // The feed is in time order (checked when decoded), so the period is a slice, and so is
    // each of its days.
    let start = filter.from.map_or(0, |from| feed.time.partition_point(|&time| time < from));
    let end = filter.to.map_or(feed.len(), |to| feed.time.partition_point(|&time| time < to)).max(start);
    let days = filter_days(feed, filter);
    let mut counts = Counts {
        by_segment: vec![[0; 11]; feed.strings.len()],
        by_usability_repeat: Default::default(),
        by_first_commitments: Default::default(),
        by_last_commitments: Default::default(),
    };
    let mut by_day: Vec<Scores> = Vec::new();
    let mut first = start;
    for day in days.clone() {
        // The day's answers are those before the next midnight.
        let midnight = filter.zone.midnight(day + 1);
        let last = first + feed.time[first..end].partition_point(|&time| i64::from(time) < midnight);
        let mut day_scores: Scores = [0; 11];
        for from in (first..last).step_by(CALL_ROWS) {
            add(&mut day_scores, &counts.count(feed, filter, from..(from + CALL_ROWS).min(last)));
        }
        by_day.push(day_scores);
        first = last;
    }
    let Counts { by_segment, by_usability_repeat, by_first_commitments, by_last_commitments } = counts;

    let mut scores: Scores = [0; 11];
    let mut by_usability: [Scores; RATINGS] = Default::default();
    let mut repeats = [0u32; REPEATS];
    for (usability, by_repeat) in by_usability_repeat.iter().enumerate() {
        for (repeat, counts) in by_repeat.iter().enumerate() {
            add(&mut scores, counts);
            add(&mut by_usability[usability], counts);
            repeats[repeat] += counts.iter().sum::<u32>();
        }
    }
    let repeats = &repeats[..REPEATS - 1];
    // Per kind, in [`crate::survey::Commitment::ALL`] order.
    let mut by_commitment: [[Scores; RATINGS]; 5] = Default::default();
    for (affective, by_normative) in by_first_commitments.iter().enumerate() {
        for (normative, by_economic) in by_normative.iter().enumerate() {
            for (economic, counts) in by_economic.iter().enumerate() {
                for (kind, agreement) in [(0, affective), (1, normative), (2, economic)] {
                    add(&mut by_commitment[kind][agreement], counts);
                }
            }
        }
    }
    for (forced, by_habitual) in by_last_commitments.iter().enumerate() {
        for (habitual, counts) in by_habitual.iter().enumerate() {
            for (kind, agreement) in [(3, forced), (4, habitual)] {
                add(&mut by_commitment[kind][agreement], counts);
            }
        }
    }

    let count = |scores: &Scores| scores.iter().map(|&count| u64::from(count)).sum::<u64>();
    let mut report = Report {
        tally: tally_of(&scores),
        distribution: scores.map(u64::from),
        usability_skipped: count(&by_usability[0]),
        first_day: days.start,
        days: by_day.iter().map(tally_of).collect(),
        segments: by_segment.iter().map(tally_of).collect(),
        repeat_sum: repeats.iter().zip(0..).map(|(&answers, purchases)| u64::from(answers) * purchases).sum(),
        repeat_answers: repeats.iter().map(|&answers| u64::from(answers)).sum(),
        ..Report::default()
    };
    for (index, scores) in by_usability[1..].iter().enumerate() {
        report.usability[index] = count(scores);
        report.nps_by_usability[index] = tally_of(scores);
    }
    for (figures, counts) in report.commitment.iter_mut().zip(&by_commitment) {
        for (agreement, scores) in counts.iter().enumerate().skip(1) {
            figures.answers += count(scores);
            figures.sum += agreement as u64 * count(scores);
            let side = if agreement >= 4 { &mut figures.agree } else { &mut figures.disagree };
            side.merge(&tally_of(scores));
        }
    }
    report.impressions = feed
        .impressions
        .iter()
        .filter(|group| filter.keeps_time(group.start))
        .filter(|group| filter.keeps_segments(group.page, group.language, &[]))
        .map(|group| u64::from(group.count))
        .sum();
    report.displays_counted = filter
        .segments
        .iter()
        .all(|&id| feed.strings.get(id as usize).is_none_or(|name| !name.starts_with(ATTRIBUTE_PREFIX)));
    let first_shown = feed
        .impressions
        .iter()
        .filter(|group| filter.keeps_segments(group.page, group.language, &[]))
        .map(|group| group.start)
        .min();
    report.answers_since_shown = first_shown.map_or(0, |shown| {
        let from_day = usize::try_from(filter.zone.day_of(shown.into()) - report.first_day).unwrap_or(0);
        report.days.iter().skip(from_day).map(Tally::total).sum()
    });
    report
}

/// The days the trend covers: those of the filter's period, else those with answers
/// (the feed is in time order).
fn filter_days(feed: &Feed, filter: &Filter) -> Range<i32> {
    let first = filter.from.or_else(|| feed.time.first().copied());
    let last = filter.to.map(|to| to.saturating_sub(1)).or_else(|| feed.time.last().copied());
    match (first, last) {
        (Some(first), Some(last)) if first <= last => {
            filter.zone.day_of(first.into())..filter.zone.day_of(last.into()) + 1
        }
        _ => 0..0,
    }
}

/// How the trend groups days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grain {
    Day,
    /// Weeks start on Monday.
    Week,
    Month,
}

impl Grain {
    pub const ALL: [Grain; 3] = [Grain::Day, Grain::Week, Grain::Month];

    /// How the results page's menu and address name it.
    pub fn name(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
        }
    }

    pub fn from_name(name: &str) -> Option<Grain> {
        Grain::ALL.into_iter().find(|grain| grain.name() == name)
    }
}

/// One point of the NPS trend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrendPoint {
    /// Days since 1970-01-01 of the period's first day.
    pub start_day: i32,
    pub tally: Tally,
}

/// The report's days grouped by `grain`, oldest first, empty periods included so that a
/// chart shows gaps as gaps.
pub fn trend(report: &Report, grain: Grain) -> Vec<TrendPoint> {
    let mut points: Vec<TrendPoint> = Vec::new();
    for (offset, tally) in report.days.iter().enumerate() {
        let day = report.first_day + offset as i32;
        let start_day = period_start(day, grain);
        match points.last_mut() {
            Some(point) if point.start_day == start_day => point.tally.merge(tally),
            _ => points.push(TrendPoint { start_day, tally: *tally }),
        }
    }
    points
}

fn period_start(day: i32, grain: Grain) -> i32 {
    match grain {
        Grain::Day => day,
        // 1970-01-01 was a Thursday, three days after a Monday.
        Grain::Week => day - (day + 3).rem_euclid(7),
        Grain::Month => {
            let (year, month, _) = civil_from_days(day);
            days_from_civil(year, month, 1)
        }
    }
}

/// The calendar date of a day count since 1970-01-01 (proleptic Gregorian), after
/// Howard Hinnant's well-known `civil_from_days`.
pub fn civil_from_days(day: i32) -> (i32, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day_of_month = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i32::from(month <= 2);
    (year, month, day_of_month)
}

/// The inverse of [`civil_from_days`].
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = month as i32;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i32 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::Row;
    use crate::nps::Scale;
    use crate::survey::Modules;

    const DAY: u32 = 86_400;
    /// 2026-03-02, a Monday, 00:00 UTC.
    const MONDAY: u32 = 1_772_409_600;

    fn feed() -> Feed {
        let mut feed = Feed::new(Scale::ZeroToTen, Modules { commitment: true, repeat_purchase: true });
        let rows = [
            Row {
                time: MONDAY + 3600,
                score: 10,
                usability: Some(5),
                repeat: Some(8),
                commitment: [Some(5), Some(4), None, None, Some(2)],
                page: Some("/"),
                language: Some("en"),
                attributes: vec![("plan", "pro")],
            },
            Row { time: MONDAY + DAY, score: 8, usability: Some(3), page: Some("/"), ..Row::default() },
            Row {
                time: MONDAY + 8 * DAY,
                score: 2,
                usability: Some(1),
                repeat: Some(2),
                commitment: [Some(1), None, None, None, None],
                page: Some("/pricing"),
                language: Some("he"),
                attributes: vec![("plan", "free")],
            },
            Row { time: MONDAY + 40 * DAY, score: 0, ..Row::default() },
        ];
        for row in &rows {
            feed.push(row);
        }
        feed.push_impressions(MONDAY, Some("/"), Some("en"), 6);
        feed.push_impressions(MONDAY + 8 * DAY, Some("/pricing"), Some("he"), 4);
        feed
    }

    fn segment(feed: &Feed, name: &str) -> u32 {
        feed.strings.iter().position(|string| string == name).unwrap() as u32
    }

    #[test]
    fn everything_counts_without_a_filter() {
        let report = aggregate(&feed(), &Filter::default());
        assert_eq!(report.tally, Tally { promoters: 1, passives: 1, detractors: 2 });
        assert_eq!(report.distribution, [1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
        assert_eq!(report.usability, [1, 0, 1, 0, 1]);
        assert_eq!(report.usability_skipped, 1);
        assert_eq!(report.average_usability(), Some(3.0));
        assert_eq!(report.nps_by_usability[4], Tally { promoters: 1, ..Tally::default() });
        assert_eq!(report.repeat_purchase_rate(), Some(50.0));
        assert_eq!(report.impressions, 10);
        assert_eq!(report.response_rate(), Some(40.0));
        assert_eq!(report.days.len(), 41);
        assert_eq!(report.days.iter().map(Tally::total).sum::<u64>(), 4);
    }

    #[test]
    fn commitment_relates_agreement_to_loyalty() {
        let report = aggregate(&feed(), &Filter::default());
        let affective = report.commitment[0];
        assert_eq!(affective.average(), Some(3.0));
        assert_eq!(affective.agree, Tally { promoters: 1, ..Tally::default() });
        assert_eq!(affective.disagree, Tally { detractors: 1, ..Tally::default() });
        assert_eq!(report.commitment[1].agree, Tally { promoters: 1, ..Tally::default() });
        assert_eq!(report.commitment[1].average(), Some(4.0));
        assert_eq!(report.commitment[2].average(), None);
        assert_eq!(report.commitment[3].average(), None);
        assert_eq!(report.commitment[4].disagree.total(), 1);
    }

    #[test]
    fn the_date_range_applies_to_answers_and_displays() {
        let filter = Filter { from: Some(MONDAY), to: Some(MONDAY + 7 * DAY), ..Filter::default() };
        let report = aggregate(&feed(), &filter);
        assert_eq!(report.tally.total(), 2);
        assert_eq!(report.impressions, 6);
        assert_eq!(report.days.len(), 7);
        let previous = filter.previous_period().unwrap();
        assert_eq!((previous.from, previous.to), (Some(MONDAY - 7 * DAY), Some(MONDAY)));
    }

    #[test]
    fn the_period_before_a_change_of_the_clocks_starts_at_midnight() {
        // Europe/Amsterdam: UTC+1, then UTC+2 from 2026-03-29 01:00 UTC.
        let spring = 1_774_746_000;
        let zone = Zone::sampled(0, 2_000_000_000, |time| if time < spring { 3600 } else { 7200 });
        let week_after = zone.day_of(spring) + 1;
        let midnight = |day: i32| zone.midnight(day) as u32;
        let filter = Filter {
            from: Some(midnight(week_after)),
            to: Some(midnight(week_after + 7)),
            zone: zone.clone(),
            ..Filter::default()
        };
        let previous = filter.previous_period().unwrap();
        assert_eq!((previous.from, previous.to), (Some(midnight(week_after - 7)), filter.from));
    }

    #[test]
    fn answers_imported_from_before_the_first_display_are_not_in_the_response_rate() {
        let mut feed = Feed::new(Scale::ZeroToTen, Modules::default());
        for _ in 0..9 {
            feed.push(&Row { time: MONDAY - 30 * DAY, score: 9, ..Row::default() });
        }
        feed.push(&Row { time: MONDAY + 3600, score: 9, page: Some("/"), ..Row::default() });
        feed.push_impressions(MONDAY, Some("/"), None, 10);
        let report = aggregate(&feed, &Filter::default());
        assert_eq!((report.tally.total(), report.answers_since_shown), (10, 1));
        assert_eq!((report.response_rate(), report.unanswered_displays()), (Some(10.0), 9));

        // A page first shown later counts its answers from then: /pricing, shown from day 8,
        // has an answer imported for day 3, when only the home page showed the survey.
        let mut feed = Feed::new(Scale::ZeroToTen, Modules::default());
        for day in [3, 8] {
            feed.push(&Row {
                time: MONDAY + day * DAY + 3600,
                score: 9,
                page: Some("/pricing"),
                ..Row::default()
            });
        }
        feed.push_impressions(MONDAY, Some("/"), None, 10);
        feed.push_impressions(MONDAY + 8 * DAY, Some("/pricing"), None, 4);
        let pricing = Filter { segments: vec![segment(&feed, "page:/pricing")], ..Filter::default() };
        let report = aggregate(&feed, &pricing);
        assert_eq!((report.tally.total(), report.answers_since_shown, report.impressions), (2, 1, 4));
    }

    #[test]
    fn displays_are_not_counted_by_visitor_attribute() {
        let feed = feed();
        let pro = Filter { segments: vec![segment(&feed, "attr:plan=pro")], ..Filter::default() };
        let report = aggregate(&feed, &pro);
        assert_eq!(report.tally.total(), 1);
        assert!(!report.displays_counted);
        assert_eq!(report.response_rate(), None);
        assert!(aggregate(&feed, &Filter::default()).displays_counted);
    }

    #[test]
    fn a_segment_keeps_only_its_answers() {
        let feed = feed();
        let pricing = Filter { segments: vec![segment(&feed, "page:/pricing")], ..Filter::default() };
        let report = aggregate(&feed, &pricing);
        assert_eq!(report.tally, Tally { detractors: 1, ..Tally::default() });
        assert_eq!(report.impressions, 4);
        let pro = Filter { segments: vec![segment(&feed, "attr:plan=pro")], ..Filter::default() };
        assert_eq!(aggregate(&feed, &pro).tally.promoters, 1);
    }

    #[test]
    fn segments_combine_to_the_answers_carrying_them_all() {
        let feed = feed();
        let both = |names: [&str; 2]| Filter {
            segments: names.iter().map(|name| segment(&feed, name)).collect(),
            ..Filter::default()
        };
        // Two answers on `/`, one of them in English with the pro plan.
        let home_english = aggregate(&feed, &both(["page:/", "lang:en"]));
        assert_eq!(home_english.tally, Tally { promoters: 1, ..Tally::default() });
        assert_eq!(home_english.impressions, 6);
        let home_pro = aggregate(&feed, &both(["page:/", "attr:plan=pro"]));
        assert_eq!(home_pro.tally, Tally { promoters: 1, ..Tally::default() });
        // Displays carry no attributes, so none counts for an attribute segment.
        assert_eq!(home_pro.impressions, 0);
        assert_eq!(aggregate(&feed, &both(["page:/", "page:/pricing"])).tally.total(), 0);
        assert_eq!(aggregate(&feed, &both(["page:/pricing", "attr:plan=pro"])).tally.total(), 0);
        let home = aggregate(&feed, &both(["page:/", "page:/"]));
        assert_eq!(home.tally, Tally { promoters: 1, passives: 1, detractors: 0 });
    }

    #[test]
    fn every_segment_gets_its_tally() {
        let feed = feed();
        let report = aggregate(&feed, &Filter::default());
        assert_eq!(
            report.segments[segment(&feed, "page:/") as usize],
            Tally { promoters: 1, passives: 1, detractors: 0 }
        );
        assert_eq!(report.segments[segment(&feed, "lang:he") as usize].detractors, 1);
        assert_eq!(report.segments[segment(&feed, "attr:plan=free") as usize].total(), 1);
    }

    #[test]
    fn a_category_filter_keeps_only_that_category() {
        let filter = Filter { category: Some(Category::Detractor), ..Filter::default() };
        assert_eq!(aggregate(&feed(), &filter).tally, Tally { detractors: 2, ..Tally::default() });
    }

    #[test]
    fn an_answer_counts_in_the_day_of_its_local_time_around_a_change_of_clocks() {
        // UTC+1 until 2026-03-29 01:00 UTC, then UTC+2, as in Amsterdam.
        let change = 1_774_746_000;
        let zone = Zone::sampled(i64::from(MONDAY), i64::from(MONDAY + 60 * DAY), |time| {
            if time < change {
                3600
            } else {
                7200
            }
        });
        let days = (zone.day_of(change) - 2)..(zone.day_of(change) + 2);
        let mut feed = Feed::new(Scale::ZeroToTen, Modules::default());
        let mut times = Vec::new();
        for day in days.clone() {
            // The day's last second, then its successor's first.
            times.extend([zone.midnight(day + 1) - 1, zone.midnight(day + 1)]);
        }
        for &time in &times {
            feed.push(&Row { time: time as u32, score: 9, ..Row::default() });
        }
        let report = aggregate(&feed, &Filter { zone: zone.clone(), ..Filter::default() });
        let mut expected = vec![0; report.days.len()];
        for &time in &times {
            expected[(zone.day_of(time) - report.first_day) as usize] += 1;
        }
        assert_eq!(report.days.iter().map(Tally::total).collect::<Vec<_>>(), expected);
        assert_eq!(zone.day_of(zone.midnight(days.start)), days.start, "midnight starts its day");
        assert_eq!(expected.iter().sum::<u64>(), times.len() as u64);
    }

    #[test]
    fn a_day_of_more_answers_than_one_call_counts_them_all() {
        let mut feed = Feed::new(Scale::ZeroToTen, Modules::default());
        for index in 0..(2 * CALL_ROWS + 3) {
            feed.push(&Row {
                time: MONDAY + (index / 8) as u32,
                score: (index % 11) as u8,
                ..Row::default()
            });
        }
        let report = aggregate(&feed, &Filter::default());
        assert_eq!(report.days, [report.tally]);
        assert_eq!(report.tally.total(), 2 * CALL_ROWS as u64 + 3);
        assert_eq!(
            report.distribution[10],
            (0..(2 * CALL_ROWS + 3)).filter(|index| index % 11 == 10).count() as u64
        );
    }

    #[test]
    fn days_start_at_the_marketers_midnight() {
        // 01:00 UTC on Monday is still Sunday in New York (UTC−5).
        let new_york = Filter { zone: Zone::fixed(-5 * 3600), ..Filter::default() };
        let report = aggregate(&feed(), &new_york);
        assert_eq!(report.first_day, (MONDAY / DAY) as i32 - 1);
        assert_eq!(report.days[0].total(), 1);
    }

    #[test]
    fn trends_group_by_week_and_month() {
        let report = aggregate(&feed(), &Filter::default());
        let weeks = trend(&report, Grain::Week);
        assert_eq!(weeks[0].start_day, (MONDAY / DAY) as i32);
        assert_eq!(weeks.iter().map(|point| point.tally.total()).collect::<Vec<_>>(), [2, 1, 0, 0, 0, 1]);
        let months = trend(&report, Grain::Month);
        assert_eq!(months.len(), 2);
        assert_eq!(civil_from_days(months[1].start_day), (2026, 4, 1));
        assert_eq!(months.iter().map(|point| point.tally.total()).collect::<Vec<_>>(), [3, 1]);
    }

    #[test]
    fn grains_are_read_by_their_names() {
        for grain in Grain::ALL {
            assert_eq!(Grain::from_name(grain.name()), Some(grain));
        }
        assert_eq!(Grain::from_name("year"), None);
    }

    #[test]
    fn calendar_conversion_round_trips() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days((MONDAY / DAY) as i32), (2026, 3, 2));
        assert_eq!(days_from_civil(2024, 2, 29) + 1, days_from_civil(2024, 3, 1));
        for day in -1000..30_000 {
            let (year, month, date) = civil_from_days(day);
            assert_eq!(days_from_civil(year, month, date), day);
        }
    }
}
