//! The built app and the widget's files, with cache lifetimes that suit each.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Trunk puts a hash of the content in these names, so a name never changes meaning.
const HASHED: &str = "public, max-age=31536000, immutable";
/// Pages must pick up a new build at once; the server still answers 304 when unchanged.
const PAGE: &str = "no-cache";
/// The widget's files keep their names across releases (company pages embed
/// `pulse.js`): a short lifetime lets a release reach every site within minutes.
const WIDGET: &str = "public, max-age=300";
/// Anything else (icons and the like).
const OTHER: &str = "public, max-age=3600";

pub fn router(static_dir: &Path) -> Router {
    // Company pages on other origins import the widget's module and fetch its Wasm,
    // both of which browsers do in CORS mode.
    let widget = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(WIDGET)))
        .service(precompressed(ServeDir::new(static_dir.join("widget"))));
    // Any other path is a page of the single-page app, which routes in the browser.
    let app = ServiceBuilder::new().layer(middleware::from_fn(app_cache_control)).service(
        precompressed(ServeDir::new(static_dir)).fallback(ServeFile::new(static_dir.join("index.html"))),
    );
    Router::new()
        .nest_service("/widget", widget)
        .layer(CorsLayer::new().allow_origin(Any))
        .fallback_service(app)
}

async fn app_cache_control(request: Request, next: Next) -> Response {
    let policy = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    if policy == PAGE {
        // The marketers' pages must not be framed by another site, which could trick a
        // signed-in marketer into clicking (deleting answers, say).
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    match name.split_once('.') {
        // `/`, `/demo`, `/results/demo`: the app's index.html.
        None => PAGE,
        Some((_, "html")) => PAGE,
        Some((stem, _)) if is_hashed(stem) => HASHED,
        Some(_) => OTHER,
    }
}

/// `pulse-app-2999d91b59c43fc5` or `pulse-app-b40a3ee21cfd4dfb_bg`: a 16-digit hex hash
/// after the last `-`.
fn is_hashed(stem: &str) -> bool {
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `scripts/build` writes each file's `.br` and `.gz` beside it, compressed once at the
/// strongest level; browsers get those instead of a quick compression per request.
fn precompressed(files: ServeDir) -> ServeDir {
    files.precompressed_br().precompressed_gzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunks_hashed_files_are_cached_for_a_year() {
        for path in [
            "/main-149258369e593e38.css",
            "/pulse-app-2999d91b59c43fc5.js",
            "/pulse-app-b40a3ee21cfd4dfb_bg.wasm",
        ] {
            assert_eq!(cache_control(path), HASHED, "{path}");
        }
    }

    #[test]
    fn pages_are_revalidated_and_other_files_cached_briefly() {
        for path in ["/", "/demo", "/results/demo", "/index.html"] {
            assert_eq!(cache_control(path), PAGE, "{path}");
        }
        for path in ["/favicon.ico", "/main-1234.css", "/app-zzzzzzzzzzzzzzzz.js"] {
            assert_eq!(cache_control(path), OTHER, "{path}");
        }
    }
}
