//! The API described for clients and tools: `GET /api/v1/openapi.json`, generated from the
//! handlers' annotations.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{admin_responses, admin_surveys, admin_users, feed, health, responses, session, surveys};
use crate::auth::SESSION_COOKIE;
use crate::json::Json;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pulse API",
        description = "Collects survey answers from the widget on company pages, and serves \
                       them to signed-in marketers. Every error is JSON: \
                       `{\"error\": {\"code\", \"message\", \"field\"}}`."
    ),
    paths(
        surveys::config,
        responses::create,
        responses::impression,
        feed::feed,
        session::login,
        session::current,
        session::logout,
        admin_surveys::list,
        admin_surveys::create,
        admin_surveys::one,
        admin_surveys::update,
        admin_surveys::archive,
        admin_responses::list,
        admin_responses::export,
        admin_responses::delete_one,
        admin_responses::delete_with_attribute,
        admin_users::list,
        admin_users::create,
        admin_users::delete,
        health::live,
        health::ready,
    ),
    modifiers(&SessionCookie),
    tags(
        (name = "widget", description = "Called by the widget from company pages: CORS per survey, rate limited"),
        (name = "results", description = "For the results page"),
        (name = "session", description = "Marketers signing in and out"),
        (name = "surveys", description = "Surveys, managed by admins and read by viewers"),
        (name = "responses", description = "Answers, read by marketers and deleted by admins"),
        (name = "users", description = "Marketers' accounts, managed by admins"),
        (name = "operations", description = "Probes for load balancers"),
    )
)]
struct ApiDoc;

/// Marketers' endpoints need the session cookie that `POST /api/v1/session` sets.
struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
