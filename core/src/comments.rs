//! A survey's comments for the results page's themes, sent only when the marketer opens
//! them: each comment with its answer's time, score and segments as a results feed
//! ([`crate::feed`]) holds them, so that the page's period and segment filters pick
//! comments by the same rules as answers, and the texts after.
//!
//! Layout, little-endian, as [`crate::subset`] lays out its kinds: `"PLSC"`, version
//! `u16`, the survey's language `u8` (index in [`Language::ALL`]), feed length `u32`, the
//! feed of the answers with a comment (only their times, scores, pages, languages and
//! attributes: its other columns are empty answers), then each comment's length in bytes
//! `u16` ×n, then the comments, UTF-8, end to end.

use crate::feed::{Feed, Row, LANGUAGE_PREFIX, NO_SEGMENT};
use crate::report::Filter;
use crate::subset::{push_answer, Kind, Problem, SubsetError};
use crate::survey::Language;

pub const COMMENTS_VERSION: u16 = 1;
pub const CONTENT_TYPE: &str = "application/vnd.pulse.comments";
const KIND: Kind = Kind { magic: b"PLSC", version: COMMENTS_VERSION, name: "comments" };

/// The comments of a survey, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Comments {
    /// The survey's language, the comments' own when their answer names none.
    pub language: Language,
    /// One answer per comment, in the same order.
    pub answers: Feed,
    /// Comment `i` is `texts[ends[i - 1]..ends[i]]`.
    texts: String,
    ends: Vec<u32>,
}

impl Comments {
    /// No comments yet; `answers` is an empty feed of the survey's scale and modules.
    pub fn new(language: Language, answers: Feed) -> Comments {
        Comments { language, answers, texts: String::new(), ends: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Adds a comment after the others, with its answer's time, score and segments.
    pub fn push(&mut self, answer: &Row<'_>, text: &str) {
        push_answer(&mut self.answers, answer);
        self.texts.push_str(text);
        self.ends.push(self.texts.len() as u32);
    }

    pub fn text(&self, comment: usize) -> &str {
        let start = comment.checked_sub(1).map_or(0, |before| self.ends[before] as usize);
        &self.texts[start..self.ends[comment] as usize]
    }

    /// The language comment `comment` was written in: its answer's, else the survey's.
    pub fn language_of(&self, comment: usize) -> Language {
        let id = self.answers.language[comment];
        (id != NO_SEGMENT)
            .then(|| self.answers.strings[id as usize].strip_prefix(LANGUAGE_PREFIX)?.parse().ok())
            .flatten()
            .unwrap_or(self.language)
    }

    /// The comments (indices, ascending) whose answers `filter` keeps, as the results
    /// page's figures count answers: in its period, of its category, with every one of its
    /// segments, which are ids in `segments`, the results feed's dictionary.
    pub fn kept(&self, filter: &Filter, segments: &[String]) -> Vec<u32> {
        self.answers.kept(filter, segments)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = KIND.start(&[self.language as u8], &self.answers, 2 * self.len() + self.texts.len());
        for comment in 0..self.len() {
            // A comment is at most 2,000 characters of at most 4 bytes.
            out.extend_from_slice(&(self.text(comment).len() as u16).to_le_bytes());
        }
        out.extend_from_slice(self.texts.as_bytes());
        out
    }

    /// Reads comments, checking every length, so that the page can index without checks.
    pub fn decode(bytes: &[u8]) -> Result<Comments, SubsetError> {
        let (header, answers, rest) = KIND.read(bytes, 1)?;
        let language =
            *Language::ALL.get(usize::from(header[0])).ok_or(KIND.error(Problem::Corrupt("language")))?;
        let (lengths, texts) =
            rest.split_at_checked(2 * answers.len()).ok_or(KIND.error(Problem::Truncated))?;
        let mut ends = Vec::with_capacity(answers.len());
        let mut end = 0u32;
        for length in lengths.chunks_exact(2) {
            end += u32::from(u16::from_le_bytes([length[0], length[1]]));
            ends.push(end);
        }
        if end as usize != texts.len() {
            return Err(KIND.error(Problem::Truncated));
        }
        let texts = String::from_utf8(texts.to_vec()).map_err(|_| KIND.error(Problem::Corrupt("text")))?;
        if !ends.iter().all(|&end| texts.is_char_boundary(end as usize)) {
            return Err(KIND.error(Problem::Corrupt("text")));
        }
        Ok(Comments { language, answers, texts, ends })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nps::{Category, Scale};
    use crate::survey::Modules;

    fn sample() -> Comments {
        let mut comments = Comments::new(Language::French, Feed::new(Scale::ZeroToTen, Modules::default()));
        let answer = |time, score, page, language| Row { time, score, page, language, ..Row::default() };
        comments.push(
            &Row { attributes: vec![("plan", "pro")], ..answer(100, 9, Some("/pricing"), Some("en")) },
            "Great service",
        );
        comments.push(&answer(200, 2, Some("/checkout"), None), "Livraison lente, très lente");
        comments.push(&answer(300, 3, Some("/pricing"), Some("he")), "המשלוח היה איטי");
        comments
    }

    #[test]
    fn comments_survive_encoding() {
        let comments = sample();
        let decoded = Comments::decode(&comments.encode()).unwrap();
        assert_eq!(decoded, comments);
        assert_eq!(
            (0..3).map(|i| decoded.text(i)).collect::<Vec<_>>(),
            ["Great service", "Livraison lente, très lente", "המשלוח היה איטי"]
        );
        assert_eq!(decoded.answers.score, [9, 2, 3]);
        let none = Comments::new(Language::Dutch, Feed::new(Scale::OneToTen, Modules::default()));
        assert_eq!(Comments::decode(&none.encode()), Ok(none));
    }

    #[test]
    fn a_comment_without_a_language_has_the_surveys() {
        let comments = sample();
        let languages: Vec<Language> = (0..3).map(|i| comments.language_of(i)).collect();
        assert_eq!(languages, [Language::English, Language::French, Language::Hebrew]);
    }

    #[test]
    fn filters_keep_comments_as_they_keep_answers() {
        let comments = sample();
        // The results feed's dictionary, in its own order.
        let names: Vec<String> =
            ["attr:plan=pro", "page:/pricing", "lang:nl", "page:/checkout"].map(String::from).to_vec();
        let kept = |filter: Filter| comments.kept(&filter, &names);
        assert_eq!(kept(Filter::default()), [0, 1, 2]);
        assert_eq!(kept(Filter { from: Some(200), to: Some(300), ..Filter::default() }), [1]);
        assert_eq!(kept(Filter { segments: vec![1], ..Filter::default() }), [0, 2]);
        assert_eq!(kept(Filter { segments: vec![1, 0], ..Filter::default() }), [0]);
        assert_eq!(kept(Filter { category: Some(Category::Detractor), ..Filter::default() }), [1, 2]);
        // No comment's answer is in Dutch.
        assert_eq!(kept(Filter { segments: vec![2], ..Filter::default() }), [] as [u32; 0]);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = sample().encode();
        for end in 0..bytes.len() {
            assert!(Comments::decode(&bytes[..end]).is_err(), "decoded {end} of {} bytes", bytes.len());
        }
    }

    #[test]
    fn foreign_newer_and_damaged_comments_are_refused() {
        let problem = |bytes: &[u8]| Comments::decode(bytes).unwrap_err().problem;
        assert_eq!(problem(b"PLSF\x02\x00"), Problem::Foreign);
        let mut bytes = sample().encode();
        bytes[4] = 9;
        assert_eq!(problem(&bytes), Problem::Version(9));
        assert_eq!(
            Comments::decode(&bytes).unwrap_err().to_string(),
            "the comments are version 9, this page reads version 1: reload the page"
        );
        let mut bytes = sample().encode();
        bytes[6] = 5;
        assert_eq!(problem(&bytes), Problem::Corrupt("language"));
        // A length that cuts the Hebrew comment's first letter in two.
        let mut bytes = sample().encode();
        let lengths = bytes.len() - "Great serviceLivraison lente, très lenteהמשלוח היה איטי".len() - 6;
        bytes[lengths + 2] += 1;
        bytes[lengths + 4] -= 1;
        assert_eq!(problem(&bytes), Problem::Corrupt("text"));
    }
}
