//! What signed-in marketers, admins and viewers alike, change of their own account:
//! `/account`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use pulse_core::admin::PasswordChange;
use pulse_core::api::ErrorCode;
use pulse_core::validation::{validate_account, ValidationError};

use crate::auth::{hash_password, verify_password, SignedIn};
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

/// The session it is asked in stays signed in, so that the marketer carries on; every
/// other session of the account ends, so that whoever knew the old password is out.
#[utoipa::path(
    put,
    path = "/account/password",
    tag = "account",
    security(("session" = [])),
    extensions(("x-session-only" = json!(true))),
    request_body(content = pulse_core::admin::PasswordChange, description = "`pulse_core::admin::PasswordChange`: `{\"current_password\", \"new_password\"}`", example = json!({"current_password": "a long passphrase", "new_password": "another long passphrase"})),
    responses(
        (status = 204, description = "Changed: every other session of the account ended, this one goes on"),
        (status = 422, description = "A `current_password` that is `wrong_password`, or a `new_password` that is `too_short`", body = pulse_core::api::ErrorBody),
        (status = 429, description = "Too many logins and password checks from this client, too many wrong passwords for this account, or too many checks at once: `rate_limited`, with `Retry-After`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    SignedIn { user, session }: SignedIn,
    Json(change): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    validate_account(&user.email, &change.new_password).map_err(|error| ValidationError {
        field: "new_password",
        message: format!("the new {}", error.message),
        ..error
    })?;
    // Each check is a guess at the password, counted as a login (by client and by
    // account), so that a borrowed session cannot guess faster than the login page allows.
    state.login_rate_limit.check(&headers, Some(peer))?;
    let (hash, _) = state.db.user(&user.email).await?.ok_or(ApiError::Unauthorized)?;
    let current = change.current_password;
    if !state.password_checks.check(&user.email, move || verify_password(&current, &hash)).await? {
        return Err(ValidationError {
            field: "current_password",
            code: ErrorCode::WrongPassword,
            message: "the current password is wrong".to_owned(),
        }
        .into());
    }
    // Argon2 takes tens of milliseconds of CPU: off the threads that serve requests.
    let new_hash = tokio::task::spawn_blocking(move || hash_password(&change.new_password))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|error| anyhow::anyhow!("hashing a password: {error}"))?;
    state.db.change_password(&user.email, &new_hash, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}
