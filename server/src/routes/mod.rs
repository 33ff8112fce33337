//! The JSON API, version 1, grouped by resource.

mod account;
mod admin_responses;
mod admin_surveys;
mod admin_users;
mod comments;
mod feed;
mod follow_up;
mod health;
mod openapi;
mod origins;
mod path;
mod responses;
mod same_site;
mod session;
pub(crate) mod surveys;
mod themes;
mod tokens;
mod webhooks;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::routing::get;
use axum::{middleware, Router};
use pulse_core::limits::{ADMIN_BODY_BYTES, WIDGET_BODY_BYTES};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::json::Json;
use crate::rate_limit;
use crate::AppState;

/// The API and its OpenAPI document, both from the handlers' `#[utoipa::path]`s.
pub fn api(state: AppState) -> Router {
    let (routes, paths) =
        OpenApiRouter::new().merge(widget(state.clone())).merge(marketers()).split_for_parts();
    let document = openapi::document(paths, probes().into_openapi());
    routes
        .route("/openapi.json", get(move || std::future::ready(Json(document.clone()))))
        .fallback(|| async { ApiError::RouteNotFound })
        .with_state(state)
}

/// Probes for load balancers, outside the versioned API.
pub fn health(state: AppState) -> Router {
    Router::from(probes()).with_state(state)
}

fn probes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health::live)).routes(routes!(health::ready))
}

/// What the marketers' pages call, from Pulse's own origin only (no CORS), with the
/// session cookie, and programs with an API token; changes only as the pages send them
/// or with a token (see `same_site`). Their answers hold personal data and secrets: no
/// browser or proxy keeps them after the marketer signs out.
fn marketers() -> OpenApiRouter<AppState> {
    let routes = OpenApiRouter::new()
        .routes(routes!(session::login, session::current, session::logout))
        .routes(routes!(account::change_password))
        .routes(routes!(admin_surveys::list, admin_surveys::create))
        .routes(routes!(admin_surveys::one, admin_surveys::update))
        .routes(routes!(admin_surveys::archive))
        .routes(routes!(feed::feed))
        .routes(routes!(comments::comments))
        .routes(routes!(themes::themes, themes::replace))
        .routes(routes!(admin_responses::list))
        .routes(routes!(admin_responses::export))
        .routes(routes!(admin_responses::delete_one))
        .routes(routes!(follow_up::change))
        .routes(routes!(follow_up::follow_ups))
        .routes(routes!(admin_responses::delete_with_attribute))
        .routes(routes!(admin_users::list, admin_users::create))
        .routes(routes!(admin_users::delete))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
        .routes(routes!(webhooks::list, webhooks::create))
        .routes(routes!(webhooks::one, webhooks::update, webhooks::delete))
        .routes(routes!(webhooks::test));
    layered(routes, |routes| {
        routes
            .layer(DefaultBodyLimit::max(ADMIN_BODY_BYTES))
            .layer(middleware::from_fn(same_site::from_own_pages))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ))
    })
}

/// What the widget calls from company pages: open to other origins, rate limited.
fn widget(state: AppState) -> OpenApiRouter<AppState> {
    // Which origins may call is decided per survey by `origins`; this layer only writes
    // the headers for those it lets through.
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600));
    let routes = OpenApiRouter::new()
        .routes(routes!(surveys::config))
        .routes(routes!(responses::create))
        .routes(routes!(responses::impression));
    layered(routes, |routes| {
        routes
            .layer(DefaultBodyLimit::max(WIDGET_BODY_BYTES))
            .layer(middleware::from_fn_with_state(state.widget_rate_limit.clone(), rate_limit::limit))
            .layer(cors)
            .layer(middleware::from_fn_with_state(state, origins::allow_listed_origins))
    })
}

/// Wraps `routes` in `layers`, keeping their document. A wrong method is answered before
/// the layers (`OpenApiRouter` cannot set that fallback), so that CORS still answers
/// preflights (OPTIONS).
fn layered(
    routes: OpenApiRouter<AppState>,
    layers: impl FnOnce(Router<AppState>) -> Router<AppState>,
) -> OpenApiRouter<AppState> {
    let (routes, document) = routes.split_for_parts();
    let routes = layers(routes.method_not_allowed_fallback(method_not_allowed));
    OpenApiRouter::with_openapi(document).merge(routes.into())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
