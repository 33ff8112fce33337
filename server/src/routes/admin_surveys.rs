//! Surveys as marketers manage them: `/admin/surveys`. Admins change, viewers read.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use pulse_core::admin::SurveyDefinition;
use pulse_core::validation::{validate_survey, ValidationError};

use super::surveys::find;
use crate::auth::{Admin, Marketer};
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

pub async fn list(
    State(state): State<AppState>,
    _: Marketer,
) -> Result<Json<Vec<SurveyDefinition>>, ApiError> {
    Ok(Json(state.db.surveys().await?))
}

pub async fn one(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
) -> Result<Json<SurveyDefinition>, ApiError> {
    find(&state, survey_id).await.map(Json)
}

pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    Json(survey): Json<SurveyDefinition>,
) -> Result<(StatusCode, Json<SurveyDefinition>), ApiError> {
    validate_survey(&survey.config, &survey.allowed_origins)?;
    if !state.db.create_survey(&survey).await? {
        return Err(ApiError::SurveyExists(survey.config.id));
    }
    Ok((StatusCode::CREATED, Json(survey)))
}

/// Replaces the survey's definition; its id cannot change.
pub async fn update(
    State(state): State<AppState>,
    _: Admin,
    Path(survey_id): Path<String>,
    Json(mut survey): Json<SurveyDefinition>,
) -> Result<Json<SurveyDefinition>, ApiError> {
    if survey.config.id.is_empty() {
        survey.config.id.clone_from(&survey_id);
    }
    if survey.config.id != survey_id {
        return Err(ApiError::Invalid(ValidationError {
            field: "id",
            code: "id_mismatch",
            message: format!("the body's id {:?} must be the path's, {survey_id:?}", survey.config.id),
        }));
    }
    validate_survey(&survey.config, &survey.allowed_origins)?;
    if !state.db.update_survey(&survey).await? {
        return Err(ApiError::SurveyNotFound(survey_id));
    }
    Ok(Json(survey))
}

/// Stops showing the survey; its answers are kept.
pub async fn archive(
    State(state): State<AppState>,
    _: Admin,
    Path(survey_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let mut survey = find(&state, survey_id).await?;
    survey.archived = true;
    state.db.update_survey(&survey).await?;
    Ok(StatusCode::NO_CONTENT)
}
