//! Why customers score as they do, from what they write: the themes of the comments, their
//! NPS and weight, and the words that set detractors apart from promoters. All of it runs
//! in the results page's Wasm, in the five languages of Pulse, with no model and nothing
//! sent anywhere.
//!
//! The results page reads the period's comments once, then recounts on each filter change:
//!
//! 1. [`Corpus::new`] reads the comments (`words.rs`: tokens, stop words, stems;
//!    `hebrew.rs`: Hebrew's, which read the comments first; `vocabulary.rs`: each distinct
//!    word once; `corpus.rs`: term ids and phrases).
//! 2. [`CustomThemes::new`] finds the marketer's own themes' comments, again whenever the
//!    marketer edits them.
//! 3. Per filter (a list of comment indices): [`Corpus::themes`] (the marketer's themes,
//!    then those `discover.rs` finds), [`Corpus::contrast`] and [`Corpus::trend`].
//!
//! The widget compiles pulse-core too and never calls this module, yet its Wasm changes
//! when this module shares a generic function with the code the widget does call
//! (`str::trim`, `char::is_whitespace`, a `[char]` pattern, a `str` sliced by a range):
//! the optimiser then inlines differently there. So the tokeniser uses its own small checks
//! for those; after a change here, `scripts/build-widget` should print the same sizes.

mod contrast;
mod corpus;
mod custom;
mod discover;
mod hebrew;
mod trend;
mod vocabulary;
mod words;

pub use contrast::{Contrast, Typical, CONTRAST_TERMS};
pub use corpus::{Comment, Corpus, PHRASE_MIN_COUNT};
pub use custom::{validate_themes, CustomTheme, CustomThemes};
pub use discover::{MIN_COMMENTS, MIN_SHARE, NPMI_MIN, THEMES_MAX, THEME_TERMS_MAX};
pub use trend::ThemePoint;

use crate::nps::Tally;
use crate::survey::Language;

/// Hash maps of words and ids: foldhash is fast on short keys, and its fixed seed builds a
/// corpus the same way every time.
type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
type Set<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// How many example comments a theme shows.
pub const EXAMPLES: usize = 3;
/// Examples of this many words are preferred: long enough to say something, short enough
/// to read at a glance.
pub const EXAMPLE_WORDS: std::ops::RangeInclusive<u16> = 5..=40;
/// A found theme is named by its first terms, this many at most.
const NAME_TERMS: usize = 3;

/// A theme of the comments, with its figures among the comments the filters keep.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// The marketer's name for it, or its first terms: "helpful / support / customer service".
    pub name: String,
    /// Its terms as people write them, most mentioned first; a marketer's theme's keywords.
    pub terms: Vec<String>,
    pub origin: Origin,
    /// The comments that mention it, ascending (for the list of comments to show).
    pub comments: Vec<u32>,
    /// The scores of those comments: how many (`total`), their NPS and its interval.
    pub tally: Tally,
    /// The answers the filters keep but for those mentioning the theme: their NPS is what
    /// the overall NPS would be without the theme (higher: the theme weighs it down).
    pub without: Tally,
    /// Up to [`EXAMPLES`] of its comments: those of [`EXAMPLE_WORDS`] words first, newest
    /// first (the latest day, then the latest given).
    pub examples: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Defined by the marketer, in any language.
    Custom,
    /// Found in the comments of one language.
    Found(Language),
}

/// The selected comments, each once, and which of the corpus's comments they are.
pub(super) struct Selected {
    comments: Vec<u32>,
    mask: Vec<bool>,
}

impl Selected {
    fn new(corpus: &Corpus, selection: &[u32]) -> Selected {
        let mut mask = vec![false; corpus.len()];
        let comments = selection
            .iter()
            .copied()
            .filter(|&comment| !std::mem::replace(&mut mask[comment as usize], true))
            .collect();
        Selected { comments, mask }
    }
}

impl Corpus {
    /// The themes of the `selection` (indices of comments, each below [`Corpus::len`]): the
    /// marketer's, in their order, then those found in the comments, most mentioned first.
    /// `overall` is the tally of every answer the filters keep, with or without a comment,
    /// as the NPS the page shows, which [`Theme::without`] is compared with.
    ///
    /// The marketer's themes take precedence: their keywords' terms never make part of a
    /// found theme. And a found theme that shares half of its comments or more with one
    /// theme before it (the marketer's, or a found one with a more mentioned seed) is
    /// dropped, as the same theme by another name: "slow / late" after the marketer's
    /// "Delivery", or "time" when most comments with it are on a slow delivery ("the
    /// second time").
    ///
    /// Never inlined: in the results page, built for size, link-time inlining would compile
    /// it as the page's code rather than pulse-core's, optimised for speed.
    #[inline(never)]
    pub fn themes(&self, selection: &[u32], custom: &CustomThemes, overall: &Tally) -> Vec<Theme> {
        let selected = Selected::new(self, selection);
        let mut themes: Vec<Theme> = custom
            .themes
            .iter()
            .map(|theme| {
                let comments =
                    theme.comments.iter().copied().filter(|&comment| selected.mask[comment as usize]);
                self.theme(
                    theme.name.clone(),
                    theme.keywords.clone(),
                    Origin::Custom,
                    comments.collect(),
                    overall,
                )
            })
            .collect();
        let mut found: Vec<Theme> = Vec::new();
        discover::discover(
            self,
            &selected,
            |term| custom.excluded.contains(&term),
            |terms| {
                let comments = self.mentioning(&terms, &selected);
                let distinct = themes
                    .iter()
                    .chain(&found)
                    .all(|before| 2 * shared(&before.comments, &comments) < comments.len());
                if distinct {
                    let origin = Origin::Found(self.terms[terms[0] as usize].language);
                    found.push(self.theme(
                        self.name(&terms, &selected),
                        self.shown(&terms),
                        origin,
                        comments,
                        overall,
                    ));
                }
                distinct
            },
        );
        found.sort_by_key(|theme| std::cmp::Reverse(theme.comments.len()));
        themes.extend(found);
        themes
    }

    fn theme(
        &self,
        name: String,
        terms: Vec<String>,
        origin: Origin,
        comments: Vec<u32>,
        overall: &Tally,
    ) -> Theme {
        let tally: Tally = comments.iter().map(|&comment| self.scores[comment as usize]).collect();
        let without = Tally {
            promoters: overall.promoters.saturating_sub(tally.promoters),
            passives: overall.passives.saturating_sub(tally.passives),
            detractors: overall.detractors.saturating_sub(tally.detractors),
        };
        let examples = self.examples(&comments);
        Theme { name, terms, origin, comments, tally, without, examples }
    }

    /// The selected comments mentioning any of `terms`, ascending.
    fn mentioning(&self, terms: &[corpus::TermId], selected: &Selected) -> Vec<u32> {
        let mut comments: Vec<u32> = terms
            .iter()
            .flat_map(|&term| self.postings.get(term))
            .copied()
            .filter(|&comment| selected.mask[comment as usize])
            .collect();
        if terms.len() > 1 {
            comments.sort_unstable();
            comments.dedup();
        }
        comments
    }

    fn shown(&self, terms: &[corpus::TermId]) -> Vec<String> {
        terms.iter().map(|&term| self.terms[term as usize].shown.clone()).collect()
    }

    /// A found theme's name: its first terms, leaving out a word mostly written in a phrase
    /// of the theme, at least half as often as alone or in other places ("helpful / customer
    /// service", not "helpful / customer / service").
    fn name(&self, terms: &[corpus::TermId], selected: &Selected) -> String {
        let mentions = |term| self.mentioning(&[term], selected).len();
        let in_phrase = |word| {
            terms.iter().any(|&term| {
                let holds = self.terms[term as usize].words.is_some_and(|words| words.contains(&word));
                holds && 2 * mentions(term) >= mentions(word)
            })
        };
        let named: Vec<&str> = terms
            .iter()
            .filter(|&&term| !in_phrase(term))
            .take(NAME_TERMS)
            .map(|&term| self.terms[term as usize].shown.as_str())
            .collect();
        named.join(" / ")
    }

    fn examples(&self, comments: &[u32]) -> Vec<u32> {
        let rank = |&comment: &u32| {
            let readable = EXAMPLE_WORDS.contains(&self.lengths[comment as usize]);
            std::cmp::Reverse((readable, self.days[comment as usize], comment))
        };
        let mut examples = comments.to_vec();
        if examples.len() > EXAMPLES {
            examples.select_nth_unstable_by_key(EXAMPLES - 1, rank);
            examples.truncate(EXAMPLES);
        }
        examples.sort_unstable_by_key(rank);
        examples
    }
}

/// How many comments two ascending lists share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        count += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    count
}

#[cfg(test)]
mod tests;
