//! The JSON API, version 1, grouped by resource.

mod account;
mod admin_responses;
mod admin_surveys;
mod admin_users;
mod feed;
mod health;
mod openapi;
mod origins;
mod path;
mod responses;
mod same_site;
mod session;
mod surveys;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method};
use axum::routing::{delete, get, post, put};
use axum::{middleware, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::rate_limit;
use crate::AppState;

/// The largest answer is a 2,000-character comment of 4-byte characters, 20 attributes
/// and a few fields; anything much bigger is not an answer.
const WIDGET_BODY_BYTES: usize = 32 * 1024;
/// A survey definition with texts in every language fits easily.
const ADMIN_BODY_BYTES: usize = 256 * 1024;

pub fn api(state: AppState) -> Router {
    Router::new()
        .merge(widget(state.clone()))
        .merge(marketers())
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { ApiError::RouteNotFound })
        .with_state(state)
}

/// Probes for load balancers, outside the versioned API.
pub fn health(state: AppState) -> Router {
    Router::new().route("/healthz", get(health::live)).route("/readyz", get(health::ready)).with_state(state)
}

/// What the marketers' pages call, from Pulse's own origin only (no CORS), with the
/// session cookie; changes only as the pages send them (see `same_site`).
fn marketers() -> Router<AppState> {
    Router::new()
        .route("/session", post(session::login).get(session::current).delete(session::logout))
        .route("/account/password", put(account::change_password))
        .route("/admin/surveys", get(admin_surveys::list).post(admin_surveys::create))
        .route("/admin/surveys/{survey_id}", get(admin_surveys::one).put(admin_surveys::update))
        .route("/admin/surveys/{survey_id}/archive", post(admin_surveys::archive))
        .route("/admin/surveys/{survey_id}/feed", get(feed::feed))
        .route("/admin/surveys/{survey_id}/responses", get(admin_responses::list))
        .route("/admin/surveys/{survey_id}/responses.csv", get(admin_responses::export))
        .route("/admin/surveys/{survey_id}/responses/{response_id}", delete(admin_responses::delete_one))
        .route("/admin/responses", delete(admin_responses::delete_with_attribute))
        .route("/admin/users", get(admin_users::list).post(admin_users::create))
        .route("/admin/users/{email}", delete(admin_users::delete))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(ADMIN_BODY_BYTES))
        .layer(middleware::from_fn(same_site::from_own_pages))
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
        .route("/surveys/{survey_id}/responses", post(responses::create))
        .route("/surveys/{survey_id}/impressions", post(responses::impression))
        // Set before the layers, so that CORS still answers preflights (OPTIONS).
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(WIDGET_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.widget_rate_limit.clone(), rate_limit::limit))
        .layer(cors)
        .layer(middleware::from_fn_with_state(state, origins::allow_listed_origins))
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
