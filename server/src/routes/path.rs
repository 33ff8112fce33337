//! `axum::extract::Path` whose refusals (a segment that is not UTF-8 once decoded, or that
//! holds a control character) have the same JSON shape as every other error.

use axum::extract::rejection::{PathRejection, RawPathParamsRejection};
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    /// A decoded segment with a control character is the client's fault, refused before it
    /// reaches a database: PostgreSQL cannot even compare a text holding a NUL.
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state).await?;
        match params.iter().find(|(_, value)| value.chars().any(char::is_control)) {
            Some((name, _)) => Err(ApiError::BadPath(format!("{name} must not contain control characters"))),
            None => Ok(Path(value)),
        }
    }
}

impl From<PathRejection> for ApiError {
    /// axum tells the client's faults (4xx) from the server's own, such as a handler
    /// asking for parameters its route does not have (5xx).
    fn from(rejection: PathRejection) -> Self {
        refusal(rejection.status().is_client_error(), rejection.body_text())
    }
}

impl From<RawPathParamsRejection> for ApiError {
    fn from(rejection: RawPathParamsRejection) -> Self {
        refusal(rejection.status().is_client_error(), rejection.body_text())
    }
}

fn refusal(clients_fault: bool, message: String) -> ApiError {
    if clients_fault {
        ApiError::BadPath(message)
    } else {
        ApiError::Internal(anyhow::anyhow!(message))
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
