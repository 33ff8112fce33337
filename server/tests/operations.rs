//! What operators rely on: the OpenAPI document, health probes, request ids,
//! compression and cache lifetimes of the static files.

mod common;

use common::Server;
use pulse_core::admin::{LoginRequest, NewUser, SurveyDefinition};
use pulse_core::api::{ErrorBody, Impression, ResponseSubmission};
use pulse_core::nps::Scale;
use pulse_core::validation::{validate, validate_account, validate_impression, validate_survey};
use reqwest::StatusCode;
use serde_json::Value;

on_both_databases!(
    the_openapi_document_describes_every_endpoint,
    the_openapi_examples_are_bodies_the_server_takes,
    health_and_readiness_probes_answer,
    every_response_carries_a_request_id,
    responses_are_compressed_for_clients_that_accept_it,
    static_files_get_cache_lifetimes_that_suit_them,
    any_path_of_the_app_is_a_page_and_unknown_api_paths_are_json,
);

async fn the_openapi_document_describes_every_endpoint(server: Server) {
    let response = server.client.get(server.url("/api/v1/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let document: Value = response.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let endpoints = [
        ("get", "/api/v1/surveys/{survey_id}"),
        ("post", "/api/v1/surveys/{survey_id}/responses"),
        ("post", "/api/v1/surveys/{survey_id}/impressions"),
        ("get", "/api/v1/admin/surveys/{survey_id}/feed"),
        ("post", "/api/v1/session"),
        ("get", "/api/v1/session"),
        ("delete", "/api/v1/session"),
        ("get", "/api/v1/admin/surveys"),
        ("post", "/api/v1/admin/surveys"),
        ("get", "/api/v1/admin/surveys/{survey_id}"),
        ("put", "/api/v1/admin/surveys/{survey_id}"),
        ("post", "/api/v1/admin/surveys/{survey_id}/archive"),
        ("get", "/api/v1/admin/surveys/{survey_id}/responses"),
        ("get", "/api/v1/admin/surveys/{survey_id}/responses.csv"),
        ("delete", "/api/v1/admin/surveys/{survey_id}/responses/{response_id}"),
        ("delete", "/api/v1/admin/responses"),
        ("get", "/api/v1/admin/users"),
        ("post", "/api/v1/admin/users"),
        ("delete", "/api/v1/admin/users/{email}"),
        ("get", "/healthz"),
        ("get", "/readyz"),
    ];
    for (method, path) in endpoints {
        let operation = &document["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not documented");
        assert!(operation["responses"].as_object().is_some_and(|responses| !responses.is_empty()));
    }
    // An answer's 410 has two reasons, which a program syncing answers must tell apart.
    let answer = &document["paths"]["/api/v1/surveys/{survey_id}/responses"]["post"];
    let gone = answer["responses"]["410"]["description"].as_str().unwrap();
    assert!(gone.contains("`survey_archived`") && gone.contains("`response_erased`"), "{gone}");
    let list = &document["paths"]["/api/v1/admin/surveys/{survey_id}/responses"]["get"];
    let parameters: Vec<&str> = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parameter| parameter["name"].as_str().unwrap())
        .collect();
    for name in ["survey_id", "from", "to", "category", "q", "cursor", "limit"] {
        assert!(parameters.contains(&name), "{name} missing from {parameters:?}");
    }
    assert_eq!(list["security"][0]["session"], Value::Array(vec![]));
    assert_eq!(document["components"]["securitySchemes"]["session"]["name"], "pulse_session");
}

async fn health_and_readiness_probes_answer(server: Server) {
    for path in ["/healthz", "/readyz"] {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    // Without its database the process is alive but must not be sent traffic.
    server.db.close().await;
    let live = server.client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    let ready = server.client.get(server.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.json::<ErrorBody>().await.unwrap().error.code, "not_ready");
}

async fn every_response_carries_a_request_id(server: Server) {
    let response = server.client.get(server.url("/api/v1/surveys/demo")).send().await.unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "{id}");
    let other = server.client.get(server.url("/api/v1/surveys/demo")).send().await.unwrap();
    assert_ne!(other.headers()["x-request-id"].to_str().unwrap(), id);
    // An id set by a load balancer in front is kept.
    let given =
        server.client.get(server.url("/healthz")).header("x-request-id", "lb-42").send().await.unwrap();
    assert_eq!(given.headers()["x-request-id"], "lb-42");
}

async fn responses_are_compressed_for_clients_that_accept_it(server: Server) {
    for encoding in ["br", "gzip"] {
        let response = server
            .client
            .get(server.url("/api/v1/openapi.json"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
    let plain = server.client.get(server.url("/api/v1/openapi.json")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
}

async fn static_files_get_cache_lifetimes_that_suit_them(server: Server) {
    let files = [
        ("index.html", "no-cache"),
        ("pulse-app-2999d91b59c43fc5.js", "public, max-age=31536000, immutable"),
        ("pulse-app-b40a3ee21cfd4dfb_bg.wasm", "public, max-age=31536000, immutable"),
        ("widget/pulse.js", "public, max-age=300"),
        ("widget/pulse_widget_bg.wasm", "public, max-age=300"),
    ];
    for (file, _) in files {
        std::fs::write(server.static_dir.join(file), "content").unwrap();
    }
    for (file, cache_control) in files {
        let response = server.client.get(server.url(&format!("/{file}"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        assert_eq!(response.headers()["cache-control"], cache_control, "{file}");
    }
    // Pages of the app are its index.html, and no other site may frame them.
    let page = server.client.get(server.url("/results/demo")).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    let api = server.client.get(server.url("/api/v1/surveys/demo")).send().await.unwrap();
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.text().await.unwrap(), "content");
}

async fn the_openapi_examples_are_bodies_the_server_takes(server: Server) {
    let document: Value =
        server.client.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let example = |path: &str, method: &str| {
        let example =
            document["paths"][path][method]["requestBody"]["content"]["application/json"]["example"].clone();
        assert!(example.is_object(), "{method} {path} has no example");
        example
    };
    let answer: ResponseSubmission =
        serde_json::from_value(example("/api/v1/surveys/{survey_id}/responses", "post")).unwrap();
    validate(&answer, Scale::OneToTen).unwrap();
    let impression: Impression =
        serde_json::from_value(example("/api/v1/surveys/{survey_id}/impressions", "post")).unwrap();
    validate_impression(&impression).unwrap();
    let _: LoginRequest = serde_json::from_value(example("/api/v1/session", "post")).unwrap();
    for (path, method) in [("/api/v1/admin/surveys", "post"), ("/api/v1/admin/surveys/{survey_id}", "put")] {
        let survey: SurveyDefinition = serde_json::from_value(example(path, method)).unwrap();
        validate_survey(&survey.config, &survey.allowed_origins).unwrap();
    }
    let user: NewUser = serde_json::from_value(example("/api/v1/admin/users", "post")).unwrap();
    validate_account(&user.email, &user.password).unwrap();
}

/// The app routes `/results/demo.x` as the results of survey `demo.x`: a page like any
/// other. `/api/...` is never one: a program that asks for another version reads JSON.
async fn any_path_of_the_app_is_a_page_and_unknown_api_paths_are_json(server: Server) {
    std::fs::write(server.static_dir.join("index.html"), "<!doctype html>").unwrap();
    for path in ["/results/demo.x", "/tokens.x", "/x.png", "/results/demo/a.b"] {
        let page = server.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert_eq!(page.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(page.headers()["x-frame-options"], "DENY", "{path}");
        assert_eq!(page.text().await.unwrap(), "<!doctype html>", "{path}");
    }
    for path in ["/api/v2/surveys/demo", "/api/surveys/demo"] {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.json::<ErrorBody>().await.unwrap().error.code, "route_not_found", "{path}");
    }
}
