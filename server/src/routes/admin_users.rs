//! Marketers' accounts as admins manage them: `/admin/users`, making and deleting them
//! signed in as themselves (a token cannot).

use axum::extract::State;
use axum::http::StatusCode;
use pulse_core::admin::{NewUser, User};
use pulse_core::validation::validate_account;

use super::openapi::AdminOnly;
use super::path::Path;
use crate::auth::{hash_password, Admin, SessionAdmin};
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/admin/users",
    tag = "users",
    security(("session" = [])),
    responses(
        (status = 200, description = "Every account (`pulse_core::admin::User`: email and role)", body = Vec<pulse_core::admin::User>),
        AdminOnly,
    )
)]
pub async fn list(State(state): State<AppState>, _: Admin) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(state.db.users().await?))
}

#[utoipa::path(
    post,
    path = "/admin/users",
    tag = "users",
    security(("session" = [])),
    extensions(("x-session-only" = json!(true))),
    request_body(content = pulse_core::admin::NewUser, description = "`pulse_core::admin::NewUser`: `{\"email\", \"role\", \"password\"}`", example = json!({"email": "bo@example.com", "role": "viewer", "password": "a long passphrase"})),
    responses(
        (status = 201, description = "Created (`pulse_core::admin::User`)", body = pulse_core::admin::User),
        AdminOnly,
        (status = 409, description = "The email has an account: `user_exists`", body = pulse_core::api::ErrorBody),
        (status = 422, description = "`invalid_email` or a password that is `too_short`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    _: SessionAdmin,
    Json(new): Json<NewUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    let email = validate_account(&new.email, &new.password)?;
    // Argon2 takes tens of milliseconds of CPU: off the threads that serve requests.
    let hash = tokio::task::spawn_blocking(move || hash_password(&new.password))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|error| anyhow::anyhow!("hashing a password: {error}"))?;
    if !state.db.create_user(&email, &hash, new.role).await? {
        return Err(ApiError::UserExists(email));
    }
    Ok((StatusCode::CREATED, Json(User { email, role: new.role })))
}

#[utoipa::path(
    delete,
    path = "/admin/users/{email}",
    tag = "users",
    security(("session" = [])),
    extensions(("x-session-only" = json!(true))),
    params(("email" = String, Path, description = "The account's email")),
    responses(
        (status = 204, description = "Deleted, with its sessions"),
        AdminOnly,
        (status = 404, description = "No such account: `user_not_found`", body = pulse_core::api::ErrorBody),
        (status = 409, description = "An admin cannot delete their own account: `own_account`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    SessionAdmin(admin): SessionAdmin,
    Path(email): Path<String>,
) -> Result<StatusCode, ApiError> {
    let email = email.to_lowercase();
    // Otherwise the last admin could lock everyone out of managing Pulse.
    if email == admin.email {
        return Err(ApiError::OwnAccount);
    }
    if !state.db.delete_user(&email).await? {
        return Err(ApiError::UserNotFound(email));
    }
    Ok(StatusCode::NO_CONTENT)
}
