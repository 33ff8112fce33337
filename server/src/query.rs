//! `axum::extract::Query` whose refusals have the same JSON shape as every other error.

use axum::extract::rejection::QueryRejection;
use axum::extract::FromRequestParts;

use crate::error::ApiError;

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadQuery { field: "query", message: rejection.body_text() }
    }
}
