//! `axum::extract::Path` whose refusals (a segment that is not UTF-8 once decoded) have
//! the same JSON shape as every other error.

use axum::extract::rejection::PathRejection;
use axum::extract::FromRequestParts;

use crate::error::ApiError;

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadPath(rejection.body_text())
    }
}
