//! The widget's JSON bodies, also as `text/plain`: that is what `navigator.sendBeacon`
//! sends a string as, and a beacon is the widget's last chance to deliver an answer when
//! its page closes. Any other content type is refused, as by [`crate::json::Json`].

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use pulse_core::api::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::json::unread;

pub struct BeaconJson<T>(pub T);

impl<S, T> FromRequest<S> for BeaconJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
        let essence = content_type.and_then(|value| value.split(';').next()).map(str::trim);
        // Media types are the same in any case (RFC 9110, section 8.3.1).
        let json_or_text = |essence: &str| {
            ["application/json", "text/plain"].iter().any(|taken| essence.eq_ignore_ascii_case(taken))
        };
        if !essence.is_some_and(json_or_text) {
            return Err(ApiError::BadBody {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: ErrorCode::UnsupportedMediaType,
                message: "send the body as JSON, with content-type application/json".to_owned(),
            });
        }
        let bytes = Bytes::from_request(request, state).await.map_err(unread)?;
        let axum::Json(value) = axum::Json::from_bytes(&bytes)?;
        Ok(BeaconJson(value))
    }
}
