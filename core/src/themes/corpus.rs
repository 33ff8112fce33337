//! The comments of a period read once, as numbers: each comment's terms (word stems and
//! two-word phrases, as ids), and each term's comments. Filters then only pick comments by
//! index, and every figure is counted over these lists.
//!
//! A term is a stem in one language: "delivery" in English and "delivery" in a Dutch
//! comment are two terms, so that a theme found in comments never mixes languages. A phrase
//! is two words of one sentence with no stop word or punctuation between them ("customer
//! service", "late delivery"), seen at least [`PHRASE_MIN_COUNT`] times in the period. Each
//! word is shown as the form people wrote most often: "delivery" for the stem of delivery,
//! delivered and deliveries if "delivery" is the most frequent of them; a phrase as its
//! two words are.

use super::vocabulary::Vocabulary;
use super::words::{words, Analyzer};
use super::Map;
use crate::survey::Language;

/// One comment, as the results page has it.
#[derive(Clone, Copy, Debug)]
pub struct Comment<'a> {
    pub text: &'a str,
    /// The language the respondent answered in (the survey's when the answer has none).
    pub language: Language,
    pub score: u8,
    /// The day it was answered on, in days since 1970-01-01 in the marketer's time zone,
    /// as [`crate::report`] counts days.
    pub day: i32,
}

/// A word stem or a phrase, numbered from 0 in the order first seen.
pub(super) type TermId = u32;

/// Marks a place in a comment's words where no phrase can cross: a stop word, punctuation.
pub(super) const GAP: TermId = TermId::MAX;

/// Two words must be seen together this often in the period to be a phrase: rarer pairs
/// would flood the terms with chance neighbours.
pub const PHRASE_MIN_COUNT: u32 = 3;

#[derive(Clone, Debug)]
pub(super) struct Term {
    pub language: Language,
    /// How people write it most often: "delivery", "customer service".
    pub shown: String,
    /// A phrase's two words.
    pub words: Option<[TermId; 2]>,
}

/// Lists of numbers stored end to end: list `i` is `items[offsets[i]..offsets[i + 1]]`.
#[derive(Clone, Debug)]
pub(super) struct Lists {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    fn new() -> Lists {
        Lists { offsets: vec![0], items: Vec::new() }
    }

    fn push(&mut self, list: impl IntoIterator<Item = u32>) {
        self.items.extend(list);
        self.offsets.push(self.items.len() as u32);
    }

    /// `lists` lists of the items of the pairs (list, item) that `pairs` gives for each
    /// source below `sources`, each list in that order: a counting sort, which walks the
    /// pairs twice rather than hold them all. Each source's pairs are counted, then placed,
    /// by a function of their own, for V8 to optimise (see [`Corpus::read_comment`]).
    fn grouped<I: Iterator<Item = (u32, u32)>>(
        lists: usize,
        sources: u32,
        pairs: impl Fn(u32) -> I,
    ) -> Lists {
        #[inline(never)]
        fn count(sizes: &mut [u32], pairs: impl Iterator<Item = (u32, u32)>) {
            pairs.for_each(|(list, _)| sizes[list as usize] += 1);
        }
        #[inline(never)]
        fn place(items: &mut [u32], next: &mut [u32], pairs: impl Iterator<Item = (u32, u32)>) {
            pairs.for_each(|(list, item)| {
                items[next[list as usize] as usize] = item;
                next[list as usize] += 1;
            });
        }
        let mut offsets = vec![0u32; lists + 1];
        (0..sources).for_each(|source| count(&mut offsets[1..], pairs(source)));
        for list in 0..lists {
            offsets[list + 1] += offsets[list];
        }
        let mut next = offsets.clone();
        let mut items = vec![0; offsets[lists] as usize];
        (0..sources).for_each(|source| place(&mut items, &mut next, pairs(source)));
        Lists { offsets, items }
    }

    pub(super) fn get(&self, index: u32) -> &[u32] {
        let index = index as usize;
        &self.items[self.offsets[index] as usize..self.offsets[index + 1] as usize]
    }

    fn get_mut(&mut self, index: usize) -> &mut [u32] {
        &mut self.items[self.offsets[index] as usize..self.offsets[index + 1] as usize]
    }

    /// Rewrites each list in place: `rewrite` is given its index and items, changes them and
    /// tells how many of the first it keeps.
    fn rewrite(&mut self, mut rewrite: impl FnMut(usize, &mut [u32]) -> usize) {
        let (mut read, mut write) = (0, 0);
        for (list, offset) in self.offsets[1..].iter_mut().enumerate() {
            let end = *offset as usize;
            let kept = rewrite(list, &mut self.items[read..end]);
            self.items.copy_within(read..read + kept, write);
            (read, write) = (end, write + kept);
            *offset = write as u32;
        }
        self.items.truncate(write);
    }
}

/// Adds `term` to a comment's `sequence` of terms, where one [`GAP`] stands for several and
/// none comes first.
fn push_term(sequence: &mut Vec<TermId>, term: TermId) {
    if term != GAP || sequence.last().is_some_and(|&last| last != GAP) {
        sequence.push(term);
    }
}

/// A comment's `sequence` of terms, once ended: without a [`GAP`] last.
fn ended(sequence: &mut Vec<TermId>) -> &[TermId] {
    if sequence.last() == Some(&GAP) {
        sequence.pop();
    }
    sequence
}

/// The comments of a period, ready for [`Corpus::themes`], [`Corpus::contrast`] and
/// [`Corpus::trend`]; comments are named by their index in the order given.
pub struct Corpus {
    analyzers: [Analyzer; Language::ALL.len()],
    pub(super) terms: Vec<Term>,
    /// Word terms by stem, per language, to find a marketer's keywords.
    stems: [Map<String, TermId>; Language::ALL.len()],
    /// Per word term, the second words of its phrases, ascending; phrases are numbered
    /// after the words in this order.
    phrases: Lists,
    /// How many word terms there are; the phrases' ids follow.
    words: u32,
    pub(super) languages: Vec<Language>,
    pub(super) scores: Vec<u8>,
    pub(super) days: Vec<i32>,
    /// Words per comment, stop words included.
    pub(super) lengths: Vec<u16>,
    /// Each comment's word terms in order, with [`GAP`]s.
    pub(super) sequences: Lists,
    /// Each comment's terms, words and phrases, each once: its words as first written,
    /// then its phrases.
    pub(super) mentions: Lists,
    /// Each term's comments, ascending.
    pub(super) postings: Lists,
}

impl Corpus {
    /// Reads the comments: each distinct word is looked up in the stop words and stemmed
    /// once, however often it is written; a Hebrew word once all are read, as its stem
    /// depends on the others ([`Corpus::stem_hebrew`]).
    pub fn new<'a>(comments: impl IntoIterator<Item = Comment<'a>>) -> Corpus {
        Corpus::read(&mut comments.into_iter())
    }

    /// [`Corpus::new`], not generic and never inlined: compiled with pulse-core's own
    /// optimisation level, for speed in the results page, and not its caller's, which builds
    /// the page for size.
    #[inline(never)]
    fn read(comments: &mut dyn Iterator<Item = Comment<'_>>) -> Corpus {
        let mut corpus = Corpus {
            analyzers: Language::ALL.map(Analyzer::new),
            terms: Vec::new(),
            stems: Default::default(),
            phrases: Lists::new(),
            words: 0,
            languages: Vec::new(),
            scores: Vec::new(),
            days: Vec::new(),
            lengths: Vec::new(),
            sequences: Lists::new(),
            mentions: Lists::new(),
            postings: Lists::new(),
        };
        let mut vocabulary = Vocabulary::new();
        let mut sequence = Vec::new();
        for comment in comments {
            corpus.read_comment(comment, &mut vocabulary, &mut sequence);
        }
        corpus.stem_hebrew(&mut vocabulary);
        corpus.name_words(&vocabulary);
        corpus.find_phrases();
        corpus.index();
        corpus
    }

    /// Reads one more comment, its words counted in `vocabulary`; `sequence` is room for its
    /// terms. Never inlined: V8 optimises a Wasm function for its later calls only, so that a
    /// loop reading every comment in one call would run in unoptimised code throughout.
    #[inline(never)]
    fn read_comment(
        &mut self,
        comment: Comment<'_>,
        vocabulary: &mut Vocabulary,
        sequence: &mut Vec<TermId>,
    ) {
        let mut length = 0u16;
        sequence.clear();
        words(comment.text, comment.language, |word| {
            let term = word.map_or(GAP, |word| {
                length = length.saturating_add(1);
                vocabulary.count(comment.language, word, || self.word_term(comment.language, word))
            });
            push_term(sequence, term);
        });
        self.sequences.push(ended(sequence).iter().copied());
        self.languages.push(comment.language);
        self.scores.push(comment.score);
        self.days.push(comment.day);
        self.lengths.push(length);
    }

    /// How many comments there are.
    pub fn len(&self) -> usize {
        self.languages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.languages.is_empty()
    }

    pub(super) fn analyzer(&self, language: Language) -> &Analyzer {
        &self.analyzers[language as usize]
    }

    /// The term of `word` (as [`words`] gives it) in `language`, new if need be; [`GAP`]
    /// for a stop word. A Hebrew word, stop word or not, has a term of its own until
    /// [`Corpus::stem_hebrew`].
    fn word_term(&mut self, language: Language, word: &str) -> TermId {
        let analyzer = &self.analyzers[language as usize];
        let new = self.terms.len() as TermId;
        let term = match language {
            Language::Hebrew => new,
            _ if analyzer.is_stop_word(word) => return GAP,
            _ => *self.stems[language as usize].entry(analyzer.stem(word)).or_insert(new),
        };
        if term == new {
            self.terms.push(Term { language, shown: String::new(), words: None });
        }
        term
    }

    /// Gives each Hebrew word its stem's term, or [`GAP`] for a stop word, now that the
    /// words these depend on are known: the term of the stem's first written word, which is
    /// where the stem would have been numbered had it been known then. The other words' own
    /// terms stay unused.
    fn stem_hebrew(&mut self, vocabulary: &mut Vocabulary) {
        let mut hebrew: Vec<(TermId, &str)> = vocabulary
            .words()
            .filter(|(_, word)| word.language == Language::Hebrew)
            .map(|(letters, word)| (word.term, letters))
            .collect();
        if hebrew.is_empty() {
            return;
        }
        hebrew.sort_unstable();
        let written: Vec<&str> = hebrew.iter().map(|&(_, letters)| letters).collect();
        let analyzer = &mut self.analyzers[Language::Hebrew as usize];
        analyzer.attest(&written);
        let mut stemmed: Vec<TermId> = (0..self.terms.len() as TermId).collect();
        for (own, letters) in hebrew {
            stemmed[own as usize] = if analyzer.is_stop_word(letters) {
                GAP
            } else {
                let stems = &mut self.stems[Language::Hebrew as usize];
                *stems.entry(analyzer.stem(letters)).or_insert(own)
            };
        }
        let stemmed = |term: TermId| if term == GAP { GAP } else { stemmed[term as usize] };
        vocabulary.retag(stemmed);
        let (languages, mut sequence) = (&self.languages, Vec::new());
        self.sequences.rewrite(|comment, terms| {
            if languages[comment] != Language::Hebrew {
                return terms.len();
            }
            sequence.clear();
            terms.iter().for_each(|&term| push_term(&mut sequence, stemmed(term)));
            let sequence = ended(&mut sequence);
            terms[..sequence.len()].copy_from_slice(sequence);
            sequence.len()
        });
    }

    /// The term of the stem of `word` (no stop word) in `language`, if some comment has it.
    pub(super) fn stem_term(&self, language: Language, word: &str) -> Option<TermId> {
        self.stems[language as usize].get(&self.analyzer(language).stem(word)).copied()
    }

    /// The phrase of two word terms, if the period has it (none has a [`GAP`]).
    pub(super) fn phrase(&self, first: TermId, second: TermId) -> Option<TermId> {
        if first >= self.words {
            return None;
        }
        let seconds = self.phrases.get(first);
        let index = seconds.binary_search(&second).ok()?;
        Some(self.words + self.phrases.offsets[first as usize] + index as u32)
    }

    /// Shows each word term as its most frequent written form; the first written wins a tie.
    fn name_words(&mut self, vocabulary: &Vocabulary) {
        // The count and order of the form shown so far.
        let mut shown = vec![(0, u32::MAX); self.terms.len()];
        for (letters, word) in vocabulary.words().filter(|(_, word)| word.term != GAP) {
            let best = &mut shown[word.term as usize];
            if (word.count, std::cmp::Reverse(word.order)) > (best.0, std::cmp::Reverse(best.1)) {
                *best = (word.count, word.order);
                letters.clone_into(&mut self.terms[word.term as usize].shown);
            }
        }
    }

    /// Makes a phrase of each two word terms written one after the other at least
    /// [`PHRASE_MIN_COUNT`] times: each word's followers are listed, then counted sorted.
    fn find_phrases(&mut self) {
        self.words = self.terms.len() as u32;
        let mut followers = Lists::grouped(self.terms.len(), self.len() as u32, |comment| {
            let pairs = self.sequences.get(comment).windows(2);
            pairs.filter(|pair| pair[0] != GAP && pair[1] != GAP).map(|pair| (pair[0], pair[1]))
        });
        let mut phrases = Lists::new();
        for word in 0..self.terms.len() {
            let seconds = followers.get_mut(word);
            seconds.sort_unstable();
            let often = seconds.chunk_by(|a, b| a == b).filter(|run| run.len() >= PHRASE_MIN_COUNT as usize);
            phrases.push(often.map(|run| run[0]));
        }
        for first in 0..self.words {
            for &second in phrases.get(first) {
                let [first_shown, second_shown] =
                    [first, second].map(|word| self.terms[word as usize].shown.as_str());
                let term = Term {
                    language: self.terms[first as usize].language,
                    shown: format!("{first_shown} {second_shown}"),
                    words: Some([first, second]),
                };
                self.terms.push(term);
            }
        }
        self.phrases = phrases;
    }

    /// The terms of `comment` into `terms`, each once: `listed` tells the comment that last
    /// listed each term. Never inlined, as [`Corpus::read_comment`].
    #[inline(never)]
    fn list_terms(&self, comment: u32, listed: &mut [u32], terms: &mut Vec<TermId>) {
        let sequence = self.sequences.get(comment);
        let words = sequence.iter().copied().filter(|&term| term != GAP);
        let phrases = sequence.windows(2).filter_map(|pair| self.phrase(pair[0], pair[1]));
        terms.clear();
        terms.extend(
            words
                .chain(phrases)
                .filter(|&term| std::mem::replace(&mut listed[term as usize], comment) != comment),
        );
    }

    /// Lists each comment's terms, then each term's comments.
    fn index(&mut self) {
        // The comment that last listed each term, so that a term written twice is listed once.
        let mut listed = vec![u32::MAX; self.terms.len()];
        let mut terms = Vec::new();
        for comment in 0..self.len() as u32 {
            self.list_terms(comment, &mut listed, &mut terms);
            self.mentions.push(terms.iter().copied());
        }
        let (comments, mentions) = (self.len() as u32, &self.mentions);
        self.postings = Lists::grouped(self.terms.len(), comments, |comment| {
            mentions.get(comment).iter().map(move |&term| (term, comment))
        });
    }
}
