//! Everything the survey says, in each built-in language, and the choice of language.
//! A translation is data: one row of [`Language::texts`], never a change to the rendering.

/// Every text of the survey. The names in [`KEYS`] are the ones a survey's `texts`
/// overrides use.
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

pub const KEYS: [&str; COUNT] = [
    "survey",
    "recommend",
    "recommend_low",
    "recommend_high",
    "usability",
    "usability_low",
    "usability_high",
    "comment_detractor",
    "comment_passive",
    "comment_promoter",
    "commitment",
    "disagree",
    "agree",
    "commitment_affective",
    "commitment_normative",
    "commitment_economic",
    "commitment_forced",
    "commitment_habitual",
    "repeat_purchase",
    "repeat_low",
    "repeat_high",
    "next",
    "send",
    "close",
    "thanks",
];

pub struct Language {
    /// The BCP 47 primary tag, one of `pulse_core::survey::LANGUAGES`.
    pub code: &'static str,
    pub rtl: bool,
    texts: [&'static str; COUNT],
}

pub static LANGUAGES: [Language; 5] = [
    Language {
        code: "en",
        rtl: false,
        texts: [
            "Survey",
            "How likely are you to recommend {company} to a friend or colleague?",
            "Not at all likely",
            "Extremely likely",
            "How easy is it to use our website?",
            "Very difficult",
            "Very easy",
            "We're sorry to hear that. What could we do better?",
            "What would make us a 10 for you?",
            "Great! What do you like most about us?",
            "How much do you agree?",
            "Strongly disagree",
            "Strongly agree",
            "I feel good about this company.",
            "This company shares my values.",
            "I would lose benefits, such as points, if I left.",
            "I have no real alternative.",
            "I buy here out of habit.",
            "Of your last 10 purchases of this kind, how many were from us?",
            "None",
            "All 10",
            "Next",
            "Send",
            "Close survey",
            "Thank you for your feedback!",
        ],
    },
    Language {
        code: "fr",
        rtl: false,
        texts: [
            "Enquête",
            "Quelle est la probabilité que vous recommandiez {company} à un ami ou un collègue ?",
            "Pas du tout probable",
            "Très probable",
            "Notre site est-il facile à utiliser ?",
            "Très difficile",
            "Très facile",
            "Nous en sommes désolés. Que pourrions-nous améliorer ?",
            "Que faudrait-il pour que vous nous donniez 10 ?",
            "Super ! Qu'appréciez-vous le plus chez nous ?",
            "Êtes-vous d'accord ?",
            "Pas du tout d'accord",
            "Tout à fait d'accord",
            "J'ai de la sympathie pour cette entreprise.",
            "Cette entreprise partage mes valeurs.",
            "Je perdrais des avantages, comme des points, si je partais.",
            "Je n'ai pas vraiment d'autre choix.",
            "J'achète ici par habitude.",
            "Sur vos 10 derniers achats de ce type, combien ont été faits chez nous ?",
            "Aucun",
            "Les 10",
            "Suivant",
            "Envoyer",
            "Fermer l'enquête",
            "Merci pour votre avis !",
        ],
    },
    Language {
        code: "nl",
        rtl: false,
        texts: [
            "Enquête",
            "Hoe waarschijnlijk is het dat u {company} aanbeveelt aan een vriend of collega?",
            "Helemaal niet waarschijnlijk",
            "Zeer waarschijnlijk",
            "Hoe makkelijk is onze website te gebruiken?",
            "Heel moeilijk",
            "Heel makkelijk",
            "Dat spijt ons. Wat kunnen we beter doen?",
            "Wat zou ons een 10 waard maken?",
            "Fijn! Wat waardeert u het meest aan ons?",
            "In hoeverre bent u het eens?",
            "Helemaal oneens",
            "Helemaal eens",
            "Ik heb een goed gevoel bij dit bedrijf.",
            "Dit bedrijf deelt mijn waarden.",
            "Ik zou voordelen, zoals punten, verliezen als ik wegging.",
            "Ik heb geen echt alternatief.",
            "Ik koop hier uit gewoonte.",
            "Hoeveel van uw laatste 10 aankopen van deze soort deed u bij ons?",
            "Geen",
            "Alle 10",
            "Volgende",
            "Versturen",
            "Enquête sluiten",
            "Bedankt voor uw feedback!",
        ],
    },
    Language {
        code: "af",
        rtl: false,
        texts: [
            "Opname",
            "Hoe waarskynlik is dit dat jy {company} by 'n vriend of kollega sal aanbeveel?",
            "Glad nie waarskynlik nie",
            "Uiters waarskynlik",
            "Hoe maklik is ons webwerf om te gebruik?",
            "Baie moeilik",
            "Baie maklik",
            "Jammer om dit te hoor. Wat kan ons beter doen?",
            "Wat sal ons 'n 10 vir jou maak?",
            "Wonderlik! Wat hou jy die meeste van ons?",
            "Hoe sterk stem jy saam?",
            "Stem glad nie saam nie",
            "Stem volkome saam",
            "Ek voel goed oor hierdie maatskappy.",
            "Hierdie maatskappy deel my waardes.",
            "Ek sal voordele, soos punte, verloor as ek weggaan.",
            "Ek het geen regte alternatief nie.",
            "Ek koop hier uit gewoonte.",
            "Hoeveel van jou laaste 10 aankope van hierdie soort was by ons?",
            "Geen",
            "Al 10",
            "Volgende",
            "Stuur",
            "Sluit opname",
            "Dankie vir jou terugvoer!",
        ],
    },
    Language {
        code: "he",
        rtl: true,
        texts: [
            "סקר",
            "עד כמה סביר שתמליצו על {company} לחבר או לעמית?",
            "בכלל לא סביר",
            "סביר מאוד",
            "עד כמה קל להשתמש באתר שלנו?",
            "קשה מאוד",
            "קל מאוד",
            "צר לנו לשמוע. מה נוכל לעשות טוב יותר?",
            "מה יגרום לכם לתת לנו 10?",
            "נהדר! מה אתם הכי אוהבים אצלנו?",
            "עד כמה אתם מסכימים?",
            "בכלל לא מסכים",
            "מסכים מאוד",
            "יש לי רגש חיובי כלפי החברה הזו.",
            "החברה הזו חולקת את הערכים שלי.",
            "הייתי מפסיד הטבות, כמו נקודות, אם הייתי עוזב.",
            "אין לי חלופה אמיתית.",
            "אני קונה כאן מתוך הרגל.",
            "מתוך 10 הרכישות האחרונות שלכם מסוג זה, כמה היו אצלנו?",
            "אף אחת",
            "כל ה-10",
            "הבא",
            "שליחה",
            "סגירת הסקר",
            "תודה על המשוב!",
        ],
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
        let template = template.as_deref().unwrap_or(self.language.texts[index]);
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
            assert!(language.texts[Text::Recommend as usize].contains("{company}"), "{}", language.code);
            assert!(language.texts.iter().all(|text| !text.is_empty()), "{}", language.code);
        }
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
