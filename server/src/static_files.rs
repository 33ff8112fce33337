//! The built app and the widget's files.

use std::path::Path;

use axum::Router;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

pub fn router(static_dir: &Path) -> Router {
    // Company pages on other origins import the widget's module and fetch its Wasm,
    // both of which browsers do in CORS mode.
    let widget = ServeDir::new(static_dir.join("widget"));
    // Any other path is a page of the single-page app, which routes in the browser.
    let app = ServeDir::new(static_dir).fallback(ServeFile::new(static_dir.join("index.html")));
    Router::new()
        .nest_service("/widget", widget)
        .layer(CorsLayer::new().allow_origin(Any))
        .fallback_service(app)
}
