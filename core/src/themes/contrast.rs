//! What sets detractors apart from promoters: the terms most typical of each side, by the
//! weighted log-odds ratio with an informative Dirichlet prior of Burt L. Monroe, Michael
//! P. Colaresi and Kevin M. Quinn, "Fightin' Words: Lexical Feature Selection and
//! Evaluation for Identifying the Content of Political Conflict", Political Analysis 16(4),
//! 2008, 372–403 (section 3.5).
//!
//! For a term w mentioned by `y_d` detractors' comments and `y_p` promoters', of `n_d` and
//! `n_p` mentions of every term on each side, with prior `α_w` (and `α_0`, all terms'):
//!
//! ```text
//! δ_w = ln((y_d + α_w) / (n_d + α_0 − y_d − α_w)) − ln((y_p + α_w) / (n_p + α_0 − y_p − α_w))
//! σ²(δ_w) ≈ 1 / (y_d + α_w) + 1 / (y_p + α_w)          z_w = δ_w / σ(δ_w)
//! ```
//!
//! The prior is informative: `α_w` is the term's mentions in all the selected comments,
//! passives included, as the paper's background counts. It pulls a rare term towards no
//! difference (its σ stays wide), so that three detractors who use a word do not make it
//! typical of detractors. A term counts once per comment, so that one long complaint does
//! not outweigh many short ones. Only terms with |z| of at least [`Z_95`] (two-sided 95 %)
//! are shown: nothing is called typical that chance would explain.

use super::corpus::Corpus;
use super::Selected;
use crate::nps::{Category, Z_95};
use crate::survey::Language;

/// At most this many terms are shown for each side.
pub const CONTRAST_TERMS: usize = 10;

/// The terms typical of detractors and of promoters, most typical first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contrast {
    pub detractors: Vec<Typical>,
    pub promoters: Vec<Typical>,
}

/// A term typical of one side.
#[derive(Clone, Debug, PartialEq)]
pub struct Typical {
    /// As people write it most often.
    pub term: String,
    pub language: Language,
    /// How many standard errors its log-odds lean to this side: at least [`Z_95`].
    pub z: f64,
    /// How many detractors' and promoters' comments mention it.
    pub detractors: u32,
    pub promoters: u32,
}

impl Corpus {
    /// The terms most typical of detractors and of promoters among the `selection`'s
    /// comments (indices), at most [`CONTRAST_TERMS`] each; none when one side is empty.
    /// Never inlined, as [`Corpus::themes`].
    #[inline(never)]
    pub fn contrast(&self, selection: &[u32]) -> Contrast {
        let selected = Selected::new(self, selection);
        // Per term: mentions by detractors, by promoters and by everyone.
        let mut counts = vec![[0u32; 3]; self.terms.len()];
        for &comment in &selected.comments {
            let side = match Category::of(self.scores[comment as usize]) {
                Category::Detractor => Some(0),
                Category::Passive => None,
                Category::Promoter => Some(1),
            };
            for &term in self.mentions.get(comment) {
                let count = &mut counts[term as usize];
                if let Some(side) = side {
                    count[side] += 1;
                }
                count[2] += 1;
            }
        }
        let total = |side: usize| counts.iter().map(|count| f64::from(count[side])).sum::<f64>();
        let (detractors, promoters, prior) = (total(0), total(1), total(2));
        if detractors == 0.0 || promoters == 0.0 {
            return Contrast::default();
        }
        let log_odds =
            |mentions: f64, alpha: f64, of: f64| ((mentions + alpha) / (of + prior - mentions - alpha)).ln();
        let mut leaning: Vec<(f64, usize)> = counts
            .iter()
            .enumerate()
            .filter(|(_, count)| count[0] + count[1] > 0)
            .map(|(term, count)| {
                let [on_detractors, on_promoters, alpha] = count.map(f64::from);
                let delta =
                    log_odds(on_detractors, alpha, detractors) - log_odds(on_promoters, alpha, promoters);
                let variance = 1.0 / (on_detractors + alpha) + 1.0 / (on_promoters + alpha);
                (delta / variance.sqrt(), term)
            })
            .filter(|(z, _)| z.abs() >= Z_95)
            .collect();
        leaning.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let typical = |&(z, term): &(f64, usize)| Typical {
            term: self.terms[term].shown.clone(),
            language: self.terms[term].language,
            z: z.abs(),
            detractors: counts[term][0],
            promoters: counts[term][1],
        };
        Contrast {
            detractors: leaning
                .iter()
                .take_while(|(z, _)| *z > 0.0)
                .take(CONTRAST_TERMS)
                .map(typical)
                .collect(),
            promoters: leaning
                .iter()
                .rev()
                .take_while(|(z, _)| *z < 0.0)
                .take(CONTRAST_TERMS)
                .map(typical)
                .collect(),
        }
    }
}
