//! The marketer's own themes: a name and keywords in any of the languages ("Delivery":
//! delivery, shipping, livraison, levering, aflewering), stored with the survey.
//!
//! A comment mentions a keyword when one of its terms is the keyword stemmed by the rule of
//! the comment's language, so "livraisons" in a French comment matches "livraison", and
//! "delivered" in an English one matches "delivery". A keyword of several words matches
//! them written in that order, with stop words and punctuation where the keyword has them
//! ("easy to use" matches "so easy to use!").

use serde::{Deserialize, Serialize};

use super::corpus::{Corpus, TermId, GAP};
use super::words::{words, Analyzer};
use super::Set;
use crate::api::ErrorCode;
use crate::limits::{CUSTOM_THEMES_MAX, THEME_KEYWORDS_MAX, THEME_KEYWORD_MAX_CHARS, THEME_NAME_MAX_CHARS};
use crate::survey::Language;
use crate::validation::ValidationError;

/// A theme as the marketer defines it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomTheme {
    pub name: String,
    /// Words or short phrases, in any of the languages.
    pub keywords: Vec<String>,
}

/// The rules of a survey's themes: at most [`CUSTOM_THEMES_MAX`], each with a name and 1 to
/// [`THEME_KEYWORDS_MAX`] keywords, all of one line, and each keyword with a word that is
/// not a stop word in every language (or it could never match).
pub fn validate_themes(themes: &[CustomTheme]) -> Result<(), ValidationError> {
    let refused = |code, message| Err(ValidationError { field: "themes", code, message });
    if themes.len() > CUSTOM_THEMES_MAX {
        return refused(
            ErrorCode::TooMany,
            format!("at most {CUSTOM_THEMES_MAX} themes, got {}", themes.len()),
        );
    }
    let analyzers = Language::ALL.map(Analyzer::new);
    for (index, theme) in themes.iter().enumerate() {
        one_line(&format!("themes[{index}].name"), &theme.name, THEME_NAME_MAX_CHARS)?;
        let count = theme.keywords.len();
        if !(1..=THEME_KEYWORDS_MAX).contains(&count) {
            let code = if count == 0 { ErrorCode::Required } else { ErrorCode::TooMany };
            return refused(
                code,
                format!("themes[{index}] needs 1 to {THEME_KEYWORDS_MAX} keywords, got {count}"),
            );
        }
        for (position, keyword) in theme.keywords.iter().enumerate() {
            let name = format!("themes[{index}].keywords[{position}]");
            one_line(&name, keyword, THEME_KEYWORD_MAX_CHARS)?;
            let mut matchable = false;
            for (language, analyzer) in Language::ALL.into_iter().zip(&analyzers) {
                words(keyword, language, |word| {
                    matchable |= word.is_some_and(|word| !analyzer.is_stop_word(word))
                });
            }
            if !matchable {
                return refused(
                    ErrorCode::Required,
                    format!("{name} must hold a word, not only stop words, numbers or punctuation, got {keyword:?}"),
                );
            }
        }
    }
    Ok(())
}

/// A name or keyword: a letter or digit, at most `max` characters, no control characters.
fn one_line(name: &str, value: &str, max: usize) -> Result<(), ValidationError> {
    let refused = |code, message| Err(ValidationError { field: "themes", code, message });
    let length = value.chars().count();
    if !value.chars().any(|c| c.is_alphanumeric()) {
        refused(ErrorCode::Required, format!("{name} must hold a letter or digit, got {value:?}"))
    } else if length > max {
        refused(ErrorCode::TooLong, format!("{name} must be at most {max} characters, got {length}"))
    } else if value.chars().any(|c| c.is_control()) {
        refused(ErrorCode::ControlCharacter, format!("{name} must not contain control characters"))
    } else {
        Ok(())
    }
}

/// The marketer's themes matched in a [`Corpus`], for [`Corpus::themes`].
#[derive(Clone, Debug, Default)]
pub struct CustomThemes {
    pub(super) themes: Vec<Matched>,
    /// The terms that are keywords (words, and two-word phrases), which found themes leave
    /// to the marketer's.
    pub(super) excluded: Set<TermId>,
}

#[derive(Clone, Debug)]
pub(super) struct Matched {
    pub name: String,
    pub keywords: Vec<String>,
    /// Every comment of the corpus mentioning a keyword, ascending.
    pub comments: Vec<u32>,
}

impl CustomThemes {
    /// Finds the comments of each theme in `corpus`; the result holds for that corpus only.
    pub fn new(corpus: &Corpus, themes: &[CustomTheme]) -> CustomThemes {
        let mut excluded = Set::default();
        let themes = themes
            .iter()
            .map(|theme| {
                let mut comments = Vec::new();
                for keyword in &theme.keywords {
                    for language in Language::ALL {
                        if let Some(pattern) = pattern(corpus, keyword, language) {
                            mentioning(corpus, &pattern, &mut excluded, &mut comments);
                        }
                    }
                }
                comments.sort_unstable();
                comments.dedup();
                Matched { name: theme.name.clone(), keywords: theme.keywords.clone(), comments }
            })
            .collect();
        CustomThemes { themes, excluded }
    }
}

/// The keyword as the corpus's terms of `language`, in order, with [`GAP`] for its stop
/// words and punctuation; `None` when some word of it is in no comment of that language.
fn pattern(corpus: &Corpus, keyword: &str, language: Language) -> Option<Vec<TermId>> {
    let analyzer = corpus.analyzer(language);
    let mut pattern = Vec::new();
    let mut known = true;
    words(keyword, language, |word| match word.filter(|word| !analyzer.is_stop_word(word)) {
        Some(word) => match corpus.stem_term(language, word) {
            Some(term) => pattern.push(term),
            None => known = false,
        },
        None if pattern.last().is_some_and(|&last| last != GAP) => pattern.push(GAP),
        None => {}
    });
    if pattern.last() == Some(&GAP) {
        pattern.pop();
    }
    (known && !pattern.is_empty()).then_some(pattern)
}

/// Adds the comments with `pattern` to `comments`, and its term (a word or a two-word
/// phrase) to `excluded`.
fn mentioning(corpus: &Corpus, pattern: &[TermId], excluded: &mut Set<TermId>, comments: &mut Vec<u32>) {
    match *pattern {
        [word] => {
            excluded.insert(word);
            comments.extend(corpus.postings.get(word));
        }
        _ => {
            if let [first, second] = *pattern {
                excluded.extend(corpus.phrase(first, second));
            }
            // Only the comments with its rarest word can have it.
            let Some(rarest) = pattern
                .iter()
                .filter(|&&term| term != GAP)
                .min_by_key(|&&term| corpus.postings.get(term).len())
            else {
                return;
            };
            comments.extend(corpus.postings.get(*rarest).iter().filter(|&&comment| {
                corpus.sequences.get(comment).windows(pattern.len()).any(|words| words == pattern)
            }));
        }
    }
}
