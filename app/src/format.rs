//! How figures are written on the results page: pure, so it is tested without a browser.

/// A whole NPS with a plus sign when positive; "+0" would suggest a direction that is not there.
pub fn nps(score: i32) -> String {
    if score > 0 {
        format!("+{score}")
    } else {
        score.to_string()
    }
}

/// A share from 0 to 100 as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{share:.0}%")
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
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "rating"), "1 rating");
        assert_eq!(count(0, "rating"), "0 ratings");
        assert_eq!(count(12, "rating"), "12 ratings");
    }
}
