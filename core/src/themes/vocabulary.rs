//! The distinct words written in the comments, each stored once: a word read again is
//! found by its hash, with its term and count beside it in the table and its letters in
//! one string of all the words, so that it costs few memory reads. That is most of the
//! time spent reading a period's comments.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

use super::corpus::TermId;
use crate::survey::Language;

pub(super) struct Vocabulary {
    table: HashTable<Word>,
    hasher: FixedState,
    /// The letters of all the words, end to end.
    text: String,
}

/// A distinct word of one language.
#[derive(Clone, Copy)]
pub(super) struct Word {
    start: u32,
    end: u32,
    pub language: Language,
    /// How many words were written before it first was.
    pub order: u32,
    /// Its stem's term, or [`super::corpus::GAP`] for a stop word.
    pub term: TermId,
    /// How often it was written.
    pub count: u32,
}

impl Vocabulary {
    pub fn new() -> Vocabulary {
        Vocabulary { table: HashTable::new(), hasher: FixedState::default(), text: String::new() }
    }

    /// Counts `word` of `language` once more and gives its term; `term` tells the term of a
    /// word not seen before.
    pub fn count(&mut self, language: Language, word: &str, term: impl FnOnce() -> TermId) -> TermId {
        let hash = self.hasher.hash_one((language as u8, word.as_bytes()));
        let Vocabulary { table, hasher, text } = self;
        let same = |known: &Word| known.language == language && known.letters(text) == word.as_bytes();
        if let Some(known) = table.find_mut(hash, same) {
            known.count += 1;
            return known.term;
        }
        let start = text.len() as u32;
        text.push_str(word);
        let new = Word {
            start,
            end: text.len() as u32,
            language,
            order: table.len() as u32,
            term: term(),
            count: 1,
        };
        table.insert_unique(hash, new, |known| hasher.hash_one((known.language as u8, known.letters(text))));
        new.term
    }

    /// Gives each word, stop words aside, the term `new` makes of its term, which may be
    /// [`super::corpus::GAP`]: a Hebrew stop word is known once all the words are read.
    pub fn retag(&mut self, new: impl Fn(TermId) -> TermId) {
        for word in self.table.iter_mut().filter(|word| word.term != super::corpus::GAP) {
            word.term = new(word.term);
        }
    }

    /// The words, in no particular order, with their letters.
    pub fn words(&self) -> impl Iterator<Item = (&str, &Word)> {
        // Sliced in two steps, as in `words::words`.
        self.table.iter().map(|word| (&self.text[..word.end as usize][word.start as usize..], word))
    }
}

impl Word {
    /// Its letters in `text`, as bytes: slicing a `str` would check the character
    /// boundaries at every lookup.
    fn letters<'a>(&self, text: &'a str) -> &'a [u8] {
        &text.as_bytes()[self.start as usize..self.end as usize]
    }
}
