//! Answers and displays sent by the widget.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use pulse_core::api::{Impression, ResponseAccepted, ResponseSubmission};
use pulse_core::validation::{validate, validate_impression};

use super::surveys::find_open;
use crate::db::Saved;
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

/// Stores an answer, or completes the one already stored under the same id, so that the
/// widget can send the score at once and the rest later, and re-send after a failure.
pub async fn create(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
    Json(submission): Json<ResponseSubmission>,
) -> Result<Json<ResponseAccepted>, ApiError> {
    let survey = find_open(&state, survey_id).await?;
    let response = validate(&submission, survey.config.scale)?;
    match state.db.save_response(&survey.config.id, &response).await? {
        Saved::Stored => Ok(Json(ResponseAccepted { id: response.id.to_string() })),
        Saved::IdTaken => Err(ApiError::IdTaken(response.id.to_string())),
    }
}

/// Counts one display of the survey.
pub async fn impression(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
    Json(impression): Json<Impression>,
) -> Result<StatusCode, ApiError> {
    let survey = find_open(&state, survey_id).await?;
    let impression = validate_impression(&impression)?;
    state.db.count_impression(&survey.config.id, &impression).await?;
    Ok(StatusCode::NO_CONTENT)
}
