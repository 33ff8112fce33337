//! A survey's definition as admins write it (the API's body, `survey put`'s file), read
//! strictly: a misspelt field is refused with its name rather than left out, for a survey
//! that quietly lost `alowed_origins` would take answers from every site. The widget keeps
//! reading configurations tolerantly (an older widget, a newer field).

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use pulse_core::admin::SurveyDefinition;
use pulse_core::api::ErrorCode;
use pulse_core::survey::SurveyConfig;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;
use crate::json::Json;

/// What the marketers' pages add to a definition when they read it (`ManagedSurvey`), so
/// that one read, changed and sent back, is taken.
const READ_ONLY: &str = "has_answers";

/// The definition `value` holds, or a message naming what it is not.
pub fn definition(mut value: Value) -> Result<SurveyDefinition, String> {
    let object = value.as_object_mut().ok_or("a survey is a JSON object")?;
    object.remove(READ_ONLY);
    // Read apart: the configuration is flattened into the definition, and fields left out
    // of a flattened struct are not told to serde_ignored.
    let (allowed_origins, archived) = (object.remove("allowed_origins"), object.remove("archived"));
    let mut unknown = Vec::new();
    let mut ignored = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    let tolerant = serde_ignored::Deserializer::new(value, &mut ignored);
    let config: SurveyConfig =
        serde_path_to_error::deserialize(tolerant).map_err(|error| error.to_string())?;
    if !unknown.is_empty() {
        return Err(format!("unknown field {}: check its spelling in the API's schema", unknown.join(", ")));
    }
    Ok(SurveyDefinition {
        config,
        allowed_origins: or_default(allowed_origins, "allowed_origins")?,
        archived: or_default(archived, "archived")?,
    })
}

/// `value` read as a `T`, or `T`'s default where it was left out.
fn or_default<T: DeserializeOwned + Default>(value: Option<Value>, name: &str) -> Result<T, String> {
    value.map_or(Ok(T::default()), |value| {
        serde_json::from_value(value).map_err(|error| format!("{name}: {error}"))
    })
}

/// The body of the admins' survey routes: [`definition`] of a JSON body, refused with 422
/// `invalid_body` as other bodies a rule refuses.
pub struct SurveyBody(pub SurveyDefinition);

impl<S: Send + Sync> FromRequest<S> for SurveyBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let Json(value) = Json::<Value>::from_request(request, state).await?;
        definition(value).map(SurveyBody).map_err(|message| ApiError::BadBody {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::InvalidBody,
            message,
        })
    }
}
