//! Figures for the results page, computed from a [`ResultsFeed`].

use crate::api::ResultsFeed;
use crate::nps::Tally;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub tally: Tally,
    /// How many respondents rated usability; the average is over them only.
    pub usability_answers: u64,
    pub average_usability: Option<f64>,
}

impl Summary {
    pub fn of(feed: &ResultsFeed) -> Summary {
        let tally = feed.nps.iter().copied().collect();
        let (sum, count) = feed
            .usability
            .iter()
            .filter(|&&rating| rating > 0)
            .fold((0u64, 0u64), |(sum, count), &rating| (sum + u64::from(rating), count + 1));
        Summary {
            tally,
            usability_answers: count,
            average_usability: (count > 0).then(|| sum as f64 / count as f64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_survey_has_no_figures() {
        let summary = Summary::of(&ResultsFeed::default());
        assert_eq!(summary.tally.total(), 0);
        assert_eq!(summary.average_usability, None);
    }

    #[test]
    fn skipped_usability_ratings_are_left_out_of_the_average() {
        let feed = ResultsFeed { nps: vec![10, 6, 8], usability: vec![5, 0, 2], ..Default::default() };
        let summary = Summary::of(&feed);
        assert_eq!(summary.tally.total(), 3);
        assert_eq!(summary.tally.nps(), Some(0.0));
        assert_eq!(summary.usability_answers, 2);
        assert_eq!(summary.average_usability, Some(3.5));
    }
}
