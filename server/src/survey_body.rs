//! A survey's definition as admins write it (the API's body, `survey put`'s file), read
//! strictly: a misspelt field is refused with its name rather than left out, for a survey
//! that quietly lost `alowed_origins` would take answers from every site. The widget keeps
//! reading configurations tolerantly (an older widget, a newer field).

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use pulse_core::admin::SurveyDefinition;
use pulse_core::api::ErrorCode;
use pulse_core::survey::SurveyConfig;
use serde::Deserialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::json::{unread, Json};

/// The definition's own fields, beside the configuration flattened into it, and what the
/// marketers' pages read with it (`ManagedSurvey`), so that one read, changed and sent
/// back, is taken.
const NOT_CONFIGURATION: [&str; 3] = ["allowed_origins", "archived", "has_answers"];

/// Refuses, naming them, the fields of the definition `value` that a definition does not
/// have, at any depth (`targeting.sample_pct`). Only names: whether the rest reads as a
/// definition is the typed parse's to tell.
pub fn refuse_unknown_fields(mut value: Value) -> Result<(), String> {
    let Some(object) = value.as_object_mut() else { return Ok(()) };
    // The configuration is read on its own: a flattened struct does not tell serde_ignored
    // what it leaves out.
    for field in NOT_CONFIGURATION {
        object.remove(field);
    }
    let mut unknown = Vec::new();
    let mut ignored = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    // Its errors are the typed parse's, which took this body already.
    let _ = SurveyConfig::deserialize(serde_ignored::Deserializer::new(value, &mut ignored));
    if unknown.is_empty() {
        return Ok(());
    }
    Err(format!("unknown field {}: check its spelling in the API's schema", unknown.join(", ")))
}

/// The body of the admins' survey routes: a JSON [`SurveyDefinition`], refused as any other
/// body, and with 422 `invalid_body` for a field it does not have.
pub struct SurveyBody(pub SurveyDefinition);

impl<S: Send + Sync> FromRequest<S> for SurveyBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = request.into_parts();
        let bytes =
            Bytes::from_request(Request::from_parts(parts.clone(), body), state).await.map_err(unread)?;
        let body = Request::from_parts(parts, Body::from(bytes.clone()));
        let Json(definition) = Json::<SurveyDefinition>::from_request(body, state).await?;
        // Read as a definition, it reads as JSON.
        let value = serde_json::from_slice(&bytes).unwrap_or_default();
        refuse_unknown_fields(value).map_err(|message| ApiError::BadBody {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::InvalidBody,
            message,
        })?;
        Ok(SurveyBody(definition))
    }
}
