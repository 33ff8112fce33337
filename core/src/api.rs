//! Types that cross the wire between the browser and the server, defined once for both.

use serde::{Deserialize, Serialize};

use crate::nps::Scale;

/// What the widget needs to show a survey: `GET /api/v1/surveys/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyConfig {
    pub id: String,
    /// The company as respondents know it, used in the question text.
    pub company: String,
    pub scale: Scale,
}

/// An answer as the browser sends it: `POST /api/v1/surveys/{id}/responses`.
///
/// Scores are wide integers so that an out-of-range number reaches validation and gets
/// an error naming its field, instead of failing to parse.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSubmission {
    /// Made in the browser, so that re-sending the same answer never stores it twice.
    pub id: String,
    pub nps: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usability: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseAccepted {
    pub id: String,
}

/// Version of [`ResultsFeed`]; bumped whenever its meaning changes.
pub const RESULTS_FEED_VERSION: u32 = 1;

/// The answers of one survey as columns, without comments, so that the results page
/// can compute every figure itself: `GET /api/v1/surveys/{id}/results`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultsFeed {
    pub version: u32,
    pub scale: Scale,
    /// Recommendation scores, one per response.
    pub nps: Vec<u8>,
    /// Usability ratings in the same order; 0 where the respondent skipped the question.
    pub usability: Vec<u8>,
}

/// The body of every error the API answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable and machine-readable, e.g. `out_of_range`.
    pub code: String,
    /// For people: says what is wrong and how to fix it.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
