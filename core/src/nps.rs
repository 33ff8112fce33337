//! Net Promoter Score: how a score maps to a category, and the score of a set of answers.

use serde::{Deserialize, Serialize};

/// The range of the "how likely are you to recommend us" question.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scale {
    #[default]
    OneToTen,
    ZeroToTen,
}

impl Scale {
    pub fn min(self) -> u8 {
        match self {
            Scale::OneToTen => 1,
            Scale::ZeroToTen => 0,
        }
    }

    pub fn max(self) -> u8 {
        10
    }

    pub fn contains(self, score: u8) -> bool {
        (self.min()..=self.max()).contains(&score)
    }

    /// Every score a respondent can pick, lowest first.
    pub fn scores(self) -> impl Iterator<Item = u8> {
        self.min()..=self.max()
    }

    /// The scale as people write it: "1–10".
    pub fn name(self) -> String {
        format!("{}–{}", self.min(), self.max())
    }

    /// Which scale a score was given on and where its detractors end, shown wherever a
    /// score is, because NPS on 1–10 is not comparable with the usual 0–10 benchmarks:
    /// "1–10 scale: detractors 1–6".
    pub fn describe(self) -> String {
        format!("{} scale: detractors {}–{}", self.name(), self.min(), DETRACTOR_MAX)
    }
}

/// The highest score of a detractor; passives go up to [`PASSIVE_MAX`], promoters above.
pub const DETRACTOR_MAX: u8 = 6;
/// The highest score of a passive.
pub const PASSIVE_MAX: u8 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Category {
    Detractor,
    Passive,
    Promoter,
}

impl Category {
    /// Promoters answer 9–10 and passives 7–8; everything lower is a detractor,
    /// which is why both scales share one rule.
    pub fn of(score: u8) -> Category {
        match score {
            0..=DETRACTOR_MAX => Category::Detractor,
            ..=PASSIVE_MAX => Category::Passive,
            _ => Category::Promoter,
        }
    }

    /// The scores of this category on the widest scale (0–10), e.g. 9–10 for promoters.
    pub fn scores(self) -> std::ops::RangeInclusive<u8> {
        match self {
            Category::Detractor => 0..=DETRACTOR_MAX,
            Category::Passive => DETRACTOR_MAX + 1..=PASSIVE_MAX,
            Category::Promoter => PASSIVE_MAX + 1..=10,
        }
    }
}

/// How many answers fell in each category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
}

impl Tally {
    pub fn add(&mut self, score: u8) {
        match Category::of(score) {
            Category::Promoter => self.promoters += 1,
            Category::Passive => self.passives += 1,
            Category::Detractor => self.detractors += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.promoters + self.passives + self.detractors
    }

    pub fn promoter_share(&self) -> Option<f64> {
        self.share(self.promoters)
    }

    pub fn passive_share(&self) -> Option<f64> {
        self.share(self.passives)
    }

    pub fn detractor_share(&self) -> Option<f64> {
        self.share(self.detractors)
    }

    /// % promoters − % detractors, from −100 to +100; `None` when nobody answered,
    /// because a score of 0 would claim a balance that was never measured.
    pub fn nps(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| 100.0 * (self.promoters as f64 - self.detractors as f64) / total as f64)
    }

    /// Half-width of the 95 % confidence interval of [`Tally::nps`], in NPS points.
    ///
    /// Each answer scores +1 (promoter), 0 (passive) or −1 (detractor); NPS is 100 × their
    /// mean, so its standard error is 100 × the scores' sample standard deviation / √n.
    /// `None` below two answers, where the spread cannot be estimated.
    pub fn margin_of_error(&self) -> Option<f64> {
        let n = self.total() as f64;
        if n < 2.0 {
            return None;
        }
        Some(Z_95 * self.standard_error())
    }

    /// Whether this period's NPS differs from `earlier`'s by more than chance would
    /// explain, at the 95 % level (two-sided z-test on the difference of the means).
    /// `None` when either period has fewer than two answers.
    pub fn differs_significantly_from(&self, earlier: &Tally) -> Option<bool> {
        if self.total() < 2 || earlier.total() < 2 {
            return None;
        }
        let difference = self.nps()? - earlier.nps()?;
        let spread = self.standard_error().hypot(earlier.standard_error());
        Some(if spread == 0.0 { difference != 0.0 } else { (difference / spread).abs() > Z_95 })
    }

    /// In NPS points; only for two answers or more.
    fn standard_error(&self) -> f64 {
        let n = self.total() as f64;
        let mean = (self.promoters as f64 - self.detractors as f64) / n;
        let mean_of_squares = (self.promoters + self.detractors) as f64 / n;
        let sample_variance = (mean_of_squares - mean * mean) * n / (n - 1.0);
        100.0 * (sample_variance.max(0.0) / n).sqrt()
    }

    pub fn merge(&mut self, other: &Tally) {
        self.promoters += other.promoters;
        self.passives += other.passives;
        self.detractors += other.detractors;
    }

    fn share(&self, count: u64) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| 100.0 * count as f64 / total as f64)
    }
}

impl FromIterator<u8> for Tally {
    fn from_iter<I: IntoIterator<Item = u8>>(scores: I) -> Self {
        let mut tally = Tally::default();
        for score in scores {
            tally.add(score);
        }
        tally
    }
}

/// The two-sided 95 % quantile of the normal distribution.
const Z_95: f64 = 1.959_964;

/// NPS is reported as a whole number, rounded half away from zero so that +12.5 and
/// −12.5 round symmetrically to +13 and −13.
pub fn round_nps(nps: f64) -> i32 {
    nps.round() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_the_standard_cut_offs() {
        let categories: Vec<Category> = (0..=10).map(Category::of).collect();
        use Category::*;
        assert_eq!(
            categories,
            [
                Detractor, Detractor, Detractor, Detractor, Detractor, Detractor, Detractor, Passive,
                Passive, Promoter, Promoter
            ]
        );
    }

    #[test]
    fn no_answers_have_no_score() {
        let tally = Tally::default();
        assert_eq!(tally.total(), 0);
        assert_eq!(tally.nps(), None);
        assert_eq!(tally.promoter_share(), None);
    }

    #[test]
    fn all_promoters_score_plus_100() {
        let tally: Tally = [9, 10, 10].into_iter().collect();
        assert_eq!(tally.nps(), Some(100.0));
        assert_eq!(tally.promoter_share(), Some(100.0));
        assert_eq!(tally.passive_share(), Some(0.0));
    }

    #[test]
    fn all_detractors_score_minus_100_on_either_scale() {
        let one_to_ten: Tally = [1, 6].into_iter().collect();
        let zero_to_ten: Tally = [0, 3, 6].into_iter().collect();
        assert_eq!(one_to_ten.nps(), Some(-100.0));
        assert_eq!(zero_to_ten.nps(), Some(-100.0));
    }

    #[test]
    fn all_passives_score_zero() {
        let tally: Tally = [7, 8].into_iter().collect();
        assert_eq!(tally.nps(), Some(0.0));
        assert_eq!(tally.passive_share(), Some(100.0));
    }

    #[test]
    fn mixed_answers() {
        // 2 promoters, 1 passive, 1 detractor: 50 % − 25 % = 25.
        let tally: Tally = [10, 9, 7, 2].into_iter().collect();
        assert_eq!((tally.promoters, tally.passives, tally.detractors), (2, 1, 1));
        assert_eq!(tally.nps(), Some(25.0));
    }

    #[test]
    fn nps_is_rounded_from_counts_not_from_rounded_shares() {
        // 1 promoter, 1 passive, 1 detractor in thirds: each share rounds to 33,
        // but the score is exactly 0.
        let thirds: Tally = [10, 8, 0].into_iter().collect();
        assert_eq!(round_nps(thirds.nps().unwrap()), 0);
        // 2 promoters of 3: 66.67 rounds up to 67.
        let two_of_three: Tally = [10, 10, 8].into_iter().collect();
        assert_eq!(round_nps(two_of_three.nps().unwrap()), 67);
    }

    #[test]
    fn margin_of_error_matches_a_hand_computation() {
        // 50 promoters, 30 passives, 20 detractors: mean 0.3, mean of squares 0.7,
        // sample variance (0.7 − 0.09) × 100 / 99, standard error √(that / 100).
        let tally = Tally { promoters: 50, passives: 30, detractors: 20 };
        let expected = 1.959_964 * 100.0 * ((0.7 - 0.09) * 100.0 / 99.0 / 100.0_f64).sqrt();
        assert!((tally.margin_of_error().unwrap() - expected).abs() < 1e-9);
        assert!((tally.margin_of_error().unwrap() - 15.385).abs() < 0.001);
    }

    #[test]
    fn margin_of_error_needs_two_answers_and_is_zero_without_spread() {
        assert_eq!(Tally { promoters: 1, ..Tally::default() }.margin_of_error(), None);
        assert_eq!(Tally { promoters: 5, ..Tally::default() }.margin_of_error(), Some(0.0));
    }

    #[test]
    fn significance_needs_a_difference_beyond_the_noise() {
        let before = Tally { promoters: 50, passives: 30, detractors: 20 };
        let slightly_better = Tally { promoters: 55, passives: 27, detractors: 18 };
        let much_better = Tally { promoters: 80, passives: 15, detractors: 5 };
        assert_eq!(slightly_better.differs_significantly_from(&before), Some(false));
        assert_eq!(much_better.differs_significantly_from(&before), Some(true));
        assert_eq!(before.differs_significantly_from(&Tally::default()), None);
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(round_nps(12.5), 13);
        assert_eq!(round_nps(-12.5), -13);
        assert_eq!(round_nps(-0.4), 0);
    }

    #[test]
    fn each_category_names_the_scores_it_takes() {
        for category in [Category::Detractor, Category::Passive, Category::Promoter] {
            assert!(category.scores().all(|score| Category::of(score) == category));
        }
        assert_eq!(Category::Passive.scores(), 7..=8);
    }

    #[test]
    fn scales_are_described_with_their_detractors() {
        assert_eq!(Scale::OneToTen.describe(), "1–10 scale: detractors 1–6");
        assert_eq!(Scale::ZeroToTen.describe(), "0–10 scale: detractors 0–6");
    }

    #[test]
    fn scales_know_their_range() {
        assert_eq!(Scale::OneToTen.scores().collect::<Vec<_>>(), (1..=10).collect::<Vec<_>>());
        assert_eq!(Scale::ZeroToTen.scores().count(), 11);
        assert!(!Scale::OneToTen.contains(0));
        assert!(Scale::ZeroToTen.contains(0));
        assert!(!Scale::ZeroToTen.contains(11));
    }
}
