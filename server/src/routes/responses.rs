//! Answers and displays sent by the widget.

use axum::extract::State;
use axum::http::StatusCode;
use pulse_core::api::{ErrorCode, Impression, ResponseAccepted, ResponseSubmission};
use pulse_core::nps::Scale;
use pulse_core::validation::{validate, validate_impression, ValidationError};

use super::openapi::{SurveyArchived, SurveyNotFound};
use super::path::Path;
use super::surveys::find_open;
use crate::beacon_json::BeaconJson;
use crate::db::Saved;
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

/// Stores an answer, or completes the one already stored under the same id, so that the
/// widget can send the score at once and the rest later, and re-send after a failure.
#[utoipa::path(
    post,
    path = "/surveys/{survey_id}/responses",
    tag = "widget",
    params(("survey_id" = String, Path, description = "The survey's id")),
    request_body(content = pulse_core::api::ResponseSubmission, description = "An answer (`pulse_core::api::ResponseSubmission`); re-sending its `id` completes it", example = json!({"id": "0b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11", "nps": 9, "usability": 4, "comment": "Quick checkout", "commitment": {"affective": 5, "habitual": 2}, "repeat_purchases": 6, "language": "en", "page": "/pricing", "attributes": {"plan": "pro"}})),
    responses(
        (status = 200, description = "Stored once it is durable: `{\"id\"}`", body = pulse_core::api::ResponseAccepted),
        (status = 409, description = "The id belongs to another survey's answer: `id_taken`", body = pulse_core::api::ErrorBody),
        (status = 410, description = "The survey is archived: `survey_archived`; or the answer was erased, and is not stored again: `response_erased`", body = pulse_core::api::ErrorBody),
        (status = 422, description = "A rule broken, `field` names it: `out_of_range`, `too_long`, `control_character`, `unknown_language`, `too_many`, `invalid_key`, `invalid_id`, `invalid_body`", body = pulse_core::api::ErrorBody),
        SurveyNotFound,
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
    BeaconJson(submission): BeaconJson<ResponseSubmission>,
) -> Result<Json<ResponseAccepted>, ApiError> {
    let survey = find_open(&state, survey_id).await?;
    let response = validate(&submission, survey.config.scale)?;
    match state.db.save_response(&survey.config.id, &response).await? {
        Saved::Stored => Ok(Json(ResponseAccepted { id: response.id.to_string() })),
        Saved::IdTaken => Err(ApiError::IdTaken(response.id.to_string())),
        Saved::Erased => Err(ApiError::ResponseErased(response.id.to_string())),
        Saved::OffScale => Err(ApiError::Invalid(ValidationError {
            field: "nps",
            code: ErrorCode::OutOfRange,
            message: format!(
                "the survey's scale changed to {} while this answer was sent: 0 is no longer a score",
                Scale::OneToTen.name()
            ),
        })),
    }
}

/// Counts one display of the survey.
#[utoipa::path(
    post,
    path = "/surveys/{survey_id}/impressions",
    tag = "widget",
    params(("survey_id" = String, Path, description = "The survey's id")),
    request_body(content = pulse_core::api::Impression, description = "One display (`pulse_core::api::Impression`: optional `language` and `page`)", example = json!({"language": "en", "page": "/pricing"})),
    responses(
        (status = 204, description = "Counted"),
        (status = 422, description = "`language` or `page` broken, `field` names it", body = pulse_core::api::ErrorBody),
        SurveyNotFound,
        SurveyArchived,
    )
)]
pub async fn impression(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
    BeaconJson(impression): BeaconJson<Impression>,
) -> Result<StatusCode, ApiError> {
    let survey = find_open(&state, survey_id).await?;
    let impression = validate_impression(&impression)?;
    state.db.count_impression(&survey.config.id, &impression).await?;
    Ok(StatusCode::NO_CONTENT)
}
