//! Surveys as marketers manage them: `/admin/surveys`. Admins change, viewers read.

use axum::extract::State;
use axum::http::StatusCode;
use pulse_core::admin::{ManagedSurvey, SurveyDefinition};
use pulse_core::api::ErrorCode;
use pulse_core::validation::{validate_survey, ValidationError};

use super::openapi::{AdminOnly, SurveyNotFound};
use super::path::Path;
use crate::auth::{Admin, Marketer};
use crate::db::Replaced;
use crate::error::ApiError;
use crate::json::Json;
use crate::survey_body::SurveyBody;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/admin/surveys",
    tag = "surveys",
    security(("session" = [])),
    responses(
        (status = 200, description = "Every survey (`pulse_core::admin::ManagedSurvey`: the configuration plus `allowed_origins`, `archived` and `has_answers`)", body = Vec<pulse_core::admin::ManagedSurvey>),
    )
)]
pub async fn list(State(state): State<AppState>, _: Marketer) -> Result<Json<Vec<ManagedSurvey>>, ApiError> {
    Ok(Json(state.db.surveys().await?))
}

#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}",
    tag = "surveys",
    params(("survey_id" = String, Path, description = "The survey's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The survey (`pulse_core::admin::ManagedSurvey`: its definition and `has_answers`, true once any answer is stored, when its scale can no longer change)", body = pulse_core::admin::ManagedSurvey),
        SurveyNotFound,
    )
)]
pub async fn one(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
) -> Result<Json<ManagedSurvey>, ApiError> {
    state.db.managed_survey(&survey_id).await?.map(Json).ok_or(ApiError::SurveyNotFound(survey_id))
}

#[utoipa::path(
    post,
    path = "/admin/surveys",
    tag = "surveys",
    request_body(content = pulse_core::admin::SurveyDefinition, description = "`pulse_core::admin::SurveyDefinition`", example = json!({"id": "spring", "company": "Acme", "scale": "zero_to_ten", "language": "fr", "theme": {"placement": "modal"}, "targeting": {"delay_seconds": 3}, "allowed_origins": ["https://shop.example"]})),
    security(("session" = [])),
    responses(
        (status = 201, description = "Created", body = pulse_core::admin::SurveyDefinition),
        AdminOnly,
        (status = 409, description = "The id is taken: `survey_exists`", body = pulse_core::api::ErrorBody),
        (status = 422, description = "A rule broken, `field` names it", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    SurveyBody(survey): SurveyBody,
) -> Result<(StatusCode, Json<SurveyDefinition>), ApiError> {
    validate_survey(&survey.config, &survey.allowed_origins)?;
    if !state.db.create_survey(&survey).await? {
        return Err(ApiError::SurveyExists(survey.config.id));
    }
    Ok((StatusCode::CREATED, Json(survey)))
}

/// Replaces the survey's definition; its id cannot change, nor its scale once it has answers.
#[utoipa::path(
    put,
    path = "/admin/surveys/{survey_id}",
    tag = "surveys",
    params(("survey_id" = String, Path, description = "The survey's id")),
    request_body(content = pulse_core::admin::SurveyDefinition, description = "`pulse_core::admin::SurveyDefinition`; its id is the path's", example = json!({"id": "spring", "company": "Acme Europe", "allowed_origins": [], "archived": false})),
    security(("session" = [])),
    responses(
        (status = 200, description = "Replaced", body = pulse_core::admin::SurveyDefinition),
        AdminOnly,
        SurveyNotFound,
        (status = 409, description = "The survey has answers and the body changes its scale: `scale_fixed`, `field` `scale`", body = pulse_core::api::ErrorBody),
        (status = 422, description = "A rule broken, or `id_mismatch`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    _: Admin,
    Path(survey_id): Path<String>,
    SurveyBody(mut survey): SurveyBody,
) -> Result<Json<SurveyDefinition>, ApiError> {
    if survey.config.id.is_empty() {
        survey.config.id.clone_from(&survey_id);
    }
    if survey.config.id != survey_id {
        return Err(ApiError::Invalid(ValidationError {
            field: "id",
            code: ErrorCode::IdMismatch,
            message: format!("the body's id {:?} must be the path's, {survey_id:?}", survey.config.id),
        }));
    }
    validate_survey(&survey.config, &survey.allowed_origins)?;
    match state.db.update_survey(&survey).await? {
        Replaced::Done => Ok(Json(survey)),
        Replaced::NotFound => Err(ApiError::SurveyNotFound(survey_id)),
        Replaced::ScaleFixed(scale) => Err(ApiError::ScaleFixed { survey_id, scale }),
    }
}

/// Stops showing the survey; its answers are kept.
#[utoipa::path(
    post,
    path = "/admin/surveys/{survey_id}/archive",
    tag = "surveys",
    params(("survey_id" = String, Path, description = "The survey's id")),
    security(("session" = [])),
    responses(
        (status = 204, description = "Archived: no longer shown or answered; answers kept"),
        AdminOnly,
        SurveyNotFound,
    )
)]
pub async fn archive(
    State(state): State<AppState>,
    _: Admin,
    Path(survey_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if !state.db.archive_survey(&survey_id).await? {
        return Err(ApiError::SurveyNotFound(survey_id));
    }
    Ok(StatusCode::NO_CONTENT)
}
