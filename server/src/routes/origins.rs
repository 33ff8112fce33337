//! Which pages may call a survey's public endpoints: those of the origins listed on the
//! survey, or any page when the list is empty.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use pulse_core::admin::SurveyDefinition;
use pulse_core::validation::{is_survey_id, without_default_port, SURVEY_ID_MAX_CHARS};

use crate::error::ApiError;
use crate::routes::path::Path;
use crate::AppState;

/// Middleware in front of the CORS layer: a request from a page of another origin is
/// refused, preflight included, so the browser neither sends the answer nor shows the
/// reply. Requests without `Origin` (same-origin reads, servers) or from Pulse's own
/// origin pass. The survey is the one the handler will see: its id decoded from the path
/// (`%73hop` is `shop`), and refused unless it is a survey id, before any lookup.
pub async fn allow_listed_origins(
    State(state): State<AppState>,
    survey_id: Result<Path<String>, ApiError>,
    request: Request,
    next: Next,
) -> Response {
    let verdict = match survey_id {
        Ok(Path(survey_id)) => may_call(&state, &survey_id, request.headers()).await,
        Err(refusal) => Err(refusal),
    };
    // Refusals end here and CORS answers preflights itself: neither reaches the rate limit
    // behind CORS, so they are counted here, or they would be free.
    if verdict.is_err() || request.method() == Method::OPTIONS {
        if let Err(limited) = state.widget_rate_limit.check_request(&request) {
            return refused(limited);
        }
    }
    match verdict {
        Ok(()) => next.run(request).await,
        Err(refusal) => refused(refusal),
    }
}

/// Whether the page that sent `headers` may call the survey; unknown surveys pass, for
/// their handler to answer 404.
async fn may_call(state: &AppState, survey_id: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    if !is_survey_id(survey_id) {
        return Err(ApiError::BadPath(format!(
            "a survey id is 1 to {SURVEY_ID_MAX_CHARS} letters, digits, - or _"
        )));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    // Browsers send origins in ASCII; CORS would mirror anything else as it came.
    let origin = origin.to_str().map_err(|_| ApiError::OriginNotAllowed(format!("{origin:?}")))?;
    // Pulse's own pages (the demo, a preview) are not another origin.
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok());
    if host.is_some_and(|host| origin.split_once("://").is_some_and(|(_, authority)| authority == host)) {
        return Ok(());
    }
    match state.db.recent_survey(survey_id).await? {
        Some(survey) if !allows(&survey, origin) => Err(ApiError::OriginNotAllowed(origin.to_owned())),
        _ => Ok(()),
    }
}

/// Whether pages of `origin` may call `survey`: those of the origins it lists, or any. An
/// origin's scheme and host are the same in any case: browsers send them in lower case, as
/// an admin may not have written them. A default port, which surveys can no longer be
/// given but some stored earlier have, is as if left out, as browsers leave it.
pub fn allows(survey: &SurveyDefinition, origin: &str) -> bool {
    survey.allowed_origins.is_empty()
        || survey
            .allowed_origins
            .iter()
            .any(|allowed| without_default_port(allowed).unwrap_or(allowed).eq_ignore_ascii_case(origin))
}

/// The answer depends on `Origin`: a cache must not give it to pages of other origins.
fn refused(refusal: ApiError) -> Response {
    let mut response = refusal.into_response();
    response.headers_mut().append(header::VARY, HeaderValue::from_static("origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_allowed_in_any_case_and_no_other_is() {
        let survey = SurveyDefinition {
            allowed_origins: vec!["https://Shop.Example".to_owned()],
            ..SurveyDefinition::default()
        };
        assert!(allows(&survey, "https://shop.example"));
        assert!(allows(&survey, "https://SHOP.example"));
        assert!(!allows(&survey, "https://shop.example.evil.example"));
        assert!(!allows(&survey, "http://shop.example"));
        assert!(allows(&SurveyDefinition::default(), "https://any.example"));
    }

    #[test]
    fn an_origin_stored_with_its_default_port_allows_its_pages() {
        let stored = |origin: &str| SurveyDefinition {
            allowed_origins: vec![origin.to_owned()],
            ..SurveyDefinition::default()
        };
        assert!(allows(&stored("https://shop.example:443"), "https://shop.example"));
        assert!(allows(&stored("http://shop.example:80"), "http://shop.example"));
        assert!(!allows(&stored("https://shop.example:8443"), "https://shop.example"));
        assert!(!allows(&stored("http://shop.example:443"), "http://shop.example"));
    }
}
