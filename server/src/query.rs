//! A query extractor that reads repeated keys into a list (`?segment=a&segment=b`), which
//! `axum::extract::Query` cannot, and whose refusals have the same JSON shape as every
//! other error.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::QueryRejection;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    /// A decoded key or value with a control character is the client's fault, refused
    /// before it reaches a database: PostgreSQL cannot even compare a text holding a NUL.
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum_extra::extract::Query(value) =
            axum_extra::extract::Query::<T>::from_request_parts(parts, state).await?;
        let axum_extra::extract::Query(pairs) =
            axum_extra::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)?;
        let control = |text: &str| text.chars().any(char::is_control);
        match pairs.iter().find(|(key, value)| control(key) || control(value)) {
            Some((key, _)) => Err(ApiError::BadQuery {
                field: "query",
                message: format!("{} must not contain control characters", key.escape_debug()),
            }),
            None => Ok(Query(value)),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadQuery { field: "query", message: rejection.body_text() }
    }
}
