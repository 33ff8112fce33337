//! The Pulse server: a JSON API for the widget and the results page, and the static files
//! of both.

pub mod auth;
mod beacon_json;
pub mod cli;
pub mod config;
mod connections;
mod csv_export;
pub mod db;
pub mod error;
mod json;
mod password_checks;
mod query;
mod rate_limit;
mod routes;
mod static_files;
mod survey_body;
pub mod webhooks;

use std::path::Path;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue};
use axum::routing::any;
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::config::{Config, Settings};
use crate::db::Db;
use crate::password_checks::PasswordChecks;
use crate::rate_limit::RateLimit;
use crate::webhooks::Delivery;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    widget_rate_limit: RateLimit,
    login_rate_limit: RateLimit,
    password_checks: PasswordChecks,
    session_lifetime: Duration,
    secure_cookie: bool,
    request_timeout: Duration,
    webhooks: Delivery,
}

impl AppState {
    pub fn new(db: Db, settings: &Settings) -> AppState {
        let client_ip_header = settings.client_ip_header.clone();
        AppState {
            db,
            widget_rate_limit: RateLimit::per_minute(
                settings.widget_requests_per_minute,
                client_ip_header.clone(),
            ),
            login_rate_limit: RateLimit::per_minute(settings.logins_per_minute, client_ip_header),
            // One check per core: more would only wait for CPU, each holding its memory.
            password_checks: PasswordChecks::new(
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
            ),
            session_lifetime: Duration::from_secs(u64::from(settings.session_hours) * 3600),
            secure_cookie: settings.secure_cookie,
            request_timeout: Duration::from_secs(settings.request_timeout_seconds.get()),
            webhooks: Delivery::new(settings),
        }
    }
}

pub fn router(state: AppState, static_dir: &Path) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let request_timeout = state.request_timeout;
    Router::new()
        .nest("/api/v1", routes::api(state.clone()))
        // Not a page of the app: a program that asks another version gets a JSON 404.
        .route("/api/{*path}", any(|| async { error::ApiError::RouteNotFound }))
        .merge(routes::health(state.clone()))
        .merge(static_files::router(state, static_dir))
        .layer(middleware::from_fn_with_state(request_timeout, connections::time_limit))
        // Answers are compressed as they are sent: the fastest level keeps a results feed of
        // many megabytes quick to serve. Static files come compressed from the build.
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        // Browsers take every answer as the type it says it is, never guessing another.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Clients and logs see the same id, so a report can be matched to its log lines.
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Every log line of a request carries its method, path and id; the query is left out,
/// since it may hold what marketers searched for.
fn request_span(request: &axum::extract::Request) -> Span {
    let request_id = request.headers().get("x-request-id").and_then(|id| id.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", method = %request.method(), path = request.uri().path(), request_id)
}

/// Opens the database, then answers requests until Ctrl-C or SIGTERM, finishing those in
/// flight before it returns.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let db = Db::open(&config.database_url).await?;
    db.ensure_demo_survey().await?;
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    // The e2e tests read this line to find the port; keep its shape.
    println!("Pulse is running: open http://{addr}/ (demo survey at http://{addr}/demo)");
    let settings = config.settings();
    let state = AppState::new(db, &settings);
    let app = router(state.clone(), &config.static_dir);
    let sender = webhooks::start(state.db.clone(), state.webhooks.clone());
    let limits = connections::Limits {
        max_connections: settings.max_connections.get(),
        header_timeout: Duration::from_secs(settings.header_timeout_seconds.get()),
        write_timeout: Duration::from_secs(settings.write_timeout_seconds.get()),
    };
    connections::serve(listener, app, limits, shutdown_signal()).await;
    // Requests in flight have been answered, and webhooks' messages being sent are
    // delivered (or will be tried again); close the connections cleanly.
    sender.stop().await;
    state.db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
