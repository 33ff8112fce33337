//! Themes found in the comments: terms that are often written together, grouped.
//!
//! The method, over the comments the filters keep:
//! 1. A term counts once per comment that mentions it. Terms mentioned by fewer than
//!    [`MIN_COMMENTS`] comments, or fewer than [`MIN_SHARE`] of them, are left out: a
//!    theme so rare is noise, not a reason.
//! 2. The most mentioned term not yet in a theme is the seed of a new theme.
//! 3. The theme takes the other free terms (of the seed's language, as a comment has one)
//!    written with the seed in at least as many comments, whose normalised pointwise
//!    mutual information with the seed (Bouma 2009, "Normalized (pointwise) mutual
//!    information in collocation extraction") is at least [`NPMI_MIN`]:
//!    `ln(p(seed, term) / (p(seed) p(term))) / −ln p(seed, term)`, with p the share of the
//!    language's comments mentioning them. It is 0 for terms that meet by chance and 1 for
//!    terms never written apart, and unlike a raw count it does not favour words that are
//!    everywhere ("great"). At most the [`THEME_TERMS_MAX`] − 1 strongest join.
//! 4. Each term belongs to one theme only; repeat from 2 until [`THEMES_MAX`] themes, or
//!    no seed is left.

use std::cmp::Reverse;

use super::corpus::{Corpus, TermId};
use super::Selected;

/// At most this many themes are found (the marketer's own come on top).
pub const THEMES_MAX: usize = 12;
/// At most this many terms make a theme: enough for "delivery / slow / late / days".
pub const THEME_TERMS_MAX: usize = 6;
/// A term, and a theme, is mentioned by at least this many comments...
pub const MIN_COMMENTS: u32 = 3;
/// ...and by at least this share of the comments.
pub const MIN_SHARE: f64 = 0.005;
/// How strongly a term must go with a seed to join its theme (normalised PMI, see above):
/// well above chance (0), while a word that also has a life of its own can join.
pub const NPMI_MIN: f64 = 0.3;

/// The least number of comments a term or theme needs among `comments` comments.
pub(super) fn min_comments(comments: usize) -> u32 {
    MIN_COMMENTS.max((comments as f64 * MIN_SHARE).ceil() as u32)
}

/// Finds themes among the selected comments, leaving out the `excluded` terms, and hands
/// each to `accept`, most mentioned seed first, with its terms from the most mentioned;
/// stops once `accept` took [`THEMES_MAX`] of them. A theme `accept` refuses keeps its
/// terms from the themes after it all the same.
pub(super) fn discover(
    corpus: &Corpus,
    selected: &Selected,
    excluded: impl Fn(TermId) -> bool,
    mut accept: impl FnMut(Vec<TermId>) -> bool,
) {
    let min = min_comments(selected.comments.len());
    let mut mentions = vec![0u32; corpus.terms.len()];
    let mut per_language = [0u32; 5];
    for &comment in &selected.comments {
        per_language[corpus.languages[comment as usize] as usize] += 1;
        for &term in corpus.mentions.get(comment) {
            mentions[term as usize] += 1;
        }
    }
    let frequent = |term: TermId| mentions[term as usize] >= min && !excluded(term);
    let mut seeds: Vec<TermId> = (0..corpus.terms.len() as TermId).filter(|&term| frequent(term)).collect();
    seeds.sort_unstable_by_key(|&term| (Reverse(mentions[term as usize]), term));

    let mut taken = vec![false; corpus.terms.len()];
    // How many comments mention each term with the seed; `met` lists those above zero.
    let mut together = vec![0u32; corpus.terms.len()];
    let mut met = Vec::new();
    let mut accepted = 0;
    for seed in seeds {
        if accepted == THEMES_MAX {
            break;
        }
        if taken[seed as usize] {
            continue;
        }
        for &comment in corpus.postings.get(seed) {
            if selected.mask[comment as usize] {
                for &term in corpus.mentions.get(comment) {
                    if together[term as usize] == 0 {
                        met.push(term);
                    }
                    together[term as usize] += 1;
                }
            }
        }
        let comments = f64::from(per_language[corpus.terms[seed as usize].language as usize]);
        let mut members: Vec<(f64, TermId)> = met
            .iter()
            .filter(|&&term| term != seed && !taken[term as usize] && frequent(term))
            .filter(|&&term| together[term as usize] >= min)
            .map(|&term| {
                let [both, seed, term_alone] =
                    [together[term as usize], mentions[seed as usize], mentions[term as usize]];
                (npmi(both, seed, term_alone, comments), term)
            })
            .filter(|&(strength, _)| strength >= NPMI_MIN)
            .collect();
        members.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        members.truncate(THEME_TERMS_MAX - 1);
        for &term in &met {
            together[term as usize] = 0;
        }
        met.clear();

        let mut theme: Vec<TermId> = members.into_iter().map(|(_, term)| term).collect();
        theme.sort_unstable_by_key(|&term| (Reverse(mentions[term as usize]), term));
        theme.insert(0, seed);
        for &term in &theme {
            taken[term as usize] = true;
        }
        if accept(theme) {
            accepted += 1;
        }
    }
}

/// Normalised pointwise mutual information of two terms mentioned by `a` and `b` of
/// `comments` comments, `both` of them mentioning the two.
fn npmi(both: u32, a: u32, b: u32, comments: f64) -> f64 {
    let joint = f64::from(both) / comments;
    if joint >= 1.0 {
        return 1.0;
    }
    (joint * comments * comments / (f64::from(a) * f64::from(b))).ln() / -joint.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npmi_runs_from_independent_to_inseparable() {
        // Each in half of 100 comments, together in a quarter: as chance has it.
        assert!(npmi(25, 50, 50, 100.0).abs() < 1e-12);
        // Never apart.
        assert!((npmi(10, 10, 10, 100.0) - 1.0).abs() < 1e-12);
        // delivery in 10 comments of 40, slow in 6, together in 6: ln(0.15 / (0.25 × 0.15))
        // / −ln 0.15 = ln 4 / 1.8971 = 0.7307.
        assert!((npmi(6, 10, 6, 40.0) - 0.7307).abs() < 1e-4);
    }

    #[test]
    fn the_least_count_grows_with_the_comments() {
        assert_eq!(min_comments(40), 3);
        assert_eq!(min_comments(100_000), 500);
    }
}
