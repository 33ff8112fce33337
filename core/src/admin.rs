//! Types that cross the wire between the marketers' pages (or the CLI) and the server.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::names::names;
use crate::survey::{Commitment, SurveyConfig};
use crate::themes::CustomTheme;

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
