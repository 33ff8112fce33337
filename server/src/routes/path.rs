//! `axum::extract::Path` whose refusals (a segment that is not UTF-8 once decoded) have
//! the same JSON shape as every other error.

use axum::extract::rejection::PathRejection;
use axum::extract::FromRequestParts;

use crate::error::ApiError;

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

impl From<PathRejection> for ApiError {
    /// axum tells the client's faults (4xx) from the server's own, such as a handler
    /// asking for parameters its route does not have (5xx).
    fn from(rejection: PathRejection) -> Self {
        if rejection.status().is_client_error() {
            ApiError::BadPath(rejection.body_text())
        } else {
            ApiError::Internal(anyhow::anyhow!(rejection.body_text()))
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::extract::rejection::MissingPathParams;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;

    use super::*;

    #[test]
    fn a_route_without_the_parameters_its_handler_reads_is_the_servers_fault() {
        let error = ApiError::from(PathRejection::MissingPathParams(MissingPathParams::default()));
        assert_eq!(error.into_response().status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
