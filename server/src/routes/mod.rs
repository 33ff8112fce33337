//! The JSON API, version 1, grouped by resource.

mod feed;
mod responses;
mod surveys;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{Any, CorsLayer};

use crate::error::ApiError;
use crate::AppState;

/// The largest answer is a 2,000-character comment of 4-byte characters plus a few
/// fields; anything much bigger is not an answer.
const MAX_BODY_BYTES: usize = 16 * 1024;

pub fn api(state: AppState) -> Router {
    // The widget runs on company sites, so its endpoints answer other origins.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE]);
    Router::new()
        .route("/surveys/{survey_id}", get(surveys::config))
        .route("/surveys/{survey_id}/results", get(surveys::results))
        .route("/surveys/{survey_id}/feed", get(feed::feed))
        .route("/surveys/{survey_id}/responses", post(responses::create))
        .route("/surveys/{survey_id}/impressions", post(responses::impression))
        .fallback(|| async { ApiError::RouteNotFound })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(cors)
        .with_state(state)
}
