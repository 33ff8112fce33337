//! The JSON API, version 1, grouped by resource.

mod feed;
mod origins;
mod responses;
mod surveys;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method};
use axum::routing::{get, post};
use axum::{middleware, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::rate_limit;
use crate::AppState;

/// The largest answer is a 2,000-character comment of 4-byte characters, 20 attributes
/// and a few fields; anything much bigger is not an answer.
const WIDGET_BODY_BYTES: usize = 32 * 1024;

pub fn api(state: AppState) -> Router {
    Router::new()
        .merge(widget(state.clone()))
        .fallback(|| async { ApiError::RouteNotFound })
        .with_state(state)
}

/// What the widget calls from company pages: open to other origins, rate limited.
fn widget(state: AppState) -> Router<AppState> {
    // Which origins may call is decided per survey by `origins`; this layer only writes
    // the headers for those it lets through.
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600));
    Router::new()
        .route("/surveys/{survey_id}", get(surveys::config))
        .route("/surveys/{survey_id}/results", get(surveys::results))
        .route("/surveys/{survey_id}/feed", get(feed::feed))
        .route("/surveys/{survey_id}/responses", post(responses::create))
        .route("/surveys/{survey_id}/impressions", post(responses::impression))
        .layer(DefaultBodyLimit::max(WIDGET_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.widget_rate_limit.clone(), rate_limit::limit))
        .layer(cors)
        .layer(middleware::from_fn_with_state(state, origins::allow_listed_origins))
}
