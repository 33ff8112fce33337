//! The results feed for the results page, which computes every figure from it.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use pulse_core::feed::CONTENT_TYPE;

use super::openapi::SurveyNotFound;
use super::path::Path;
use super::surveys::find;
use crate::auth::Marketer;
use crate::error::ApiError;
use crate::AppState;

/// The survey's answers as compact binary columns, without comments
/// (`pulse_core::feed`): the results page computes every figure from them.
#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}/feed",
    tag = "responses",
    params(("survey_id" = String, Path, description = "The survey's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The feed, `application/vnd.pulse.feed` (layout in pulse_core::feed)", content_type = "application/vnd.pulse.feed", body = Vec<u8>),
        SurveyNotFound,
    )
)]
pub async fn feed(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let survey = find(&state, survey_id).await?;
    // Built in a task of its own: the first feed of a big survey builds every day's block,
    // which may outlast the request's time limit; cut with the request, it would start
    // again from nothing on every later try, while a task that finishes leaves the blocks
    // and their state for the next one.
    let db = state.db.clone();
    let feed =
        tokio::spawn(async move { db.feed(&survey.config).await }).await.map_err(anyhow::Error::from)??;
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], feed.encode()))
}
