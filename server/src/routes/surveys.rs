//! A survey's configuration for the widget.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use pulse_core::admin::SurveyDefinition;

use super::openapi::{SurveyArchived, SurveyNotFound};
use super::path::Path;
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

/// Widgets on busy pages all ask for the same configuration: a short public cache
/// spares the server, and an edit still reaches every page within a minute.
const CONFIG_CACHE: &str = "public, max-age=60";

#[utoipa::path(
    get,
    path = "/surveys/{survey_id}",
    tag = "widget",
    params(("survey_id" = String, Path, description = "The survey's id")),
    responses(
        (status = 200, description = "The survey's configuration for the widget (`pulse_core::survey::SurveyConfig`), cacheable for 60 s", body = pulse_core::survey::SurveyConfig),
        SurveyNotFound,
        SurveyArchived,
    )
)]
pub async fn config(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let survey = find_open(&state, survey_id).await?;
    Ok(([(header::CACHE_CONTROL, CONFIG_CACHE)], Json(survey.config)))
}

pub async fn find(state: &AppState, survey_id: String) -> Result<SurveyDefinition, ApiError> {
    state.db.survey(&survey_id).await?.ok_or(ApiError::SurveyNotFound(survey_id))
}

/// A survey that visitors may still see and answer (as read within the last second).
pub async fn find_open(state: &AppState, survey_id: String) -> Result<SurveyDefinition, ApiError> {
    let survey = state.db.recent_survey(&survey_id).await?.ok_or(ApiError::SurveyNotFound(survey_id))?;
    if survey.archived {
        return Err(ApiError::SurveyArchived(survey.config.id));
    }
    Ok(survey)
}
