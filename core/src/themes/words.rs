//! Comments as words, per language: lower-case words cut at spaces and punctuation, stop
//! words left out, and each word reduced to its stem so that its inflections count as one
//! ("delivery", "delivered", "deliveries").
//!
//! Stems are Snowball's (the `rust-stemmers` crate) for English, French and Dutch, and two
//! small rules of our own for Afrikaans and Hebrew, which Snowball lacks ([`afrikaans_stem`],
//! and `hebrew.rs`, whose stop words and stems read the comments' words first). Stop words
//! are NLTK's lists (its stopwords corpus, after PostgreSQL's Snowball lists) for English,
//! French, Dutch and Hebrew, and stopwords-iso's for Afrikaans, which NLTK lacks: short
//! lists, so words that tell why customers score as they do ("good", "never", "help",
//! "problem") stay, where stopwords-iso's English list would drop them. They are kept here
//! (`stop_words/`), as the `stop-words` crate would link its sixty languages' lists, some
//! 300 KB, into the results page's Wasm.

use rust_stemmers::{Algorithm, Stemmer};

use super::hebrew::HebrewWords;
use super::Set;
use crate::survey::Language;

/// One language's stop words and stemmer.
pub(super) struct Analyzer {
    language: Language,
    stemmer: Option<Stemmer>,
    stop_words: Set<&'static str>,
    /// The Hebrew words the comments attest, once [`Analyzer::attest`] is told them.
    hebrew: HebrewWords,
}

impl Analyzer {
    pub(super) fn new(language: Language) -> Analyzer {
        let algorithm = match language {
            Language::English => Some(Algorithm::English),
            Language::French => Some(Algorithm::French),
            Language::Dutch => Some(Algorithm::Dutch),
            Language::Afrikaans | Language::Hebrew => None,
        };
        Analyzer {
            language,
            stemmer: algorithm.map(Stemmer::create),
            stop_words: stop_words(language).lines().collect(),
            hebrew: HebrewWords::default(),
        }
    }

    /// Tells the Hebrew analyzer the words `written` in the comments (each once, stop words
    /// or not), which its stop words and stems depend on.
    pub(super) fn attest(&mut self, written: &[&str]) {
        self.hebrew = HebrewWords::new(written, &self.stop_words);
    }

    /// Whether `word`, as [`words`] gives it, is too common to tell anything. In Hebrew a
    /// stop word may carry prefix letters ("וזה", "and this"), as the comments read.
    pub(super) fn is_stop_word(&self, word: &str) -> bool {
        match self.language {
            Language::Hebrew => self.hebrew.is_stop_word(word, &self.stop_words),
            _ => self.stop_words.contains(word),
        }
    }

    /// The stem of `word`, as [`words`] gives it; in Hebrew, as the attested words have it.
    pub(super) fn stem(&self, word: &str) -> String {
        match (&self.stemmer, self.language) {
            (Some(stemmer), Language::English) => {
                // Porter2 keeps a noun in -y apart from its verb (delivery → deliveri,
                // delivered → deliv): stemming once more without the i joins them.
                let stem = stemmer.stem(word);
                match stem.strip_suffix('i') {
                    Some(rest) if rest.chars().count() >= 4 => stemmer.stem(rest).into_owned(),
                    _ => stem.into_owned(),
                }
            }
            (Some(stemmer), _) => stemmer.stem(word).into_owned(),
            (None, Language::Hebrew) => self.hebrew.stem(word),
            (None, _) => afrikaans_stem(word).to_owned(),
        }
    }
}

/// The stop words of `language`, one a line.
fn stop_words(language: Language) -> &'static str {
    match language {
        Language::English => include_str!("stop_words/en.txt"),
        Language::French => include_str!("stop_words/fr.txt"),
        Language::Dutch => include_str!("stop_words/nl.txt"),
        Language::Afrikaans => include_str!("stop_words/af.txt"),
        Language::Hebrew => include_str!("stop_words/he.txt"),
    }
}

/// Calls `each` with the words of `text` in order, lower-cased, and with `None` wherever
/// something else stands between two words (punctuation other than a hyphen, a number, a
/// single letter), which keeps them from forming a phrase. A word has two characters or
/// more, one of them a letter. Hebrew loses its vowel points and cantillation marks; an
/// apostrophe follows the language's use ([`split_apostrophes`]).
pub(super) fn words(text: &str, language: Language, mut each: impl FnMut(Option<&str>)) {
    let mut buffer = String::new();
    let (mut start, mut at) = (0, 0);
    // Whether the token from `start` is as it will be read, which spares copying it: most
    // are, in lower case without apostrophes or marks.
    let mut plain = true;
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(at) {
        // ASCII, most of the text, is read byte by byte without decoding; lower-case letters
        // and digits, most of it, in one sweep.
        let (in_word, as_read, joins, next) = match byte {
            b'a'..=b'z' | b'0'..=b'9' => {
                let run =
                    bytes[at..].iter().position(|byte| !byte.is_ascii_lowercase() && !byte.is_ascii_digit());
                (true, true, true, run.map_or(bytes.len(), |run| at + run))
            }
            b'A'..=b'Z' | b'\'' => (true, false, true, at + 1),
            b' ' | b'\t' | b'\n' | b'\r' | b'-' => (false, true, true, at + 1),
            0..=0x7f => (false, true, false, at + 1),
            _ => {
                let c = text[at..].chars().next().unwrap_or_default();
                let next = at + c.len_utf8();
                if is_caseless_or_lower_letter(c) {
                    (true, true, true, next)
                } else if APOSTROPHES.contains(&c) || is_hebrew_mark(c) || c.is_alphanumeric() {
                    (true, false, true, next)
                } else {
                    (false, true, is_space(c) || HYPHENS.contains(&c), next)
                }
            }
        };
        if in_word {
            plain &= as_read;
        } else {
            // Sliced in two steps, as a range of a str is what the widget slices (see the
            // module's doc in themes/mod.rs).
            token(&text[..at][start..], plain, language, &mut buffer, &mut each);
            if !joins {
                each(None);
            }
            (start, plain) = (next, true);
        }
        at = next;
    }
    token(&text[start..], plain, language, &mut buffer, &mut each);
}

/// Gives `each` the words of one token of letters, digits, apostrophes and marks.
fn token(
    token: &str,
    plain: bool,
    language: Language,
    buffer: &mut String,
    each: &mut impl FnMut(Option<&str>),
) {
    let token = if plain {
        token
    } else {
        buffer.clear();
        for c in token.chars().filter(|&c| !is_hebrew_mark(c)) {
            if APOSTROPHES.contains(&c) {
                // One at the start of a word is a quotation mark, or elides as Afrikaans'
                // 'n does: never part of the word.
                if !buffer.is_empty() {
                    buffer.push('\'');
                }
            } else if c.is_ascii() {
                // Most letters to lower, a capital opening a sentence: without Unicode's tables.
                buffer.push(c.to_ascii_lowercase());
            } else {
                buffer.extend(c.to_lowercase());
            }
        }
        let apostrophes = buffer.bytes().rev().take_while(|&byte| byte == b'\'').count();
        &buffer[..buffer.len() - apostrophes]
    };
    // A token holds letters, digits and apostrophes only, so any character beyond ASCII in
    // it is a letter (of some script), which spares Unicode's tables.
    let mut give = |word: &str| {
        let is_word =
            word.chars().nth(1).is_some() && word.bytes().any(|b| b.is_ascii_alphabetic() || !b.is_ascii());
        each(is_word.then_some(word));
    };
    if !plain && token.contains('\'') {
        split_apostrophes(token, language).filter(|word| !word.is_empty()).for_each(give);
    } else if !token.is_empty() {
        give(token);
    }
}

/// The lower-case letters of French and Afrikaans beyond ASCII (é, ê, ë, ô...) and Hebrew's
/// letters, which have no case: known as letters without Unicode's tables.
fn is_caseless_or_lower_letter(c: char) -> bool {
    matches!(c, 'à'..='ÿ' | 'א'..='ת') && c != '÷'
}

/// The words of a token holding apostrophes. English keeps them ("don't" is a stop word,
/// Porter2 drops the "'s" of "customer's"), and so does Hebrew, where a geresh is part of
/// a word (ג'ינס); French drops an elided article or pronoun ("l'application" is
/// "application"); in Dutch and Afrikaans an apostrophe ends a word ("auto's" is "auto").
fn split_apostrophes(token: &str, language: Language) -> impl Iterator<Item = &str> {
    let token = match (language, token.split_once('\'')) {
        (Language::French, Some((elided, rest))) if FRENCH_ELISIONS.contains(&elided) => rest,
        _ => token,
    };
    let splits = matches!(language, Language::Dutch | Language::Afrikaans);
    let (whole, parts) = if splits { (None, Some(token.split('\''))) } else { (Some(token), None) };
    whole.into_iter().chain(parts.into_iter().flatten())
}

/// Afrikaans, which Snowball lacks, by a rule of our own: strip the first of these suffixes
/// the word ends with, if at least 3 letters remain: -heid and -hede (vriendelikheid →
/// vriendelik), -ste (stadigste → stadig; also dienste → dien), -te (produkte → produk), -e
/// (stadige → stadig) and -s (aflewerings → aflewering), this one if at least 4 remain: a
/// word of four letters in -s is mostly a singular whose plural takes -e (prys and pryse,
/// mens and mense, kans and kanse), which stripping the -s would set apart. Only once, so
/// that a stem is never stripped further than its inflections are.
pub(super) fn afrikaans_stem(word: &str) -> &str {
    const SUFFIXES: [(&str, usize); 6] =
        [("heid", 3), ("hede", 3), ("ste", 3), ("te", 3), ("e", 3), ("s", 4)];
    SUFFIXES
        .iter()
        .find_map(|&(suffix, least)| word.strip_suffix(suffix).filter(|rest| rest.chars().count() >= least))
        .unwrap_or(word)
}

/// The articles and pronouns French elides before a vowel: l', d', qu', jusqu'...
const FRENCH_ELISIONS: [&str; 13] =
    ["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

/// Typed apostrophes, the typographic ones and Hebrew's geresh, all read as `'`.
const APOSTROPHES: [char; 5] = ['\'', '\u{2019}', '\u{2018}', '\u{02BC}', '\u{05F3}'];

/// Unicode's white space beyond ASCII (no-break space, thin space, ideographic space...),
/// which separates words as a space does.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{85}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Joiners within compound words ("follow-up", Hebrew's maqaf), which keep two words adjacent.
const HYPHENS: [char; 4] = ['-', '\u{2010}', '\u{2011}', '\u{05BE}'];

/// Hebrew's vowel points and cantillation marks (U+0591–U+05C7), which are not letters, and
/// not its punctuation in that block (maqaf, paseq, sof pasuq, nun hafukha).
fn is_hebrew_mark(c: char) -> bool {
    ('\u{0591}'..='\u{05C7}').contains(&c) && !matches!(c, '\u{05BE}' | '\u{05C0}' | '\u{05C3}' | '\u{05C6}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text`, with `|` where they cannot form a phrase.
    fn split(text: &str, language: Language) -> Vec<String> {
        let mut out = Vec::new();
        words(text, language, |word| out.push(word.unwrap_or("|").to_owned()));
        out
    }

    /// The stems of `words`, as the words of the comments.
    fn stems(language: Language, words: &[&str]) -> Vec<String> {
        let mut analyzer = Analyzer::new(language);
        analyzer.attest(words);
        words.iter().map(|word| analyzer.stem(word)).collect()
    }

    fn all_equal(stems: &[String]) -> bool {
        stems.windows(2).all(|pair| pair[0] == pair[1])
    }

    #[test]
    fn words_are_lower_case_and_cut_at_punctuation() {
        assert_eq!(
            split("Delivery was SLOW, the follow-up late!", Language::English),
            ["delivery", "was", "slow", "|", "the", "follow", "up", "late", "|"]
        );
        // Numbers and single letters are no words, and stand between words.
        assert_eq!(split("top 10 product, a b", Language::English), ["top", "|", "product", "|", "|", "|"]);
        assert_eq!(split("Très bien, élégant", Language::French), ["très", "bien", "|", "élégant"]);
    }

    #[test]
    fn apostrophes_follow_each_language() {
        assert_eq!(
            split("The customer’s order didn't come", Language::English),
            ["the", "customer's", "order", "didn't", "come"]
        );
        assert_eq!(
            split("L'application d’Acme jusqu'à aujourd'hui", Language::French),
            ["application", "acme", "|", "aujourd'hui"]
        );
        assert_eq!(split("Twee auto's", Language::Dutch), ["twee", "auto", "|"]);
        assert_eq!(
            split("Dit was 'n goeie diens", Language::Afrikaans),
            ["dit", "was", "|", "goeie", "diens"]
        );
        assert_eq!(split("ג'ינס", Language::Hebrew), ["ג'ינס"]);
    }

    #[test]
    fn hebrew_loses_its_points_and_marks() {
        // שָׁלוֹם with its vowel points, and a word with a cantillation mark (U+0591).
        assert_eq!(split("שָׁלוֹם מִשְׁלוֹ\u{0591}חַ", Language::Hebrew), ["שלום", "משלוח"]);
        // The maqaf joins, sof pasuq ends a sentence.
        assert_eq!(split("בית־ספר׃ טוב", Language::Hebrew), ["בית", "ספר", "|", "טוב"]);
    }

    #[test]
    fn stop_words_are_each_languages_own() {
        let english = Analyzer::new(Language::English);
        assert!(english.is_stop_word("the") && english.is_stop_word("didn't"));
        assert!(
            !english.is_stop_word("good") && !english.is_stop_word("never") && !english.is_stop_word("help")
        );
        assert!(Analyzer::new(Language::French).is_stop_word("avec"));
        assert!(Analyzer::new(Language::Dutch).is_stop_word("niet"));
        let afrikaans = Analyzer::new(Language::Afrikaans);
        assert!(afrikaans.is_stop_word("die") && afrikaans.is_stop_word("nie"));
        assert!(!afrikaans.is_stop_word("aflewering"));
        let hebrew = Analyzer::new(Language::Hebrew);
        assert!(hebrew.is_stop_word("זה") && hebrew.is_stop_word("וזה"));
        assert!(!hebrew.is_stop_word("משלוח"));
    }

    #[test]
    fn inflections_share_a_stem() {
        assert!(all_equal(&stems(Language::English, &["delivery", "delivered", "deliveries", "deliver"])));
        assert!(all_equal(&stems(Language::English, &["helpful", "help", "helped"])));
        assert!(all_equal(&stems(Language::French, &["livraison", "livraisons"])));
        assert!(all_equal(&stems(Language::French, &["lent", "lente", "lents"])));
        assert!(all_equal(&stems(Language::Dutch, &["levering", "leveringen"])));
        assert!(all_equal(&stems(Language::Afrikaans, &["aflewering", "aflewerings"])));
        assert!(all_equal(&stems(Language::Hebrew, &["משלוח", "המשלוח", "במשלוח", "והמשלוח", "משלוחים"])));
        assert!(all_equal(&stems(Language::Hebrew, &["מחיר", "המחיר", "מחירים"])));
        // And different words do not.
        assert_ne!(stems(Language::English, &["delivery"]), stems(Language::English, &["slow"]));
        assert_ne!(stems(Language::Hebrew, &["משלוח"]), stems(Language::Hebrew, &["מחיר"]));
    }

    #[test]
    fn afrikaans_strips_one_common_suffix() {
        assert_eq!(afrikaans_stem("aflewerings"), "aflewering");
        assert_eq!(afrikaans_stem("stadige"), "stadig");
        assert_eq!(afrikaans_stem("stadigste"), "stadig");
        assert_eq!(afrikaans_stem("vriendelikheid"), "vriendelik");
        assert_eq!(afrikaans_stem("moontlikhede"), "moontlik");
        assert_eq!(afrikaans_stem("produkte"), "produk");
        assert_eq!(afrikaans_stem("pryse"), "prys");
        // At least three letters stay.
        assert_eq!(afrikaans_stem("baie"), "bai");
        assert_eq!(afrikaans_stem("dae"), "dae");
        // And four before an -s, which ends the singular of price, people, chance and house.
        for [singular, plural] in [["prys", "pryse"], ["mens", "mense"], ["kans", "kanse"], ["huis", "huise"]]
        {
            assert_eq!(afrikaans_stem(singular), afrikaans_stem(plural), "{singular}");
        }
        assert_eq!(afrikaans_stem("kans"), "kans");
        assert_eq!(afrikaans_stem("seuns"), "seun");
    }
}
