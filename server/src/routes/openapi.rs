//! The API described for clients and tools: `GET /api/v1/openapi.json`, generated from the
//! handlers' annotations, the refusals they share, and those that come before any handler.

use std::collections::BTreeMap;

use pulse_core::admin::API_TOKEN_PREFIX;
use pulse_core::api::{ErrorBody, CSRF_HEADER};
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, RefOr, Required, Type};
use utoipa::{IntoResponses, OpenApi};

use crate::auth::SESSION_COOKIE;

/// The security scheme of the session cookie, as handlers' `security(...)` name it.
const SESSION: &str = "session";
/// The security scheme of API tokens, added here to every operation that takes a session
/// but those marked [`SESSION_ONLY`].
const BEARER: &str = "bearer";
/// Marks, in a handler's `extensions(...)` (written there as a literal: utoipa reads a name
/// followed by `=` as an assignment), an operation that only a person signed in may call,
/// never a program (`auth::SignedIn`, `auth::SessionAdmin`).
const SESSION_ONLY: &str = "x-session-only";
/// Where the API is served; the probes are outside it.
const API_PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pulse API",
        description = "Collects survey answers from the widget on company pages, and serves \
                       them to signed-in marketers. Every error is JSON: \
                       `{\"error\": {\"code\", \"message\", \"field\"}}`."
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "widget", description = "Called by the widget from company pages: CORS per survey, rate limited"),
        (name = "results", description = "For the results page"),
        (name = "session", description = "Marketers signing in and out"),
        (name = "account", description = "What marketers change of their own account, signed in: API tokens cannot"),
        (name = "surveys", description = "Surveys, managed by admins and read by viewers"),
        (name = "responses", description = "Answers, read by marketers and deleted by admins"),
        (name = "users", description = "Marketers' accounts, managed by admins"),
        (name = "tokens", description = "API tokens for programs, managed by admins"),
        (name = "webhooks", description = "Where a survey's answers are posted as they change, managed by admins"),
        (name = "operations", description = "Probes for load balancers"),
    )
)]
struct ApiDoc;

/// The document of the API's `paths` (served under [`API_PREFIX`]) and of the `probes`.
pub fn document(
    paths: utoipa::openapi::OpenApi,
    probes: utoipa::openapi::OpenApi,
) -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi().nest(API_PREFIX, paths).merge_from(probes);
    // Marketers' endpoints need the session cookie that `POST /api/v1/session` sets, or
    // an API token that `POST /api/v1/admin/tokens` makes.
    let components = document.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
    );
    let token = HttpBuilder::new()
        .scheme(HttpAuthScheme::Bearer)
        .bearer_format(format!("{API_TOKEN_PREFIX} and 64 hex digits"))
        .description(Some(
            "An API token, made by an admin with `POST /api/v1/admin/tokens`: \
             `Authorization: Bearer pulse_...`. It does what its role allows (at most what \
             its maker's account may); when sent, it alone counts, not the session cookie",
        ));
    components.add_security_scheme(BEARER, SecurityScheme::Http(token.build()));
    for item in document.paths.paths.values_mut() {
        let operations = [
            (false, &mut item.get),
            (true, &mut item.put),
            (true, &mut item.post),
            (true, &mut item.delete),
            (true, &mut item.patch),
        ];
        for (changes, operation) in operations {
            if let Some(operation) = operation {
                accept_api_tokens(operation);
                add_refusals(operation, changes);
            }
        }
    }
    document
}

/// Every operation that takes the session takes an API token too, but those for a person
/// only.
fn accept_api_tokens(operation: &mut Operation) {
    let session_only = is_session_only(operation);
    if let Some(security) = operation.security.as_mut().filter(|_| !session_only) {
        if security.contains(&requirement(SESSION)) {
            security.push(requirement(BEARER));
        }
    }
}

fn is_session_only(operation: &Operation) -> bool {
    operation.extensions.as_ref().is_some_and(|extensions| extensions.contains_key(SESSION_ONLY))
}

fn requirement(scheme: &str) -> SecurityRequirement {
    SecurityRequirement::new(scheme, Vec::<String>::new())
}

/// Refusals that come before any handler runs, so no handler's annotation lists them: every
/// operation may get 400 for a path or query it cannot read and 503 when it takes too long
/// (`connections::time_limit`); every operation taking a body 400 for broken JSON, 413 for
/// a body too large, 415 for one not sent as JSON and 422 for JSON of the wrong shape;
/// every one needing the session or an API token 401 without it (`auth`), and those for a
/// person only 403 with a token; the widget's 403
/// from a page of an origin the survey does not list (`origins`) and 429 (`rate_limit`);
/// every change but the widget's 403 without a JSON body or the CSRF header (`same_site`),
/// which it declares. Listed here once, so that clients (and schemathesis) know every status.
fn add_refusals(operation: &mut Operation, changes: bool) {
    let takes_body = operation.request_body.is_some();
    let accepts = |scheme| operation.security.iter().flatten().any(|found| *found == requirement(scheme));
    let (signed_in, with_token) = (accepts(SESSION), accepts(BEARER));
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
                 of other sites can send neither. Not needed with an API token \
                 (`Authorization: Bearer`) and no session cookie",
            ))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String).examples(["1"])))
            .build();
        operation.parameters.get_or_insert_with(Vec::new).push(header);
        let refusal = format!("Without a JSON body or the `{CSRF_HEADER}` header: `csrf_header_missing`");
        add(operation, "403", &refusal);
    }
    let refusals = [
        (
            "400",
            "A path, query or JSON body that cannot be read: `invalid_path`, `invalid_query`, `invalid_json`",
            true,
        ),
        ("413", "Body too large: `payload_too_large`", takes_body),
        ("415", "Body not sent as JSON: `unsupported_media_type`", takes_body),
        ("422", "JSON of the wrong shape: `invalid_body`", takes_body),
        (
            "401",
            "No valid session or API token, or a wrong or revoked token: `unauthorized`, with \
             `WWW-Authenticate: Bearer`",
            with_token,
        ),
        ("401", "No valid session: `unauthorized`", signed_in && !with_token),
        (
            "403",
            "An API token (`Authorization: Bearer`) cannot do this, only a person signed in: \
             `session_required`",
            is_session_only(operation),
        ),
        (
            "403",
            "Called from a page of an origin the survey does not list: `origin_not_allowed`",
            from_widget,
        ),
        ("429", "Too many requests from this client: `rate_limited`, with `Retry-After`", from_widget),
        ("503", "Not answered within the server's time limit: `timeout`", true),
    ];
    for (status, description, applies) in refusals {
        if applies {
            add(operation, status, description);
        }
    }
}

/// Adds a refusal to `operation`'s responses, or to the description of the response it
/// already documents with that status.
fn add(operation: &mut Operation, status: &str, description: &str) {
    match operation.responses.responses.get_mut(status) {
        Some(RefOr::T(documented)) => {
            documented.description = format!("{}; {description}", documented.description)
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            operation.responses.responses.insert(status.to_owned(), error(description).into());
        }
    }
}

fn error(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
        )
        .build()
}

/// Refusals that handlers give, listed in their `responses(...)` by these names.
macro_rules! refusal {
    ($name:ident, $status:literal, $description:literal) => {
        #[doc = $description]
        pub struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                BTreeMap::from([($status.to_owned(), error($description).into())])
            }
        }
    };
}

refusal!(
    AdminOnly,
    "403",
    "Not an admin (a viewer, or a viewer's API token, asked for an admin's change): `forbidden`"
);
refusal!(SurveyNotFound, "404", "No such survey: `survey_not_found`");
refusal!(SurveyArchived, "410", "The survey is archived: `survey_archived`");
