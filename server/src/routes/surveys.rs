//! A survey's configuration for the widget and its answers for the results page.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use pulse_core::admin::SurveyDefinition;
use pulse_core::api::ResultsFeed;

use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

/// Widgets on busy pages all ask for the same configuration: a short public cache
/// spares the server, and an edit still reaches every page within a minute.
const CONFIG_CACHE: &str = "public, max-age=60";

pub async fn config(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let survey = find_open(&state, survey_id).await?;
    Ok(([(header::CACHE_CONTROL, CONFIG_CACHE)], Json(survey.config)))
}

pub async fn results(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
) -> Result<Json<ResultsFeed>, ApiError> {
    let survey = find(&state, survey_id).await?;
    Ok(Json(state.db.results_feed(&survey.config).await?))
}

pub async fn find(state: &AppState, survey_id: String) -> Result<SurveyDefinition, ApiError> {
    state.db.survey(&survey_id).await?.ok_or(ApiError::SurveyNotFound(survey_id))
}

/// A survey that visitors may still see and answer.
pub async fn find_open(state: &AppState, survey_id: String) -> Result<SurveyDefinition, ApiError> {
    let survey = find(state, survey_id).await?;
    if survey.archived {
        return Err(ApiError::SurveyArchived(survey.config.id));
    }
    Ok(survey)
}
