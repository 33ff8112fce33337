//! The one error type of the API, answered as JSON: `{"error": {"code", "message", "field"}}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pulse_core::api::{ErrorBody, ErrorCode, ErrorDetail};
use pulse_core::nps::Scale;
use pulse_core::validation::ValidationError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("there is no survey with id {0:?}")]
    SurveyNotFound(String),
    #[error("survey {0:?} is archived: it is no longer shown or answered")]
    SurveyArchived(String),
    #[error("no API endpoint answers this path")]
    RouteNotFound,
    #[error("this path does not answer this method")]
    MethodNotAllowed,
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("the request body was refused: {message}")]
    BadBody { status: StatusCode, code: ErrorCode, message: String },
    #[error("id {0} is already used by an answer to another survey; make a new id")]
    IdTaken(String),
    #[error("the answer {0} was erased and is not stored again")]
    ResponseErased(String),
    #[error("pages of {0} may not call this survey; add the origin to the survey's allowed origins")]
    OriginNotAllowed(String),
    #[error("too many requests; try again in {retry_after_seconds} s")]
    RateLimited { retry_after_seconds: u64 },
    #[error("sign in first")]
    Unauthorized,
    #[error("this API token is wrong or was revoked; an admin can make a new one on the page API tokens")]
    InvalidToken,
    #[error("only admins may do this")]
    Forbidden,
    #[error("API tokens cannot do this: sign in as a person and do it on Pulse's pages")]
    SessionRequired,
    #[error(
        "a change must be sent as JSON (Content-Type: application/json) or with the header {}, \
         which pages of other sites cannot send",
        pulse_core::api::CSRF_HEADER
    )]
    CsrfHeaderMissing,
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("there is already a survey with id {0:?}")]
    SurveyExists(String),
    #[error(
        "survey {survey_id:?} has answers on the {} scale, so its scale can no longer change: one NPS \
         cannot mix answers given on two scales; to ask on another scale, make a new survey",
        .scale.name()
    )]
    ScaleFixed { survey_id: String, scale: Scale },
    #[error("there is no answer with id {0:?} in this survey")]
    ResponseNotFound(String),
    #[error("{message}")]
    BadQuery { field: &'static str, message: String },
    #[error("{0}")]
    BadPath(String),
    #[error("there is already an account for {0}")]
    UserExists(String),
    #[error("there is no account for {0}")]
    UserNotFound(String),
    #[error("admins cannot delete their own account; ask another admin")]
    OwnAccount,
    #[error("there is no API token with id {0:?}")]
    TokenNotFound(String),
    #[error("there is no webhook with id {0:?} in this survey")]
    WebhookNotFound(String),
    #[error("the server cannot reach its database yet")]
    NotReady,
    #[error("the request was not answered within {seconds} s; try again")]
    Timeout { seconds: u64 },
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::SurveyNotFound(_) | ApiError::RouteNotFound => StatusCode::NOT_FOUND,
            ApiError::SurveyArchived(_) => StatusCode::GONE,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadBody { status, .. } => *status,
            ApiError::IdTaken(_) => StatusCode::CONFLICT,
            ApiError::ResponseErased(_) => StatusCode::GONE,
            ApiError::OriginNotAllowed(_) => StatusCode::FORBIDDEN,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unauthorized | ApiError::InvalidToken | ApiError::InvalidCredentials => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Forbidden | ApiError::SessionRequired | ApiError::CsrfHeaderMissing => {
                StatusCode::FORBIDDEN
            }
            ApiError::SurveyExists(_) | ApiError::ScaleFixed { .. } => StatusCode::CONFLICT,
            ApiError::ResponseNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadQuery { .. } | ApiError::BadPath(_) => StatusCode::BAD_REQUEST,
            ApiError::UserExists(_) | ApiError::OwnAccount => StatusCode::CONFLICT,
            ApiError::UserNotFound(_) | ApiError::TokenNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::WebhookNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::NotReady | ApiError::Timeout { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) | ApiError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> ErrorCode {
        match self {
            ApiError::Invalid(error) => error.code,
            ApiError::BadBody { code, .. } => *code,
            ApiError::SurveyNotFound(_) => ErrorCode::SurveyNotFound,
            ApiError::SurveyArchived(_) => ErrorCode::SurveyArchived,
            ApiError::RouteNotFound => ErrorCode::RouteNotFound,
            ApiError::IdTaken(_) => ErrorCode::IdTaken,
            ApiError::ResponseErased(_) => ErrorCode::ResponseErased,
            ApiError::OriginNotAllowed(_) => ErrorCode::OriginNotAllowed,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Unauthorized | ApiError::InvalidToken => ErrorCode::Unauthorized,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::SessionRequired => ErrorCode::SessionRequired,
            ApiError::CsrfHeaderMissing => ErrorCode::CsrfHeaderMissing,
            ApiError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ApiError::SurveyExists(_) => ErrorCode::SurveyExists,
            ApiError::ScaleFixed { .. } => ErrorCode::ScaleFixed,
            ApiError::ResponseNotFound(_) => ErrorCode::ResponseNotFound,
            ApiError::BadQuery { .. } => ErrorCode::InvalidQuery,
            ApiError::BadPath(_) => ErrorCode::InvalidPath,
            ApiError::UserExists(_) => ErrorCode::UserExists,
            ApiError::UserNotFound(_) => ErrorCode::UserNotFound,
            ApiError::OwnAccount => ErrorCode::OwnAccount,
            ApiError::TokenNotFound(_) => ErrorCode::TokenNotFound,
            ApiError::WebhookNotFound(_) => ErrorCode::WebhookNotFound,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::NotReady => ErrorCode::NotReady,
            ApiError::Timeout { .. } => ErrorCode::Timeout,
            ApiError::Internal(_) | ApiError::Database(_) => ErrorCode::Internal,
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            ApiError::Invalid(error) => Some(error.field),
            ApiError::IdTaken(_) | ApiError::ResponseErased(_) => Some("id"),
            ApiError::ScaleFixed { .. } => Some("scale"),
            ApiError::BadQuery { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = match &self {
            ApiError::Invalid(error) => error.message.clone(),
            ApiError::Database(error) => {
                // The details stay in the log: they mean nothing to a client and may leak.
                tracing::error!(%error, "database error");
                "the server could not complete the request; please try again".to_owned()
            }
            ApiError::Internal(error) => {
                tracing::error!(error = %format!("{error:#}"), "internal error");
                "the server could not complete the request; please try again".to_owned()
            }
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: ErrorDetail { code: self.code(), message, field: self.field().map(str::to_owned) },
        };
        let mut response = (self.status(), axum::Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            ApiError::RateLimited { retry_after_seconds } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            }
            // How to authenticate, as RFC 6750 tells programs (browsers ask for nothing on it).
            ApiError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::InvalidToken => {
                let invalid = HeaderValue::from_static("Bearer error=\"invalid_token\"");
                headers.insert(header::WWW_AUTHENTICATE, invalid);
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use pulse_core::api::ErrorCode;
    use utoipa::PartialSchema;

    #[test]
    fn the_openapi_document_lists_every_code_as_it_is_sent() {
        let schema = serde_json::to_value(ErrorCode::schema()).unwrap();
        assert_eq!(schema["enum"], serde_json::json!(ErrorCode::NAMES.as_slice()));
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
