//! Answers sent by the widget.

use axum::extract::{Path, State};
use pulse_core::api::{ResponseAccepted, ResponseSubmission};
use pulse_core::validation::validate;

use super::surveys::find;
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
    let survey = find(&state, survey_id).await?;
    let response = validate(&submission, survey.scale)?;
    match state.db.save_response(&survey.id, &response).await? {
        Saved::Stored => Ok(Json(ResponseAccepted { id: response.id.to_string() })),
        Saved::IdTaken => Err(ApiError::IdTaken(response.id.to_string())),
    }
}
