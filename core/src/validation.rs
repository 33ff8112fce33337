//! The rules an answer, a display count or a survey must follow before it is stored.

use std::collections::BTreeMap;
use std::fmt;

use uuid::Uuid;

use crate::api::{ErrorCode, Impression, ResponseSubmission};
use crate::nps::Scale;
use crate::survey::{Commitment, Language, SurveyConfig, Targeting, TextKey};

/// The most a percentage of the targeting (share asked, scroll depth) can be.
pub const PERCENT_MAX: u8 = 100;
/// Page views are counted from 1: the first page a visitor sees.
pub const FIRST_PAGE_VIEW: u8 = 1;
pub const USABILITY_MIN: u8 = 1;
pub const USABILITY_MAX: u8 = 5;
pub const COMMENT_MAX_CHARS: usize = 2_000;
pub const COMMITMENT_MIN: u8 = 1;
pub const COMMITMENT_MAX: u8 = 5;
pub const REPEAT_PURCHASES_MAX: u8 = 10;
pub const PAGE_MAX_CHARS: usize = 512;
pub const ATTRIBUTES_MAX: usize = 20;
pub const ATTRIBUTE_KEY_MAX_CHARS: usize = 64;
pub const ATTRIBUTE_VALUE_MAX_CHARS: usize = 256;
pub const SURVEY_ID_MAX_CHARS: usize = 64;
pub const COMPANY_MAX_CHARS: usize = 200;
/// A survey's own wording of one text: ample for a question, short enough for the card.
pub const TEXT_MAX_CHARS: usize = 300;
/// Short passwords fall to guessing even through the login rate limit.
pub const PASSWORD_MIN_CHARS: usize = 10;
pub const EMAIL_MAX_CHARS: usize = 254;

/// An answer that passed every rule, in the types the rest of Pulse works with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidResponse {
    pub id: Uuid,
    pub nps: u8,
    pub usability: Option<u8>,
    /// `None` when the respondent left the box empty or wrote only spaces.
    pub comment: Option<String>,
    pub commitment: BTreeMap<Commitment, u8>,
    pub repeat_purchases: Option<u8>,
    pub language: Option<String>,
    pub page: Option<String>,
    pub attributes: BTreeMap<String, String>,
}

/// A display of a survey that passed every rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidImpression {
    pub language: Option<String>,
    pub page: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub field: &'static str,
    pub code: ErrorCode,
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// An answer's id, in any form of a UUID: upper case, without hyphens, braced or as a
/// URN, as other tools may write it. Stored and shown as `Uuid`'s `to_string()` (lower case, hyphens).
pub fn answer_id(text: &str) -> Option<Uuid> {
    Uuid::parse_str(text).ok()
}

/// Whether a comment may hold `c`: comments may run over several lines; any other control
/// character is not text.
pub fn is_comment_character(c: char) -> bool {
    !c.is_control() || matches!(c, '\n' | '\r' | '\t')
}

pub fn validate(submission: &ResponseSubmission, scale: Scale) -> Result<ValidResponse, ValidationError> {
    let id = answer_id(&submission.id).ok_or_else(|| ValidationError {
        field: "id",
        code: ErrorCode::InvalidId,
        message: format!(
            "id must be a UUID such as 0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13, got {:?}",
            submission.id
        ),
    })?;
    let nps = in_range("nps", submission.nps, scale.min(), scale.max())?;
    let usability = submission
        .usability
        .map(|rating| in_range("usability", rating, USABILITY_MIN, USABILITY_MAX))
        .transpose()?;
    let comment = submission.comment.as_deref().map(str::trim).filter(|text| !text.is_empty());
    if let Some(text) = comment {
        at_most("comment", text, COMMENT_MAX_CHARS)?;
        if !text.chars().all(is_comment_character) {
            return Err(control_characters("comment"));
        }
    }
    let commitment = submission
        .commitment
        .iter()
        .map(|(&statement, &agreement)| {
            Ok((statement, in_range("commitment", agreement, COMMITMENT_MIN, COMMITMENT_MAX)?))
        })
        .collect::<Result<_, _>>()?;
    let repeat_purchases = submission
        .repeat_purchases
        .map(|count| in_range("repeat_purchases", count, 0, REPEAT_PURCHASES_MAX))
        .transpose()?;
    let language = submission.language.as_deref().map(language).transpose()?;
    let page = submission.page.as_deref().map(page).transpose()?;
    let attributes = attributes(&submission.attributes)?;
    Ok(ValidResponse {
        id,
        nps,
        usability,
        comment: comment.map(str::to_owned),
        commitment,
        repeat_purchases,
        language,
        page,
        attributes,
    })
}

pub fn validate_impression(impression: &Impression) -> Result<ValidImpression, ValidationError> {
    Ok(ValidImpression {
        language: impression.language.as_deref().map(language).transpose()?,
        page: impression.page.as_deref().map(page).transpose()?,
    })
}

/// A survey id: 1 to [`SURVEY_ID_MAX_CHARS`] letters, digits, `-` or `_`, so that it is
/// written the same in a URL whether encoded or not.
pub fn is_survey_id(id: &str) -> bool {
    (1..=SURVEY_ID_MAX_CHARS).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The rules of a survey as an admin defines it: an id that is safe in a URL, a company
/// name, a known language, texts the widget can show, and origins the widget may be
/// embedded from.
pub fn validate_survey(config: &SurveyConfig, allowed_origins: &[String]) -> Result<(), ValidationError> {
    if !is_survey_id(&config.id) {
        return Err(ValidationError {
            field: "id",
            code: ErrorCode::InvalidId,
            message: format!(
                "a survey id is 1 to {SURVEY_ID_MAX_CHARS} letters, digits, - or _, got {:?}",
                config.id
            ),
        });
    }
    if config.company.trim().is_empty() {
        return Err(ValidationError {
            field: "company",
            code: ErrorCode::Required,
            message: "company must name the company as respondents know it".to_owned(),
        });
    }
    text("company", &config.company, COMPANY_MAX_CHARS)?;
    if let Some(code) = &config.language {
        language(code)?;
    }
    for (language, texts) in &config.texts {
        for (key, text) in texts {
            validate_text(language, key, text)?;
        }
    }
    targeting(&config.targeting)?;
    for origin in allowed_origins {
        if !is_origin(origin) {
            return Err(ValidationError {
                field: "allowed_origins",
                code: ErrorCode::InvalidOrigin,
                message: format!(
                    "an allowed origin is a scheme and host with no path, such as https://shop.example, got {origin:?}"
                ),
            });
        }
        if let Some(without) = without_default_port(origin) {
            return Err(ValidationError {
                field: "allowed_origins",
                code: ErrorCode::InvalidOrigin,
                message: format!(
                    "browsers send an origin without its scheme's default port, so {origin:?} would never match: leave the port out, {without:?}"
                ),
            });
        }
    }
    Ok(())
}

/// A share or depth over 100 % would make the loader ask everyone or no one, silently.
fn targeting(targeting: &Targeting) -> Result<(), ValidationError> {
    in_range("targeting.sample_percent", targeting.sample_percent.into(), 0, PERCENT_MAX)?;
    if let Some(depth) = targeting.scroll_percent {
        in_range("targeting.scroll_percent", depth.into(), 0, PERCENT_MAX)?;
    }
    if targeting.min_page_views < u32::from(FIRST_PAGE_VIEW) {
        return Err(ValidationError {
            field: "targeting.min_page_views",
            code: ErrorCode::OutOfRange,
            message: format!(
                "targeting.min_page_views counts page views from {FIRST_PAGE_VIEW}, got {}",
                targeting.min_page_views
            ),
        });
    }
    Ok(())
}

/// The rule of one override of the widget's texts, `texts.{language}.{key}`: a language
/// and a text Pulse has, and one line of text that is not blank.
pub fn validate_text(language: &str, key: &str, text: &str) -> Result<(), ValidationError> {
    let refused = |code, message| Err(ValidationError { field: "texts", code, message });
    let name = format!("texts.{language}.{key}");
    if let Err(unknown) = language.parse::<Language>() {
        let known = unknown.expected.join(", ");
        return refused(
            ErrorCode::UnknownLanguage,
            format!("{name}: texts are for the languages {known}, got {language:?}"),
        );
    }
    if let Err(unknown) = key.parse::<TextKey>() {
        let known = unknown.expected.join(", ");
        return refused(
            ErrorCode::UnknownText,
            format!("{name}: there is no text {key:?}; the texts are {known}"),
        );
    }
    if text.trim().is_empty() {
        return refused(
            ErrorCode::Required,
            format!("{name} must not be blank: leave it out to use Pulse's own text"),
        );
    }
    let length = text.chars().count();
    if length > TEXT_MAX_CHARS {
        return refused(
            ErrorCode::TooLong,
            format!("{name} must be at most {TEXT_MAX_CHARS} characters, got {length}"),
        );
    }
    if text.chars().any(char::is_control) {
        return refused(ErrorCode::ControlCharacter, format!("{name} must not contain control characters"));
    }
    Ok(())
}

/// The rules of a marketer's account: an email address (checked loosely: the one who
/// adds it knows it) and a password long enough to resist guessing. Returns the email
/// lower-cased, as accounts are found by it.
pub fn validate_account(email: &str, password: &str) -> Result<String, ValidationError> {
    let email = email.trim().to_lowercase();
    let plausible =
        email.split_once('@').is_some_and(|(name, domain)| !name.is_empty() && domain.contains('.'));
    if !plausible
        || email.chars().count() > EMAIL_MAX_CHARS
        || email.chars().any(|c| c.is_control() || c == ' ')
    {
        return Err(ValidationError {
            field: "email",
            code: ErrorCode::InvalidEmail,
            message: format!("email must be an email address such as ana@example.com, got {email:?}"),
        });
    }
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(ValidationError {
            field: "password",
            code: ErrorCode::TooShort,
            message: format!("password must be at least {PASSWORD_MIN_CHARS} characters"),
        });
    }
    Ok(email)
}

/// `https://host` or `http://host:port`, as browsers send it in the `Origin` header.
fn is_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://")) else {
        return false;
    };
    !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// `origin` without its port, when that is its scheme's default (`https://shop.example:443`):
/// browsers leave it out of the `Origin` they send (RFC 6454, section 6.2).
pub fn without_default_port(origin: &str) -> Option<&str> {
    let default_port = if origin.starts_with("https://") { ":443" } else { ":80" };
    origin.strip_suffix(default_port)
}

fn language(code: &str) -> Result<String, ValidationError> {
    match code.parse::<Language>() {
        Ok(language) => Ok(language.as_str().to_owned()),
        Err(unknown) => Err(ValidationError {
            field: "language",
            code: ErrorCode::UnknownLanguage,
            message: format!("language must be one of {}, got {code:?}", unknown.expected.join(", ")),
        }),
    }
}

fn page(path: &str) -> Result<String, ValidationError> {
    text("page", path, PAGE_MAX_CHARS).map(str::to_owned)
}

fn attributes(attributes: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, ValidationError> {
    if attributes.len() > ATTRIBUTES_MAX {
        return Err(ValidationError {
            field: "attributes",
            code: ErrorCode::TooMany,
            message: format!("at most {ATTRIBUTES_MAX} attributes, got {}", attributes.len()),
        });
    }
    for (key, value) in attributes {
        let key_ok = key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if key.is_empty() || key.len() > ATTRIBUTE_KEY_MAX_CHARS || !key_ok {
            return Err(ValidationError {
                field: "attributes",
                code: ErrorCode::InvalidKey,
                message: format!(
                    "attribute names are 1 to {ATTRIBUTE_KEY_MAX_CHARS} letters, digits, _ . or -, got {key:?}"
                ),
            });
        }
        text("attributes", value, ATTRIBUTE_VALUE_MAX_CHARS)?;
    }
    Ok(attributes.clone())
}

/// A one-line text: at most `max` characters and no control characters.
pub(crate) fn text<'a>(field: &'static str, value: &'a str, max: usize) -> Result<&'a str, ValidationError> {
    at_most(field, value, max)?;
    if value.chars().any(char::is_control) {
        return Err(control_characters(field));
    }
    Ok(value)
}

pub(crate) fn at_most(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    let length = value.chars().count();
    if length > max {
        return Err(ValidationError {
            field,
            code: ErrorCode::TooLong,
            message: format!("{field} must be at most {max} characters, got {length}"),
        });
    }
    Ok(())
}

pub(crate) fn control_characters(field: &'static str) -> ValidationError {
    ValidationError {
        field,
        code: ErrorCode::ControlCharacter,
        message: format!("{field} must not contain control characters"),
    }
}

fn in_range(field: &'static str, value: i64, min: u8, max: u8) -> Result<u8, ValidationError> {
    u8::try_from(value).ok().filter(|value| (min..=max).contains(value)).ok_or_else(|| ValidationError {
        field,
        code: ErrorCode::OutOfRange,
        message: format!("{field} must be a whole number from {min} to {max}, got {value}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13";

    fn answer(nps: i64) -> ResponseSubmission {
        ResponseSubmission {
            id: ID.into(),
            nps,
            usability: Some(4),
            comment: Some("Great".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_answer_is_valid() {
        let valid = validate(&answer(9), Scale::OneToTen).unwrap();
        assert_eq!(valid.id.to_string(), ID);
        assert_eq!((valid.nps, valid.usability), (9, Some(4)));
        assert_eq!(valid.comment.as_deref(), Some("Great"));
    }

    #[test]
    fn only_the_score_is_required() {
        let bare = ResponseSubmission { id: ID.into(), nps: 3, ..Default::default() };
        let valid = validate(&bare, Scale::OneToTen).unwrap();
        assert_eq!((valid.usability, valid.comment), (None, None));
    }

    #[test]
    fn zero_is_allowed_only_on_the_zero_to_ten_scale() {
        let error = validate(&answer(0), Scale::OneToTen).unwrap_err();
        assert_eq!((error.field, error.code), ("nps", ErrorCode::OutOfRange));
        assert_eq!(error.message, "nps must be a whole number from 1 to 10, got 0");
        assert_eq!(validate(&answer(0), Scale::ZeroToTen).unwrap().nps, 0);
    }

    #[test]
    fn scores_beyond_either_end_are_refused() {
        for nps in [-1, 11, 256, i64::MAX] {
            assert_eq!(validate(&answer(nps), Scale::ZeroToTen).unwrap_err().field, "nps");
        }
    }

    #[test]
    fn usability_is_from_one_to_five() {
        for rating in [0, 6, -3] {
            let submission = ResponseSubmission { usability: Some(rating), ..answer(9) };
            let error = validate(&submission, Scale::OneToTen).unwrap_err();
            assert_eq!((error.field, error.code), ("usability", ErrorCode::OutOfRange));
        }
        let submission = ResponseSubmission { usability: Some(5), ..answer(9) };
        assert_eq!(validate(&submission, Scale::OneToTen).unwrap().usability, Some(5));
    }

    #[test]
    fn comments_are_limited_in_characters_not_bytes() {
        // "é" is two bytes: 2,000 of them is 4,000 bytes but still 2,000 characters.
        let longest = ResponseSubmission { comment: Some("é".repeat(COMMENT_MAX_CHARS)), ..answer(9) };
        assert!(validate(&longest, Scale::OneToTen).is_ok());
        let too_long = ResponseSubmission { comment: Some("x".repeat(COMMENT_MAX_CHARS + 1)), ..answer(9) };
        let error = validate(&too_long, Scale::OneToTen).unwrap_err();
        assert_eq!((error.field, error.code), ("comment", ErrorCode::TooLong));
    }

    #[test]
    fn blank_comments_are_no_comment() {
        let blank = ResponseSubmission { comment: Some("  \n ".into()), ..answer(9) };
        assert_eq!(validate(&blank, Scale::OneToTen).unwrap().comment, None);
    }

    #[test]
    fn the_id_must_be_a_uuid() {
        let submission = ResponseSubmission { id: "42".into(), ..answer(9) };
        let error = validate(&submission, Scale::OneToTen).unwrap_err();
        assert_eq!((error.field, error.code), ("id", ErrorCode::InvalidId));
    }

    #[test]
    fn unknown_fields_are_refused_when_parsing() {
        let json = format!(r#"{{"id":"{ID}","nps":9,"admin":true}}"#);
        assert!(serde_json::from_str::<ResponseSubmission>(&json).is_err());
    }

    fn refused(submission: ResponseSubmission) -> (&'static str, ErrorCode) {
        let error = validate(&submission, Scale::OneToTen).unwrap_err();
        (error.field, error.code)
    }

    #[test]
    fn every_new_field_is_kept_when_valid() {
        let submission = ResponseSubmission {
            commitment: BTreeMap::from([(Commitment::Affective, 1), (Commitment::Habitual, 5)]),
            repeat_purchases: Some(0),
            language: Some("he".into()),
            page: Some("/pricing?plan=pro".into()),
            attributes: BTreeMap::from([("user.id-7_b".into(), "42".into())]),
            ..answer(9)
        };
        let valid = validate(&submission, Scale::OneToTen).unwrap();
        assert_eq!(valid.commitment, BTreeMap::from([(Commitment::Affective, 1), (Commitment::Habitual, 5)]));
        assert_eq!(valid.repeat_purchases, Some(0));
        assert_eq!(valid.language.as_deref(), Some("he"));
        assert_eq!(valid.page.as_deref(), Some("/pricing?plan=pro"));
        assert_eq!(valid.attributes["user.id-7_b"], "42");
    }

    #[test]
    fn commitment_is_from_one_to_five() {
        for agreement in [0, 6, -1] {
            let commitment = BTreeMap::from([(Commitment::Forced, agreement)]);
            assert_eq!(
                refused(ResponseSubmission { commitment, ..answer(9) }),
                ("commitment", ErrorCode::OutOfRange)
            );
        }
    }

    #[test]
    fn repeat_purchases_are_from_zero_to_ten() {
        for count in [-1, 11] {
            let submission = ResponseSubmission { repeat_purchases: Some(count), ..answer(9) };
            assert_eq!(refused(submission), ("repeat_purchases", ErrorCode::OutOfRange));
        }
        let ten = ResponseSubmission { repeat_purchases: Some(10), ..answer(9) };
        assert_eq!(validate(&ten, Scale::OneToTen).unwrap().repeat_purchases, Some(10));
    }

    #[test]
    fn language_is_one_pulse_has_texts_for() {
        let submission = ResponseSubmission { language: Some("de".into()), ..answer(9) };
        let error = validate(&submission, Scale::OneToTen).unwrap_err();
        assert_eq!((error.field, error.code), ("language", ErrorCode::UnknownLanguage));
        assert_eq!(error.message, r#"language must be one of en, fr, nl, af, he, got "de""#);
    }

    #[test]
    fn page_is_at_most_512_characters_without_control_characters() {
        let longest = ResponseSubmission { page: Some("/".repeat(PAGE_MAX_CHARS)), ..answer(9) };
        assert!(validate(&longest, Scale::OneToTen).is_ok());
        let too_long = ResponseSubmission { page: Some("/".repeat(PAGE_MAX_CHARS + 1)), ..answer(9) };
        assert_eq!(refused(too_long), ("page", ErrorCode::TooLong));
        let control = ResponseSubmission { page: Some("/a\u{0}b".into()), ..answer(9) };
        assert_eq!(refused(control), ("page", ErrorCode::ControlCharacter));
    }

    #[test]
    fn attributes_are_bounded_in_number_and_size() {
        let many = (0..=ATTRIBUTES_MAX).map(|i| (format!("k{i}"), "v".to_owned())).collect();
        assert_eq!(
            refused(ResponseSubmission { attributes: many, ..answer(9) }),
            ("attributes", ErrorCode::TooMany)
        );
        for key in ["", "with space", "ü", &"k".repeat(ATTRIBUTE_KEY_MAX_CHARS + 1)] {
            let attributes = BTreeMap::from([(key.to_owned(), "v".to_owned())]);
            let submission = ResponseSubmission { attributes, ..answer(9) };
            assert_eq!(refused(submission), ("attributes", ErrorCode::InvalidKey), "{key:?}");
        }
        let long_value = BTreeMap::from([("plan".to_owned(), "v".repeat(ATTRIBUTE_VALUE_MAX_CHARS + 1))]);
        assert_eq!(
            refused(ResponseSubmission { attributes: long_value, ..answer(9) }),
            ("attributes", ErrorCode::TooLong)
        );
        let control = BTreeMap::from([("plan".to_owned(), "a\u{1b}b".to_owned())]);
        assert_eq!(
            refused(ResponseSubmission { attributes: control, ..answer(9) }),
            ("attributes", ErrorCode::ControlCharacter)
        );
    }

    #[test]
    fn comments_keep_line_breaks_but_no_other_control_characters() {
        let lines = ResponseSubmission { comment: Some("Good\r\n\tprices".into()), ..answer(9) };
        assert!(validate(&lines, Scale::OneToTen).is_ok());
        let bell = ResponseSubmission { comment: Some("Good\u{7}".into()), ..answer(9) };
        assert_eq!(refused(bell), ("comment", ErrorCode::ControlCharacter));
    }

    #[test]
    fn impressions_follow_the_language_and_page_rules() {
        let valid = Impression { language: Some("fr".into()), page: Some("/".into()) };
        assert_eq!(validate_impression(&valid).unwrap().language.as_deref(), Some("fr"));
        let unknown = Impression { language: Some("xx".into()), page: None };
        assert_eq!(validate_impression(&unknown).unwrap_err().field, "language");
        let long = Impression { language: None, page: Some("p".repeat(PAGE_MAX_CHARS + 1)) };
        assert_eq!(validate_impression(&long).unwrap_err().field, "page");
    }

    #[test]
    fn surveys_need_a_url_safe_id_a_company_and_real_origins() {
        let survey =
            SurveyConfig { id: "spring-2026_nl".into(), company: "Acme".into(), ..Default::default() };
        let origins = vec!["https://shop.example".to_owned(), "http://127.0.0.1:8080".to_owned()];
        assert!(validate_survey(&survey, &origins).is_ok());
        for id in ["", "a/b", "a b", "%73hop", &"x".repeat(SURVEY_ID_MAX_CHARS + 1)] {
            let bad = SurveyConfig { id: id.to_owned(), ..survey.clone() };
            assert_eq!(validate_survey(&bad, &[]).unwrap_err().field, "id", "{id:?}");
        }
        let nameless = SurveyConfig { company: " ".into(), ..survey.clone() };
        assert_eq!(validate_survey(&nameless, &[]).unwrap_err().field, "company");
        let language = SurveyConfig { language: Some("zz".into()), ..survey.clone() };
        assert_eq!(validate_survey(&language, &[]).unwrap_err().field, "language");
        for origin in ["shop.example", "https://shop.example/", "https://", "*"] {
            let error = validate_survey(&survey, &[origin.to_owned()]).unwrap_err();
            assert_eq!((error.field, error.code), ("allowed_origins", ErrorCode::InvalidOrigin), "{origin}");
        }
        for (origin, without) in
            [("https://shop.example:443", "https://shop.example"), ("http://[::1]:80", "http://[::1]")]
        {
            let error = validate_survey(&survey, &[origin.to_owned()]).unwrap_err();
            assert_eq!((error.field, error.code), ("allowed_origins", ErrorCode::InvalidOrigin), "{origin}");
            assert!(error.message.contains(&format!("leave the port out, {without:?}")), "{}", error.message);
        }
        for origin in ["https://shop.example:8443", "http://localhost:8080", "http://shop.example:443"] {
            assert_eq!(validate_survey(&survey, &[origin.to_owned()]), Ok(()), "{origin}");
        }
    }

    #[test]
    fn targeting_shares_are_percentages_and_page_views_count_from_one() {
        let survey = SurveyConfig { id: "s1".into(), company: "Acme".into(), ..Default::default() };
        let with = |change: fn(&mut Targeting)| {
            let mut changed = survey.clone();
            change(&mut changed.targeting);
            validate_survey(&changed, &[]).err().map(|error| (error.field, error.code))
        };
        assert_eq!(with(|t| t.sample_percent = PERCENT_MAX), None);
        assert_eq!(with(|t| t.scroll_percent = Some(0)), None);
        let out_of_range = |field| Some((field, ErrorCode::OutOfRange));
        assert_eq!(with(|t| t.sample_percent = 101), out_of_range("targeting.sample_percent"));
        assert_eq!(with(|t| t.scroll_percent = Some(255)), out_of_range("targeting.scroll_percent"));
        assert_eq!(with(|t| t.min_page_views = 0), out_of_range("targeting.min_page_views"));
    }

    #[test]
    fn surveys_override_known_texts_with_one_line_of_text() {
        let mut survey = SurveyConfig { id: "s1".into(), company: "Acme".into(), ..Default::default() };
        let text = |language: &str, key: &str, text: &str| {
            BTreeMap::from([(language.to_owned(), BTreeMap::from([(key.to_owned(), text.to_owned())]))])
        };
        survey.texts = text("he", "thanks", &"ת".repeat(TEXT_MAX_CHARS));
        assert!(validate_survey(&survey, &[]).is_ok());
        let refusals = [
            (text("de", "thanks", "Danke"), ErrorCode::UnknownLanguage),
            (text("fr", "goodbye", "Au revoir"), ErrorCode::UnknownText),
            (text("fr", "thanks", " "), ErrorCode::Required),
            (text("fr", "thanks", &"x".repeat(TEXT_MAX_CHARS + 1)), ErrorCode::TooLong),
            (text("fr", "thanks", "Merci\tbeaucoup"), ErrorCode::ControlCharacter),
        ];
        for (texts, code) in refusals {
            let error = validate_survey(&SurveyConfig { texts, ..survey.clone() }, &[]).unwrap_err();
            assert_eq!((error.field, error.code), ("texts", code));
        }
        let error = validate_text("fr", "thanks", &"x".repeat(TEXT_MAX_CHARS + 1)).unwrap_err();
        assert_eq!(error.message, "texts.fr.thanks must be at most 300 characters, got 301");
        let error = validate_text("de", "thanks", "Danke").unwrap_err();
        assert_eq!(
            error.message,
            r#"texts.de.thanks: texts are for the languages en, fr, nl, af, he, got "de""#
        );
    }

    #[test]
    fn accounts_need_an_email_and_a_long_password() {
        assert_eq!(validate_account(" Ana@Example.com", "ten chars!").unwrap(), "ana@example.com");
        for email in ["ana", "@example.com", "ana@localhost", "a na@example.com"] {
            assert_eq!(
                validate_account(email, "long enough password").unwrap_err().field,
                "email",
                "{email}"
            );
        }
        let error = validate_account("ana@example.com", "nine char").unwrap_err();
        assert_eq!((error.field, error.code), ("password", ErrorCode::TooShort));
    }
}
