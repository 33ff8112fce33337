//! The results feed for the results page, which computes every figure from it.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use pulse_core::feed::CONTENT_TYPE;

use super::surveys::find;
use crate::auth::Marketer;
use crate::error::ApiError;
use crate::AppState;

/// `GET /api/v1/admin/surveys/{id}/feed`, for marketers (viewers included).
pub async fn feed(
    State(state): State<AppState>,
    _: Marketer,
    Path(survey_id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let survey = find(&state, survey_id).await?;
    let feed = state.db.feed(&survey.config).await?;
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE), (header::CACHE_CONTROL, "no-store")], feed.encode()))
}
