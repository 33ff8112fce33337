//! Net Promoter Score: how a score maps to a category, and the score of a set of answers.

use serde::{Deserialize, Serialize};

use crate::names::names;

/// The range of the "how likely are you to recommend us" question.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scale {
    #[default]
    OneToTen,
    ZeroToTen,
}

names!(Scale { OneToTen => "one_to_ten", ZeroToTen => "zero_to_ten" });

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

names!(Category { Detractor => "detractor", Passive => "passive", Promoter => "promoter" });

impl Category {
    /// Promoters answer 9–10 and passives 7–8; everything lower is a detractor,
    /// which is why both scales share one rule.
    pub fn of(score: u8) -> Category {
        if score <= DETRACTOR_MAX {
            Category::Detractor
        } else if score <= PASSIVE_MAX {
            Category::Passive
        } else {
            Category::Promoter
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
        self.add_answers(score, 1);
    }

    /// Counts `answers` answers of `score`, as a database counts them by score.
    pub fn add_answers(&mut self, score: u8, answers: u64) {
        match Category::of(score) {
            Category::Promoter => self.promoters += answers,
            Category::Passive => self.passives += answers,
            Category::Detractor => self.detractors += answers,
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

    /// Whether there is an NPS, but of fewer than [`FEW_ANSWERS`] answers.
    pub fn has_few_answers(&self) -> bool {
        (1..FEW_ANSWERS).contains(&self.total())
    }

    /// The 95 % confidence interval of [`Tally::nps`]: its lowest and highest value, in NPS
    /// points within −100..=+100. It is not centred on the NPS: small samples pull it towards
    /// the middle, so that 3 promoters out of 3 read "−7 to +100", not "+100 ± 0".
    /// `None` below two answers: one answer is not a sample (one promoter's interval, −49 to
    /// +99, would not even hold its own +100).
    pub fn interval(&self) -> Option<(f64, f64)> {
        let (nps, standard_error) = self.adjusted()?;
        let reach = Z_95 * standard_error;
        Some(((nps - reach).max(-100.0), (nps + reach).min(100.0)))
    }

    /// Whether this period's NPS differs from `earlier`'s by more than chance would
    /// explain, at the 95 % level: a two-sided z-test on the difference of the adjusted
    /// NPS (MeasuringU, "How to Statistically Compare Two Net Promoter Scores",
    /// <https://measuringu.com/nps-significance-test/>). `None` when either period has
    /// fewer than two answers.
    pub fn differs_significantly_from(&self, earlier: &Tally) -> Option<bool> {
        let ((now, now_error), (then, then_error)) = (self.adjusted()?, earlier.adjusted()?);
        // Never zero: the pseudo-answers give every tally some spread.
        let spread = now_error.hypot(then_error);
        Some(((now - then) / spread).abs() > Z_95)
    }

    /// The adjusted-Wald NPS and its standard error, in NPS points, after Jeff Sauro and
    /// James R. Lewis (MeasuringU, "Confidence Intervals for Net Promoter Scores",
    /// <https://measuringu.com/nps-confidence-intervals/>), which covers small samples and
    /// all-in-one-category answers where the plain Wald interval collapses to ±0: add 3
    /// answers, ¾ of them promoters and ¾ detractors, then
    /// NPS = p − d and variance = p + d − (p − d)² over the adjusted n.
    /// `None` below two answers.
    fn adjusted(&self) -> Option<(f64, f64)> {
        if self.total() < 2 {
            return None;
        }
        let n = self.total() as f64 + 3.0;
        let promoters = (self.promoters as f64 + 0.75) / n;
        let detractors = (self.detractors as f64 + 0.75) / n;
        let nps = promoters - detractors;
        let variance = promoters + detractors - nps * nps;
        Some((100.0 * nps, 100.0 * (variance / n).sqrt()))
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
pub const Z_95: f64 = 1.959_964;

/// An NPS of fewer answers than this is marked "few answers": its interval spans some
/// 50 points or more, too wide to act on. 30 is the usual rule of thumb for a sample
/// large enough for the normal approximation.
pub const FEW_ANSWERS: u64 = 30;

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
    fn the_interval_matches_a_hand_computation() {
        // 50 promoters, 30 passives, 20 detractors: n = 103, p = 50.75 / 103 = 0.492718,
        // d = 20.75 / 103 = 0.201456, NPS = p − d = 0.291262, variance = p + d − NPS² =
        // 0.694175 − 0.084833 = 0.609342, standard error = √(0.609342 / 103) = 0.076915,
        // reach = 1.959964 × 0.076915 = 0.150750: 29.1262 ± 15.0750.
        let tally = Tally { promoters: 50, passives: 30, detractors: 20 };
        let (lower, upper) = tally.interval().unwrap();
        assert!((lower - 14.0512).abs() < 0.001, "{lower}");
        assert!((upper - 44.2012).abs() < 0.001, "{upper}");
    }

    #[test]
    fn three_promoters_are_not_plus_100_for_sure() {
        // n = 6, p = 3.75 / 6 = 0.625, d = 0.75 / 6 = 0.125, NPS = 0.5, variance =
        // 0.75 − 0.25 = 0.5, standard error = √(0.5 / 6) = 0.288675, reach = 0.565793:
        // from −6.58 to +106.58, cut to +100.
        let (lower, upper) = Tally { promoters: 3, ..Tally::default() }.interval().unwrap();
        assert!((lower + 6.5793).abs() < 0.001, "{lower}");
        assert_eq!(upper, 100.0);
        // And the mirror for detractors.
        let (lower, upper) = Tally { detractors: 3, ..Tally::default() }.interval().unwrap();
        assert_eq!(lower, -100.0);
        assert!((upper - 6.5793).abs() < 0.001, "{upper}");
    }

    #[test]
    fn the_interval_needs_two_answers() {
        assert_eq!(Tally::default().interval(), None);
        assert_eq!(Tally { promoters: 1, ..Tally::default() }.interval(), None);
        assert!(Tally { passives: 2, ..Tally::default() }.interval().is_some());
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
    fn a_handful_of_answers_in_one_category_is_no_significant_change() {
        // 3 promoters: adjusted NPS 50, standard error 28.8675 (see above). 30 promoters:
        // n = 33, p = 30.75 / 33 = 0.931818, d = 0.75 / 33 = 0.022727, NPS = 0.909091,
        // variance = 0.954545 − 0.826446 = 0.128099, standard error = √(0.128099 / 33) =
        // 0.062304. z = (90.9091 − 50) / √(28.8675² + 6.2304²) = 40.9091 / 29.5322 = 1.385,
        // below 1.96.
        let few = Tally { promoters: 3, ..Tally::default() };
        let many = Tally { promoters: 30, ..Tally::default() };
        assert_eq!(many.differs_significantly_from(&few), Some(false));
        // Nor is 3 passives after 3 promoters, though neither period has any spread of its
        // own: n = 6, p = d = 0.125, NPS = 0, variance = 0.25, standard error =
        // √(0.25 / 6) = 0.204124; z = 50 / √(28.8675² + 20.4124²) = 50 / 35.3553 = 1.414.
        let passives = Tally { passives: 3, ..Tally::default() };
        assert_eq!(passives.differs_significantly_from(&few), Some(false));
        // 300 promoters against 3 detractors is a change: n = 303, p = 300.75 / 303 =
        // 0.992574, d = 0.002475, NPS = 0.990099, variance = 0.995050 − 0.980296 =
        // 0.014754, standard error = 0.006978; z = (99.0099 + 50) / √(28.8675² + 0.6978²)
        // = 149.0099 / 28.8759 = 5.16.
        let detractors = Tally { detractors: 3, ..Tally::default() };
        let promoters = Tally { promoters: 300, ..Tally::default() };
        assert_eq!(promoters.differs_significantly_from(&detractors), Some(true));
    }

    #[test]
    fn fewer_than_30_answers_are_few() {
        assert!(Tally { promoters: 20, passives: 5, detractors: 4 }.has_few_answers());
        assert!(!Tally { promoters: 20, passives: 5, detractors: 5 }.has_few_answers());
        // No answers, no NPS to mark.
        assert!(!Tally::default().has_few_answers());
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
