//! A survey's configuration for the widget and its answers for the results page.

use axum::extract::{Path, State};
use pulse_core::api::{ResultsFeed, SurveyConfig};

use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

pub async fn config(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
) -> Result<Json<SurveyConfig>, ApiError> {
    find(&state, survey_id).await.map(Json)
}

pub async fn results(
    State(state): State<AppState>,
    Path(survey_id): Path<String>,
) -> Result<Json<ResultsFeed>, ApiError> {
    let survey = find(&state, survey_id).await?;
    Ok(Json(state.db.results_feed(&survey).await?))
}

pub async fn find(state: &AppState, survey_id: String) -> Result<SurveyConfig, ApiError> {
    state.db.survey(&survey_id).await?.ok_or(ApiError::SurveyNotFound(survey_id))
}
