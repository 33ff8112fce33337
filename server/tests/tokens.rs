//! API tokens over real HTTP: admins make, list and revoke them; programs send them as
//! `Authorization: Bearer` and get what the token's role (and its maker's) allows.

mod common;

use common::{Server, PASSWORD};
use pulse_core::admin::{
    validate_token_name, ApiToken, CreatedApiToken, ManagedSurvey, NewApiToken, Role, User,
};
use pulse_core::api::{ErrorBody, ErrorCode, CSRF_HEADER};
use pulse_server::auth::token_hash;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

on_both_databases!(
    an_admin_token_reads_and_changes_until_revoked,
    a_viewer_token_reads_and_is_refused_every_admin_operation,
    no_token_manages_tokens_or_accounts,
    wrong_and_malformed_tokens_are_refused_even_beside_a_valid_cookie,
    the_list_never_shows_a_secret_and_names_are_checked,
    the_last_use_is_written_at_most_once_a_minute,
    a_token_does_no_more_than_its_maker_and_ends_with_their_account,
    a_program_needs_no_csrf_header_but_a_cookie_still_does,
    the_openapi_document_declares_tokens_on_every_operation_but_a_persons,
);

const TOKENS: &str = "/api/v1/admin/tokens";

impl Server {
    /// A request as the marketers' pages send it: the cookie and the CSRF header.
    async fn as_page(&self, method: Method, path: &str, cookie: &str, body: Option<Value>) -> Response {
        let request = self.client.request(method, self.url(path)).header("cookie", cookie);
        with_body(request.header(CSRF_HEADER, "1"), body).send().await.unwrap()
    }

    /// A request as a program sends it: the token alone.
    async fn as_program(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Response {
        let request = self.client.request(method, self.url(path)).bearer_auth(token);
        with_body(request, body).send().await.unwrap()
    }

    async fn make_token(&self, cookie: &str, name: &str, role: Role) -> CreatedApiToken {
        let body = json!({"name": name, "role": role});
        let created = self.as_page(Method::POST, TOKENS, cookie, Some(body)).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        created.json().await.unwrap()
    }

    async fn tokens(&self, cookie: &str) -> Vec<ApiToken> {
        let listed = self.as_page(Method::GET, TOKENS, cookie, None).await;
        assert_eq!(listed.status(), StatusCode::OK);
        listed.json().await.unwrap()
    }
}

fn with_body(request: reqwest::RequestBuilder, body: Option<Value>) -> reqwest::RequestBuilder {
    match body {
        Some(body) => request.json(&body),
        None => request,
    }
}

/// 401 with the usual error, and the header that tells a program why.
async fn assert_refused_token(response: Response, what: &str) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what}");
    assert_eq!(response.headers()["www-authenticate"], "Bearer error=\"invalid_token\"", "{what}");
    let error = response.json::<ErrorBody>().await.unwrap().error;
    assert_eq!(error.code, ErrorCode::Unauthorized, "{what}");
    assert!(error.message.contains("revoked"), "{what}: {}", error.message);
}

async fn assert_forbidden(response: Response, what: &str) {
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "{what}");
    assert_eq!(response.json::<ErrorBody>().await.unwrap().error.code, ErrorCode::Forbidden, "{what}");
}

/// 403: only a person signed in may do this, whatever the token.
async fn assert_session_required(response: Response, what: &str) {
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "{what}");
    let error = response.json::<ErrorBody>().await.unwrap().error;
    assert_eq!(error.code, ErrorCode::SessionRequired, "{what}");
    assert!(error.message.contains("sign in"), "{what}: {}", error.message);
}

async fn an_admin_token_reads_and_changes_until_revoked(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let created = server.make_token(&admin, "  CRM sync ", Role::Admin).await;
    let CreatedApiToken { api_token, token } = &created;
    assert_eq!(api_token.name, "CRM sync");
    assert_eq!((api_token.role, api_token.created_by.as_str()), (Role::Admin, "admin@example.com"));
    assert_eq!(api_token.last_used_at, None);
    assert!(token.starts_with("pulse_") && token.len() == "pulse_".len() + 64, "{token}");

    let who = server.as_program(Method::GET, "/api/v1/session", token, None).await;
    let who: User = who.json().await.unwrap();
    assert_eq!(who, User { email: "admin@example.com".to_owned(), role: Role::Admin });
    let surveys = server.as_program(Method::GET, "/api/v1/admin/surveys", token, None).await;
    assert_eq!(surveys.status(), StatusCode::OK);
    let surveys: Vec<ManagedSurvey> = surveys.json().await.unwrap();
    assert!(surveys.iter().any(|survey| survey.definition.config.id == "demo"));
    let survey = json!({"id": "from-crm", "company": "Acme"});
    let made = server.as_program(Method::POST, "/api/v1/admin/surveys", token, Some(survey)).await;
    assert_eq!(made.status(), StatusCode::CREATED);
    assert_eq!(server.db.survey("from-crm").await.unwrap().unwrap().config.company, "Acme");

    let revoked = server.as_page(Method::DELETE, &format!("{TOKENS}/{}", api_token.id), &admin, None).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let refused = server.as_program(Method::GET, "/api/v1/admin/surveys", token, None).await;
    assert_refused_token(refused, "a revoked token").await;
    assert!(server.tokens(&admin).await.is_empty());
    let again = server.as_page(Method::DELETE, &format!("{TOKENS}/{}", api_token.id), &admin, None).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_eq!(again.json::<ErrorBody>().await.unwrap().error.code, ErrorCode::TokenNotFound);
}

async fn a_viewer_token_reads_and_is_refused_every_admin_operation(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    server.make_token(&admin, "Kept", Role::Admin).await;
    let token = server.make_token(&admin, "Dashboard", Role::Viewer).await.token;
    for path in ["/api/v1/admin/surveys", "/api/v1/admin/surveys/demo/responses"] {
        let read = server.as_program(Method::GET, path, &token, None).await;
        assert_eq!(read.status(), StatusCode::OK, "GET {path}");
    }
    let admin_operations = [
        (Method::POST, "/api/v1/admin/surveys".to_owned(), Some(json!({"id": "new", "company": "Acme"}))),
        (Method::POST, "/api/v1/admin/surveys/demo/archive".to_owned(), None),
        (Method::GET, "/api/v1/admin/users".to_owned(), None),
    ];
    for (method, path, body) in admin_operations {
        let what = format!("{method} {path}");
        assert_forbidden(server.as_program(method, &path, &token, body).await, &what).await;
    }
    assert!(!server.db.survey("demo").await.unwrap().unwrap().archived);
    assert!(server.db.survey("new").await.unwrap().is_none());
    assert_eq!(server.tokens(&admin).await.len(), 2);
}

/// What grants access takes a person signed in: a token that could make tokens or accounts
/// would outlive its own revocation, and a viewer's maker could be made an admin.
async fn no_token_manages_tokens_or_accounts(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let admin_token = server.make_token(&admin, "Admin script", Role::Admin).await;
    let viewer_token = server.make_token(&admin, "Dashboard", Role::Viewer).await;
    let revoked = server.make_token(&admin, "Revoked", Role::Admin).await;
    let path = format!("{TOKENS}/{}", revoked.api_token.id);
    assert_eq!(server.as_page(Method::DELETE, &path, &admin, None).await.status(), StatusCode::NO_CONTENT);
    // Which tokens there are: the refused ones' last use moves.
    let token_ids =
        || async { server.tokens(&admin).await.into_iter().map(|token| token.id).collect::<Vec<_>>() };
    let tokens_before = token_ids().await;
    let new_user = json!({"email": "new@example.com", "role": "admin", "password": PASSWORD});
    let change = json!({"current_password": PASSWORD, "new_password": "another long passphrase"});
    let persons_operations = [
        (Method::GET, TOKENS.to_owned(), None),
        (Method::POST, TOKENS.to_owned(), Some(json!({"name": "Forever", "role": "admin"}))),
        (Method::DELETE, format!("{TOKENS}/{}", viewer_token.api_token.id), None),
        (Method::POST, "/api/v1/admin/users".to_owned(), Some(new_user)),
        (Method::DELETE, "/api/v1/admin/users/viewer@example.com".to_owned(), None),
        (Method::PUT, "/api/v1/account/password".to_owned(), Some(change)),
    ];
    for CreatedApiToken { api_token, token } in [&admin_token, &viewer_token] {
        for (method, path, body) in &persons_operations {
            let what = format!("{method} {path} with {}", api_token.name);
            let refused = server.as_program(method.clone(), path, token, body.clone()).await;
            assert_session_required(refused, &what).await;
            // Beside the admin's cookie too: a request with a token is judged by it alone.
            let request = server.client.request(method.clone(), server.url(path)).bearer_auth(token);
            let request = with_body(request.header("cookie", &admin).header(CSRF_HEADER, "1"), body.clone());
            assert_session_required(request.send().await.unwrap(), &format!("{what}, and a cookie")).await;
        }
    }
    // A revoked token is told so, as everywhere.
    for (method, path, body) in persons_operations {
        let refused = server.as_program(method.clone(), &path, &revoked.token, body).await;
        assert_refused_token(refused, &format!("{method} {path} with a revoked token")).await;
    }
    assert_eq!(token_ids().await, tokens_before);
    assert!(server.db.user("new@example.com").await.unwrap().is_none());
    assert!(server.db.user("viewer@example.com").await.unwrap().is_some());
    // Still the old password (`login` asserts that it signs in).
    server.login("admin@example.com").await;
    // The admin's own session does each of them.
    let made = server.make_token(&admin, "By hand", Role::Viewer).await;
    let revoked =
        server.as_page(Method::DELETE, &format!("{TOKENS}/{}", made.api_token.id), &admin, None).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let user = json!({"email": "new@example.com", "role": "viewer", "password": PASSWORD});
    let created = server.as_page(Method::POST, "/api/v1/admin/users", &admin, Some(user)).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let deleted = server.as_page(Method::DELETE, "/api/v1/admin/users/new@example.com", &admin, None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}

async fn wrong_and_malformed_tokens_are_refused_even_beside_a_valid_cookie(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let token = server.make_token(&admin, "Real", Role::Admin).await.token;
    let session = admin.split_once('=').unwrap().1.to_owned();
    let wrong = [
        format!("Bearer pulse_{}", "7f".repeat(32)),
        format!("Bearer {}", token.to_uppercase()),
        format!("Bearer {}", &token[..token.len() - 1]),
        format!("Bearer {}", token_hash(&token)),
        format!("Bearer {session}"),
        "Bearer".to_owned(),
        "bearer ' OR '1'='1".to_owned(),
    ];
    for authorization in wrong {
        for cookie in ["", admin.as_str()] {
            let request = server.client.get(server.url("/api/v1/admin/surveys"));
            let request = request.header("authorization", &authorization).header("cookie", cookie);
            assert_refused_token(request.send().await.unwrap(), &format!("{authorization:?}, {cookie:?}"))
                .await;
        }
    }
    // Other schemes are for whatever stands in front of Pulse: the cookie counts.
    let basic = server.client.get(server.url("/api/v1/admin/surveys")).basic_auth("ana", Some("secret"));
    assert_eq!(basic.header("cookie", &admin).send().await.unwrap().status(), StatusCode::OK);
    // Nothing at all: the header says a token would do.
    let anonymous = server.client.get(server.url("/api/v1/admin/surveys")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    // Nor in the query string, where logs and browser histories would keep it.
    for query in ["access_token", "token"] {
        let url = server.url(&format!("/api/v1/admin/surveys?{query}={token}"));
        assert_eq!(server.client.get(url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    }
}

async fn the_list_never_shows_a_secret_and_names_are_checked(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let first = server.make_token(&admin, "CRM sync", Role::Viewer).await;
    let second = server.make_token(&admin, "Nightly export", Role::Admin).await;
    let listed = server.as_page(Method::GET, TOKENS, &admin, None).await.text().await.unwrap();
    for CreatedApiToken { token, .. } in [&first, &second] {
        assert!(!listed.contains(token.as_str()) && !listed.contains(&token_hash(token)), "{listed}");
    }
    let tokens: Vec<ApiToken> = serde_json::from_str(&listed).unwrap();
    assert_eq!(tokens, [first.api_token, second.api_token]);

    let too_long = "x".repeat(pulse_core::admin::API_TOKEN_NAME_MAX_CHARS + 1);
    for (name, code) in [("  ", ErrorCode::Required), (too_long.as_str(), ErrorCode::TooLong)] {
        let body = json!({"name": name, "role": "viewer"});
        let refused = server.as_page(Method::POST, TOKENS, &admin, Some(body)).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error = refused.json::<ErrorBody>().await.unwrap().error;
        assert_eq!((error.code, error.field.as_deref()), (code, Some("name")));
    }
    let owner = json!({"name": "Owner", "role": "owner"});
    let refused = server.as_page(Method::POST, TOKENS, &admin, Some(owner)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(server.tokens(&admin).await.len(), 2);
}

async fn the_last_use_is_written_at_most_once_a_minute(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let CreatedApiToken { api_token, token } = server.make_token(&admin, "Poller", Role::Viewer).await;
    let last_used = || async { server.tokens(&admin).await[0].last_used_at };
    let use_it = || server.as_program(Method::GET, "/api/v1/admin/surveys", &token, None);

    let before = now_millis();
    assert_eq!(use_it().await.status(), StatusCode::OK);
    let first = last_used().await.expect("written on first use");
    assert!((before..=now_millis()).contains(&first), "{first}");
    assert_eq!(use_it().await.status(), StatusCode::OK);
    assert_eq!(last_used().await, Some(first), "written again within the minute");

    // A minute on, as the database sees it.
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    sqlx::query("UPDATE api_tokens SET last_used_at = last_used_at - 61000 WHERE id = $1")
        .bind(&api_token.id)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(use_it().await.status(), StatusCode::OK);
    let later = last_used().await.unwrap();
    assert!(later >= first, "{later} after {first}");
}

async fn a_token_does_no_more_than_its_maker_and_ends_with_their_account(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    server.add_user("bo@example.com", Role::Admin).await;
    let bo = server.login("bo@example.com").await;
    let token = server.make_token(&bo, "Bo's script", Role::Admin).await.token;
    let archive = || server.as_program(Method::POST, "/api/v1/admin/surveys/demo/archive", &token, None);

    // An API token is not a person: it cannot change its maker's password.
    let change = json!({"current_password": PASSWORD, "new_password": "another long passphrase"});
    let refused = server.as_program(Method::PUT, "/api/v1/account/password", &token, Some(change)).await;
    assert_session_required(refused, "a password change with a token").await;
    // Still the old password (`login` asserts that it signs in).
    server.login("bo@example.com").await;

    // Bo made a viewer: the token reads, and changes nothing.
    let hash = server.db.user("bo@example.com").await.unwrap().unwrap().0;
    server.db.put_user("bo@example.com", &hash, Role::Viewer).await.unwrap();
    assert_forbidden(archive().await, "an admin token of a viewer").await;
    let read = server.as_program(Method::GET, "/api/v1/admin/surveys", &token, None).await;
    assert_eq!(read.status(), StatusCode::OK);

    // Bo's account deleted: the token with it.
    let deleted = server.as_page(Method::DELETE, "/api/v1/admin/users/bo@example.com", &admin, None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_refused_token(archive().await, "a token of a deleted account").await;
    assert!(server.tokens(&admin).await.is_empty());
    assert!(!server.db.survey("demo").await.unwrap().unwrap().archived);
}

async fn a_program_needs_no_csrf_header_but_a_cookie_still_does(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let token = server.make_token(&admin, "Archiver", Role::Admin).await.token;
    let archive = || server.client.post(server.url("/api/v1/admin/surveys/demo/archive")).bearer_auth(&token);

    let with_cookie = archive().header("cookie", &admin).send().await.unwrap();
    assert_eq!(with_cookie.status(), StatusCode::FORBIDDEN);
    assert_eq!(with_cookie.json::<ErrorBody>().await.unwrap().error.code, ErrorCode::CsrfHeaderMissing);
    assert!(!server.db.survey("demo").await.unwrap().unwrap().archived);

    assert_eq!(archive().send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert!(server.db.survey("demo").await.unwrap().unwrap().archived);
}

async fn the_openapi_document_declares_tokens_on_every_operation_but_a_persons(server: Server) {
    let document: Value =
        server.client.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let scheme = &document["components"]["securitySchemes"]["bearer"];
    assert_eq!((scheme["type"].as_str(), scheme["scheme"].as_str()), (Some("http"), Some("bearer")));
    // The schemes an operation takes, each alone.
    let security = |path: &str, method: &str| -> Vec<String> {
        let operation = &document["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not documented");
        let requirements = operation["security"].as_array().cloned().unwrap_or_default();
        requirements.iter().flat_map(|requirement| requirement.as_object().unwrap().keys().cloned()).collect()
    };
    let both = ["session", "bearer"];
    for (path, method) in [
        ("/api/v1/admin/surveys/{survey_id}/feed", "get"),
        ("/api/v1/admin/users", "get"),
        ("/api/v1/session", "get"),
    ] {
        assert_eq!(security(path, method), both, "{method} {path}");
    }
    for (path, method) in [
        ("/api/v1/admin/tokens", "get"),
        ("/api/v1/admin/tokens", "post"),
        ("/api/v1/admin/tokens/{token_id}", "delete"),
        ("/api/v1/admin/users", "post"),
        ("/api/v1/admin/users/{email}", "delete"),
        ("/api/v1/account/password", "put"),
    ] {
        assert_eq!(security(path, method), ["session"], "{method} {path}");
        let refusal = document["paths"][path][method]["responses"]["403"]["description"].as_str().unwrap();
        assert!(refusal.contains("`session_required`"), "{method} {path}: {refusal}");
    }
    assert_eq!(security("/api/v1/session", "post"), Vec::<String>::new());

    let example = &document["paths"]["/api/v1/admin/tokens"]["post"]["requestBody"]["content"]
        ["application/json"]["example"];
    let new: NewApiToken = serde_json::from_value(example.clone()).unwrap();
    validate_token_name(&new.name).unwrap();
}

fn now_millis() -> i64 {
    let elapsed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    i64::try_from(elapsed.as_millis()).unwrap()
}
