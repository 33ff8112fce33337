//! Alerts on a survey's answers: a detractor who said why (`alert.detractor`), and a week
//! whose NPS fell significantly below the four weeks before (`alert.score_drop`).

use std::ops::Range;

use crate::admin::StoredResponse;
use crate::limits::ALERT_MIN_ANSWERS;
use crate::nps::{Category, Tally};
use crate::webhook::{PeriodScore, ScoreDrop};

/// The period whose NPS is checked, in milliseconds: a week, so that every weekday counts
/// once; also the least time between two score-drop alerts of a survey.
pub const ALERT_WEEK_MILLIS: i64 = 7 * DAY_MILLIS;
pub const DAY_MILLIS: i64 = 24 * 3600 * 1000;
/// The weeks before it that it is compared with: a month, steadier than any one week.
pub const ALERT_WEEKS_BEFORE: i64 = 4;

/// Whether an answer is a detractor's with a comment: someone unhappy who said why, whom
/// the company may want to read, and answer, at once.
pub fn is_detractor_with_comment(nps: u8, comment: Option<&str>) -> bool {
    Category::of(nps) == Category::Detractor && comment.is_some_and(|comment| !comment.trim().is_empty())
}

/// Whether an answer, stored as `after` and before that as `before` (`None`: new), now
/// calls for an `alert.detractor`: it became a detractor's with a comment. An answer that
/// already was one is not alerted again, whatever else changes in it.
pub fn detractor_alert(before: Option<&StoredResponse>, after: &StoredResponse) -> bool {
    let alerting = |answer: &StoredResponse| is_detractor_with_comment(answer.nps, answer.comment.as_deref());
    alerting(after) && !before.is_some_and(alerting)
}

/// The periods a score-drop check at `now` compares: the last week, and the
/// [`ALERT_WEEKS_BEFORE`] weeks before it.
pub fn score_drop_periods(now: i64) -> (Range<i64>, Range<i64>) {
    let week_start = now - ALERT_WEEK_MILLIS;
    (week_start..now, week_start - ALERT_WEEKS_BEFORE * ALERT_WEEK_MILLIS..week_start)
}

/// A survey's answers in a period, counted by score.
pub struct Period<'a> {
    pub time: Range<i64>,
    /// (score, answers), each score once.
    pub scores: &'a [(u8, u64)],
}

/// The `alert.score_drop` of `survey_id`, when its `week`'s NPS is lower than `before`'s
/// and significantly so by the results page's test, both periods having at least
/// [`ALERT_MIN_ANSWERS`] answers.
pub fn score_drop(survey_id: &str, week: &Period<'_>, before: &Period<'_>) -> Option<ScoreDrop> {
    let (now, then) = (week.tally(), before.tally());
    let enough = now.total() >= ALERT_MIN_ANSWERS && then.total() >= ALERT_MIN_ANSWERS;
    let lower = now.nps()? < then.nps()?;
    let significant = now.differs_significantly_from(&then)?;
    if !(enough && lower && significant) {
        return None;
    }
    Some(ScoreDrop { survey_id: survey_id.to_owned(), week: week.score(&now)?, before: before.score(&then)? })
}

impl Period<'_> {
    fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for &(score, answers) in self.scores {
            tally.add_answers(score, answers);
        }
        tally
    }

    fn score(&self, tally: &Tally) -> Option<PeriodScore> {
        let (lowest, highest) = tally.interval()?;
        Some(PeriodScore {
            from: self.time.start,
            to: self.time.end,
            answers: tally.total(),
            nps: tally.nps()?,
            interval: [lowest, highest],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(nps: u8, comment: Option<&str>) -> StoredResponse {
        StoredResponse { nps, comment: comment.map(str::to_owned), ..StoredResponse::default() }
    }

    #[test]
    fn detractors_with_a_comment_are_alerted_on_either_scale() {
        for nps in [0, 1, 6] {
            assert!(is_detractor_with_comment(nps, Some("Slow")), "{nps}");
        }
        assert!(!is_detractor_with_comment(7, Some("Slow")));
        assert!(!is_detractor_with_comment(10, Some("Great")));
        assert!(!is_detractor_with_comment(3, None));
        assert!(!is_detractor_with_comment(3, Some(" \n")));
    }

    #[test]
    fn an_answer_is_alerted_once_when_it_becomes_a_detractor_with_a_comment() {
        let scored = answer(3, None);
        let commented = answer(3, Some("Too slow"));
        assert!(detractor_alert(None, &commented), "new");
        assert!(!detractor_alert(None, &scored), "no comment yet");
        assert!(detractor_alert(Some(&scored), &commented), "the comment after the score");
        assert!(detractor_alert(Some(&answer(8, Some("Too slow"))), &commented), "the score changed");
        assert!(!detractor_alert(Some(&commented), &commented), "sent again");
        assert!(!detractor_alert(Some(&commented), &answer(2, Some("Too slow!"))), "edited");
        assert!(!detractor_alert(None, &answer(9, Some("Great"))), "a promoter");
    }

    /// `promoters`, `passives` and `detractors` answers as counts by score.
    fn scores(promoters: u64, passives: u64, detractors: u64) -> Vec<(u8, u64)> {
        [(10, promoters), (8, passives), (2, detractors)]
            .into_iter()
            .filter(|&(_, count)| count > 0)
            .collect()
    }

    fn drop_of(week: &[(u8, u64)], before: &[(u8, u64)]) -> Option<ScoreDrop> {
        let (this_week, weeks_before) = score_drop_periods(100 * ALERT_WEEK_MILLIS);
        score_drop(
            "spring",
            &Period { time: this_week, scores: week },
            &Period { time: weeks_before, scores: before },
        )
    }

    #[test]
    fn the_periods_are_the_last_week_and_the_four_before() {
        let now = 100 * ALERT_WEEK_MILLIS;
        let (week, before) = score_drop_periods(now);
        assert_eq!(week, 99 * ALERT_WEEK_MILLIS..now);
        assert_eq!(before, 95 * ALERT_WEEK_MILLIS..99 * ALERT_WEEK_MILLIS);
    }

    #[test]
    fn a_significant_drop_is_alerted_with_both_periods_scores() {
        // Before: 120 answers, NPS (70 − 10) / 120 = +50; this week: 30 answers, (5 − 15) / 30
        // = −33.3.
        let drop = drop_of(&scores(5, 10, 15), &scores(70, 40, 10)).unwrap();
        assert_eq!(drop.survey_id, "spring");
        assert_eq!((drop.week.from, drop.week.to), (99 * ALERT_WEEK_MILLIS, 100 * ALERT_WEEK_MILLIS));
        assert_eq!((drop.before.from, drop.before.to), (95 * ALERT_WEEK_MILLIS, 99 * ALERT_WEEK_MILLIS));
        assert_eq!((drop.week.answers, drop.before.answers), (30, 120));
        assert!((drop.week.nps + 33.333).abs() < 0.001, "{}", drop.week.nps);
        assert_eq!(drop.before.nps, 50.0);
        let expected = Tally { promoters: 5, passives: 10, detractors: 15 }.interval().unwrap();
        assert_eq!(drop.week.interval, [expected.0, expected.1]);
        assert!(drop.before.interval[0] < 50.0 && 50.0 < drop.before.interval[1]);
    }

    #[test]
    fn no_alert_for_a_small_drop_a_rise_or_too_few_answers() {
        let before = scores(70, 40, 10);
        // +40 after +50: within the noise of 30 answers.
        assert_eq!(drop_of(&scores(15, 12, 3), &before), None);
        // A significant rise.
        assert_eq!(drop_of(&scores(70, 40, 10), &scores(5, 10, 15)), None);
        // 29 answers this week, all detractors; or 29 before.
        assert_eq!(drop_of(&scores(0, 0, 29), &before), None);
        assert!(drop_of(&scores(0, 0, 30), &before).is_some());
        assert_eq!(drop_of(&scores(0, 0, 30), &scores(29, 0, 0)), None);
        assert_eq!(drop_of(&[], &before), None);
    }
}
