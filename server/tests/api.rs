//! The API over real HTTP against a real SQLite file in a temporary directory.

use pulse_core::api::{ErrorBody, ResultsFeed, SurveyConfig};
use pulse_core::nps::Scale;
use pulse_server::db::Db;
use pulse_server::{router, AppState};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tempfile::TempDir;

const ANSWER_ID: &str = "0b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11";

struct Server {
    base: String,
    client: Client,
    database_url: String,
    _dir: TempDir,
}

impl Server {
    async fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("pulse.db").display());
        let db = Db::open(&url).await.unwrap();
        db.ensure_demo_survey().await.unwrap();
        let app = router(AppState { db }, dir.path());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { base, client: Client::new(), database_url: url, _dir: dir }
    }

    /// Surveys are made only through the database until the survey editor exists.
    async fn add_survey(&self, id: &str) {
        let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
        sqlx::query("INSERT INTO surveys (id, company, created_at) VALUES (?, 'Other Co', 0)")
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
    }

    async fn post_answer(&self, survey: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/surveys/{survey}/responses", self.base))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn feed(&self) -> ResultsFeed {
        let response =
            self.client.get(format!("{}/api/v1/surveys/demo/results", self.base)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// Asserts the status and error code, and that the demo survey still has no answers.
    async fn assert_refused(&self, response: reqwest::Response, status: StatusCode, code: &str) -> ErrorBody {
        assert_eq!(response.status(), status);
        assert_eq!(response.headers()["content-type"], "application/json");
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.error.code, code, "{body:?}");
        assert!(!body.error.message.is_empty());
        assert!(self.feed().await.nps.is_empty(), "a refused answer was stored");
        body
    }
}

#[tokio::test]
async fn demo_survey_config_is_served() {
    let server = Server::start().await;
    let response = server.client.get(format!("{}/api/v1/surveys/demo", server.base)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let config: SurveyConfig = response.json().await.unwrap();
    assert_eq!(config.id, "demo");
    assert_eq!(config.scale, Scale::OneToTen);
    assert!(!config.company.is_empty());
}

#[tokio::test]
async fn valid_answer_is_stored_and_appears_in_results() {
    let server = Server::start().await;
    let answer = json!({"id": ANSWER_ID, "nps": 9, "usability": 4, "comment": "Quick checkout"});
    let response = server.post_answer("demo", &answer).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"id": ANSWER_ID}));

    let feed = server.feed().await;
    assert_eq!(feed.nps, vec![9]);
    assert_eq!(feed.usability, vec![4]);
}

#[tokio::test]
async fn answer_without_optional_fields_is_stored() {
    let server = Server::start().await;
    let response = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 3})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let feed = server.feed().await;
    assert_eq!((feed.nps, feed.usability), (vec![3], vec![0]));
}

#[tokio::test]
async fn resending_an_answer_stores_it_once_and_completes_it() {
    let server = Server::start().await;
    server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 6})).await;
    let again = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 6, "usability": 2})).await;
    assert_eq!(again.status(), StatusCode::OK);
    let without_rating = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 6})).await;
    assert_eq!(without_rating.status(), StatusCode::OK);
    let feed = server.feed().await;
    assert_eq!((feed.nps, feed.usability), (vec![6], vec![2]));
}

#[tokio::test]
async fn unknown_survey_is_404() {
    let server = Server::start().await;
    let response = server.post_answer("no-such-survey", &json!({"id": ANSWER_ID, "nps": 9})).await;
    server.assert_refused(response, StatusCode::NOT_FOUND, "survey_not_found").await;
    let config =
        server.client.get(format!("{}/api/v1/surveys/no-such-survey", server.base)).send().await.unwrap();
    assert_eq!(config.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_fields_are_422_naming_the_field() {
    let long_comment = "x".repeat(2001);
    let cases = [
        (json!({"id": ANSWER_ID, "nps": 11}), "nps"),
        (json!({"id": ANSWER_ID, "nps": 0}), "nps"),
        (json!({"id": ANSWER_ID, "nps": -1}), "nps"),
        (json!({"id": ANSWER_ID, "nps": 8, "usability": 0}), "usability"),
        (json!({"id": ANSWER_ID, "nps": 8, "usability": 6}), "usability"),
        (json!({"id": ANSWER_ID, "nps": 8, "comment": long_comment}), "comment"),
        (json!({"id": "not-a-uuid", "nps": 8}), "id"),
    ];
    let server = Server::start().await;
    for (body, field) in cases {
        let response = server.post_answer("demo", &body).await;
        let error =
            server.assert_refused(response, StatusCode::UNPROCESSABLE_ENTITY, error_code(field)).await;
        assert_eq!(error.error.field.as_deref(), Some(field), "{body}");
    }
}

fn error_code(field: &str) -> &'static str {
    match field {
        "comment" => "too_long",
        "id" => "invalid_id",
        _ => "out_of_range",
    }
}

#[tokio::test]
async fn comment_of_exactly_2000_characters_is_accepted() {
    let server = Server::start().await;
    let comment = "é".repeat(2000);
    let response = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 10, "comment": comment})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.feed().await.nps, vec![10]);
}

#[tokio::test]
async fn malformed_bodies_are_refused_with_json_errors() {
    let server = Server::start().await;
    let url = format!("{}/api/v1/surveys/demo/responses", server.base);
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
}

#[tokio::test]
async fn id_of_another_surveys_answer_is_409_and_changes_nothing() {
    let server = Server::start().await;
    server.add_survey("other").await;
    let first = server.post_answer("other", &json!({"id": ANSWER_ID, "nps": 9})).await;
    assert_eq!(first.status(), StatusCode::OK);
    let stolen = server.post_answer("demo", &json!({"id": ANSWER_ID, "nps": 2})).await;
    server.assert_refused(stolen, StatusCode::CONFLICT, "id_taken").await;
}

#[tokio::test]
async fn unknown_api_path_is_a_json_404() {
    let server = Server::start().await;
    let response = server.client.get(format!("{}/api/v1/nothing-here", server.base)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.error.code, "route_not_found");
}

#[tokio::test]
async fn widget_endpoints_answer_other_origins() {
    let server = Server::start().await;
    let response = server
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/surveys/demo/responses", server.base))
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
}
