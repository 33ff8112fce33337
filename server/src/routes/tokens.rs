//! API tokens for programs, as admins manage them: `/admin/tokens`, signed in as
//! themselves (a token cannot make or revoke tokens).

use axum::extract::State;
use axum::http::StatusCode;
use pulse_core::admin::{validate_token_name, ApiToken, CreatedApiToken, NewApiToken};

use super::openapi::AdminOnly;
use super::path::Path;
use crate::auth::{new_api_token, token_hash, SessionAdmin};
use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/admin/tokens",
    tag = "tokens",
    security(("session" = [])),
    extensions(("x-session-only" = json!(true))),
    responses(
        (status = 200, description = "Every token, oldest first (`pulse_core::admin::ApiToken`), without its secret", body = Vec<pulse_core::admin::ApiToken>),
        AdminOnly,
    )
)]
pub async fn list(State(state): State<AppState>, _: SessionAdmin) -> Result<Json<Vec<ApiToken>>, ApiError> {
    Ok(Json(state.db.api_tokens().await?))
}

/// The secret is in this answer only: the server keeps its SHA-256.
#[utoipa::path(
    post,
    path = "/admin/tokens",
    tag = "tokens",
    security(("session" = [])),
    extensions(("x-session-only" = json!(true))),
    request_body(content = pulse_core::admin::NewApiToken, description = "`pulse_core::admin::NewApiToken`: `{\"name\", \"role\"}`", example = json!({"name": "CRM sync", "role": "viewer"})),
    responses(
        (status = 201, description = "Made (`pulse_core::admin::CreatedApiToken`): the token's `id`, `name`, `role`, `created_at`, `created_by`, `last_used_at` and, this once, its secret `token`", body = pulse_core::admin::CreatedApiToken),
        AdminOnly,
        (status = 422, description = "A `name` that is `required`, `too_long` (over 100 characters) or holds a `control_character`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    SessionAdmin(admin): SessionAdmin,
    Json(new): Json<NewApiToken>,
) -> Result<(StatusCode, Json<CreatedApiToken>), ApiError> {
    let name = validate_token_name(&new.name)?;
    let token = new_api_token();
    let api_token = state
        .db
        .create_api_token(&token_hash(&token), &name, new.role, &admin.email)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok((StatusCode::CREATED, Json(CreatedApiToken { api_token, token })))
}

#[utoipa::path(
    delete,
    path = "/admin/tokens/{token_id}",
    tag = "tokens",
    security(("session" = [])),
    extensions(("x-session-only" = json!(true))),
    params(("token_id" = String, Path, description = "The token's `id`")),
    responses(
        (status = 204, description = "Revoked: the token opens nothing from now on"),
        AdminOnly,
        (status = 404, description = "No such token: `token_not_found`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    _: SessionAdmin,
    Path(token_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if !state.db.delete_api_token(&token_id).await? {
        return Err(ApiError::TokenNotFound(token_id));
    }
    Ok(StatusCode::NO_CONTENT)
}
