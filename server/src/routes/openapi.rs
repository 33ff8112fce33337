//! The API described for clients and tools: `GET /api/v1/openapi.json`, generated from the
//! handlers' annotations.

use std::collections::btree_map::Entry;

use pulse_core::api::CSRF_HEADER;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, RefOr, Required, Type};
use utoipa::{Modify, OpenApi};

use super::{
    account, admin_responses, admin_surveys, admin_users, feed, health, responses, session, surveys,
};
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
        account::change_password,
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
        (name = "account", description = "What marketers change of their own account"),
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
/// as JSON and 422 for JSON of the wrong shape; every change but the widget's 403
/// without a JSON body or the CSRF header (`same_site`), which it declares. Listed here
/// once, so that clients (and schemathesis) know every status.
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
            let operations = [
                (false, &mut item.get),
                (true, &mut item.put),
                (true, &mut item.post),
                (true, &mut item.delete),
                (true, &mut item.patch),
            ];
            for (changes, operation) in operations {
                let Some(operation) = operation else { continue };
                let takes_body = operation.request_body.is_some();
                // The widget's posts come from other sites' pages by design.
                let from_widget = operation.tags.iter().flatten().any(|tag| tag == "widget");
                if changes && !from_widget {
                    // Operations that take JSON need it only when sent otherwise.
                    let required = if takes_body { Required::False } else { Required::True };
                    let header = ParameterBuilder::new()
                        .name(CSRF_HEADER)
                        .parameter_in(ParameterIn::Header)
                        .required(required)
                        .description(Some(
                            "Any value (the marketers' pages send `1`). A change with neither this \
                             header nor a JSON body is refused with 403 `csrf_header_missing`: pages \
                             of other sites can send neither",
                        ))
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String).examples(["1"])))
                        .build();
                    operation.parameters.get_or_insert_with(Vec::new).push(header);
                    let refusal =
                        format!("Without a JSON body or the `{CSRF_HEADER}` header: `csrf_header_missing`");
                    match operation.responses.responses.entry("403".to_owned()) {
                        Entry::Occupied(mut documented) => {
                            if let RefOr::T(response) = documented.get_mut() {
                                response.description = format!("{}; {refusal}", response.description);
                            }
                        }
                        Entry::Vacant(missing) => {
                            missing.insert(error(&refusal).into());
                        }
                    }
                }
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
