//! What the survey says: the language it speaks, and each text in it, the survey's own
//! wording else Pulse's (`Language::text`), with the company's name filled in.

use pulse_core::survey::{Language, TextKey};

/// The survey's language if it has one, else the first of the page's `lang` and the
/// browser's language that Pulse speaks, else English. Region subtags are ignored: `fr-CA`
/// is French.
pub fn choose(survey: Option<Language>, tags: [Option<&str>; 2]) -> Language {
    survey.or_else(|| tags.iter().flatten().find_map(|tag| primary_language(tag))).unwrap_or_default()
}

/// The language of a BCP 47 tag's primary subtag, of two letters for every language Pulse
/// speaks. By hand rather than with split(), whose iterator weighs more Wasm than this.
fn primary_language(tag: &str) -> Option<Language> {
    let tag = tag.as_bytes();
    let primary = tag.get(..2)?;
    if !matches!(tag.get(2), None | Some(b'-' | b'_')) {
        return None;
    }
    Language::ALL.iter().copied().find(|language| language.as_str().as_bytes().eq_ignore_ascii_case(primary))
}

/// Looks up a survey's own wording of a text.
pub type Overrides = Box<dyn Fn(TextKey) -> Option<String>>;

/// The texts of one language with a survey's overrides for it.
pub struct Texts {
    pub language: Language,
    overrides: Overrides,
    company: String,
}

impl Texts {
    pub fn new(language: Language, overrides: Overrides, company: String) -> Self {
        Texts { language, overrides, company }
    }

    /// The text, with the company's name in place of `{company}`.
    pub fn get(&self, key: TextKey) -> String {
        let template = (self.overrides)(key);
        let template = template.as_deref().unwrap_or_else(|| self.language.text(key));
        // By hand rather than str::replace, whose substring search weighs 2 KB of Wasm.
        let mut result = String::new();
        let (mut copied, mut at) = (0, 0);
        while at < template.len() {
            if template.as_bytes()[at..].starts_with(b"{company}") {
                result.push_str(&template[copied..at]);
                result.push_str(&self.company);
                at += "{company}".len();
                copied = at;
            } else {
                at += 1;
            }
        }
        result.push_str(&template[copied..]);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_names_the_company() {
        let texts = Texts::new(Language::English, Box::new(|_| None), "Acme".into());
        assert_eq!(
            texts.get(TextKey::Recommend),
            "How likely are you to recommend Acme to a friend or colleague?"
        );
    }

    #[test]
    fn a_survey_overrides_texts_by_key_and_may_name_the_company() {
        let overrides = |key| (key == TextKey::Thanks).then(|| "Merci {x}, {company} { !".to_owned());
        let texts = Texts::new(Language::French, Box::new(overrides), "Acme".into());
        assert_eq!(texts.get(TextKey::Thanks), "Merci {x}, Acme { !");
        assert_eq!(texts.get(TextKey::Send), "Envoyer");
    }

    #[test]
    fn the_language_is_the_surveys_else_the_pages_else_the_browsers() {
        use Language::*;
        assert_eq!(choose(Some(Hebrew), [Some("fr"), Some("nl")]), Hebrew);
        assert_eq!(choose(None, [Some("fr-CA"), Some("nl")]), French);
        assert_eq!(choose(None, [Some("de"), Some("nl-BE")]), Dutch);
        assert_eq!(choose(None, [Some(""), Some("AF")]), Afrikaans);
        assert_eq!(choose(None, [None, Some("de-DE")]), English);
        assert_eq!(choose(None, [Some("frr"), Some("he_IL")]), Hebrew, "North Frisian is no French");
        assert_eq!(choose(None, [None, None]), English);
    }
}
