//! The rules an answer must follow before it is stored.

use std::fmt;

use uuid::Uuid;

use crate::api::ResponseSubmission;
use crate::nps::Scale;

pub const USABILITY_MIN: u8 = 1;
pub const USABILITY_MAX: u8 = 5;
pub const COMMENT_MAX_CHARS: usize = 2_000;

/// An answer that passed every rule, in the types the rest of Pulse works with.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidResponse {
    pub id: Uuid,
    pub nps: u8,
    pub usability: Option<u8>,
    /// `None` when the respondent left the box empty or wrote only spaces.
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

pub fn validate(submission: &ResponseSubmission, scale: Scale) -> Result<ValidResponse, ValidationError> {
    let id = Uuid::parse_str(&submission.id).map_err(|_| ValidationError {
        field: "id",
        code: "invalid_id",
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
        let length = text.chars().count();
        if length > COMMENT_MAX_CHARS {
            return Err(ValidationError {
                field: "comment",
                code: "too_long",
                message: format!("comment must be at most {COMMENT_MAX_CHARS} characters, got {length}"),
            });
        }
    }
    Ok(ValidResponse { id, nps, usability, comment: comment.map(str::to_owned) })
}

fn in_range(field: &'static str, value: i64, min: u8, max: u8) -> Result<u8, ValidationError> {
    u8::try_from(value).ok().filter(|value| (min..=max).contains(value)).ok_or_else(|| ValidationError {
        field,
        code: "out_of_range",
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
        assert_eq!((error.field, error.code), ("nps", "out_of_range"));
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
            assert_eq!((error.field, error.code), ("usability", "out_of_range"));
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
        assert_eq!((error.field, error.code), ("comment", "too_long"));
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
        assert_eq!((error.field, error.code), ("id", "invalid_id"));
    }

    #[test]
    fn unknown_fields_are_refused_when_parsing() {
        let json = format!(r#"{{"id":"{ID}","nps":9,"admin":true}}"#);
        assert!(serde_json::from_str::<ResponseSubmission>(&json).is_err());
    }
}
