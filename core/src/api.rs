//! Types that cross the wire between the browser and the server, defined once for both.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::survey::Commitment;

pub use crate::survey::SurveyConfig;

/// An answer as the browser sends it: `POST /api/v1/surveys/{id}/responses`.
///
/// Scores are wide integers so that an out-of-range number reaches validation and gets
/// an error naming its field, instead of failing to parse.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseSubmission {
    /// Made in the browser, so that re-sending the same answer never stores it twice.
    pub id: String,
    pub nps: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usability: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The commitment profile, when the survey has it: agreement from 1 (disagree
    /// strongly) to 5 (agree strongly) per statement answered.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub commitment: BTreeMap<Commitment, i64>,
    /// Of the respondent's last 10 purchases of this kind, how many were from the company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_purchases: Option<i64>,
    /// The language the survey was shown in, one of [`crate::survey::LANGUAGES`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The path of the page the survey was answered on, e.g. `/pricing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Visitor attributes the site set, such as a user id or plan.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

/// One display of a survey: `POST /api/v1/surveys/{id}/impressions`, so that the results
/// page can show responses per display.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Impression {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseAccepted {
    pub id: String,
}

/// The body of every error the API answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable and machine-readable, e.g. `out_of_range`.
    pub code: String,
    /// For people: says what is wrong and how to fix it.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The header the marketers' pages send with every change they ask for (any value; they
/// send `1`). An HTML form cannot set a header, and a script on another site cannot
/// either without a CORS permission the server never gives: a change that carries neither
/// this header nor a JSON body is refused, so another site cannot make a signed-in
/// marketer's browser change anything.
pub const CSRF_HEADER: &str = "x-pulse-csrf";
