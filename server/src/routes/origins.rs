//! Which pages may call a survey's public endpoints: those of the origins listed on the
//! survey, or any page when the list is empty.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// Middleware in front of the CORS layer: a request from a page of another origin is
/// refused, preflight included, so the browser neither sends the answer nor shows the
/// reply. Requests without `Origin` (same-origin reads, servers) or from Pulse's own
/// origin pass.
pub async fn allow_listed_origins(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).and_then(|origin| origin.to_str().ok());
    let (Some(origin), Some(survey_id)) = (origin, survey_id(request.uri().path())) else {
        return next.run(request).await;
    };
    // Pulse's own pages (the demo, a preview) are not another origin.
    let host = request.headers().get(header::HOST).and_then(|host| host.to_str().ok());
    if host.is_some_and(|host| origin.split_once("://").is_some_and(|(_, authority)| authority == host)) {
        return next.run(request).await;
    }
    match state.db.survey(survey_id).await {
        Ok(Some(survey))
            if !survey.allowed_origins.is_empty() && !survey.allowed_origins.iter().any(|o| o == origin) =>
        {
            ApiError::OriginNotAllowed(origin.to_owned()).into_response()
        }
        // Unknown surveys are answered (404) by the handler, errors by it too.
        _ => next.run(request).await,
    }
}

/// `demo` in `/surveys/demo/responses`.
fn survey_id(path: &str) -> Option<&str> {
    path.strip_prefix("/surveys/")?.split('/').next().filter(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::survey_id;

    #[test]
    fn the_survey_id_is_the_segment_after_surveys() {
        assert_eq!(survey_id("/surveys/demo"), Some("demo"));
        assert_eq!(survey_id("/surveys/demo/responses"), Some("demo"));
        assert_eq!(survey_id("/surveys/"), None);
        assert_eq!(survey_id("/session"), None);
    }
}
