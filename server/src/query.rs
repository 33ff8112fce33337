//! A query extractor that reads repeated keys into a list (`?segment=a&segment=b`), which
//! `axum::extract::Query` cannot, and whose refusals have the same JSON shape as every
//! other error.

use axum::extract::FromRequestParts;
use axum_extra::extract::QueryRejection;

use crate::error::ApiError;

#[derive(FromRequestParts)]
#[from_request(via(axum_extra::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadQuery { field: "query", message: rejection.body_text() }
    }
}
