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
    a_survey_id_is_checked_for_its_origin_as_the_handler_decodes_it,
    refusals_and_preflights_count_against_the_allowance,
    behind_a_proxy_a_client_cannot_choose_the_address_it_is_counted_by,
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

fn varies_by_origin(response: &reqwest::Response) -> bool {
    response.headers().get_all("vary").iter().any(|value| value.to_str().unwrap().contains("origin"))
}

/// Settings whose widget allowance is `requests`, behind a proxy writing `X-Forwarded-For`.
fn behind_a_proxy(requests: u32) -> Settings {
    Settings {
        widget_requests_per_minute: NonZeroU32::new(requests).unwrap(),
        client_ip_header: Some(HeaderName::from_static("x-forwarded-for")),
        ..Settings::default()
    }
}

async fn a_survey_id_is_checked_for_its_origin_as_the_handler_decodes_it(server: Server) {
    server.add_survey("shop", &[SHOP]).await;
    // `%73hop` is `shop` once decoded, as the handler reads it; `%2573hop` is `%73hop`,
    // which is no survey id.
    let forbidden = StatusCode::FORBIDDEN;
    for (id, status) in [("%73hop", forbidden), ("sh%6Fp", forbidden), ("%73%68%6f%70", forbidden)]
        .into_iter()
        .chain([("%2573hop", StatusCode::BAD_REQUEST), ("shop%00", StatusCode::BAD_REQUEST)])
    {
        let answer = server.answer_from(id, Some(ELSEWHERE), "5b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11").await;
        assert_eq!((answer.status(), allowed_origin(&answer)), (status, None), "{id}");
        assert!(varies_by_origin(&answer), "{id}");
        let display = server
            .client
            .post(server.url(&format!("/api/v1/surveys/{id}/impressions")))
            .header("origin", ELSEWHERE)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!((display.status(), allowed_origin(&display)), (status, None), "{id}");
        let config = server
            .client
            .get(server.url(&format!("/api/v1/surveys/{id}")))
            .header("origin", ELSEWHERE)
            .send()
            .await
            .unwrap();
        assert_eq!((config.status(), allowed_origin(&config)), (status, None), "{id}");
        let preflight = server.preflight(&format!("/api/v1/surveys/{id}/responses"), ELSEWHERE).await;
        assert_eq!((preflight.status(), allowed_origin(&preflight)), (status, None), "{id}");
    }
    assert_eq!(server.answers("shop").await, 0);
    assert_eq!(server.db.impression_count("shop").await.unwrap(), 0);
    // The listed origin may use either spelling: it is the same survey.
    let listed = server.answer_from("%73hop", Some(SHOP), "6b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11").await;
    assert_eq!((listed.status(), allowed_origin(&listed)), (StatusCode::OK, Some(SHOP)));
    assert_eq!(server.answers("shop").await, 1);
}

async fn refusals_and_preflights_count_against_the_allowance(server: Server) {
    server.add_survey("shop", &[SHOP]).await;
    let server = server.with_settings(&behind_a_proxy(3)).await;
    let from = |client: &'static str, origin: &'static str| {
        server
            .client
            .post(server.url("/api/v1/surveys/shop/impressions"))
            .header("x-forwarded-for", client)
            .header("origin", origin)
            .json(&json!({}))
            .send()
    };
    for _ in 0..3 {
        assert_eq!(from("203.0.113.1", ELSEWHERE).await.unwrap().status(), StatusCode::FORBIDDEN);
    }
    let limited = from("203.0.113.1", ELSEWHERE).await.unwrap();
    assert_eq!((limited.status(), allowed_origin(&limited)), (StatusCode::TOO_MANY_REQUESTS, None));
    assert!(limited.headers().contains_key("retry-after"));
    // The refused origin spent the client's allowance: its own page is over it too.
    assert_eq!(from("203.0.113.1", SHOP).await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);

    let preflight = || {
        server
            .client
            .request(Method::OPTIONS, server.url("/api/v1/surveys/shop/responses"))
            .header("x-forwarded-for", "203.0.113.2")
            .header("origin", SHOP)
            .header("access-control-request-method", "POST")
            .send()
    };
    for _ in 0..3 {
        assert!(preflight().await.unwrap().status().is_success());
    }
    assert_eq!(preflight().await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(from("203.0.113.2", SHOP).await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(from("203.0.113.3", SHOP).await.unwrap().status(), StatusCode::NO_CONTENT);
}

async fn behind_a_proxy_a_client_cannot_choose_the_address_it_is_counted_by(server: Server) {
    let server = server.with_settings(&behind_a_proxy(2)).await;
    // The client writes the first lines; the proxy appends the address it saw.
    let config = |lines: &[&str]| {
        let mut request = server.client.get(server.url("/api/v1/surveys/demo"));
        for line in lines {
            request = request.header("x-forwarded-for", *line);
        }
        request.send()
    };
    let status = |lines: &'static [&'static str]| async move { config(lines).await.unwrap().status() };
    assert_eq!(status(&["203.0.113.9"]).await, StatusCode::OK);
    assert_eq!(status(&["198.51.100.1", "203.0.113.9"]).await, StatusCode::OK);
    for forged in
        [&["198.51.100.2", "203.0.113.9"][..], &["198.51.100.3, 203.0.113.9"], &["203.0.113.9:4711"]]
    {
        assert_eq!(status(forged).await, StatusCode::TOO_MANY_REQUESTS, "{forged:?}");
    }
    // Malformed last values count as the peer (here every test client's 127.0.0.1).
    assert_eq!(status(&["198.51.100.4, garbage"]).await, StatusCode::OK);
    assert_eq!(status(&["198.51.100.5,"]).await, StatusCode::OK);
    assert_eq!(status(&["[198.51.100.6"]).await, StatusCode::TOO_MANY_REQUESTS);
    // One IPv6 client is its /64, however it writes its address.
    assert_eq!(status(&["2001:db8:0:1::1"]).await, StatusCode::OK);
    assert_eq!(status(&["[2001:db8:0:1::2]:443"]).await, StatusCode::OK);
    assert_eq!(status(&["2001:db8:0:1:ffff::3"]).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(status(&["2001:db8:0:2::1"]).await, StatusCode::OK);
}
