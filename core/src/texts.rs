//! What the widget says in each language Pulse ships, unless a survey words it otherwise:
//! the widget shows these texts and the survey editor offers them as placeholders. A
//! translation is data, one row of [`TEXTS`], never a change to the rendering.

use crate::survey::{Language, TextKey};

impl Language {
    /// Pulse's own text `key` in this language; `{company}` stands for the company's name.
    pub fn text(self, key: TextKey) -> &'static str {
        line(TEXTS[self as usize], key as usize)
    }
}

/// Each language's texts, in the order of [`Language::ALL`], as one string of one text per
/// line in the order of [`TextKey::ALL`]: a string per language rather than an array of
/// strings, whose pointers would weigh a kilobyte of the widget's Wasm.
const TEXTS: [&str; Language::ALL.len()] = [
    // English
    concat!(
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
    // French
    concat!(
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
    // Dutch
    concat!(
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
    // Afrikaans
    concat!(
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
    // Hebrew
    concat!(
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
];

/// Line `wanted` of `texts`, counted from 0. By hand, with indices rather than iterators,
/// which weigh more Wasm.
fn line(texts: &'static str, wanted: usize) -> &'static str {
    let bytes = texts.as_bytes();
    let (mut line, mut start, mut at) = (0, 0, 0);
    while at < bytes.len() {
        if bytes[at] == b'\n' {
            if line == wanted {
                break;
            }
            line += 1;
            start = at + 1;
        }
        at += 1;
    }
    &texts[start..at]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{…}` placeholders of a text, in order.
    fn placeholders(text: &str) -> Vec<&str> {
        text.split('{').skip(1).map(|rest| rest.split_once('}').map_or(rest, |(name, _)| name)).collect()
    }

    #[test]
    fn every_language_has_every_text_with_the_same_placeholders() {
        for (language, texts) in Language::ALL.into_iter().zip(TEXTS) {
            assert_eq!(texts.lines().count(), TextKey::ALL.len(), "{language:?}");
            for key in TextKey::ALL {
                let text = language.text(key);
                assert!(!text.trim().is_empty() && text.trim() == text, "{language:?} {key:?}: {text:?}");
                assert_eq!(
                    placeholders(text),
                    placeholders(Language::English.text(key)),
                    "{language:?} {key:?}: {text:?}"
                );
            }
            assert_eq!(placeholders(language.text(TextKey::Recommend)), ["company"], "{language:?}");
        }
    }

    #[test]
    fn the_rows_and_lines_are_in_the_order_of_the_enums() {
        assert!(Language::ALL.into_iter().enumerate().all(|(index, language)| language as usize == index));
        assert!(TextKey::ALL.into_iter().enumerate().all(|(index, key)| key as usize == index));
    }

    #[test]
    fn each_text_is_found_by_its_language_and_key() {
        assert_eq!(Language::English.text(TextKey::Survey), "Survey");
        assert_eq!(
            Language::English.text(TextKey::Recommend),
            "How likely are you to recommend {company} to a friend or colleague?"
        );
        assert_eq!(Language::English.text(TextKey::RecommendLow), "Not at all likely");
        assert_eq!(Language::English.text(TextKey::Thanks), "Thank you for your feedback!");
        assert_eq!(Language::French.text(TextKey::Thanks), "Merci pour votre avis !");
        assert_eq!(Language::Dutch.text(TextKey::CommitmentHabitual), "Ik koop hier uit gewoonte.");
        assert_eq!(Language::Afrikaans.text(TextKey::Send), "Stuur");
        assert_eq!(Language::Hebrew.text(TextKey::Survey), "סקר");
        assert_eq!(Language::Hebrew.text(TextKey::Close), "סגירת הסקר");
    }
}
