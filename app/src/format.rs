//! How figures are written on the results page: pure, so it is tested without a browser.

use pulse_core::nps::{round_nps, Tally};

/// A whole NPS with a plus sign when positive; "+0" would suggest a direction that is not there.
pub fn nps(score: i32) -> String {
    if score > 0 {
        format!("+{score}")
    } else {
        score.to_string()
    }
}

// Figures are rounded with `f64::round`, halves away from zero, as people round them and as
// the NPS is rounded: `format!("{:.0}")` would round halves to even, showing one answer in
// eight (12.5 %) as 12 % and five in eight as 62 %.

/// A share from 0 to 100 as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{}%", share.round())
}

/// The NPS of some answers wherever it is shown beside others (tables, charts): "–"
/// without answers, and marked in words when fewer than
/// [`FEW_ANSWERS`](pulse_core::nps::FEW_ANSWERS) answered, too few to rely on.
pub fn nps_of(tally: &Tally) -> String {
    match tally.nps() {
        None => "–".to_owned(),
        Some(score) if tally.has_few_answers() => format!("{} (few answers)", nps(round_nps(score))),
        Some(score) => nps(round_nps(score)),
    }
}

/// The change from the NPS `before` to `now` in whole points, as the two are shown; to a
/// tenth when both round to the same whole score but differ, as they may significantly
/// with many answers: "0" beside "a significant change" would read as a contradiction.
pub fn nps_change(now: f64, before: f64) -> String {
    match round_nps(now) - round_nps(before) {
        // Halves away from zero, as every figure here (`format!` would round them to even).
        0 if (now - before).abs() >= 0.05 => format!("{:+.1}", ((now - before) * 10.0).round() / 10.0),
        difference => nps(difference),
    }
}

/// A 95 % confidence interval in whole NPS points: "-7 to +100".
pub fn interval((lower, upper): (f64, f64)) -> String {
    format!("{} to {}", nps(round_nps(lower)), nps(round_nps(upper)))
}

/// An average of ratings from 1 to 5, to a tenth.
pub fn rating(average: f64) -> String {
    format!("{:.1} / 5", (average * 10.0).round() / 10.0)
}

pub fn count(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_positive_scores_get_a_sign() {
        assert_eq!(nps(42), "+42");
        assert_eq!(nps(0), "0");
        assert_eq!(nps(-7), "-7");
    }

    #[test]
    fn percentages_are_whole() {
        assert_eq!(percent(100.0), "100%");
        assert_eq!(percent(33.333), "33%");
        assert_eq!(percent(66.667), "67%");
        assert_eq!(percent(12.5), "13%");
        assert_eq!(percent(62.5), "63%");
    }

    #[test]
    fn a_change_is_in_whole_points_unless_both_scores_round_alike() {
        assert_eq!(nps_change(12.4, 3.6), "+8");
        assert_eq!(nps_change(-20.0, 10.0), "-30");
        assert_eq!(nps_change(10.22, 9.78), "+0.4");
        assert_eq!(nps_change(9.78, 10.22), "-0.4");
        assert_eq!(nps_change(10.25, 10.0), "+0.3");
        assert_eq!(nps_change(10.02, 9.99), "0");
        assert_eq!(nps_change(50.0, 50.0), "0");
    }

    #[test]
    fn intervals_are_whole_points_rounded_as_the_nps_is() {
        assert_eq!(interval((-6.58, 100.0)), "-7 to +100");
        assert_eq!(interval((14.05, 44.5)), "+14 to +45");
        assert_eq!(interval((-0.4, 12.5)), "0 to +13");
    }

    #[test]
    fn an_nps_of_few_answers_says_so() {
        let few = Tally { promoters: 2, passives: 1, detractors: 0 };
        assert_eq!(nps_of(&few), "+67 (few answers)");
        let enough = Tally { promoters: 20, passives: 5, detractors: 5 };
        assert_eq!(nps_of(&enough), "+50");
        assert_eq!(nps_of(&Tally::default()), "–");
    }

    #[test]
    fn ratings_are_rounded_to_a_tenth_with_halves_up() {
        assert_eq!(rating(4.0), "4.0 / 5");
        assert_eq!(rating(26.0 / 8.0), "3.3 / 5");
        assert_eq!(rating(63.0 / 20.0), "3.2 / 5");
        assert_eq!(rating(3.12), "3.1 / 5");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "rating"), "1 rating");
        assert_eq!(count(0, "rating"), "0 ratings");
        assert_eq!(count(12, "rating"), "12 ratings");
    }
}
