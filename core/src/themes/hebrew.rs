//! Hebrew's stop words and stems, by rules of our own (Snowball has no Hebrew) that read
//! the comments' words first.
//!
//! Hebrew writes "and", "that", "in", "from", "the"... as letters before a word, in a fixed
//! order ([`PREFIXES`]: וכשהמשלוח, "and when the shipping"), and a plural with an ending, -ים
//! or -ות. Neither can be stripped blindly: משלוח ("shipping") is no מ ("from") before
//! שלוח, שאלה ("question") no ש ("that") before the stop word אלה ("these"), and מלא
//! ("full") no מ before לא ("not"). So the rules go by what the comments attest:
//!
//! - A word that reads as prefixes before a stop word is a stop word too (וזה, "and this";
//!   שלא, "that not"; הכל, "everything"), unless the comments write it after a prefix that
//!   cannot come before its own first letter, which only a word of its own can follow:
//!   השאלה ("the question") or בשאלה shows that שאלה is a word, as המלא or למלא shows
//!   that מלא is and השכל that שכל ("intellect") is; then ושאלה is "and a question" too.
//!   Without such a sign the stop word is kept as the likelier reading (שכל is "that all"
//!   more often than "intellect"), so a question written only bare, שאלה, is left out.
//! - A word is stemmed down to the longest of its [remainders](remainders) (without prefixes,
//!   a plural ending, or both) that the comments attest, then that one in turn; a word with
//!   none is its own stem. Attested are the words the comments write that are no stop words,
//!   and those that one of their words has after a prefix and another before a plural
//!   ending (המשלוח and משלוחים attest משלוח). A plural's singular ends in its letter's final
//!   form (זמנים is זמן), and -ות may replace a ה (חבילות is חבילה).
//!
//! So המשלוח ("the shipping") and משלוחים ("shipments") are stemmed to משלוח when the
//! comments write it, while משלוח stays whole: its only remainder, שלוח, is no word of
//! theirs, and לוח ("board") is none of its remainders, as Hebrew writes no ש after a מ
//! prefix. Unrelated words still meet where the comments write both and one looks like the
//! other with a prefix: מחשב ("computer") and חשב ("calculated").

use std::borrow::Cow;
use std::cmp::Reverse;

use super::Set;

/// What the comments attest, which Hebrew's stop words and stems depend on.
#[derive(Debug, Default)]
pub(super) struct HebrewWords {
    /// Words that read as prefixes before a stop word, but that the comments write after a
    /// prefix no prefix of theirs can follow: words of their own (שאלה, as השאלה is written).
    own: Set<Box<str>>,
    /// What stems are reduced to. Two words reaching the same letters by two prefixes
    /// attest nothing: שירות ("service") and בירות ("beers") would attest ירות.
    attested: Set<Box<str>>,
}

impl HebrewWords {
    /// What the comments' words attest: `written`, each once, stop words or not, with
    /// `stop_words` the Hebrew list.
    pub(super) fn new(written: &[&str], stop_words: &Set<&str>) -> HebrewWords {
        let listed = |word: &str, starts: u32| rests(word, starts).any(|rest| stop_words.contains(rest));
        let mut own = Set::default();
        // Most words have no stop word in them and are kept; the others once `own` is known.
        let (mut kept, mut mixed) = (Vec::new(), Vec::new());
        for &word in written {
            let starts = prefix_starts(word);
            if listed(word, starts) {
                mixed.push(word);
                continue;
            }
            kept.push(word);
            for at in ones(starts & !1) {
                // Only a rest of `rest` that is none of `word`'s can be a stop word: one after
                // a prefix that cannot follow those before `rest`.
                let rest = word.split_at(at).1;
                if listed(word, prefix_starts(rest) << at & !starts) {
                    own.insert(Box::from(rest));
                }
            }
        }
        let mut words = HebrewWords { own, attested: Set::default() };
        kept.extend(mixed.into_iter().filter(|word| !words.is_stop_word(word, stop_words)));
        let mut prefixed = Set::default();
        let mut singular = Set::default();
        for &word in &kept {
            prefixed.extend(prefix_rests(word).skip(1).filter(|&rest| stem_long(rest)));
            singular.extend(singulars(word).filter(|rest| stem_long(rest)));
        }
        let met: Vec<Cow<'_, str>> = singular
            .into_iter()
            .filter(|rest| prefixed.contains(rest.as_ref()) && !words.is_stop_word(rest, stop_words))
            .collect();
        words.attested = kept.into_iter().map(Box::from).chain(met.into_iter().map(Box::from)).collect();
        words
    }

    /// Whether `word` is one of `stop_words` (the Hebrew list), or one after prefixes that
    /// the comments do not show to be a word of its own.
    pub(super) fn is_stop_word(&self, word: &str, stop_words: &Set<&str>) -> bool {
        if self.attested.contains(word) {
            return false;
        }
        let reading = prefix_rests(word).find_map(|rest| {
            if self.own.contains(rest) {
                Some(false)
            } else {
                stop_words.contains(rest).then_some(true)
            }
        });
        reading.unwrap_or(false)
    }

    /// The stem of `word`, no stop word.
    pub(super) fn stem(&self, word: &str) -> String {
        let mut stem = word.to_owned();
        loop {
            let attested = remainders(&stem).into_iter().find(|rest| self.attested.contains(rest.as_ref()));
            match attested {
                Some(rest) => stem = rest.into_owned(),
                None => return stem,
            }
        }
    }
}

/// What `word` may be without prefixes, a plural ending, or both, each of
/// [`STEM_MIN_LETTERS`] or more, longest first (of one length, the one without prefixes).
fn remainders(word: &str) -> Vec<Cow<'_, str>> {
    let mut remainders: Vec<Cow<'_, str>> = prefix_rests(word)
        .map(Cow::Borrowed)
        .chain(prefix_rests(word).flat_map(singulars))
        .filter(|rest| rest.len() < word.len() && stem_long(rest))
        .collect();
    remainders.sort_by_key(|rest| Reverse(rest.len()));
    remainders
}

/// `word` after each run of prefixes it may start with, [`PREFIXES`] in their order,
/// longest first: `word` itself, then without its first letter if that is a prefix...
fn prefix_rests(word: &str) -> impl Iterator<Item = &str> {
    rests(word, prefix_starts(word))
}

/// Where in `word` its [rests](prefix_rests) start, a bit per byte: the prefixes take 10
/// bytes at most.
fn prefix_starts(word: &str) -> u32 {
    let mut starts = 1u32;
    for place in PREFIXES {
        for at in ones(starts) {
            let rest = word.split_at(at).1;
            for after in place.iter().filter_map(|prefix| rest.strip_prefix(prefix)) {
                starts |= 1 << (word.len() - after.len());
            }
        }
    }
    starts
}

/// The rests of `word` that start where `starts` has a bit, longest first.
fn rests(word: &str, starts: u32) -> impl Iterator<Item = &str> {
    ones(starts).map(|at| word.split_at(at).1)
}

/// The places of the bits of `bits` that are 1, lowest first.
fn ones(mut bits: u32) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let at = bits.trailing_zeros() as usize;
        bits &= bits.wrapping_sub(1);
        (at < u32::BITS as usize).then_some(at)
    })
}

/// What `word` may be in the singular, if it ends as a plural: before -ות with a ה
/// (חבילות, חבילה), and without -ים or -ות, its last letter in its final form (זמנים, זמן).
fn singulars(word: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let feminine = word.strip_suffix("ות").map(|stem| Cow::Owned(format!("{stem}ה")));
    let stem = word.strip_suffix("ים").or_else(|| word.strip_suffix("ות"));
    feminine.into_iter().chain(stem.map(with_final_letter))
}

/// `letters` ending a word: its last letter in its final form, if it has one (זמנ, זמן).
fn with_final_letter(letters: &str) -> Cow<'_, str> {
    let mut chars = letters.chars();
    let last = chars.next_back();
    match FINAL_LETTERS.iter().find(|&&(letter, _)| Some(letter) == last) {
        Some(&(_, last)) => Cow::Owned(format!("{}{last}", chars.as_str())),
        None => Cow::Borrowed(letters),
    }
}

/// Whether `rest` has letters enough to be a stem: Hebrew's words of two letters are mostly
/// prepositions and pronouns, or a prefixed word's chance ending.
fn stem_long(rest: &str) -> bool {
    rest.chars().nth(STEM_MIN_LETTERS - 1).is_some()
}

/// A Hebrew stem has at least this many letters.
const STEM_MIN_LETTERS: usize = 3;

/// The letters Hebrew writes before a word, in the order it writes them, one of each place
/// or none: "and"; "that" or "when"; "from", "in", "to" or "as"; "the" (וכשהמשלוח, "and
/// when the shipping").
const PREFIXES: [&[&str]; 4] = [&["ו"], &["ש", "כש"], &["מ", "ב", "ל", "כ"], &["ה"]];

/// The letters that take another form at the end of a word, and that form.
const FINAL_LETTERS: [(char, char); 5] = [('כ', 'ך'), ('מ', 'ם'), ('נ', 'ן'), ('פ', 'ף'), ('צ', 'ץ')];

#[cfg(test)]
mod tests {
    use super::super::words::{words, Analyzer};
    use crate::survey::Language;

    /// The Hebrew analyzer once it has read the comments `written`.
    fn reading(written: &str) -> Analyzer {
        let mut letters = Vec::new();
        words(written, Language::Hebrew, |word| letters.extend(word.map(str::to_owned)));
        let mut analyzer = Analyzer::new(Language::Hebrew);
        analyzer.attest(&letters.iter().map(String::as_str).collect::<Vec<_>>());
        analyzer
    }

    /// The stem of each of `words` among the words of comments `written`.
    fn stems(written: &str, words: &[&str]) -> Vec<String> {
        let analyzer = reading(written);
        words.iter().map(|word| analyzer.stem(word)).collect()
    }

    /// Which of `words` are stop words among the words of comments `written`.
    fn stop_words<'a>(written: &str, words: &[&'a str]) -> Vec<&'a str> {
        let analyzer = reading(written);
        words.iter().copied().filter(|word| analyzer.is_stop_word(word)).collect()
    }

    #[test]
    fn a_stop_word_after_prefixes_is_one() {
        let written = "וזה לא הגיע. שלא תגידו שלא אמרתי, ושלא יהיה הכל בסדר. המשלוח הזה";
        let words = ["וזה", "שלא", "ושלא", "הכל", "הזה"];
        assert_eq!(stop_words(written, &words), words);
        assert!(stop_words(written, &["המשלוח", "הגיע", "אמרתי"]).is_empty());
    }

    #[test]
    fn a_word_after_a_prefix_it_cannot_follow_is_a_word_of_its_own() {
        // Question (ש before "these"), full (מ before "not") and intellect (ש before "all"),
        // each after "the" or "in", which no ש or מ prefix can follow.
        let written = "יש לי שאלה, השאלה שלי ושאלה נוספת. המחיר המלא, מלא באגים. השכל הישר, שכל ילד יבין";
        assert!(stop_words(written, &["שאלה", "השאלה", "ושאלה", "מלא", "המלא", "שכל", "השכל"]).is_empty());
        // The stop words themselves stay stop words, and the bare word is its prefixed forms' stem.
        assert_eq!(stop_words(written, &["אלה", "לא", "כל", "ושלא"]), ["אלה", "לא", "כל", "ושלא"]);
        assert_eq!(stems(written, &["השאלה", "ושאלה", "המלא"]), ["שאלה", "שאלה", "מלא"]);
    }

    #[test]
    fn without_that_sign_a_stop_word_is_the_likelier_reading() {
        // "That all the time", and a question written only bare: "ושאלה" after "and" could
        // be "and that these" too.
        let written = "חבל שכל הזמן זה קורה. יש לי שאלה ושאלה נוספת. מלא באגים";
        assert_eq!(stop_words(written, &["שכל", "שאלה", "ושאלה", "מלא"]), ["שכל", "שאלה", "ושאלה", "מלא"]);
    }

    #[test]
    fn a_prefix_is_stripped_down_to_no_stop_word() {
        // "These" is written, yet a question is no ש before it, and questions are no
        // "that" before אלות: "the question" and "questions" meet at question.
        assert_eq!(stems("השאלה שלי. אלה שאלות", &["שאלה", "השאלה", "שאלות"]), ["שאלה"; 3]);
    }

    #[test]
    fn prefixes_and_plurals_are_stripped_down_to_written_words() {
        let written = "משלוח איטי. המשלוח הגיע, במשלוח חסר, והמשלוח נשבר. משלוחים. לוח מחיר המחיר מחירים";
        assert_eq!(
            stems(written, &["משלוח", "המשלוח", "במשלוח", "והמשלוח", "משלוחים", "לוח"]),
            ["משלוח", "משלוח", "משלוח", "משלוח", "משלוח", "לוח"]
        );
        assert_eq!(stems(written, &["מחיר", "המחיר", "מחירים"]), ["מחיר", "מחיר", "מחיר"]);
        // A prefixed word of the comments' words is stemmed as they are: "and in the price".
        assert_eq!(stems(written, &["ובמחיר"]), ["מחיר"]);
    }

    #[test]
    fn a_singular_ends_in_a_final_letter_or_a_he() {
        // Times and time; parcels and parcel; and "in the parcels".
        let written = "זמן קצר, זמנים קצרים. חבילה שלמה, חבילות שלמות, בחבילות";
        assert_eq!(stems(written, &["זמנים", "זמן"]), ["זמן", "זמן"]);
        assert_eq!(stems(written, &["חבילות", "בחבילות", "חבילה"]), ["חבילה"; 3]);
        // Each final letter: documents, places, watches, branches, juices.
        let written = "מסמכים מסמך. מקומות מקום. שעונים שעון. סניפים סניף. מיצים מיץ";
        assert_eq!(
            stems(written, &["מסמכים", "מקומות", "שעונים", "סניפים", "מיצים"]),
            ["מסמך", "מקום", "שעון", "סניף", "מיץ"]
        );
    }

    #[test]
    fn words_meeting_at_a_word_attest_it() {
        // "The shipping" and "shipments" meet at shipping, which no comment writes.
        assert_eq!(stems("המשלוח איטי. משלוחים", &["המשלוח", "משלוחים", "משלוח"]), ["משלוח"; 3]);
        // "The time" and "times" at time, "the parcel" and "parcels" at parcel: their forms
        // at the end of a word.
        assert_eq!(stems("הזמן עבר. זמנים", &["הזמן", "זמנים"]), ["זמן"; 2]);
        assert_eq!(stems("החבילה הגיעה. חבילות", &["החבילה", "חבילות"]), ["חבילה"; 2]);
    }

    #[test]
    fn a_word_whose_remainders_are_not_written_is_kept() {
        // The computer, with no מחשב nor חשב written.
        assert_eq!(stems("המחשב לא עובד", &["המחשב"]), ["המחשב"]);
        assert_eq!(stems("משלוחים מהירים", &["משלוחים"]), ["משלוחים"]);
        // Service and beers reach ירות by a prefix each, which attests nothing; nor does
        // service after "the" attest שיר (song) as service's singular.
        assert_eq!(stems("שירות ובירות. השירות", &["שירות", "בירות", "השירות"]), ["שירות", "בירות", "שירות"]);
        // Board is none of shipping's remainders, as ש follows no מ prefix.
        assert_eq!(stems("לוח", &["משלוח"]), ["משלוח"]);
        // Three letters stay.
        assert_eq!(stems("ים מים", &["מים", "הים"]), ["מים", "הים"]);
    }
}
