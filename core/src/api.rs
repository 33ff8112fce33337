//! Types that cross the wire between the browser and the server, defined once for both.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::names::names;
use crate::survey::Commitment;

pub use crate::survey::SurveyConfig;

/// An answer as the browser sends it: `POST /api/v1/surveys/{id}/responses`.
///
/// Scores are wide integers so that an out-of-range number reaches validation and gets
/// an error naming its field, instead of failing to parse.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseSubmission {
    /// Made in the browser, so that re-sending the same answer never stores it twice.
    pub id: String,
    pub nps: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usability: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The commitment profile, when the survey has it: agreement from 1 (disagree
    /// strongly) to 5 (agree strongly) per statement answered.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub commitment: BTreeMap<Commitment, i64>,
    /// Of the respondent's last 10 purchases of this kind, how many were from the company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_purchases: Option<i64>,
    /// The language the survey was shown in, the name of a [`crate::survey::Language`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The path of the page the survey was answered on, e.g. `/pricing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Visitor attributes the site set, such as a user id or plan.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

/// One display of a survey: `POST /api/v1/surveys/{id}/impressions`, so that the results
/// page can show responses per display.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Impression {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseAccepted {
    pub id: String,
}

/// The body of every error the API answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// For people: says what is wrong and how to fix it.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Lists each error code once, with its string on the wire, for [`ErrorCode`].
macro_rules! error_codes {
    // `tt`, not `literal`: utoipa does not read a `literal` fragment as the serde name.
    ($($(#[$doc:meta])* $variant:ident = $code:tt,)*) => {
        /// What went wrong, for programs: the `code` of an [`ErrorDetail`], stable across
        /// versions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $code)] $variant,)*
        }

        names!(ErrorCode { $($variant => $code),* });
    };
}

error_codes! {
    SurveyNotFound = "survey_not_found",
    SurveyArchived = "survey_archived",
    RouteNotFound = "route_not_found",
    MethodNotAllowed = "method_not_allowed",
    IdTaken = "id_taken",
    /// The answer was erased: its id is not stored again.
    ResponseErased = "response_erased",
    OriginNotAllowed = "origin_not_allowed",
    RateLimited = "rate_limited",
    Unauthorized = "unauthorized",
    Forbidden = "forbidden",
    /// Only a person signed in with the session cookie may do this, never a program with an
    /// API token: managing tokens and accounts, and one's own password.
    SessionRequired = "session_required",
    CsrfHeaderMissing = "csrf_header_missing",
    InvalidCredentials = "invalid_credentials",
    SurveyExists = "survey_exists",
    ScaleFixed = "scale_fixed",
    ResponseNotFound = "response_not_found",
    InvalidQuery = "invalid_query",
    InvalidPath = "invalid_path",
    UserExists = "user_exists",
    UserNotFound = "user_not_found",
    OwnAccount = "own_account",
    NotReady = "not_ready",
    Timeout = "timeout",
    Internal = "internal",
    /// The body is not sent as JSON.
    UnsupportedMediaType = "unsupported_media_type",
    /// The body is not JSON at all.
    InvalidJson = "invalid_json",
    /// JSON of the wrong shape: a field missing, unknown or of the wrong type.
    InvalidBody = "invalid_body",
    PayloadTooLarge = "payload_too_large",
    /// The body could not be read to its end.
    UnreadableBody = "unreadable_body",
    // The rules of `crate::validation` and the server's own checks of a field, which
    // `ErrorDetail::field` names.
    InvalidId = "invalid_id",
    IdMismatch = "id_mismatch",
    Required = "required",
    OutOfRange = "out_of_range",
    TooLong = "too_long",
    TooShort = "too_short",
    TooMany = "too_many",
    ControlCharacter = "control_character",
    UnknownLanguage = "unknown_language",
    UnknownText = "unknown_text",
    InvalidOrigin = "invalid_origin",
    InvalidKey = "invalid_key",
    InvalidEmail = "invalid_email",
    WrongPassword = "wrong_password",
    TokenNotFound = "token_not_found",
    WebhookNotFound = "webhook_not_found",
    /// A webhook's URL that is not an `https://` URL (or `http://` where allowed).
    InvalidUrl = "invalid_url",
    /// A webhook's URL whose host is, or resolves to, a loopback, private, link-local or
    /// other address that is not on the internet.
    PrivateAddress = "private_address",
    /// A follow-up's owner who has no account.
    UnknownOwner = "unknown_owner",
}

/// Compares with a code as written on the wire, as a client reading the JSON by hand does.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, code: &&str) -> bool {
        self.as_str() == *code
    }
}

/// The header the marketers' pages send with every change they ask for (any value; they
/// send `1`). An HTML form cannot set a header, and a script on another site cannot
/// either without a CORS permission the server never gives: a change that carries neither
/// this header nor a JSON body is refused, so another site cannot make a signed-in
/// marketer's browser change anything.
pub const CSRF_HEADER: &str = "x-pulse-csrf";

/// The name of the marketers' session cookie (HttpOnly, SameSite=Strict).
pub const SESSION_COOKIE: &str = "pulse_session";
