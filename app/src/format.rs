//! How figures are written on the results page: pure, so it is tested without a browser.

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

/// A margin of error in whole NPS points.
pub fn margin(margin: f64) -> String {
    format!("±{}", margin.round())
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
    fn margins_are_whole_points() {
        assert_eq!(margin(0.0), "±0");
        assert_eq!(margin(2.5), "±3");
        assert_eq!(margin(15.385), "±15");
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
