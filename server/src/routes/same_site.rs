//! Changes asked by the marketers' pages only: another site's page cannot make a signed-in
//! marketer's browser change anything.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use pulse_core::api::CSRF_HEADER;

use crate::auth::{bearer_token, session_token};
use crate::error::ApiError;

/// Lets a change (any method but GET, HEAD, OPTIONS, TRACE) through only with a JSON body
/// or [`CSRF_HEADER`]: an HTML form can send neither, and a script on another site
/// neither without a CORS permission, which these routes never give. The SameSite=Strict
/// cookie already stays home; this holds where it does not (an old browser, a page of a
/// sibling subdomain, which counts as the same site).
///
/// A program's request with an API token (`Authorization: Bearer`) and no session cookie
/// needs neither: the guard is there because browsers send the cookie by themselves, and
/// they never send a bearer token by themselves.
pub async fn from_own_pages(request: Request, next: Next) -> Result<Response, ApiError> {
    let headers = request.headers();
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"));
    let program = bearer_token(headers).is_some() && session_token(headers).is_none();
    if request.method().is_safe() || json || headers.contains_key(CSRF_HEADER) || program {
        Ok(next.run(request).await)
    } else {
        Err(ApiError::CsrfHeaderMissing)
    }
}
