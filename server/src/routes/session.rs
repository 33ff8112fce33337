//! Signing in and out: `/session`.

use std::net::SocketAddr;
use std::sync::LazyLock;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use pulse_core::admin::{LoginRequest, User};

use crate::auth::{
    hash_password, new_token, session_cookie, session_token, token_hash, verify_password, Marketer,
};
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

/// Checked when no account has the email, so that the time to answer does not tell
/// which emails have accounts.
static UNKNOWN_ACCOUNT_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("no account has this password").unwrap_or_default());

#[utoipa::path(
    post,
    path = "/session",
    tag = "session",
    request_body(content = pulse_core::admin::LoginRequest, description = "`pulse_core::admin::LoginRequest`: `{\"email\", \"password\"}`", example = json!({"email": "ana@example.com", "password": "a long passphrase"})),
    responses(
        (status = 200, description = "Signed in (`pulse_core::admin::User`); sets the `pulse_session` cookie (HttpOnly, SameSite=Strict)", body = pulse_core::admin::User),
        (status = 401, description = "Wrong email or password: `invalid_credentials`", body = pulse_core::api::ErrorBody),
        (status = 429, description = "Too many logins from this client, too many wrong passwords for this account, or too many logins at once: `rate_limited`, with `Retry-After`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(login): Json<LoginRequest>,
) -> Result<impl IntoResponse, ApiError> {
    state.login_rate_limit.check(&headers, Some(peer))?;
    let email = login.email.trim().to_lowercase();
    // No account's email holds a control character, and PostgreSQL cannot even compare a
    // text holding a NUL; the dummy hash below still takes the time of a lookup that fails.
    let account = if email.chars().any(char::is_control) { None } else { state.db.user(&email).await? };
    let hash = account.as_ref().map_or_else(|| UNKNOWN_ACCOUNT_HASH.clone(), |(hash, _)| hash.clone());
    let checked = hash.clone();
    let matches =
        state.password_checks.check(&email, move || verify_password(&login.password, &checked)).await?;
    let role = match account {
        Some((_, role)) if matches => role,
        _ => return Err(ApiError::InvalidCredentials),
    };
    let token = new_token();
    if !state.db.create_session(&token_hash(&token), &email, &hash, state.session_lifetime).await? {
        return Err(ApiError::InvalidCredentials);
    }
    let cookie = session_cookie(&token, state.session_lifetime.as_secs(), state.secure_cookie);
    Ok(([(header::SET_COOKIE, cookie)], Json(User { email, role })))
}

#[utoipa::path(
    get,
    path = "/session",
    tag = "session",
    security(("session" = [])),
    responses(
        (status = 200, description = "The signed-in marketer (`pulse_core::admin::User`)", body = pulse_core::admin::User),
    )
)]
pub async fn current(Marketer(user): Marketer) -> Json<User> {
    Json(user)
}

/// Ends the session in the database too, so a copied cookie stops working.
#[utoipa::path(
    delete,
    path = "/session",
    tag = "session",
    responses(
        (status = 204, description = "Signed out; the session ends and the cookie is cleared"),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    if let Some(token) = session_token(&headers) {
        state.db.delete_session(&token_hash(token)).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session_cookie("", 0, state.secure_cookie))]))
}
