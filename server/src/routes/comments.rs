//! A survey's comments for the results page's themes, which it asks for only when the
//! marketer opens them.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use pulse_core::comments::CONTENT_TYPE;

use super::openapi::SurveyNotFound;
use super::path::Path;
use super::surveys::find;
use crate::auth::Marketer;
use crate::error::ApiError;
use crate::AppState;

/// Every comment of the survey, oldest first, each with its answer's time, score, page,
/// language and attributes (`pulse_core::comments`), so that the results page applies its
/// period and segment filters to the comments as it does to the answers. Sent compressed:
/// the results benchmark's 100,000 comments (12.9 MB) come to 2.7 MB with brotli, 3.7 MB
/// with gzip.
#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}/comments",
    tag = "responses",
    params(("survey_id" = String, Path, description = "The survey's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The comments, `application/vnd.pulse.comments` (layout in pulse_core::comments)", content_type = "application/vnd.pulse.comments", body = Vec<u8>),
        SurveyNotFound,
    )
)]
pub async fn comments(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let survey = find(&state, survey_id).await?;
    let comments = state.db.comments(&survey.config).await?;
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], comments.encode()))
}
