//! A survey's own comment themes: viewers read them, admins replace them.

use axum::extract::State;
use pulse_core::admin::SurveyThemes;
use pulse_core::themes::validate_themes;

use super::openapi::{AdminOnly, SurveyNotFound};
use super::path::Path;
use super::surveys::find;
use crate::auth::{Admin, Marketer};
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}/themes",
    tag = "surveys",
    params(("survey_id" = String, Path, description = "The survey's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The survey's own themes, in the order the results page shows them", body = pulse_core::admin::SurveyThemes),
        SurveyNotFound,
    )
)]
pub async fn themes(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
) -> Result<Json<SurveyThemes>, ApiError> {
    let survey = find(&state, survey_id).await?;
    Ok(Json(SurveyThemes { themes: state.db.themes(&survey.config.id).await? }))
}

/// Replaces the survey's own themes; an empty list removes them.
#[utoipa::path(
    put,
    path = "/admin/surveys/{survey_id}/themes",
    tag = "surveys",
    params(("survey_id" = String, Path, description = "The survey's id")),
    request_body(content = pulse_core::admin::SurveyThemes, description = "`pulse_core::admin::SurveyThemes`", example = json!({"themes": [{"name": "Delivery", "keywords": ["delivery", "shipping", "livraison", "levering", "aflewering"]}]})),
    security(("session" = [])),
    responses(
        (status = 200, description = "Replaced", body = pulse_core::admin::SurveyThemes),
        AdminOnly,
        SurveyNotFound,
        (status = 422, description = "A rule broken: `field` is `themes`, the message names the theme and keyword", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn replace(
    State(state): State<AppState>,
    _: Admin,
    Path(survey_id): Path<String>,
    Json(themes): Json<SurveyThemes>,
) -> Result<Json<SurveyThemes>, ApiError> {
    validate_themes(&themes.themes)?;
    let survey = find(&state, survey_id).await?;
    state.db.replace_themes(&survey.config.id, &themes.themes).await?;
    Ok(Json(themes))
}
