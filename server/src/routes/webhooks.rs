//! A survey's webhooks as admins manage them: `/admin/surveys/{id}/webhooks`. Admins only:
//! a receiver's URL may hold its own secret, as Slack's do.

use axum::extract::State;
use axum::http::StatusCode;
use pulse_core::api::ErrorCode;
use pulse_core::limits::WEBHOOKS_PER_SURVEY_MAX;
use pulse_core::validation::ValidationError;
use pulse_core::webhook::{CreatedWebhook, Webhook, WebhookAttempt, WebhookSettings};

use super::openapi::{AdminOnly, SurveyNotFound};
use super::path::Path;
use super::surveys::find;
use crate::auth::Admin;
use crate::error::ApiError;
use crate::json::Json;
use crate::webhooks::{check_url, new_secret, Refused};
use crate::AppState;

#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}/webhooks",
    tag = "webhooks",
    params(("survey_id" = String, Path, description = "The survey's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The survey's webhooks, oldest first, each with its messages `pending` and `failed` and its latest `attempts` (`pulse_core::webhook::Webhook`); never their secrets", body = Vec<pulse_core::webhook::Webhook>),
        AdminOnly,
        SurveyNotFound,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    Path(survey_id): Path<String>,
) -> Result<Json<Vec<Webhook>>, ApiError> {
    let survey = find(&state, survey_id).await?;
    Ok(Json(state.db.webhooks(&survey.config.id).await?))
}

#[utoipa::path(
    post,
    path = "/admin/surveys/{survey_id}/webhooks",
    tag = "webhooks",
    params(("survey_id" = String, Path, description = "The survey's id")),
    request_body(content = pulse_core::webhook::WebhookSettings, description = "`pulse_core::webhook::WebhookSettings`: `url`, `events`, and optionally `format` (`standard` or `slack`) and `enabled`", example = json!({"url": "https://crm.example/pulse", "events": ["response.created", "response.updated", "response.deleted"]})),
    security(("session" = [])),
    responses(
        (status = 201, description = "Created, with its `secret` (`whsec_...`), shown this once (`pulse_core::webhook::CreatedWebhook`)", body = pulse_core::webhook::CreatedWebhook),
        AdminOnly,
        SurveyNotFound,
        (status = 422, description = "`invalid_url`, `too_long`, `private_address` (the host is or resolves to an address not on the internet), `required` (no event), or `too_many` (10 webhooks already)", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    Path(survey_id): Path<String>,
    Json(settings): Json<WebhookSettings>,
) -> Result<(StatusCode, Json<CreatedWebhook>), ApiError> {
    let survey = find(&state, survey_id).await?;
    check(&state, &settings).await?;
    let secret = new_secret();
    let Some(id) =
        state.db.create_webhook(&survey.config.id, &settings, &secret, WEBHOOKS_PER_SURVEY_MAX).await?
    else {
        return Err(ApiError::Invalid(ValidationError {
            field: "url",
            code: ErrorCode::TooMany,
            message: format!("a survey may have {WEBHOOKS_PER_SURVEY_MAX} webhooks; delete one first"),
        }));
    };
    let webhook = found(&state, &survey.config.id, id).await?;
    Ok((StatusCode::CREATED, Json(CreatedWebhook { webhook, secret })))
}

#[utoipa::path(
    get,
    path = "/admin/surveys/{survey_id}/webhooks/{webhook_id}",
    tag = "webhooks",
    params(("survey_id" = String, Path, description = "The survey's id"), ("webhook_id" = String, Path, description = "The webhook's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The webhook (`pulse_core::webhook::Webhook`)", body = pulse_core::webhook::Webhook),
        AdminOnly,
        (status = 404, description = "No such webhook in this survey: `webhook_not_found`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    _: Admin,
    Path((survey_id, webhook_id)): Path<(String, String)>,
) -> Result<Json<Webhook>, ApiError> {
    found(&state, &survey_id, webhook_id).await.map(Json)
}

/// Replaces the webhook's settings; its secret stays.
#[utoipa::path(
    put,
    path = "/admin/surveys/{survey_id}/webhooks/{webhook_id}",
    tag = "webhooks",
    params(("survey_id" = String, Path, description = "The survey's id"), ("webhook_id" = String, Path, description = "The webhook's id")),
    request_body(content = pulse_core::webhook::WebhookSettings, description = "`pulse_core::webhook::WebhookSettings`", example = json!({"url": "https://crm.example/pulse", "events": ["response.created"], "format": "standard", "enabled": false})),
    security(("session" = [])),
    responses(
        (status = 200, description = "Replaced (`pulse_core::webhook::Webhook`)", body = pulse_core::webhook::Webhook),
        AdminOnly,
        (status = 404, description = "No such webhook in this survey: `webhook_not_found`", body = pulse_core::api::ErrorBody),
        (status = 422, description = "`invalid_url`, `too_long`, `private_address` or `required`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    _: Admin,
    Path((survey_id, webhook_id)): Path<(String, String)>,
    Json(settings): Json<WebhookSettings>,
) -> Result<Json<Webhook>, ApiError> {
    check(&state, &settings).await?;
    if !state.db.update_webhook(&survey_id, &webhook_id, &settings).await? {
        return Err(ApiError::WebhookNotFound(webhook_id));
    }
    found(&state, &survey_id, webhook_id).await.map(Json)
}

/// Deletes the webhook, with its messages not yet delivered.
#[utoipa::path(
    delete,
    path = "/admin/surveys/{survey_id}/webhooks/{webhook_id}",
    tag = "webhooks",
    params(("survey_id" = String, Path, description = "The survey's id"), ("webhook_id" = String, Path, description = "The webhook's id")),
    security(("session" = [])),
    responses(
        (status = 204, description = "Deleted"),
        AdminOnly,
        (status = 404, description = "No such webhook in this survey: `webhook_not_found`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    _: Admin,
    Path((survey_id, webhook_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    if !state.db.delete_webhook(&survey_id, &webhook_id).await? {
        return Err(ApiError::WebhookNotFound(webhook_id));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a `webhook.test` message at once, even to a disabled webhook, and answers with
/// the attempt; a failed one is tried again on the schedule, as any message is.
#[utoipa::path(
    post,
    path = "/admin/surveys/{survey_id}/webhooks/{webhook_id}/test",
    tag = "webhooks",
    params(("survey_id" = String, Path, description = "The survey's id"), ("webhook_id" = String, Path, description = "The webhook's id")),
    security(("session" = [])),
    responses(
        (status = 200, description = "The attempt (`pulse_core::webhook::WebhookAttempt`): `delivered`, or the receiver's `status` or the `error`, and `next_attempt_at`", body = pulse_core::webhook::WebhookAttempt),
        AdminOnly,
        (status = 404, description = "No such webhook in this survey: `webhook_not_found`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn test(
    State(state): State<AppState>,
    _: Admin,
    Path((survey_id, webhook_id)): Path<(String, String)>,
) -> Result<Json<WebhookAttempt>, ApiError> {
    match state.webhooks.send_test(&state.db, &survey_id, &webhook_id).await? {
        Some(attempt) => Ok(Json(attempt)),
        None => Err(ApiError::WebhookNotFound(webhook_id)),
    }
}

async fn found(state: &AppState, survey_id: &str, webhook_id: String) -> Result<Webhook, ApiError> {
    state.db.webhook(survey_id, &webhook_id).await?.ok_or(ApiError::WebhookNotFound(webhook_id))
}

/// The settings' rules, then where the URL's host is.
async fn check(state: &AppState, settings: &WebhookSettings) -> Result<(), ApiError> {
    let allow_private = state.webhooks.allows_private();
    settings.validate(allow_private)?;
    check_url(&settings.url, allow_private).await.map(drop).map_err(|refused| {
        let code = match refused {
            Refused::Private { .. } => ErrorCode::PrivateAddress,
            Refused::Unreadable(_) | Refused::Unresolved { .. } => ErrorCode::InvalidUrl,
        };
        ApiError::Invalid(ValidationError { field: "url", code, message: refused.to_string() })
    })
}
