//! The built app and the widget's files, with cache lifetimes that suit each, and the
//! loader with the snippet's survey in it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Deserialize;
use tokio::sync::OnceCell;
use tower::ServiceBuilder;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::routes::surveys::{self, CONFIG_CACHE};
use crate::AppState;

/// Trunk puts a hash of the content in these names, so a name never changes meaning.
const HASHED: &str = "public, max-age=31536000, immutable";
/// Pages must pick up a new build at once; the server still answers 304 when unchanged.
const PAGE: &str = "no-cache";
/// The widget's files keep their names across releases (company pages embed
/// `pulse.js`): a short lifetime lets a release reach every site within minutes.
const WIDGET: &str = "public, max-age=300";
/// Anything else (icons and the like).
const OTHER: &str = "public, max-age=3600";
/// The loader with a survey that only some origins' pages may see: kept by the browser of
/// the page it was made for, never by a cache shared between sites.
const LOADER_FOR_ORIGIN: &str = "private, max-age=60";
/// What `scripts/build-widget` ends the loader with: the call of its function, with nothing.
const LOADER_CALL: &str = "()\n";

pub fn router(state: AppState, static_dir: &Path) -> Router {
    let loader = Loader { state, file: static_dir.join("widget/pulse.js"), function: Arc::default() };
    // Company pages on other origins import the widget's module and fetch its Wasm,
    // both of which browsers do in CORS mode.
    let widget = ServiceBuilder::new()
        // Only the loader with a survey in it is compressed here: the others come
        // compressed from the build. Quality 5 is within 100 B of the strongest for it, in
        // a tenth of a millisecond.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(middleware::from_fn_with_state(loader, with_survey))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(WIDGET)))
        .service(precompressed(ServeDir::new(static_dir.join("widget"))));
    // Any other path is a page of the single-page app, which routes in the browser: its
    // index.html, a page whatever the path looks like (`/results/demo.x` too).
    let page = ServiceBuilder::new()
        .layer(middleware::from_fn(page))
        .service(ServeFile::new(static_dir.join("index.html")));
    let app = ServiceBuilder::new()
        .layer(middleware::from_fn(app_cache_control))
        .service(precompressed(ServeDir::new(static_dir)).fallback(page));
    Router::new()
        .nest_service("/widget", widget)
        .layer(CorsLayer::new().allow_origin(Any))
        .fallback_service(app)
}

#[derive(Clone)]
struct Loader {
    state: AppState,
    file: PathBuf,
    /// The built loader without its call, read once: a new build comes with a restart.
    /// `None` for a loader built otherwise. Not kept while there is no file to read.
    function: Arc<OnceCell<Option<String>>>,
}

impl Loader {
    async fn function(&self) -> Option<&str> {
        let read = self.function.get_or_try_init(|| async {
            let script = tokio::fs::read_to_string(&self.file).await?;
            Ok::<_, std::io::Error>(script.strip_suffix(LOADER_CALL).map(str::to_owned))
        });
        read.await.ok()?.as_deref()
    }
}

#[derive(Deserialize)]
struct LoaderQuery {
    survey: Option<String>,
}

/// `pulse.js?survey=ID`: the loader called with the survey's configuration, so that the
/// page needs no request of its own for it before the widget's files, or with the survey's
/// id when it may not carry the configuration (see [`surveys::for_loader`]); rate limited
/// as the widget's API, with the same allowance, since each asks for a survey. Other
/// files, and the loader without a survey, are served as built.
async fn with_survey(State(loader): State<Loader>, request: Request, next: Next) -> Response {
    let survey_id = match Query::<LoaderQuery>::try_from_uri(request.uri()) {
        Ok(Query(LoaderQuery { survey: Some(survey_id) })) if request.uri().path() == "/pulse.js" => {
            survey_id
        }
        _ => return next.run(request).await,
    };
    if let Err(limited) = loader.state.widget_rate_limit.check_request(&request) {
        return limited.into_response();
    }
    // A loader built otherwise (or not at all) is served as it is.
    let Some(function) = loader.function().await else { return next.run(request).await };
    let origin = page_origin(request.headers());
    let (config, by_origin) = surveys::for_loader(&loader.state, survey_id.clone(), origin.as_deref()).await;
    // JSON is a JavaScript expression: the id, whatever it is, arrives as a string.
    let argument = match config {
        Some(config) => serde_json::to_string(&config),
        None => serde_json::to_string(&survey_id),
    }
    .unwrap_or_default();
    let cache = if by_origin { LOADER_FOR_ORIGIN } else { CONFIG_CACHE };
    let mut response = (
        [(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, cache)],
        format!("{function}({argument})\n"),
    )
        .into_response();
    if by_origin {
        response.headers_mut().append(header::VARY, HeaderValue::from_static("referer"));
    }
    response
}

/// The origin of the page that asked, from `Referer`: a script's request carries no
/// `Origin`, and by default browsers send other origins the page's origin as its referrer.
fn page_origin(headers: &HeaderMap) -> Option<String> {
    let referer: Uri = headers.get(header::REFERER)?.to_str().ok()?.parse().ok()?;
    Some(format!("{}://{}", referer.scheme()?, referer.authority()?))
}

/// The app's files by their names; the fallback's page has its headers already.
async fn app_cache_control(request: Request, next: Next) -> Response {
    let policy = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if headers.contains_key(header::CACHE_CONTROL) {
        return response;
    }
    if policy == PAGE {
        as_page(headers);
    } else {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

async fn page(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    as_page(response.headers_mut());
    response
}

fn as_page(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PAGE));
    // The marketers' pages must not be framed by another site, which could trick a
    // signed-in marketer into clicking (deleting answers, say).
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
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
