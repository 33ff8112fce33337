//! What shields the widget's endpoints: CORS per survey and per-client rate limits.

mod common;

use std::num::NonZeroU32;

use axum::http::HeaderName;
use common::Server;
use pulse_core::api::ErrorBody;
use pulse_server::config::Settings;
use pulse_server::db::ResponseFilter;
use reqwest::{Method, StatusCode};
use serde_json::json;

const SHOP: &str = "https://shop.example";
const ELSEWHERE: &str = "https://elsewhere.example";

on_both_databases!(
    any_origin_may_call_a_survey_without_allowed_origins,
    only_listed_origins_may_call_a_survey_that_lists_them,
    a_client_over_its_allowance_gets_429_with_retry_after,
);

impl Server {
    async fn preflight(&self, path: &str, origin: &str) -> reqwest::Response {
        self.client
            .request(Method::OPTIONS, self.url(path))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap()
    }

    async fn answer_from(&self, survey: &str, origin: Option<&str>, id: &str) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(&format!("/api/v1/surveys/{survey}/responses")))
            .json(&json!({"id": id, "nps": 9}));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send().await.unwrap()
    }

    async fn answers(&self, survey: &str) -> usize {
        self.db.responses(survey, &ResponseFilter { limit: 100, ..Default::default() }).await.unwrap().len()
    }
}

fn allowed_origin(response: &reqwest::Response) -> Option<&str> {
    response.headers().get("access-control-allow-origin").map(|value| value.to_str().unwrap())
}

async fn any_origin_may_call_a_survey_without_allowed_origins(server: Server) {
    let preflight = server.preflight("/api/v1/surveys/demo/responses", SHOP).await;
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(allowed_origin(&preflight), Some(SHOP));
    let answer = server.answer_from("demo", Some(ELSEWHERE), "0b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11").await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(allowed_origin(&answer), Some(ELSEWHERE));
    let config =
        server.client.get(server.url("/api/v1/surveys/demo")).header("origin", SHOP).send().await.unwrap();
    assert_eq!(allowed_origin(&config), Some(SHOP));
    assert!(config.headers().get_all("vary").iter().any(|value| value.to_str().unwrap().contains("origin")));
}

async fn only_listed_origins_may_call_a_survey_that_lists_them(server: Server) {
    server.add_survey("shop", &[SHOP]).await;

    let listed = server.preflight("/api/v1/surveys/shop/responses", SHOP).await;
    assert!(listed.status().is_success());
    assert_eq!(allowed_origin(&listed), Some(SHOP));
    let unlisted = server.preflight("/api/v1/surveys/shop/responses", ELSEWHERE).await;
    assert_eq!(unlisted.status(), StatusCode::FORBIDDEN);
    assert_eq!(allowed_origin(&unlisted), None);

    let refused = server.answer_from("shop", Some(ELSEWHERE), "0b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(allowed_origin(&refused), None);
    assert_eq!(refused.json::<ErrorBody>().await.unwrap().error.code, "origin_not_allowed");
    // A beacon (text/plain) needs no preflight, so the refusal must come from the server.
    let beacon = server
        .client
        .post(server.url("/api/v1/surveys/shop/responses"))
        .header("origin", ELSEWHERE)
        .header("content-type", "text/plain;charset=UTF-8")
        .body(json!({"id": "3b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11", "nps": 9}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(beacon.status(), StatusCode::FORBIDDEN);
    let config = server
        .client
        .get(server.url("/api/v1/surveys/shop"))
        .header("origin", ELSEWHERE)
        .send()
        .await
        .unwrap();
    assert_eq!(config.status(), StatusCode::FORBIDDEN);
    assert_eq!(server.answers("shop").await, 0);

    let accepted = server.answer_from("shop", Some(SHOP), "1b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11").await;
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(allowed_origin(&accepted), Some(SHOP));
    // Servers send no Origin, and Pulse's own pages are no other origin.
    let no_origin = server.answer_from("shop", None, "2b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11").await;
    assert_eq!(no_origin.status(), StatusCode::OK);
    let own = server.answer_from("shop", Some(&server.base), "4b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11").await;
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(server.answers("shop").await, 3);
}

async fn a_client_over_its_allowance_gets_429_with_retry_after(server: Server) {
    let settings = Settings {
        widget_requests_per_minute: NonZeroU32::new(3).unwrap(),
        client_ip_header: Some(HeaderName::from_static("x-forwarded-for")),
        ..Settings::default()
    };
    let server = server.with_settings(&settings).await;
    let config = |client: &'static str| {
        server
            .client
            .get(server.url("/api/v1/surveys/demo"))
            .header("x-forwarded-for", client)
            .header("origin", SHOP)
            .send()
    };
    for _ in 0..3 {
        assert_eq!(config("203.0.113.7").await.unwrap().status(), StatusCode::OK);
    }
    let limited = config("203.0.113.7").await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    // The widget on the company's page can read why.
    assert_eq!(allowed_origin(&limited), Some(SHOP));
    assert_eq!(limited.json::<ErrorBody>().await.unwrap().error.code, "rate_limited");
    // Addresses the client wrote before the load balancer's do not buy a new allowance.
    assert_eq!(config("198.51.100.1, 203.0.113.7").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    // Another client still has its own allowance.
    assert_eq!(config("203.0.113.7, 203.0.113.8").await.unwrap().status(), StatusCode::OK);
}
