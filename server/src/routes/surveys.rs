//! A survey's configuration for the widget.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use pulse_core::admin::SurveyDefinition;
use pulse_core::survey::SurveyConfig;

use super::openapi::{SurveyArchived, SurveyNotFound};
use super::origins::allows;
use super::path::Path;
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

/// Widgets on busy pages all ask for the same configuration: a short public cache
/// spares the server, and an edit still reaches every page within a minute.
pub const CONFIG_CACHE: &str = "public, max-age=60";

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

/// The survey's configuration for the loader to carry (`pulse.js?survey=ID`), if it is open
/// and pages of `origin` may call it; `None` leaves the loader to ask the API above, which
/// says why not. A survey that lists origins goes only to a page whose origin is known (a
/// script's request carries no `Origin`): the answer then depends on the page, as the
/// second value says.
pub async fn for_loader(
    state: &AppState,
    survey_id: String,
    origin: Option<&str>,
) -> (Option<SurveyConfig>, bool) {
    let Ok(survey) = find_open(state, survey_id).await else { return (None, false) };
    let by_origin = !survey.allowed_origins.is_empty();
    let allowed = origin.map_or(!by_origin, |origin| allows(&survey, origin));
    (allowed.then_some(survey.config), by_origin)
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
