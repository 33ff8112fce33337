//! Following up with detractors over HTTP: admins (and their API tokens) change an answer's
//! follow-up, webhooks are told, the comment list finds the open detractors oldest first,
//! the results page's figures come from the follow-ups decoded by the page's own code, and
//! a deleted answer takes its follow-up with it.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use common::Server;
use pulse_core::admin::{CreatedApiToken, ResponsePage, StoredResponse};
use pulse_core::api::{ErrorBody, ErrorCode, CSRF_HEADER};
use pulse_core::follow_up::{FollowUpState, FollowUps, CONTENT_TYPE};
use pulse_core::limits::{FOLLOW_UP_NOTE_MAX_CHARS, FOLLOW_UP_WINDOW_HOURS};
use pulse_core::report::Filter;
use pulse_core::validation::ValidResponse;
use pulse_server::config::Settings;
use pulse_server::db::PastAnswer;
use pulse_server::webhooks::{self, Delivery};
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

on_both_databases!(
    an_admin_follows_up_and_the_first_follow_up_time_stays,
    viewers_are_refused_and_programs_with_an_admin_token_may,
    broken_rules_and_unknown_answers_change_nothing,
    an_owner_whose_account_is_deleted_stays_while_the_rest_changes,
    changes_at_once_are_all_kept,
    a_change_is_sent_to_webhooks_as_response_updated_once,
    open_detractors_are_listed_oldest_first_and_exported,
    the_follow_ups_give_the_results_pages_figures,
    a_deleted_answer_takes_its_follow_up_with_it,
);

const HOUR_MS: i64 = 3600 * 1000;

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

fn follow_up_path(survey: &str, id: &str) -> String {
    format!("/api/v1/admin/surveys/{survey}/responses/{id}/follow-up")
}

/// A PATCH as the marketers' pages send it: the cookie and a JSON body.
async fn patch(server: &Server, cookie: &str, survey: &str, id: &str, body: Value) -> Response {
    let url = server.url(&follow_up_path(survey, id));
    server.client.patch(url).header("cookie", cookie).json(&body).send().await.unwrap()
}

async fn changed(server: &Server, cookie: &str, id: &str, body: Value) -> StoredResponse {
    let response = patch(server, cookie, "demo", id, body).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

async fn refusal(response: Response) -> (StatusCode, ErrorCode, Option<String>) {
    let status = response.status();
    let body: ErrorBody = response.json().await.unwrap();
    (status, body.error.code, body.error.field)
}

/// Posts an answer to the demo survey as the widget does; returns its id.
async fn answer(server: &Server, nps: u8, attributes: Value) -> String {
    let id = Uuid::new_v4().to_string();
    let body = json!({"id": id, "nps": nps, "attributes": attributes});
    let url = server.url("/api/v1/surveys/demo/responses");
    let response = server.client.post(url).json(&body).send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    id
}

/// Imports an answer to the demo survey given `ago_ms` ago; returns its id.
async fn past_answer(server: &Server, nps: u8, ago_ms: i64) -> String {
    let survey = server.db.survey("demo").await.unwrap().unwrap();
    let response = ValidResponse { id: Uuid::new_v4(), nps, ..ValidResponse::default() };
    let past = PastAnswer { response: response.clone(), created_at: now_ms() - ago_ms };
    server.db.import_responses(&survey.config, &[past]).await.unwrap();
    response.id.to_string()
}

async fn listed(server: &Server, cookie: &str, query: &str) -> ResponsePage {
    let url = server.url(&format!("/api/v1/admin/surveys/demo/responses{query}"));
    let response = server.client.get(url).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn listed_one(server: &Server, cookie: &str, id: &str) -> StoredResponse {
    let page = listed(server, cookie, "?limit=200").await;
    page.responses.into_iter().find(|answer| answer.id == id).expect("the answer is listed")
}

async fn an_admin_follows_up_and_the_first_follow_up_time_stays(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    let id = answer(&server, 3, json!({})).await;
    let untouched = listed_one(&server, &viewer, &id).await;
    assert_eq!(serde_json::to_value(&untouched.follow_up).unwrap(), json!({"state": "open"}));

    let before = now_ms();
    let owned =
        changed(&server, &admin, &id, json!({"owner": " Viewer@Example.com ", "note": "Call back"})).await;
    assert_eq!(owned.id, id);
    assert_eq!(owned.follow_up.state, FollowUpState::Open);
    assert_eq!(owned.follow_up.owner.as_deref(), Some("viewer@example.com"));
    assert_eq!(owned.follow_up.note.as_deref(), Some("Call back"));
    assert_eq!(owned.follow_up.followed_up_at, None, "an owner alone is no follow-up yet");
    assert!(owned.follow_up.updated_at.unwrap() >= before);

    // The id as another tool may write it: in upper case.
    let contacted = changed(&server, &admin, &id.to_uppercase(), json!({"state": "contacted"})).await;
    let first = contacted.follow_up.followed_up_at.expect("set when it left open");
    assert!(first >= before);
    assert_eq!(contacted.follow_up.owner.as_deref(), Some("viewer@example.com"), "left out, unchanged");
    assert_eq!(listed_one(&server, &viewer, &id).await, contacted, "as stored");

    tokio::time::sleep(Duration::from_millis(5)).await;
    let reopened = changed(&server, &admin, &id, json!({"state": "open", "owner": ""})).await;
    let resolved =
        changed(&server, &admin, &id, json!({"state": "resolved", "note": "Refunded\nand thanked"})).await;
    assert_eq!(reopened.follow_up.owner, None, "an empty owner removes it");
    assert_eq!(
        (reopened.follow_up.followed_up_at, resolved.follow_up.followed_up_at),
        (Some(first), Some(first))
    );
    assert!(resolved.follow_up.updated_at.unwrap() > first);
    assert_eq!(listed_one(&server, &viewer, &id).await.follow_up, resolved.follow_up);
}

async fn viewers_are_refused_and_programs_with_an_admin_token_may(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    let id = answer(&server, 2, json!({})).await;
    let refused = patch(&server, &viewer, "demo", &id, json!({"state": "contacted"})).await;
    assert_eq!(refusal(refused).await.1, ErrorCode::Forbidden);
    // A change without JSON or the CSRF header, as a form on another site would send it.
    let url = server.url(&follow_up_path("demo", &id));
    let form = server.client.patch(url.clone()).header("cookie", &admin).body("state=resolved").send().await;
    assert_eq!(refusal(form.unwrap()).await.1, ErrorCode::CsrfHeaderMissing);
    assert_eq!(listed_one(&server, &viewer, &id).await.follow_up.state, FollowUpState::Open);

    let tokens = server.url("/api/v1/admin/tokens");
    let body = json!({"name": "CRM sync", "role": "admin"});
    let made = server.client.post(tokens).header("cookie", &admin).header(CSRF_HEADER, "1").json(&body);
    let token: CreatedApiToken = made.send().await.unwrap().json().await.unwrap();
    let by_program = server.client.patch(url).bearer_auth(&token.token).json(&json!({"state": "resolved"}));
    let by_program = by_program.send().await.unwrap();
    assert_eq!(by_program.status(), StatusCode::OK);
    assert_eq!(listed_one(&server, &viewer, &id).await.follow_up.state, FollowUpState::Resolved);
}

async fn broken_rules_and_unknown_answers_change_nothing(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    let id = answer(&server, 4, json!({})).await;
    changed(&server, &admin, &id, json!({"note": "First call"})).await;

    let unknown = json!({"state": "contacted", "owner": "nobody@example.com"});
    let refused = refusal(patch(&server, &admin, "demo", &id, unknown).await).await;
    assert_eq!(
        refused,
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::UnknownOwner, Some("owner".to_owned()))
    );
    let long = json!({"state": "contacted", "note": "é".repeat(FOLLOW_UP_NOTE_MAX_CHARS + 1)});
    let refused = refusal(patch(&server, &admin, "demo", &id, long).await).await;
    assert_eq!(refused, (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::TooLong, Some("note".to_owned())));
    let unknown_field =
        refusal(patch(&server, &admin, "demo", &id, json!({"status": "resolved"})).await).await;
    assert_eq!(unknown_field.1, ErrorCode::InvalidBody);
    let follow_up = listed_one(&server, &viewer, &id).await.follow_up;
    assert_eq!((follow_up.state, follow_up.note.as_deref()), (FollowUpState::Open, Some("First call")));

    let contact = json!({"state": "contacted"});
    for other in [Uuid::new_v4().to_string(), "not-an-id".to_owned()] {
        let missing = refusal(patch(&server, &admin, "demo", &other, contact.clone()).await).await;
        assert_eq!((missing.0, missing.1), (StatusCode::NOT_FOUND, ErrorCode::ResponseNotFound));
    }
    let no_survey = refusal(patch(&server, &admin, "nowhere", &id, contact.clone()).await).await;
    assert_eq!((no_survey.0, no_survey.1), (StatusCode::NOT_FOUND, ErrorCode::SurveyNotFound));
    // The answer is the demo survey's, not another's.
    server.add_survey("other", &[]).await;
    let elsewhere = refusal(patch(&server, &admin, "other", &id, contact).await).await;
    assert_eq!((elsewhere.0, elsewhere.1), (StatusCode::NOT_FOUND, ErrorCode::ResponseNotFound));
    assert_eq!(listed_one(&server, &viewer, &id).await.follow_up.state, FollowUpState::Open);
}

async fn an_owner_whose_account_is_deleted_stays_while_the_rest_changes(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    server.add_user("ana@example.com", pulse_core::admin::Role::Viewer).await;
    let id = answer(&server, 1, json!({})).await;
    changed(&server, &admin, &id, json!({"owner": "ana@example.com"})).await;
    let account = server.url("/api/v1/admin/users/ana@example.com");
    let deleted =
        server.client.delete(account).header("cookie", &admin).header(CSRF_HEADER, "1").send().await;
    assert!(deleted.unwrap().status().is_success());

    // The page's form sends every field, the owner as it was among them.
    let resolved =
        changed(&server, &admin, &id, json!({"state": "resolved", "owner": "ana@example.com", "note": ""}))
            .await;
    assert_eq!(
        (resolved.follow_up.state, resolved.follow_up.owner.as_deref()),
        (FollowUpState::Resolved, Some("ana@example.com"))
    );
    let other = json!({"owner": "gone@example.com"});
    assert_eq!(refusal(patch(&server, &admin, "demo", &id, other).await).await.1, ErrorCode::UnknownOwner);
    assert_eq!(listed_one(&server, &viewer, &id).await.follow_up, resolved.follow_up);
}

/// Two marketers change one answer's follow-up at the same moment, while answers are
/// stored: each change is made (none refused for the database being busy), and neither
/// undoes the other.
async fn changes_at_once_are_all_kept(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    for _ in 0..12 {
        let id = answer(&server, 5, json!({})).await;
        let (noted, contacted, _, _) = tokio::join!(
            patch(&server, &admin, "demo", &id, json!({"note": "Called"})),
            patch(&server, &admin, "demo", &id, json!({"state": "contacted"})),
            answer(&server, 9, json!({})),
            answer(&server, 2, json!({})),
        );
        assert_eq!((noted.status(), contacted.status()), (StatusCode::OK, StatusCode::OK));
        let follow_up = listed_one(&server, &viewer, &id).await.follow_up;
        assert_eq!((follow_up.state, follow_up.note.as_deref()), (FollowUpState::Contacted, Some("Called")));
    }
}

/// A webhook's receiver on 127.0.0.1 that keeps each message's JSON.
async fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let keep = |State(received): State<Arc<Mutex<Vec<Value>>>>, axum::Json(body): axum::Json<Value>| async move {
        received.lock().unwrap().push(body);
    };
    let app = axum::Router::new().route("/hooks", axum::routing::post(keep)).with_state(received.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

/// The messages received once `count` have come, and a moment more for any that should not.
async fn messages(received: &Mutex<Vec<Value>>, count: usize) -> Vec<Value> {
    let start = Instant::now();
    while received.lock().unwrap().len() < count {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{} of {count} messages came",
            received.lock().unwrap().len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    received.lock().unwrap().clone()
}

async fn a_change_is_sent_to_webhooks_as_response_updated_once(server: Server) {
    let settings = Settings { allow_private_webhooks: true, ..Settings::default() };
    let server = server.with_settings(&settings).await;
    let (admin, _) = server.admin_and_viewer().await;
    let id = answer(&server, 1, json!({"plan": "pro"})).await;
    let (url, received) = receiver().await;
    let hook = json!({"url": url, "events": ["response.updated"]});
    let hooks = server.url("/api/v1/admin/surveys/demo/webhooks");
    let created = server.client.post(hooks).header("cookie", &admin).json(&hook).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let sender = webhooks::start(server.db.clone(), Delivery::new(&settings));

    let change = json!({"state": "contacted", "owner": "admin@example.com", "note": "Called"});
    let contacted = changed(&server, &admin, &id, change.clone()).await;
    // The same change again changes nothing, and is not sent.
    assert_eq!(changed(&server, &admin, &id, change).await, contacted);
    let messages = messages(&received, 1).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["type"], "response.updated");
    assert_eq!(messages[0]["data"]["id"], id.as_str());
    assert_eq!(messages[0]["data"]["attributes"], json!({"plan": "pro"}));
    assert_eq!(messages[0]["data"]["follow_up"], serde_json::to_value(&contacted.follow_up).unwrap());
    assert_eq!(messages[0]["data"]["follow_up"]["state"], "contacted");
    sender.stop().await;
}

async fn open_detractors_are_listed_oldest_first_and_exported(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    let oldest = past_answer(&server, 2, 5 * HOUR_MS).await;
    let contacted = past_answer(&server, 3, 4 * HOUR_MS).await;
    let promoter = past_answer(&server, 10, 3 * HOUR_MS).await;
    let middle = past_answer(&server, 6, 2 * HOUR_MS).await;
    let newest = past_answer(&server, 0, HOUR_MS).await;
    changed(&server, &admin, &contacted, json!({"state": "contacted"})).await;
    changed(&server, &admin, &middle, json!({"note": "Left a message"})).await;

    let ids = |page: &ResponsePage| page.responses.iter().map(|answer| answer.id.clone()).collect::<Vec<_>>();
    let query = "?category=detractor&follow_up=open&order=oldest";
    assert_eq!(
        ids(&listed(&server, &viewer, query).await),
        [oldest.as_str(), middle.as_str(), newest.as_str()]
    );
    // Page by page, the cursor goes on in the same order.
    let first = listed(&server, &viewer, &format!("{query}&limit=2")).await;
    assert_eq!(ids(&first), [oldest.as_str(), middle.as_str()]);
    let cursor = first.next_cursor.unwrap();
    let second = listed(&server, &viewer, &format!("{query}&limit=2&cursor={cursor}")).await;
    assert_eq!((ids(&second), second.next_cursor), (vec![newest.clone()], None));
    assert_eq!(ids(&listed(&server, &viewer, "?follow_up=contacted").await), [contacted.as_str()]);
    assert_eq!(
        ids(&listed(&server, &viewer, "?follow_up=open").await),
        [newest.as_str(), middle.as_str(), promoter.as_str(), oldest.as_str()]
    );
    let bad = server.url("/api/v1/admin/surveys/demo/responses?follow_up=waiting");
    let bad = server.client.get(bad).header("cookie", &viewer).send().await.unwrap();
    assert_eq!(refusal(bad).await.1, ErrorCode::InvalidQuery);

    let url = server.url("/api/v1/admin/surveys/demo/responses.csv?order=oldest&category=detractor");
    let csv = server.client.get(url).header("cookie", &viewer).send().await.unwrap().text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[17..], ["follow_up_state", "follow_up_owner", "follow_up_note"]);
    let rows: Vec<Vec<String>> =
        reader.records().map(|row| row.unwrap().iter().map(str::to_owned).collect()).collect();
    let cells: Vec<(&str, &str, &str)> =
        rows.iter().map(|row| (row[0].as_str(), row[17].as_str(), row[19].as_str())).collect();
    assert_eq!(
        cells,
        [
            (oldest.as_str(), "open", ""),
            (contacted.as_str(), "contacted", ""),
            (middle.as_str(), "open", "Left a message"),
            (newest.as_str(), "open", "")
        ]
    );
}

async fn the_follow_ups_give_the_results_pages_figures(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    let window = i64::from(FOLLOW_UP_WINDOW_HOURS) * HOUR_MS;
    // Answered three days ago: one followed up now, which is late, and one never.
    let late = past_answer(&server, 2, 3 * 24 * HOUR_MS + 60_000).await;
    past_answer(&server, 5, 3 * 24 * HOUR_MS).await;
    past_answer(&server, 9, 3 * 24 * HOUR_MS).await;
    // Answered an hour ago: resolved now is in time, and not due before two days have passed.
    let on_time = answer(&server, 4, json!({"plan": "pro"})).await;
    changed(&server, &admin, &late, json!({"state": "contacted"})).await;
    changed(&server, &admin, &on_time, json!({"state": "resolved"})).await;

    let url = server.url("/api/v1/admin/surveys/demo/follow-ups");
    let response = server.client.get(url).header("cookie", &viewer).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], CONTENT_TYPE);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let follow_ups = FollowUps::decode(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(follow_ups.len(), 3, "the detractors only");
    assert_eq!(follow_ups.states, [FollowUpState::Contacted, FollowUpState::Open, FollowUpState::Resolved]);
    assert_eq!(follow_ups.answers.score, [2, 5, 4]);

    let feed = server.feed(&viewer, "demo").await;
    let all = follow_ups.kept(&Filter::default(), &feed.strings);
    let now = now_ms();
    let figures = follow_ups.figures(&all, now);
    assert_eq!((figures.waiting, figures.due, figures.followed_up_in_time), (1, 2, 0));
    let waited = figures.oldest_waiting_ms.unwrap();
    assert!((3 * 24 * HOUR_MS - 1000..3 * 24 * HOUR_MS + 60_000).contains(&waited), "{waited}");
    // Two days later, the one resolved within the hour is due too, and was in time.
    let later = follow_ups.figures(&all, now + window);
    assert_eq!((later.due, later.followed_up_in_time, later.share), (3, 1, Some(1.0 / 3.0)));
    // The page's segment filter keeps the answers of the pro plan only.
    let pro = feed.strings.iter().position(|name| name == "attr:plan=pro").unwrap() as u32;
    let kept = follow_ups.kept(&Filter { segments: vec![pro], ..Filter::default() }, &feed.strings);
    assert_eq!(kept, [2]);
    assert_eq!(follow_ups.figures(&kept, now + window).share, Some(1.0));

    let refused =
        server.client.get(server.url("/api/v1/admin/surveys/demo/follow-ups")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

async fn follow_ups_stored(server: &Server) -> i64 {
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM follow_ups").fetch_one(&pool).await.unwrap()
}

async fn a_deleted_answer_takes_its_follow_up_with_it(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let deleted = answer(&server, 3, json!({})).await;
    let erased = answer(&server, 2, json!({"user": "u-42"})).await;
    let kept = answer(&server, 1, json!({})).await;
    for id in [&deleted, &erased, &kept] {
        changed(&server, &admin, id, json!({"note": "Lives at 12 Elm Street, call 555-0100"})).await;
    }
    assert_eq!(follow_ups_stored(&server).await, 3);

    let send = |method: Method, path: String| {
        server
            .client
            .request(method, server.url(&path))
            .header("cookie", &admin)
            .header(CSRF_HEADER, "1")
            .send()
    };
    let one = send(Method::DELETE, format!("/api/v1/admin/surveys/demo/responses/{deleted}")).await.unwrap();
    assert_eq!(one.status(), StatusCode::NO_CONTENT);
    assert_eq!(follow_ups_stored(&server).await, 2);
    let erasure = send(Method::DELETE, "/api/v1/admin/responses?attribute=user&value=u-42".to_owned()).await;
    assert_eq!(erasure.unwrap().status(), StatusCode::OK);
    assert_eq!(follow_ups_stored(&server).await, 1);
    // A follow-up of an answer no longer stored cannot be made again.
    let gone = patch(&server, &admin, "demo", &erased, json!({"state": "resolved"})).await;
    assert_eq!(refusal(gone).await.1, ErrorCode::ResponseNotFound);
    assert_eq!(follow_ups_stored(&server).await, 1);
}
