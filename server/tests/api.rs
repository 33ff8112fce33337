//! The widget's public API over real HTTP, on SQLite and on PostgreSQL.

mod common;

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use common::Server;
use pulse_core::api::{ErrorBody, SurveyConfig};
use pulse_core::feed::Feed;
use pulse_core::nps::Scale;
use pulse_core::survey::Commitment;
use pulse_server::config::Settings;
use pulse_server::db::ResponseFilter;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ANSWER_ID: &str = "0b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11";

on_both_databases!(
    demo_survey_config_is_served_with_a_short_public_cache,
    valid_answer_is_stored_and_appears_in_results,
    answer_without_optional_fields_is_stored,
    resending_an_answer_stores_it_once_and_completes_it,
    every_field_of_a_full_answer_is_stored,
    unknown_survey_is_404,
    archived_survey_is_410_and_stores_nothing,
    invalid_fields_are_422_naming_the_field,
    comment_of_exactly_2000_characters_is_accepted,
    malformed_bodies_are_refused_with_json_errors,
    id_of_another_surveys_answer_is_409_and_changes_nothing,
    unknown_api_path_is_a_json_404,
    a_survey_id_that_is_not_utf8_is_a_json_400,
    impressions_are_counted_and_validated,
    respondents_get_no_cookie,
    a_beacon_sent_as_text_plain_is_stored,
    concurrent_answers_are_all_stored_and_concurrent_resends_once,
    a_media_type_is_read_in_any_case,
);

impl Server {
    async fn post_answer(&self, survey: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/surveys/{survey}/responses")))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// The demo survey's answers as the results page gets them.
    async fn demo_feed(&self) -> Feed {
        let survey = self.db.survey("demo").await.unwrap().unwrap();
        self.db.feed(&survey.config).await.unwrap()
    }

    /// Asserts the status and error code, and that the demo survey still has no answers.
    async fn assert_refused(&self, response: reqwest::Response, status: StatusCode, code: &str) -> ErrorBody {
        assert_eq!(response.status(), status);
        assert_eq!(response.headers()["content-type"], "application/json");
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.error.code, code, "{body:?}");
        assert!(!body.error.message.is_empty());
        assert!(self.demo_feed().await.score.is_empty(), "a refused answer was stored");
        body
    }
}

async fn demo_survey_config_is_served_with_a_short_public_cache(server: Server) {
    let response = server.client.get(server.url("/api/v1/surveys/demo")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    let config: SurveyConfig = response.json().await.unwrap();
    assert_eq!(config.id, "demo");
    assert_eq!(config.scale, Scale::OneToTen);
    assert!(!config.company.is_empty());
}

async fn valid_answer_is_stored_and_appears_in_results(server: Server) {
    let answer = json!({"id": ANSWER_ID, "nps": 9, "usability": 4, "comment": "Quick checkout"});
    let response = server.post_answer("demo", &answer).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"id": ANSWER_ID}));

    let feed = server.demo_feed().await;
    assert_eq!(feed.score, vec![9]);
    assert_eq!(feed.usability, vec![4]);
}

async fn answer_without_optional_fields_is_stored(server: Server) {
    let response = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 3})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let feed = server.demo_feed().await;
    assert_eq!((feed.score, feed.usability), (vec![3], vec![0]));
}

async fn resending_an_answer_stores_it_once_and_completes_it(server: Server) {
    server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 6})).await;
    let again = server
        .post_answer(
            "demo",
            &json!({"id": ANSWER_ID, "nps": 6, "usability": 2, "commitment": {"forced": 4},
                    "attributes": {"plan": "pro"}}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    let rest = json!({"id": ANSWER_ID, "nps": 6, "comment": "Slow", "commitment": {"habitual": 1},
                      "attributes": {"user_id": "7"}});
    assert_eq!(server.post_answer("demo", &rest).await.status(), StatusCode::OK);
    let feed = server.demo_feed().await;
    assert_eq!((feed.score, feed.usability), (vec![6], vec![2]));
    let stored =
        server.db.responses("demo", &ResponseFilter { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].comment.as_deref(), Some("Slow"));
    assert_eq!(stored[0].commitment.len(), 2, "{:?}", stored[0].commitment);
    assert_eq!(stored[0].attributes.len(), 2, "{:?}", stored[0].attributes);
}

async fn every_field_of_a_full_answer_is_stored(server: Server) {
    let answer = json!({
        "id": ANSWER_ID, "nps": 10, "usability": 5, "comment": "Great\nservice",
        "commitment": {"affective": 5, "normative": 4, "economic": 3, "forced": 2, "habitual": 1},
        "repeat_purchases": 7, "language": "nl", "page": "/pricing",
        "attributes": {"user_id": "u-1", "plan": "pro"}
    });
    assert_eq!(server.post_answer("demo", &answer).await.status(), StatusCode::OK);
    let stored =
        server.db.responses("demo", &ResponseFilter { limit: 10, ..Default::default() }).await.unwrap();
    let stored = &stored[0];
    assert_eq!(stored.id, ANSWER_ID);
    assert_eq!((stored.nps, stored.usability), (10, Some(5)));
    assert_eq!(stored.comment.as_deref(), Some("Great\nservice"));
    assert_eq!(stored.commitment[&Commitment::Affective], 5);
    assert_eq!(stored.commitment[&Commitment::Habitual], 1);
    assert_eq!(stored.repeat_purchases, Some(7));
    assert_eq!((stored.language.as_deref(), stored.page.as_deref()), (Some("nl"), Some("/pricing")));
    assert_eq!(stored.attributes["user_id"], "u-1");
    assert_eq!(stored.attributes["plan"], "pro");
}

async fn unknown_survey_is_404(server: Server) {
    let response = server.post_answer("no-such-survey", &json!({"id": ANSWER_ID, "nps": 9})).await;
    server.assert_refused(response, StatusCode::NOT_FOUND, "survey_not_found").await;
    let config = server.client.get(server.url("/api/v1/surveys/no-such-survey")).send().await.unwrap();
    assert_eq!(config.status(), StatusCode::NOT_FOUND);
}

async fn archived_survey_is_410_and_stores_nothing(server: Server) {
    let mut demo = server.db.survey("demo").await.unwrap().unwrap();
    demo.archived = true;
    server.db.put_survey(&demo).await.unwrap();
    let config = server.client.get(server.url("/api/v1/surveys/demo")).send().await.unwrap();
    assert_eq!(config.status(), StatusCode::GONE);
    let response = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 9})).await;
    server.assert_refused(response, StatusCode::GONE, "survey_archived").await;
}

async fn invalid_fields_are_422_naming_the_field(server: Server) {
    let attributes: serde_json::Map<String, Value> = (0..21).map(|i| (format!("k{i}"), json!("v"))).collect();
    let cases = [
        (json!({"id": ANSWER_ID, "nps": 11}), "nps", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": 0}), "nps", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": -1}), "nps", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": 8, "usability": 0}), "usability", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": 8, "usability": 6}), "usability", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": 8, "comment": "x".repeat(2001)}), "comment", "too_long"),
        (json!({"id": ANSWER_ID, "nps": 8, "comment": "a\u{0}b"}), "comment", "control_character"),
        (json!({"id": "not-a-uuid", "nps": 8}), "id", "invalid_id"),
        (json!({"id": ANSWER_ID, "nps": 8, "commitment": {"affective": 0}}), "commitment", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": 8, "commitment": {"forced": 6}}), "commitment", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": 8, "repeat_purchases": -1}), "repeat_purchases", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": 8, "repeat_purchases": 11}), "repeat_purchases", "out_of_range"),
        (json!({"id": ANSWER_ID, "nps": 8, "language": "de"}), "language", "unknown_language"),
        (json!({"id": ANSWER_ID, "nps": 8, "page": "/".repeat(513)}), "page", "too_long"),
        (json!({"id": ANSWER_ID, "nps": 8, "page": "/a\nb"}), "page", "control_character"),
        (json!({"id": ANSWER_ID, "nps": 8, "attributes": attributes}), "attributes", "too_many"),
        (json!({"id": ANSWER_ID, "nps": 8, "attributes": {"a b": "v"}}), "attributes", "invalid_key"),
        (json!({"id": ANSWER_ID, "nps": 8, "attributes": {"": "v"}}), "attributes", "invalid_key"),
        (
            json!({"id": ANSWER_ID, "nps": 8, "attributes": {"k".repeat(65): "v"}}),
            "attributes",
            "invalid_key",
        ),
        (
            json!({"id": ANSWER_ID, "nps": 8, "attributes": {"plan": "v".repeat(257)}}),
            "attributes",
            "too_long",
        ),
        (
            json!({"id": ANSWER_ID, "nps": 8, "attributes": {"plan": "a\u{7}"}}),
            "attributes",
            "control_character",
        ),
    ];
    for (body, field, code) in cases {
        let response = server.post_answer("demo", &body).await;
        let error = server.assert_refused(response, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert_eq!(error.error.field.as_deref(), Some(field), "{body}");
    }
}

async fn comment_of_exactly_2000_characters_is_accepted(server: Server) {
    let comment = "é".repeat(2000);
    let response = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 10, "comment": comment})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.demo_feed().await.score, vec![10]);
}

async fn malformed_bodies_are_refused_with_json_errors(server: Server) {
    let url = server.url("/api/v1/surveys/demo/responses");
    let post = |body: String, content_type: &str| {
        server.client.post(&url).header("content-type", content_type).body(body).send()
    };

    let broken = post("{\"id\": ".to_owned(), "application/json").await.unwrap();
    server.assert_refused(broken, StatusCode::BAD_REQUEST, "invalid_json").await;

    let missing_nps = post(json!({"id": ANSWER_ID}).to_string(), "application/json").await.unwrap();
    server.assert_refused(missing_nps, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;

    let wrong_type =
        post(json!({"id": ANSWER_ID, "nps": "nine"}).to_string(), "application/json").await.unwrap();
    server.assert_refused(wrong_type, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;

    let unknown_field =
        post(json!({"id": ANSWER_ID, "nps": 9, "score": 9}).to_string(), "application/json").await.unwrap();
    server.assert_refused(unknown_field, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;

    let form = post("nps=9".to_owned(), "application/x-www-form-urlencoded").await.unwrap();
    server.assert_refused(form, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;

    let huge = json!({"id": ANSWER_ID, "nps": 9, "comment": "x".repeat(64 * 1024)}).to_string();
    let too_large = post(huge, "application/json").await.unwrap();
    server.assert_refused(too_large, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    // Not UTF-8: a lone continuation byte inside a string.
    let mut bytes = format!(r#"{{"id": "{ANSWER_ID}", "nps": 9, "comment": "a"#).into_bytes();
    bytes.extend_from_slice(b"\x80\"}");
    let not_utf8 =
        server.client.post(&url).header("content-type", "application/json").body(bytes).send().await.unwrap();
    assert!(not_utf8.status().is_client_error(), "{}", not_utf8.status());
    assert!(server.demo_feed().await.score.is_empty());
}

async fn id_of_another_surveys_answer_is_409_and_changes_nothing(server: Server) {
    server.add_survey("other", &[]).await;
    let first = server.post_answer("other", &json!({"id": ANSWER_ID, "nps": 9})).await;
    assert_eq!(first.status(), StatusCode::OK);
    let stolen = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 2})).await;
    server.assert_refused(stolen, StatusCode::CONFLICT, "id_taken").await;
}

async fn unknown_api_path_is_a_json_404(server: Server) {
    let response = server.client.get(server.url("/api/v1/nothing-here")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.error.code, "route_not_found");
    let wrong_method =
        server.client.delete(server.url("/api/v1/surveys/demo/responses")).send().await.unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.json::<ErrorBody>().await.unwrap().error.code, "method_not_allowed");
}

async fn a_survey_id_that_is_not_utf8_is_a_json_400(server: Server) {
    let response = server.post_answer("%ff%fe", &json!({"id": ANSWER_ID, "nps": 9})).await;
    let body = server.assert_refused(response, StatusCode::BAD_REQUEST, "invalid_path").await;
    assert!(body.error.message.contains("UTF-8"), "{body:?}");
}

async fn impressions_are_counted_and_validated(server: Server) {
    let url = server.url("/api/v1/surveys/demo/impressions");
    for body in [json!({}), json!({"language": "fr", "page": "/checkout"})] {
        let response = server.client.post(&url).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    let unknown_language = server.client.post(&url).json(&json!({"language": "xx"})).send().await.unwrap();
    assert_eq!(unknown_language.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown_field = server.client.post(&url).json(&json!({"visitor": "x"})).send().await.unwrap();
    assert_eq!(unknown_field.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(server.db.impression_count("demo").await.unwrap(), 2);
}

async fn respondents_get_no_cookie(server: Server) {
    let config = server.client.get(server.url("/api/v1/surveys/demo")).send().await.unwrap();
    let answer = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 9})).await;
    let impression = server
        .client
        .post(server.url("/api/v1/surveys/demo/impressions"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    for response in [config, answer, impression] {
        assert!(response.status().is_success());
        assert!(response.headers().get("set-cookie").is_none());
    }
}

async fn a_beacon_sent_as_text_plain_is_stored(server: Server) {
    // What `navigator.sendBeacon(url, string)` sends.
    let response = server
        .client
        .post(server.url("/api/v1/surveys/demo/responses"))
        .header("content-type", "text/plain;charset=UTF-8")
        .body(json!({"id": ANSWER_ID, "nps": 7}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.demo_feed().await.score, vec![7]);
}

/// The server's warnings, as its writer, which runs on the test's own thread, logs them.
#[derive(Clone, Default)]
struct Warnings(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Warnings {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Answers sent at once are written in shared transactions, one answer sent many times
/// among them too: no batch fails (each write would then be made alone, and warned of).
async fn concurrent_answers_are_all_stored_and_concurrent_resends_once(server: Server) {
    // The writer logs on the test's thread only on a runtime of one thread.
    let flavor = tokio::runtime::Handle::current().runtime_flavor();
    assert_eq!(flavor, tokio::runtime::RuntimeFlavor::CurrentThread);
    let warnings = Warnings::default();
    let logs = warnings.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || logs.clone())
        .with_max_level(tracing::Level::WARN)
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    let settings =
        Settings { widget_requests_per_minute: NonZeroU32::new(10_000).unwrap(), ..Settings::default() };
    let server = server.with_settings(&settings).await;
    let post = |id: String, nps: u8| {
        let request = server
            .client
            .post(server.url("/api/v1/surveys/demo/responses"))
            .json(&json!({"id": id, "nps": nps, "comment": format!("answer {nps}")}));
        async move { request.send().await.unwrap().status() }
    };
    let distinct = (0..60u128).map(|n| post(uuid::Uuid::from_u128(n + 1).to_string(), (n % 10 + 1) as u8));
    let same = (0..20).map(|_| post(ANSWER_ID.to_owned(), 5));
    let statuses = futures_util::future::join_all(distinct.chain(same)).await;
    assert!(statuses.iter().all(|status| *status == StatusCode::OK), "{statuses:?}");
    let stored =
        server.db.responses("demo", &ResponseFilter { limit: 200, ..Default::default() }).await.unwrap();
    assert_eq!(stored.len(), 61);
    let warned = String::from_utf8(warnings.0.lock().unwrap().clone()).unwrap();
    assert!(!warned.contains("a batch failed"), "{warned}");
}

/// Media types are the same in any case: a backend or a proxy may write them otherwise.
async fn a_media_type_is_read_in_any_case(server: Server) {
    for (path, content_type, body) in [
        ("responses", "Application/JSON", json!({"id": ANSWER_ID, "nps": 8})),
        ("impressions", "TEXT/Plain; charset=UTF-8", json!({})),
    ] {
        let response = server
            .client
            .post(server.url(&format!("/api/v1/surveys/demo/{path}")))
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{path} {content_type}: {}", response.status());
    }
    assert_eq!(server.demo_feed().await.score, vec![8]);
}
