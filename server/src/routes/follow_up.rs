//! Following up with detractors: admins change an answer's follow-up; the results page
//! reads the survey's detractors with theirs for its figures.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use pulse_core::admin::StoredResponse;
use pulse_core::api::ErrorCode;
use pulse_core::follow_up::{FollowUpChange, CONTENT_TYPE};
use pulse_core::validation::ValidationError;

use super::admin_responses::stored_id;
use super::openapi::{AdminOnly, SurveyNotFound};
use super::path::Path;
use super::surveys::find;
use crate::auth::{Admin, Marketer};
use crate::db::FollowUpChanged;
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

/// Changes an answer's follow-up: its state, owner or note, each left as it is when left
/// out and removed when empty. The first change from `open` sets `followed_up_at` for
/// good. Webhooks that subscribe to `response.updated` are told, unless nothing changed.
#[utoipa::path(
    patch,
    path = "/admin/surveys/{survey_id}/responses/{response_id}/follow-up",
    tag = "responses",
    params(("survey_id" = String, Path, description = "The survey's id"), ("response_id" = String, Path, description = "The answer's id: a UUID in any of its forms (any case; hyphens, braces, `urn:uuid:` or none)")),
    request_body(content = pulse_core::follow_up::FollowUpChange, description = "`pulse_core::follow_up::FollowUpChange`", example = json!({"state": "contacted", "owner": "ana@shop.example", "note": "Called; a new parcel is on its way."})),
    security(("session" = [])),
    responses(
        (status = 200, description = "The answer with its follow-up as it is now", body = pulse_core::admin::StoredResponse),
        AdminOnly,
        (status = 404, description = "No such survey (`survey_not_found`), or no such answer in it (`response_not_found`)", body = pulse_core::api::ErrorBody),
        (status = 422, description = "A rule broken: `field` is `note` (`too_long`, `control_character`) or `owner` (`unknown_owner`: no account has this email)", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn change(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path((survey_id, response_id)): Path<(String, String)>,
    Json(change): Json<FollowUpChange>,
) -> Result<Json<StoredResponse>, ApiError> {
    let change = change.validate()?;
    let survey = find(&state, survey_id).await?;
    match state
        .db
        .change_follow_up(&survey.config.id, &stored_id(&response_id)?, &change, &admin.email)
        .await?
    {
        FollowUpChanged::Done(answer) => Ok(Json(*answer)),
        FollowUpChanged::NoSuchAnswer => Err(ApiError::ResponseNotFound(response_id)),
        FollowUpChanged::UnknownOwner => Err(ApiError::Invalid(ValidationError {
            field: "owner",
            code: ErrorCode::UnknownOwner,
            message: format!(
                "there is no account for {}: the owner must be one of Pulse's accounts",
                change.owner.unwrap_or_default()
            ),
        })),
    }
}

/// Every detractor of the survey, oldest first, with their answer's time, score, page,
/// language and attributes and where their follow-up stands (`pulse_core::follow_up`), so
/// that the results page counts those waiting and followed up in time under its filters.
#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}/follow-ups",
    tag = "responses",
    params(("survey_id" = String, Path, description = "The survey's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The detractors' follow-ups, `application/vnd.pulse.follow-ups` (layout in pulse_core::follow_up)", content_type = "application/vnd.pulse.follow-ups", body = Vec<u8>),
        SurveyNotFound,
    )
)]
pub async fn follow_ups(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let survey = find(&state, survey_id).await?;
    let follow_ups = state.db.follow_ups(&survey.config).await?;
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], follow_ups.encode()))
}
