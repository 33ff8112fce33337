//! The results page's themes over HTTP: the comments it reads, decoded by the same code as
//! the page, and the survey's own themes, which viewers read and admins replace.

mod common;

use common::Server;
use pulse_core::admin::{Role, SurveyDefinition, SurveyThemes};
use pulse_core::api::{ErrorBody, ErrorCode, SurveyConfig, CSRF_HEADER};
use pulse_core::comments::{Comments, CONTENT_TYPE};
use pulse_core::report::Filter;
use pulse_core::survey::Language;
use pulse_core::themes::{validate_themes, CustomTheme};
use serde_json::{json, Value};

on_both_databases!(
    comments_come_with_their_answers_segments,
    comments_are_for_signed_in_marketers_only,
    viewers_read_the_themes_and_admins_replace_them,
    themes_that_break_a_rule_are_refused_with_the_reason,
);

async fn answer(server: &Server, survey_id: &str, body: Value) {
    let response = server
        .client
        .post(server.url(&format!("/api/v1/surveys/{survey_id}/responses")))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
}

async fn comments(server: &Server, cookie: &str, survey_id: &str) -> Comments {
    let path = format!("/api/v1/admin/surveys/{survey_id}/comments");
    let response = server.client.get(server.url(&path)).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], CONTENT_TYPE);
    Comments::decode(&response.bytes().await.unwrap()).unwrap()
}

async fn comments_come_with_their_answers_segments(server: Server) {
    let survey = SurveyDefinition {
        config: SurveyConfig {
            id: "boutique".to_owned(),
            company: "Boutique".to_owned(),
            language: Some("fr".to_owned()),
            ..SurveyConfig::default()
        },
        ..SurveyDefinition::default()
    };
    server.db.put_survey(&survey).await.unwrap();
    let answers = [
        json!({"id": "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13", "nps": 2, "comment": "La livraison était lente",
               "page": "/checkout", "attributes": {"plan": "pro"}}),
        json!({"id": "1c7f9e63-4d2e-4b9f-8f2e-3e5d7c9b1f24", "nps": 8}),
        json!({"id": "2d8fae74-5e3f-4cae-8f3e-4f6e8dac2f35", "nps": 10, "comment": "Snelle levering",
               "language": "nl", "page": "/"}),
        json!({"id": "3e9fbf85-6f4f-4dbf-9f4f-5f7f9ebd3f46", "nps": 3, "comment": "המשלוח היה איטי",
               "language": "he", "page": "/checkout", "attributes": {"plan": "free"}}),
    ];
    for body in answers {
        answer(&server, "boutique", body).await;
    }
    server.add_user("viewer@example.com", Role::Viewer).await;
    let viewer = server.login("viewer@example.com").await;

    let comments = comments(&server, &viewer, "boutique").await;
    assert_eq!(comments.len(), 3, "the answer without a comment is left out");
    let texts: Vec<&str> = (0..3).map(|i| comments.text(i)).collect();
    assert_eq!(texts, ["La livraison était lente", "Snelle levering", "המשלוח היה איטי"]);
    assert_eq!(comments.answers.score, [2, 10, 3]);
    // The first answer names no language: its comment is in the survey's.
    let languages: Vec<Language> = (0..3).map(|i| comments.language_of(i)).collect();
    assert_eq!(languages, [Language::French, Language::Dutch, Language::Hebrew]);

    // The page's filters name segments by the results feed's ids; they keep the comments
    // of the answers they keep there.
    let feed = server.feed(&viewer, "boutique").await;
    let id = |name: &str| feed.strings.iter().position(|string| string == name).unwrap() as u32;
    let kept = |segments: Vec<u32>| comments.kept(&Filter { segments, ..Filter::default() }, &feed.strings);
    assert_eq!(kept(vec![id("page:/checkout")]), [0, 2]);
    assert_eq!(kept(vec![id("page:/checkout"), id("attr:plan=free")]), [2]);
    assert_eq!(kept(vec![id("lang:nl")]), [1]);
    let yesterday = feed.time[0] - 86_400;
    assert!(comments.kept(&Filter { to: Some(yesterday), ..Filter::default() }, &feed.strings).is_empty());
}

async fn comments_are_for_signed_in_marketers_only(server: Server) {
    let path = "/api/v1/admin/surveys/demo/comments";
    assert_eq!(server.client.get(server.url(path)).send().await.unwrap().status(), 401);
    let (admin, _) = server.admin_and_viewer().await;
    assert!(comments(&server, &admin, "demo").await.is_empty());
    let unknown = server
        .client
        .get(server.url("/api/v1/admin/surveys/nope/comments"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

fn delivery() -> SurveyThemes {
    let keywords = ["delivery", "shipping", "livraison", "levering", "aflewering", "משלוח"];
    SurveyThemes {
        themes: vec![CustomTheme {
            name: "Delivery".to_owned(),
            keywords: keywords.map(str::to_owned).to_vec(),
        }],
    }
}

async fn put_themes(server: &Server, cookie: &str, survey_id: &str, body: &Value) -> reqwest::Response {
    server
        .client
        .put(server.url(&format!("/api/v1/admin/surveys/{survey_id}/themes")))
        .header("cookie", cookie)
        .header(CSRF_HEADER, "1")
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn get_themes(server: &Server, cookie: &str) -> SurveyThemes {
    let response = server
        .client
        .get(server.url("/api/v1/admin/surveys/demo/themes"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn viewers_read_the_themes_and_admins_replace_them(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    assert_eq!(get_themes(&server, &viewer).await, SurveyThemes::default());
    let body = serde_json::to_value(delivery()).unwrap();

    assert_eq!(put_themes(&server, &viewer, "demo", &body).await.status(), 403);
    let saved = put_themes(&server, &admin, "demo", &body).await;
    assert_eq!(saved.status(), 200);
    assert_eq!(saved.json::<SurveyThemes>().await.unwrap(), delivery());
    assert_eq!(get_themes(&server, &viewer).await, delivery());

    assert_eq!(put_themes(&server, &admin, "demo", &json!({"themes": []})).await.status(), 200);
    assert_eq!(get_themes(&server, &viewer).await, SurveyThemes::default());
    assert_eq!(put_themes(&server, &admin, "nope", &body).await.status(), 404);
}

async fn themes_that_break_a_rule_are_refused_with_the_reason(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    let mut no_word = delivery();
    no_word.themes[0].keywords.push("42 !".to_owned());
    let refused = put_themes(&server, &admin, "demo", &serde_json::to_value(&no_word).unwrap()).await;
    assert_eq!(refused.status(), 422);
    let error = refused.json::<ErrorBody>().await.unwrap().error;
    assert_eq!((error.code, error.field.as_deref()), (ErrorCode::Required, Some("themes")));
    assert!(error.message.starts_with("themes[0].keywords[6]"), "{}", error.message);

    let unknown_field = json!({"themes": [{"name": "Delivery", "keywords": ["delivery"], "colour": "red"}]});
    assert_eq!(put_themes(&server, &admin, "demo", &unknown_field).await.status(), 422);
    assert_eq!(get_themes(&server, &viewer).await, SurveyThemes::default(), "nothing was stored");
}

#[tokio::test]
async fn the_openapi_document_describes_the_themes_endpoints() {
    let Some(server) = Server::start(common::Backend::Sqlite).await else { return };
    let document: Value =
        server.client.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let operation = |path: &str, method: &str| document["paths"][path][method].clone();
    assert!(operation("/api/v1/admin/surveys/{survey_id}/comments", "get").is_object());
    assert!(operation("/api/v1/admin/surveys/{survey_id}/themes", "get").is_object());
    let example = operation("/api/v1/admin/surveys/{survey_id}/themes", "put")["requestBody"]["content"]
        ["application/json"]["example"]
        .clone();
    let themes: SurveyThemes = serde_json::from_value(example).unwrap();
    validate_themes(&themes.themes).unwrap();
}
