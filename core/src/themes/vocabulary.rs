//! The distinct words written in the comments, each stored once, their texts end to end:
//! a word read again is found by its hash and compared in place, with no pointer to follow
//! per word, which is most of the time spent reading a period's comments.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

use super::corpus::TermId;
use crate::survey::Language;

pub(super) struct Vocabulary {
    /// Indices of the words, by the hash of their language and text.
    table: HashTable<u32>,
    hasher: FixedState,
    /// Word `i` is `text[ends[i - 1]..ends[i]]`.
    text: String,
    ends: Vec<u32>,
    languages: Vec<Language>,
    /// Each word's term, or [`super::corpus::GAP`] for a stop word.
    pub terms: Vec<TermId>,
    /// How often each word was written.
    pub counts: Vec<u32>,
}

impl Vocabulary {
    pub fn new() -> Vocabulary {
        Vocabulary {
            table: HashTable::new(),
            hasher: FixedState::default(),
            text: String::new(),
            ends: Vec::new(),
            languages: Vec::new(),
            terms: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// Counts `word` of `language` once more and gives its term; `term` tells the term of a
    /// word not seen before.
    pub fn count(&mut self, language: Language, word: &str, term: impl FnOnce() -> TermId) -> TermId {
        let hash = self.hasher.hash_one((language as u8, word));
        let Vocabulary { table, text, ends, languages, .. } = self;
        let found = table.find(hash, |&index| {
            languages[index as usize] == language && slice(text, ends, index as usize) == word
        });
        let index = match found {
            Some(&index) => index as usize,
            None => {
                let index = self.terms.len();
                self.text.push_str(word);
                self.ends.push(self.text.len() as u32);
                self.languages.push(language);
                self.terms.push(term());
                self.counts.push(0);
                let (hasher, languages, text, ends) = (&self.hasher, &self.languages, &self.text, &self.ends);
                self.table.insert_unique(hash, index as u32, |&other| {
                    hasher.hash_one((languages[other as usize] as u8, slice(text, ends, other as usize)))
                });
                index
            }
        };
        self.counts[index] += 1;
        self.terms[index]
    }

    /// The words, with their terms and counts.
    pub fn words(&self) -> impl Iterator<Item = (&str, TermId, u32)> {
        (0..self.terms.len())
            .map(|index| (slice(&self.text, &self.ends, index), self.terms[index], self.counts[index]))
    }
}

/// Word `index` of `text`, whose words end at `ends`.
#[inline]
fn slice<'a>(text: &'a str, ends: &[u32], index: usize) -> &'a str {
    let start = index.checked_sub(1).map_or(0, |before| ends[before] as usize);
    &text[start..ends[index] as usize]
}
