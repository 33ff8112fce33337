//! A survey's scale over real HTTP: fixed once it has answers, and named in the CSV export.

mod common;

use common::Server;
use pulse_core::admin::ManagedSurvey;
use pulse_core::api::{ErrorBody, SurveyConfig};
use pulse_core::nps::Scale;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Connection};

on_both_databases!(
    a_stored_zero_keeps_a_survey_on_zero_to_ten,
    answers_on_one_to_ten_keep_a_survey_on_one_to_ten,
    a_survey_with_answers_saves_other_changes_and_says_it_has_answers,
    a_survey_without_answers_changes_its_scale,
    an_answer_being_written_during_a_change_of_scale_refuses_it,
    the_csv_export_names_the_scale_of_each_answer,
    survey_put_on_the_command_line_keeps_the_scale_of_a_survey_with_answers,
    a_zero_checked_just_before_a_change_to_one_to_ten_is_not_stored,
);

struct Admin {
    server: Server,
    cookie: String,
}

impl Admin {
    async fn new(server: Server) -> Admin {
        let (cookie, _) = server.admin_and_viewer().await;
        Admin { server, cookie }
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut request =
            self.server.client.request(method, self.server.url(path)).header("cookie", &self.cookie);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn create(&self, id: &str, scale: &str) {
        let survey = json!({"id": id, "company": "Acme", "scale": scale});
        let created = self.send(Method::POST, "/api/v1/admin/surveys", Some(survey)).await;
        assert_eq!(created.status(), StatusCode::CREATED);
    }

    /// Answers as a visitor does, through the widget's endpoint.
    async fn answer(&self, survey_id: &str, nps: u8) {
        let body = json!({"id": uuid::Uuid::new_v4().to_string(), "nps": nps});
        let path = format!("/api/v1/surveys/{survey_id}/responses");
        let response = self.server.client.post(self.server.url(&path)).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    async fn put(&self, id: &str, scale: &str) -> reqwest::Response {
        let survey = json!({"id": id, "company": "Acme Europe", "scale": scale});
        self.send(Method::PUT, &format!("/api/v1/admin/surveys/{id}"), Some(survey)).await
    }

    async fn survey(&self, id: &str) -> ManagedSurvey {
        let response = self.send(Method::GET, &format!("/api/v1/admin/surveys/{id}"), None).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// The survey as visitors get it.
    async fn served(&self, id: &str) -> SurveyConfig {
        let path = format!("/api/v1/surveys/{id}");
        self.server.client.get(self.server.url(&path)).send().await.unwrap().json().await.unwrap()
    }

    /// The PUT refused with `scale_fixed`, and the survey as it was.
    async fn assert_scale_fixed(&self, refused: reqwest::Response, id: &str, kept: Scale) {
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        let error = refused.json::<ErrorBody>().await.unwrap().error;
        assert_eq!((error.code.as_str(), error.field.as_deref()), ("scale_fixed", Some("scale")));
        assert!(
            error.message.contains(&format!("answers on the {} scale", kept.name())),
            "{}",
            error.message
        );
        assert!(error.message.contains("make a new survey"), "{}", error.message);
        let served = self.served(id).await;
        assert_eq!((served.scale, served.company.as_str()), (kept, "Acme"));
    }
}

async fn a_stored_zero_keeps_a_survey_on_zero_to_ten(server: Server) {
    let admin = Admin::new(server).await;
    admin.create("spring", "zero_to_ten").await;
    admin.answer("spring", 0).await;
    let refused = admin.put("spring", "one_to_ten").await;
    admin.assert_scale_fixed(refused, "spring", Scale::ZeroToTen).await;
    // What broke when the scale could change: the results still load.
    let feed = admin.send(Method::GET, "/api/v1/admin/surveys/spring/feed", None).await;
    assert_eq!(feed.status(), StatusCode::OK);
}

async fn answers_on_one_to_ten_keep_a_survey_on_one_to_ten(server: Server) {
    let admin = Admin::new(server).await;
    admin.create("spring", "one_to_ten").await;
    admin.answer("spring", 9).await;
    let refused = admin.put("spring", "zero_to_ten").await;
    admin.assert_scale_fixed(refused, "spring", Scale::OneToTen).await;
}

async fn a_survey_with_answers_saves_other_changes_and_says_it_has_answers(server: Server) {
    let admin = Admin::new(server).await;
    admin.create("spring", "zero_to_ten").await;
    admin.create("autumn", "zero_to_ten").await;
    admin.answer("spring", 3).await;
    let saved = admin.put("spring", "zero_to_ten").await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(admin.served("spring").await.company, "Acme Europe");
    assert!(admin.survey("spring").await.has_answers);
    assert!(!admin.survey("autumn").await.has_answers);
    let list: Vec<ManagedSurvey> =
        admin.send(Method::GET, "/api/v1/admin/surveys", None).await.json().await.unwrap();
    let listed: Vec<(&str, bool)> =
        list.iter().map(|survey| (survey.definition.config.id.as_str(), survey.has_answers)).collect();
    assert_eq!(listed, [("autumn", false), ("demo", false), ("spring", true)]);
}

async fn a_survey_without_answers_changes_its_scale(server: Server) {
    let admin = Admin::new(server).await;
    admin.create("spring", "one_to_ten").await;
    let changed = admin.put("spring", "zero_to_ten").await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(admin.served("spring").await.scale, Scale::ZeroToTen);
    // And the first answer on the new scale is taken.
    admin.answer("spring", 0).await;
    assert!(admin.survey("spring").await.has_answers);
}

async fn an_answer_being_written_during_a_change_of_scale_refuses_it(server: Server) {
    let admin = Admin::new(server).await;
    admin.create("spring", "zero_to_ten").await;
    // The first answer, written but not yet committed, as the group-commit writer does.
    let mut writer = AnyConnection::connect(&admin.server.database_url).await.unwrap();
    let mut answer = writer.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO responses (id, survey_id, nps, created_at, updated_at) VALUES ($1, 'spring', 0, 0, 0)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .execute(&mut *answer)
    .await
    .unwrap();
    let change = admin.put("spring", "one_to_ten");
    tokio::pin!(change);
    let waited = tokio::time::timeout(std::time::Duration::from_millis(300), &mut change).await;
    assert!(waited.is_err(), "the change must wait for the answer being written");
    answer.commit().await.unwrap();
    admin.assert_scale_fixed(change.await, "spring", Scale::ZeroToTen).await;
}

async fn the_csv_export_names_the_scale_of_each_answer(server: Server) {
    let admin = Admin::new(server).await;
    admin.create("spring", "zero_to_ten").await;
    admin.answer("spring", 0).await;
    admin.answer("spring", 10).await;
    admin.answer("demo", 1).await;
    for (survey_id, scale) in [("spring", "0–10"), ("demo", "1–10")] {
        let path = format!("/api/v1/admin/surveys/{survey_id}/responses.csv");
        let csv = admin.send(Method::GET, &path, None).await.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let column =
            reader.headers().unwrap().iter().position(|name| name == "scale").expect("a scale column");
        let scales: Vec<String> = reader.records().map(|row| row.unwrap()[column].to_owned()).collect();
        assert!(!scales.is_empty() && scales.iter().all(|cell| cell == scale), "{survey_id}: {scales:?}");
    }
}

async fn survey_put_on_the_command_line_keeps_the_scale_of_a_survey_with_answers(server: Server) {
    let admin = Admin::new(server).await;
    admin.create("spring", "zero_to_ten").await;
    admin.answer("spring", 0).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("survey.json");
    std::fs::write(&file, r#"{"id": "spring", "company": "Acme Europe", "scale": "one_to_ten"}"#).unwrap();
    let put = std::process::Command::new(env!("CARGO_BIN_EXE_pulse-server"))
        .args(["survey", "put", "--file", file.to_str().unwrap()])
        .env("DATABASE_URL", &admin.server.database_url)
        .output()
        .unwrap();
    assert!(!put.status.success());
    let stderr = String::from_utf8_lossy(&put.stderr);
    assert!(stderr.contains("make a new survey"), "{stderr}");
    let kept = admin.survey("spring").await.definition;
    assert_eq!((kept.config.scale, kept.config.company.as_str()), (Scale::ZeroToTen, "Acme"));
}

/// Another server process read the survey on 0–10 a moment before an admin changed it to
/// 1–10 (allowed: no answers yet), and checks a visitor's 0 against that reading.
async fn a_zero_checked_just_before_a_change_to_one_to_ten_is_not_stored(server: Server) {
    let admin = Admin::new(server).await;
    admin.create("spring", "zero_to_ten").await;
    let other = admin.server.beside().await;
    // A display makes the other process read the survey, as it keeps it for a second.
    let shown = other.client.post(other.url("/api/v1/surveys/spring/impressions")).json(&json!({})).send();
    assert!(shown.await.unwrap().status().is_success());
    assert_eq!(admin.put("spring", "one_to_ten").await.status(), StatusCode::OK);

    let body = json!({"id": uuid::Uuid::new_v4().to_string(), "nps": 0});
    let refused = other.client.post(other.url("/api/v1/surveys/spring/responses")).json(&body).send();
    let refused = refused.await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = refused.json::<ErrorBody>().await.unwrap().error;
    assert_eq!((error.code.as_str(), error.field.as_deref()), ("out_of_range", Some("nps")));
    assert!(!admin.survey("spring").await.has_answers);
    let feed = admin.send(Method::GET, "/api/v1/admin/surveys/spring/feed", None).await;
    assert_eq!(feed.status(), StatusCode::OK);
}
