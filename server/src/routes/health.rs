//! For load balancers and orchestrators: `/healthz` (the process answers) and `/readyz`
//! (it can also reach its database and write answers, so it may be sent traffic).

use axum::extract::State;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::json::Json;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses(
        (status = 200, description = "The process answers", body = Object),
    )
)]
pub async fn live() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "The database answers too", body = Object),
        (status = 503, description = "The database does not answer, or answers can no longer be written: `not_ready`", body = pulse_core::api::ErrorBody),
    )
)]
pub async fn ready(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.db.ping().await.map_err(|error| {
        tracing::warn!(%error, "not ready");
        ApiError::NotReady
    })?;
    Ok(Json(json!({"status": "ready"})))
}
