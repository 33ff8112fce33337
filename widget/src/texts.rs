//! Everything the survey says, in each built-in language, and the choice of language.
//! A translation is data: one row of [`Language::texts`], never a change to the rendering.

/// Every text of the survey, in the order of the names a survey's `texts` overrides use
/// ([`KEYS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// The card's name for screen readers.
    Survey,
    /// The recommendation question; `{company}` stands for the company's name.
    Recommend,
    RecommendLow,
    RecommendHigh,
    Usability,
    UsabilityLow,
    UsabilityHigh,
    CommentDetractor,
    CommentPassive,
    CommentPromoter,
    /// What the five commitment statements are about.
    Commitment,
    Disagree,
    Agree,
    Affective,
    Normative,
    Economic,
    Forced,
    Habitual,
    RepeatPurchase,
    RepeatLow,
    RepeatHigh,
    Next,
    Send,
    Close,
    Thanks,
}

const COUNT: usize = Text::Thanks as usize + 1;

/// The overrides' names for the texts, in the order of [`Text`]: the array's type makes
/// the compiler check that pulse-core names every text.
const KEYS: [&str; COUNT] = pulse_core::survey::TEXT_KEYS;

pub struct Language {
    /// The BCP 47 primary tag, one of `pulse_core::survey::LANGUAGES`.
    pub code: &'static str,
    pub rtl: bool,
    /// Every text in the order of [`Text`], one per line: one string rather than an array
    /// of them, whose pointers would weigh a kilobyte of Wasm.
    texts: &'static str,
}

impl Language {
    fn text(&self, text: Text) -> &'static str {
        self.line(text as usize)
    }

    // Inline, as `built_in` is: the widget's own Wasm then does not carry the editor's
    // lookup (48 bytes of brotli otherwise).
    #[inline]
    fn line(&self, wanted: usize) -> &'static str {
        let (mut line, mut start) = (0, 0);
        for (at, byte) in self.texts.bytes().enumerate() {
            if byte == b'\n' {
                if line == wanted {
                    return &self.texts[start..at];
                }
                line += 1;
                start = at + 1;
            }
        }
        &self.texts[start..]
    }
}

pub static LANGUAGES: [Language; 5] = [
    Language {
        code: "en",
        rtl: false,
        texts: concat!(
            "Survey\n",
            "How likely are you to recommend {company} to a friend or colleague?\n",
            "Not at all likely\n",
            "Extremely likely\n",
            "How easy is it to use our website?\n",
            "Very difficult\n",
            "Very easy\n",
            "We're sorry to hear that. What could we do better?\n",
            "What would make us a 10 for you?\n",
            "Great! What do you like most about us?\n",
            "How much do you agree?\n",
            "Strongly disagree\n",
            "Strongly agree\n",
            "I feel good about this company.\n",
            "This company shares my values.\n",
            "I would lose benefits, such as points, if I left.\n",
            "I have no real alternative.\n",
            "I buy here out of habit.\n",
            "Of your last 10 purchases of this kind, how many were from us?\n",
            "None\n",
            "All 10\n",
            "Next\n",
            "Send\n",
            "Close survey\n",
            "Thank you for your feedback!",
        ),
    },
    Language {
        code: "fr",
        rtl: false,
        texts: concat!(
            "Enquête\n",
            "Quelle est la probabilité que vous recommandiez {company} à un ami ou un collègue ?\n",
            "Pas du tout probable\n",
            "Très probable\n",
            "Notre site est-il facile à utiliser ?\n",
            "Très difficile\n",
            "Très facile\n",
            "Nous en sommes désolés. Que pourrions-nous améliorer ?\n",
            "Que faudrait-il pour que vous nous donniez 10 ?\n",
            "Super ! Qu'appréciez-vous le plus chez nous ?\n",
            "Êtes-vous d'accord ?\n",
            "Pas du tout d'accord\n",
            "Tout à fait d'accord\n",
            "J'ai de la sympathie pour cette entreprise.\n",
            "Cette entreprise partage mes valeurs.\n",
            "Je perdrais des avantages, comme des points, si je partais.\n",
            "Je n'ai pas vraiment d'autre choix.\n",
            "J'achète ici par habitude.\n",
            "Sur vos 10 derniers achats de ce type, combien ont été faits chez nous ?\n",
            "Aucun\n",
            "Les 10\n",
            "Suivant\n",
            "Envoyer\n",
            "Fermer l'enquête\n",
            "Merci pour votre avis !",
        ),
    },
    Language {
        code: "nl",
        rtl: false,
        texts: concat!(
            "Enquête\n",
            "Hoe waarschijnlijk is het dat u {company} aanbeveelt aan een vriend of collega?\n",
            "Helemaal niet waarschijnlijk\n",
            "Zeer waarschijnlijk\n",
            "Hoe makkelijk is onze website te gebruiken?\n",
            "Heel moeilijk\n",
            "Heel makkelijk\n",
            "Dat spijt ons. Wat kunnen we beter doen?\n",
            "Wat zou ons een 10 waard maken?\n",
            "Fijn! Wat waardeert u het meest aan ons?\n",
            "In hoeverre bent u het eens?\n",
            "Helemaal oneens\n",
            "Helemaal eens\n",
            "Ik heb een goed gevoel bij dit bedrijf.\n",
            "Dit bedrijf deelt mijn waarden.\n",
            "Ik zou voordelen, zoals punten, verliezen als ik wegging.\n",
            "Ik heb geen echt alternatief.\n",
            "Ik koop hier uit gewoonte.\n",
            "Hoeveel van uw laatste 10 aankopen van deze soort deed u bij ons?\n",
            "Geen\n",
            "Alle 10\n",
            "Volgende\n",
            "Versturen\n",
            "Enquête sluiten\n",
            "Bedankt voor uw feedback!",
        ),
    },
    Language {
        code: "af",
        rtl: false,
        texts: concat!(
            "Opname\n",
            "Hoe waarskynlik is dit dat jy {company} by 'n vriend of kollega sal aanbeveel?\n",
            "Glad nie waarskynlik nie\n",
            "Uiters waarskynlik\n",
            "Hoe maklik is ons webwerf om te gebruik?\n",
            "Baie moeilik\n",
            "Baie maklik\n",
            "Jammer om dit te hoor. Wat kan ons beter doen?\n",
            "Wat sal ons 'n 10 vir jou maak?\n",
            "Wonderlik! Wat hou jy die meeste van ons?\n",
            "Hoe sterk stem jy saam?\n",
            "Stem glad nie saam nie\n",
            "Stem volkome saam\n",
            "Ek voel goed oor hierdie maatskappy.\n",
            "Hierdie maatskappy deel my waardes.\n",
            "Ek sal voordele, soos punte, verloor as ek weggaan.\n",
            "Ek het geen regte alternatief nie.\n",
            "Ek koop hier uit gewoonte.\n",
            "Hoeveel van jou laaste 10 aankope van hierdie soort was by ons?\n",
            "Geen\n",
            "Al 10\n",
            "Volgende\n",
            "Stuur\n",
            "Sluit opname\n",
            "Dankie vir jou terugvoer!",
        ),
    },
    Language {
        code: "he",
        rtl: true,
        texts: concat!(
            "סקר\n",
            "עד כמה סביר שתמליצו על {company} לחבר או לעמית?\n",
            "בכלל לא סביר\n",
            "סביר מאוד\n",
            "עד כמה קל להשתמש באתר שלנו?\n",
            "קשה מאוד\n",
            "קל מאוד\n",
            "צר לנו לשמוע. מה נוכל לעשות טוב יותר?\n",
            "מה יגרום לכם לתת לנו 10?\n",
            "נהדר! מה אתם הכי אוהבים אצלנו?\n",
            "עד כמה אתם מסכימים?\n",
            "בכלל לא מסכים\n",
            "מסכים מאוד\n",
            "יש לי רגש חיובי כלפי החברה הזו.\n",
            "החברה הזו חולקת את הערכים שלי.\n",
            "הייתי מפסיד הטבות, כמו נקודות, אם הייתי עוזב.\n",
            "אין לי חלופה אמיתית.\n",
            "אני קונה כאן מתוך הרגל.\n",
            "מתוך 10 הרכישות האחרונות שלכם מסוג זה, כמה היו אצלנו?\n",
            "אף אחת\n",
            "כל ה-10\n",
            "הבא\n",
            "שליחה\n",
            "סגירת הסקר\n",
            "תודה על המשוב!",
        ),
    },
];

/// The first of the survey's setting, the page's `lang` and the browser's language that
/// Pulse speaks, else English. Region subtags are ignored: `fr-CA` is French.
pub fn choose(candidates: [Option<&str>; 3]) -> &'static Language {
    candidates
        .into_iter()
        .flatten()
        .find_map(|tag| {
            // The primary subtag, of two letters for every language Pulse speaks. By hand
            // rather than with split(), whose iterator weighs more Wasm than this.
            let tag = tag.as_bytes();
            let primary = tag.get(..2)?;
            if !matches!(tag.get(2), None | Some(b'-' | b'_')) {
                return None;
            }
            LANGUAGES.iter().find(|language| language.code.as_bytes().eq_ignore_ascii_case(primary))
        })
        .unwrap_or(&LANGUAGES[0])
}

/// The text named `key` that Pulse shows in `language` when a survey does not override it
/// (with `{company}` as is), for the survey editor.
#[inline]
pub fn built_in(language: &str, key: &str) -> Option<&'static str> {
    let language = LANGUAGES.iter().find(|built_in| built_in.code == language)?;
    Some(language.line(KEYS.iter().position(|name| *name == key)?))
}

/// Looks up a survey's override of a text by its key in [`KEYS`].
pub type Overrides = Box<dyn Fn(&str) -> Option<String>>;

/// The texts of one language with a survey's overrides for it.
pub struct Texts {
    pub language: &'static Language,
    overrides: Overrides,
    company: String,
}

impl Texts {
    pub fn new(language: &'static Language, overrides: Overrides, company: String) -> Self {
        Texts { language, overrides, company }
    }

    /// The text, with the company's name in place of `{company}`.
    pub fn get(&self, text: Text) -> String {
        let index = text as usize;
        let template = (self.overrides)(KEYS[index]);
        let template = template.as_deref().unwrap_or_else(|| self.language.text(text));
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

    fn english() -> Texts {
        Texts::new(&LANGUAGES[0], Box::new(|_| None), "Acme".into())
    }

    #[test]
    fn every_built_in_language_is_one_pulse_core_lists() {
        let codes: Vec<_> = LANGUAGES.iter().map(|language| language.code).collect();
        assert_eq!(codes, pulse_core::survey::LANGUAGES);
        assert!(LANGUAGES.iter().all(|language| language.rtl == (language.code == "he")));
    }

    #[test]
    fn every_language_names_the_company_in_the_question_and_has_every_text() {
        for language in &LANGUAGES {
            assert_eq!(language.texts.lines().count(), COUNT, "{}", language.code);
            assert!(language.texts.lines().all(|text| !text.trim().is_empty()), "{}", language.code);
            assert!(language.text(Text::Recommend).contains("{company}"), "{}", language.code);
        }
        assert_eq!(LANGUAGES[0].text(Text::Survey), "Survey");
        assert_eq!(LANGUAGES[0].text(Text::Thanks), "Thank you for your feedback!");
        assert_eq!(LANGUAGES[4].text(Text::Close), "סגירת הסקר");
    }

    #[test]
    fn the_editor_finds_the_built_in_texts_by_language_and_name() {
        assert_eq!(built_in("fr", "thanks"), Some("Merci pour votre avis !"));
        assert_eq!(built_in("he", "survey"), Some("סקר"));
        assert_eq!(built_in("en", "recommend_low"), Some("Not at all likely"));
        assert_eq!(built_in("de", "thanks"), None);
        assert_eq!(built_in("en", "goodbye"), None);
    }

    #[test]
    fn the_question_names_the_company() {
        assert_eq!(
            english().get(Text::Recommend),
            "How likely are you to recommend Acme to a friend or colleague?"
        );
    }

    #[test]
    fn a_survey_overrides_texts_by_key_and_may_name_the_company() {
        let overrides = |key: &str| (key == "thanks").then(|| "Merci {x}, {company} { !".to_owned());
        let texts = Texts::new(&LANGUAGES[1], Box::new(overrides), "Acme".into());
        assert_eq!(texts.get(Text::Thanks), "Merci {x}, Acme { !");
        assert_eq!(texts.get(Text::Send), "Envoyer");
    }

    #[test]
    fn the_language_is_the_surveys_else_the_pages_else_the_browsers() {
        assert_eq!(choose([Some("he"), Some("fr"), Some("nl")]).code, "he");
        assert_eq!(choose([None, Some("fr-CA"), Some("nl")]).code, "fr");
        assert_eq!(choose([None, Some("de"), Some("nl-BE")]).code, "nl");
        assert_eq!(choose([None, Some(""), Some("AF")]).code, "af");
        assert_eq!(choose([None, None, Some("de-DE")]).code, "en");
        assert_eq!(choose([None, Some("frr"), Some("he_IL")]).code, "he", "North Frisian is no French");
        assert_eq!(choose([None, None, None]).code, "en");
    }
}
