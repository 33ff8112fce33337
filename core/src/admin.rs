//! Types that cross the wire between the marketers' pages (or the CLI) and the server.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;
use crate::follow_up::FollowUp;
use crate::names::names;
use crate::survey::{Commitment, SurveyConfig};
use crate::themes::CustomTheme;
use crate::validation::ValidationError;

/// A survey as admins manage it: the widget's configuration plus what only the server
/// uses. It is also the shape of the file `pulse-server survey put --file` reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyDefinition {
    #[serde(flatten)]
    pub config: SurveyConfig,
    /// Origins (`https://shop.example`) whose pages may call the survey's public
    /// endpoints; empty allows every origin.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// An archived survey is no longer shown or answered, but its answers are kept.
    #[serde(default)]
    pub archived: bool,
}

/// A survey as the marketers' pages read it (`GET /api/v1/admin/surveys` and
/// `/api/v1/admin/surveys/{id}`): its definition, and what the editor must know of its
/// answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedSurvey {
    #[serde(flatten)]
    pub definition: SurveyDefinition,
    /// Whether any answer is stored. Then the scale can no longer change: one NPS cannot
    /// mix answers given on two scales.
    pub has_answers: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Manages surveys and answers, and reads results.
    Admin,
    /// Reads results and answers only.
    Viewer,
}

names!(Role { Admin => "admin", Viewer => "viewer" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A marketer's account: the one signed in (`GET /api/v1/session`) or one of the list
/// admins manage (`GET /api/v1/admin/users`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub email: String,
    pub role: Role,
}

/// An account as an admin adds it: `POST /api/v1/admin/users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUser {
    pub email: String,
    pub role: Role,
    pub password: String,
}

/// A marketer changing their own password: `PUT /api/v1/account/password`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    /// Under the same rule as an account's first password.
    pub new_password: String,
}

/// What every API token starts with, so that secret scanners (and people) recognise a
/// leaked one; 256 random bits follow, as 64 hex digits.
pub const API_TOKEN_PREFIX: &str = "pulse_";
/// A token's name says which program holds it: "CRM sync", "Nightly export to the BI".
pub const API_TOKEN_NAME_MAX_CHARS: usize = 100;

/// An API token as an admin asks for one: `POST /api/v1/admin/tokens`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiToken {
    /// Which program holds it, 1 to 100 characters.
    pub name: String,
    /// What the token may do, at most what its maker may.
    pub role: Role,
}

/// An API token as admins list them (`GET /api/v1/admin/tokens`): never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// Milliseconds since 1970-01-01 UTC.
    pub created_at: i64,
    /// The email of the admin who made it. The token acts for them: it does no more than
    /// their account may, and ends with it.
    pub created_by: String,
    /// When it last let a request in (to the minute: it is written at most once a
    /// minute), in milliseconds since 1970-01-01 UTC; `null` if never.
    pub last_used_at: Option<i64>,
}

/// A token just made: `POST /api/v1/admin/tokens`, the only answer that holds its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    #[serde(flatten)]
    pub api_token: ApiToken,
    /// The secret, sent as `Authorization: Bearer <token>`. Shown this once: Pulse keeps
    /// only its SHA-256.
    pub token: String,
}

/// The rule of a token's name: 1 to [`API_TOKEN_NAME_MAX_CHARS`] characters once trimmed,
/// on one line. Returns it trimmed.
pub fn validate_token_name(name: &str) -> Result<String, ValidationError> {
    let refused = |code, message: String| Err(ValidationError { field: "name", code, message });
    let name = name.trim();
    let length = name.chars().count();
    if length == 0 {
        return refused(ErrorCode::Required, "name must say which program holds the token".to_owned());
    }
    if length > API_TOKEN_NAME_MAX_CHARS {
        return refused(
            ErrorCode::TooLong,
            format!("name must be at most {API_TOKEN_NAME_MAX_CHARS} characters, got {length}"),
        );
    }
    if name.chars().any(char::is_control) {
        return refused(ErrorCode::ControlCharacter, "name must not contain control characters".to_owned());
    }
    Ok(name.to_owned())
}

/// One stored answer, as the marketers' pages list it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredResponse {
    pub id: String,
    pub survey_id: String,
    pub nps: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usability: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub commitment: BTreeMap<Commitment, u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_purchases: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Milliseconds since 1970-01-01 UTC.
    pub created_at: i64,
    /// Following the answer up; open and nobody's until a marketer changes it.
    #[serde(default)]
    pub follow_up: FollowUp,
}

/// One page of answers, newest first: `GET /api/v1/surveys/{id}/responses`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponsePage {
    pub responses: Vec<StoredResponse>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// How many rows a delete removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deleted {
    pub deleted: u64,
}

/// A survey's own comment themes, which take precedence over those found in the comments:
/// `GET` and `PUT /api/v1/admin/surveys/{id}/themes`, under [`crate::themes::validate_themes`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyThemes {
    pub themes: Vec<CustomTheme>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_name_is_one_trimmed_line_of_1_to_100_characters() {
        assert_eq!(validate_token_name("  CRM sync ").unwrap(), "CRM sync");
        assert_eq!(validate_token_name(&"é".repeat(API_TOKEN_NAME_MAX_CHARS)).unwrap().chars().count(), 100);
        let refusal = |name: &str| {
            let error = validate_token_name(name).unwrap_err();
            assert_eq!(error.field, "name");
            error.code
        };
        assert_eq!(refusal("   "), ErrorCode::Required);
        assert_eq!(refusal(&"é".repeat(API_TOKEN_NAME_MAX_CHARS + 1)), ErrorCode::TooLong);
        assert_eq!(refusal("CRM\nsync"), ErrorCode::ControlCharacter);
    }
}
