//! The API described for clients and tools: `GET /api/v1/openapi.json`, generated from the
//! handlers' annotations.

use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref};
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
    modifiers(&SessionCookie, &CommonRefusals),
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

/// Refusals that come before any handler runs, so no handler's annotation lists them:
/// every operation may get 400 for a path or query it cannot read, and every operation
/// taking a body 400 for broken JSON, 413 for a body too large, 415 for one not sent
/// as JSON and 422 for JSON of the wrong shape. Listed here once, so that clients (and schemathesis) know every status.
struct CommonRefusals;

impl Modify for CommonRefusals {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations =
                [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                let takes_body = operation.request_body.is_some();
                let refusals = [
                    ("400", "A path, query or JSON body that cannot be read: `invalid_path`, `invalid_query`, `invalid_json`", true),
                    ("413", "Body too large: `payload_too_large`", takes_body),
                    ("415", "Body not sent as JSON: `unsupported_media_type`", takes_body),
                    ("422", "JSON of the wrong shape: `invalid_body`", takes_body),
                ];
                for (status, description, applies) in refusals {
                    if applies {
                        operation
                            .responses
                            .responses
                            .entry(status.to_owned())
                            .or_insert_with(|| error(description).into());
                    }
                }
            }
        }
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
