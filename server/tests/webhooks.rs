//! Webhooks as a receiver sees them: every answer created, completed or deleted posted
//! once, signed as Standard Webhooks are (checked with the `standardwebhooks` crate, not
//! the server's code), tried again with the same id until the receiver takes it, sent
//! again after a crash, by one process only, and never to an address off the internet
//! unless the server allows it; and the alerts, a detractor's comment and a week's NPS
//! dropped, each told once.

mod common;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use common::{Process, Server};
use pulse_core::api::CSRF_HEADER;
use pulse_core::limits::WEBHOOKS_PER_SURVEY_MAX;
use pulse_core::nps::Tally;
use pulse_core::webhook::{
    CreatedWebhook, Webhook, WebhookAttempt, WebhookEvent, WebhookFormat, WebhookSettings,
};
use pulse_server::config::Settings;
use pulse_server::db::{Attempted, Next};
use pulse_server::webhooks::{self, Delivery, Sender};
use serde_json::{json, Value};
use uuid::Uuid;

on_both_databases!(
    answers_created_completed_and_deleted_are_posted_once_each_and_signed,
    a_failing_receiver_gets_the_message_again_with_the_same_id_until_given_up,
    a_deleted_answer_leaves_no_message_that_carries_it,
    webhooks_are_refused_addresses_off_the_internet_when_set_and_when_sent,
    only_admins_manage_webhooks_within_their_limits,
    a_webhook_can_be_changed_disabled_tested_and_deleted,
    a_message_cut_by_a_kill_is_sent_again_after_the_restart,
    two_processes_on_one_database_post_each_message_once,
    one_new_answer_written_by_two_processes_at_once_is_told_once,
    a_sender_whose_claim_lapsed_records_no_second_attempt_of_the_same_number,
    a_detractor_who_leaves_a_comment_is_alerted_once,
    a_significant_drop_of_the_weeks_nps_is_alerted_once,
    webhooks_created_at_once_stay_within_the_limit,
);

/// What the receiver answers to one request; 200 once none are left.
#[derive(Clone, Copy)]
enum Answer {
    Status(u16),
    /// Never answers.
    Hang,
}

#[derive(Clone)]
struct Received {
    headers: HeaderMap,
    body: Bytes,
}

impl Received {
    fn id(&self) -> &str {
        self.headers["webhook-id"].to_str().unwrap()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A webhook's receiver on 127.0.0.1, which records every request.
#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<Answer>>>,
    url: String,
}

impl Receiver {
    async fn start(answers: &[Answer]) -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let receiver = Receiver {
            url: format!("http://{}/hooks", listener.local_addr().unwrap()),
            answers: Arc::new(Mutex::new(answers.iter().copied().collect())),
            ..Receiver::default()
        };
        let app =
            axum::Router::new().route("/hooks", axum::routing::post(receive)).with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        receiver
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until `count` requests have come, and a moment more for any that should not.
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        let start = Instant::now();
        while self.received().len() < count {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{} of {count} requests came",
                self.received().len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let received = self.received();
        assert_eq!(received.len(), count, "more requests came than expected");
        received
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    receiver.received.lock().unwrap().push(Received { headers, body });
    let answer = receiver.answers.lock().unwrap().pop_front();
    match answer {
        Some(Answer::Status(status)) => StatusCode::from_u16(status).unwrap(),
        Some(Answer::Hang) => std::future::pending().await,
        None => StatusCode::OK,
    }
}

/// Private receivers allowed (the receiver is on 127.0.0.1), and a retry schedule of
/// moments instead of a day.
fn private(retries: usize) -> Settings {
    Settings {
        allow_private_webhooks: true,
        webhook_retry: vec![Duration::from_millis(200); retries],
        ..Settings::default()
    }
}

/// A server with `settings` on the database of `server`, sending webhooks' messages.
async fn sending(server: &Server, settings: &Settings) -> (Server, Sender) {
    let beside = server.with_settings(settings).await;
    let sender = webhooks::start(beside.db.clone(), Delivery::new(settings));
    (beside, sender)
}

async fn create(server: &Server, cookie: &str, survey: &str, body: Value) -> reqwest::Response {
    let url = server.url(&format!("/api/v1/admin/surveys/{survey}/webhooks"));
    server.client.post(url).header("cookie", cookie).json(&body).send().await.unwrap()
}

async fn created(server: &Server, cookie: &str, url: &str, events: &[&str]) -> CreatedWebhook {
    let response = create(server, cookie, "demo", json!({"url": url, "events": events})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn webhook(server: &Server, cookie: &str, id: &str) -> Webhook {
    let url = server.url(&format!("/api/v1/admin/surveys/demo/webhooks/{id}"));
    let response = server.client.get(url).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn answer(base: &str, body: Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/v1/surveys/demo/responses"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
}

/// Checks the request's signature as a receiver would, with the secret it was given.
fn verify(secret: &str, received: &Received) {
    let verifier = standardwebhooks::Webhook::new(secret).unwrap();
    verifier.verify(&received.body, &received.headers).expect("a valid signature");
    let mut forged = received.body.to_vec();
    forged.extend_from_slice(b" ");
    assert!(verifier.verify(&forged, &received.headers).is_err(), "a changed body verified");
}

async fn answers_created_completed_and_deleted_are_posted_once_each_and_signed(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let receiver = Receiver::start(&[]).await;
    let (server_sending, sender) = sending(&server, &private(3)).await;
    let events = ["response.created", "response.updated", "response.deleted"];
    let hook = created(&server_sending, &admin, &receiver.url, &events).await;
    assert!(hook.secret.starts_with("whsec_"));
    // Another survey's answers are not this webhook's.
    server.add_survey("other", &[]).await;
    let id = Uuid::new_v4().to_string();
    let other = json!({"id": Uuid::new_v4().to_string(), "nps": 9});
    reqwest::Client::new()
        .post(server.url("/api/v1/surveys/other/responses"))
        .json(&other)
        .send()
        .await
        .unwrap();

    answer(&server.base, json!({"id": id, "nps": 3, "attributes": {"plan": "pro"}})).await;
    let first = receiver.wait_for(1).await;
    verify(&hook.secret, &first[0]);
    assert!(first[0].id().starts_with("msg_"));
    let sent_at: i64 = first[0].headers["webhook-timestamp"].to_str().unwrap().parse().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!((now - sent_at).abs() < 30, "timestamp {sent_at}, now {now}");
    assert_eq!(first[0].headers["content-type"], "application/json");
    let body = first[0].json();
    assert_eq!(body["type"], "response.created");
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    assert_eq!(body["data"]["id"], id.as_str());
    assert_eq!(body["data"]["survey_id"], "demo");
    assert_eq!(body["data"]["nps"], 3);
    assert_eq!(body["data"]["attributes"], json!({"plan": "pro"}));
    assert!(body["data"]["created_at"].as_i64().unwrap() > 0);

    // The comment sent after the score completes the answer; the same sending again
    // changes nothing and is not posted.
    let completed = json!({"id": id, "nps": 3, "comment": "Too slow"});
    answer(&server.base, completed.clone()).await;
    answer(&server.base, completed).await;
    let second = receiver.wait_for(2).await;
    verify(&hook.secret, &second[1]);
    let body = second[1].json();
    assert_eq!(body["type"], "response.updated");
    assert_eq!(body["data"]["comment"], "Too slow");
    assert_eq!(body["data"]["attributes"], json!({"plan": "pro"}));
    assert_ne!(second[1].id(), second[0].id());

    let url = server.url(&format!("/api/v1/admin/surveys/demo/responses/{id}"));
    let deleted =
        server.client.delete(url).header("cookie", &admin).header(CSRF_HEADER, "1").send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let third = receiver.wait_for(3).await;
    verify(&hook.secret, &third[2]);
    assert_eq!(third[2].json()["type"], "response.deleted");
    assert_eq!(third[2].json()["data"], json!({"id": id, "survey_id": "demo"}));

    let listed = webhook(&server, &admin, &hook.webhook.id).await;
    assert_eq!((listed.pending, listed.failed), (0, 0));
    let ids: Vec<&str> = third.iter().map(Received::id).collect();
    let attempted: Vec<&str> =
        listed.attempts.iter().rev().map(|attempt| attempt.message_id.as_str()).collect();
    assert_eq!(attempted, ids);
    assert!(listed.attempts.iter().all(|attempt| attempt.delivered && attempt.status == Some(200)));
    let events: Vec<&str> = listed.attempts.iter().rev().map(|attempt| attempt.event.as_str()).collect();
    assert_eq!(events, ["response.created", "response.updated", "response.deleted"]);
    // The secret is shown once, when the webhook is created.
    let list = server.client.get(server.url("/api/v1/admin/surveys/demo/webhooks")).header("cookie", &admin);
    let list = list.send().await.unwrap().text().await.unwrap();
    assert!(list.contains(&hook.webhook.id) && !list.contains(&hook.secret), "{list}");
    sender.stop().await;
}

async fn a_failing_receiver_gets_the_message_again_with_the_same_id_until_given_up(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let (server, sender) = sending(&server, &private(2)).await;
    let flaky = Receiver::start(&[Answer::Status(500), Answer::Status(503)]).await;
    let broken = Receiver::start(&[Answer::Status(500); 10]).await;
    let flaky_hook = created(&server, &admin, &flaky.url, &["response.created"]).await;
    let broken_hook = created(&server, &admin, &broken.url, &["response.created"]).await;

    answer(&server.base, json!({"id": Uuid::new_v4().to_string(), "nps": 10})).await;
    // Two failures, then delivered on the third attempt; the schedule allows no fourth.
    for (receiver, hook) in [(&flaky, &flaky_hook), (&broken, &broken_hook)] {
        let received = receiver.wait_for(3).await;
        assert!(received.iter().all(|request| request.id() == received[0].id()), "one message, one id");
        for request in &received {
            verify(&hook.secret, request);
        }
        assert_eq!(received[0].body, received[2].body);
    }
    let flaky_hook = webhook(&server, &admin, &flaky_hook.webhook.id).await;
    assert_eq!((flaky_hook.pending, flaky_hook.failed), (0, 0));
    let attempts: Vec<(u32, Option<u16>, bool)> = flaky_hook
        .attempts
        .iter()
        .map(|attempt| (attempt.attempt, attempt.status, attempt.delivered))
        .collect();
    assert_eq!(attempts, [(3, Some(200), true), (2, Some(503), false), (1, Some(500), false)]);
    assert!(flaky_hook.attempts[1].error.as_deref().unwrap().contains("503"));

    let broken_hook = webhook(&server, &admin, &broken_hook.webhook.id).await;
    assert_eq!((broken_hook.pending, broken_hook.failed), (0, 1));
    assert_eq!(broken_hook.attempts.len(), 3);
    assert!(broken_hook
        .attempts
        .iter()
        .all(|attempt| !attempt.delivered && attempt.next_attempt_at.is_none()));
    sender.stop().await;
}

/// An answer deleted while its `response.created` waits for a failing receiver: that
/// message is dropped, so the answer never leaves after its deletion; `response.deleted`
/// takes its place, and stays when another answer is deleted.
async fn a_deleted_answer_leaves_no_message_that_carries_it(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let settings = Settings { webhook_retry: vec![Duration::from_secs(600)], ..private(0) };
    let (server, sender) = sending(&server, &settings).await;
    let receiver = Receiver::start(&[Answer::Status(500); 2]).await;
    let hook = created(&server, &admin, &receiver.url, &["response.created", "response.deleted"]).await;
    let (id, marker) = (Uuid::new_v4().to_string(), format!("marker-{}", Uuid::new_v4()));
    answer(&server.base, json!({"id": id, "nps": 2, "comment": marker})).await;
    receiver.wait_for(1).await;
    assert_eq!(webhook(&server, &admin, &hook.webhook.id).await.pending, 1);

    let url = server.url(&format!("/api/v1/admin/surveys/demo/responses/{id}"));
    server.client.delete(url).header("cookie", &admin).header(CSRF_HEADER, "1").send().await.unwrap();
    let received = receiver.wait_for(2).await;
    assert_eq!(received[1].json()["type"], "response.deleted");
    let listed = webhook(&server, &admin, &hook.webhook.id).await;
    assert_eq!(listed.pending, 1, "only the deletion's message waits");
    assert!(listed.attempts.iter().all(|attempt| attempt.event == "response.deleted"));
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    let holding: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_messages WHERE payload LIKE $1")
        .bind(format!("%{marker}%"))
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(holding, 0);
    pool.close().await;

    // Another answer made and deleted leaves the first deletion's message waiting.
    let other = Uuid::new_v4().to_string();
    answer(&server.base, json!({"id": other, "nps": 9})).await;
    receiver.wait_for(3).await;
    let url = server.url(&format!("/api/v1/admin/surveys/demo/responses/{other}"));
    server.client.delete(url).header("cookie", &admin).header(CSRF_HEADER, "1").send().await.unwrap();
    receiver.wait_for(4).await;
    assert_eq!(webhook(&server, &admin, &hook.webhook.id).await.pending, 1, "the first deletion still waits");
    sender.stop().await;
}

async fn webhooks_are_refused_addresses_off_the_internet_when_set_and_when_sent(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    for (url, code) in [
        ("http://crm.example/hooks", "invalid_url"),
        ("https://127.0.0.1/hooks", "private_address"),
        ("https://localhost:8443/hooks", "private_address"),
        ("https://[::1]/hooks", "private_address"),
        ("https://[::ffff:10.0.0.1]/hooks", "private_address"),
        ("https://[fe80::1]/hooks", "private_address"),
        ("https://169.254.169.254/latest/meta-data", "private_address"),
        ("https://192.168.0.10/hooks", "private_address"),
        ("https://100.64.0.1/hooks", "private_address"),
    ] {
        let refused =
            create(&server, &admin, "demo", json!({"url": url, "events": ["response.created"]})).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{url}: {body}");
        assert_eq!(body["error"]["field"], "url");
    }

    // Set while private receivers were allowed, then sent by a server that no longer
    // allows them: refused at delivery, the name resolved and checked then.
    let receiver = Receiver::start(&[]).await;
    let allowing = server.with_settings(&private(1)).await;
    let port = receiver.url.split(':').nth(2).unwrap().split('/').next().unwrap();
    for url in [format!("http://localhost:{port}/hooks"), receiver.url.clone()] {
        let hook = created(&allowing, &admin, &url, &["response.created"]).await;
        let test = format!("/api/v1/admin/surveys/demo/webhooks/{}/test", hook.webhook.id);
        let attempt: WebhookAttempt = server
            .client
            .post(server.url(&test))
            .header("cookie", &admin)
            .header(CSRF_HEADER, "1")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(!attempt.delivered && attempt.status.is_none(), "{url}: {attempt:?}");
        assert!(attempt.error.as_deref().unwrap().contains("not on the internet"), "{url}: {attempt:?}");
    }
    assert!(receiver.received().is_empty());
}

async fn only_admins_manage_webhooks_within_their_limits(server: Server) {
    let (admin, viewer) = server.admin_and_viewer().await;
    let server = server.with_settings(&private(1)).await;
    let hook = created(&server, &admin, "http://127.0.0.1:9/hooks", &["response.created"]).await;
    let one = format!("/api/v1/admin/surveys/demo/webhooks/{}", hook.webhook.id);
    let requests = [
        server.client.get(server.url("/api/v1/admin/surveys/demo/webhooks")),
        server
            .client
            .post(server.url("/api/v1/admin/surveys/demo/webhooks"))
            .json(&json!({"url": "https://crm.example/", "events": ["response.created"]})),
        server.client.get(server.url(&one)),
        server
            .client
            .put(server.url(&one))
            .json(&json!({"url": "https://crm.example/", "events": ["response.created"]})),
        server.client.delete(server.url(&one)).header(CSRF_HEADER, "1"),
        server.client.post(server.url(&format!("{one}/test"))).header(CSRF_HEADER, "1"),
    ];
    for request in requests {
        let response = request.header("cookie", &viewer).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(webhook(&server, &admin, &hook.webhook.id).await.settings.url, "http://127.0.0.1:9/hooks");

    let missing =
        server.client.get(server.url("/api/v1/admin/surveys/demo/webhooks/wh_none")).header("cookie", &admin);
    let missing: Value = missing.send().await.unwrap().json().await.unwrap();
    assert_eq!(missing["error"]["code"], "webhook_not_found");
    let elsewhere =
        server.client.get(server.url("/api/v1/admin/surveys/nope/webhooks")).header("cookie", &admin);
    assert_eq!(elsewhere.send().await.unwrap().status(), StatusCode::NOT_FOUND);

    let no_event =
        create(&server, &admin, "demo", json!({"url": "https://crm.example/", "events": []})).await;
    let no_event: Value = no_event.json().await.unwrap();
    assert_eq!(
        (no_event["error"]["code"].as_str(), no_event["error"]["field"].as_str()),
        (Some("required"), Some("events"))
    );
    let unknown =
        create(&server, &admin, "demo", json!({"url": "https://crm.example/", "events": ["response.read"]}))
            .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for _ in 1..pulse_core::limits::WEBHOOKS_PER_SURVEY_MAX {
        created(&server, &admin, "http://127.0.0.1:9/hooks", &["response.created"]).await;
    }
    let eleventh = create(
        &server,
        &admin,
        "demo",
        json!({"url": "http://127.0.0.1:9/", "events": ["response.created"]}),
    )
    .await;
    let eleventh: Value = eleventh.json().await.unwrap();
    assert_eq!(eleventh["error"]["code"], "too_many");
}

async fn a_webhook_can_be_changed_disabled_tested_and_deleted(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let (server, sender) = sending(&server, &private(1)).await;
    let receiver = Receiver::start(&[]).await;
    let hook = created(&server, &admin, &receiver.url, &["response.created"]).await;
    let one = server.url(&format!("/api/v1/admin/surveys/demo/webhooks/{}", hook.webhook.id));
    let put = |settings: Value| server.client.put(&one).header("cookie", &admin).json(&settings).send();

    // Disabled: nothing is written for it.
    let disabled =
        put(json!({"url": receiver.url, "events": ["response.created"], "enabled": false})).await.unwrap();
    assert!(!disabled.json::<Webhook>().await.unwrap().settings.enabled);
    answer(&server.base, json!({"id": Uuid::new_v4().to_string(), "nps": 8})).await;
    assert_eq!(webhook(&server, &admin, &hook.webhook.id).await.pending, 0);

    // Enabled again in the Slack format: a line of text, still signed.
    put(json!({"url": receiver.url, "events": ["response.created"], "format": "slack"})).await.unwrap();
    answer(&server.base, json!({"id": Uuid::new_v4().to_string(), "nps": 2, "comment": "Broken <b>"})).await;
    let received = receiver.wait_for(1).await;
    verify(&hook.secret, &received[0]);
    assert_eq!(
        received[0].json(),
        json!({"text": "New answer to survey *demo*: 2 (detractor)\n> Broken &lt;b&gt;"})
    );

    // A test is sent at once, and its attempt answered.
    let test = server.client.post(format!("{one}/test")).header("cookie", &admin).header(CSRF_HEADER, "1");
    let attempt: WebhookAttempt = test.send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (attempt.event.as_str(), attempt.status, attempt.delivered),
        ("webhook.test", Some(200), true)
    );
    let received = receiver.wait_for(2).await;
    assert_eq!(received[1].id(), attempt.message_id);
    verify(&hook.secret, &received[1]);

    // A receiver gone for good (410) disables its webhook.
    let gone = Receiver::start(&[Answer::Status(410)]).await;
    put(json!({"url": gone.url, "events": ["response.created"]})).await.unwrap();
    let test = server.client.post(format!("{one}/test")).header("cookie", &admin).header(CSRF_HEADER, "1");
    let attempt: WebhookAttempt = test.send().await.unwrap().json().await.unwrap();
    assert_eq!((attempt.status, attempt.delivered), (Some(410), false));
    assert!(!webhook(&server, &admin, &hook.webhook.id).await.settings.enabled);

    let deleted =
        server.client.delete(&one).header("cookie", &admin).header(CSRF_HEADER, "1").send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let after = server.client.get(&one).header("cookie", &admin).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
    sender.stop().await;
}

/// The process sending a message is killed while its receiver has not answered yet; the
/// next process sends it again once that attempt's time is up, with the same id.
async fn a_message_cut_by_a_kill_is_sent_again_after_the_restart(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let receiver = Receiver::start(&[Answer::Hang]).await;
    let args = ["--allow-private-webhooks"];
    let first = Process::start_with(&server.database_url, &args);
    let hook =
        created(&server.with_settings(&private(1)).await, &admin, &receiver.url, &["response.created"]).await;
    let id = Uuid::new_v4().to_string();
    answer(&first.base, json!({"id": id, "nps": 6})).await;
    let start = Instant::now();
    while receiver.received().is_empty() {
        assert!(start.elapsed() < Duration::from_secs(30), "the message was never sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(first); // SIGKILL, as the receiver still holds the request.

    let _second = Process::start_with(&server.database_url, &args);
    let received = receiver.wait_for(2).await;
    assert_eq!(received[0].id(), received[1].id());
    assert_eq!(received[1].json()["data"]["id"], id.as_str());
    verify(&hook.secret, &received[1]);
}

async fn two_processes_on_one_database_post_each_message_once(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let receiver = Receiver::start(&[]).await;
    created(&server.with_settings(&private(1)).await, &admin, &receiver.url, &["response.created"]).await;
    let args = ["--allow-private-webhooks"];
    let processes =
        [Process::start_with(&server.database_url, &args), Process::start_with(&server.database_url, &args)];
    let ids: Vec<String> = (0..40).map(|_| Uuid::new_v4().to_string()).collect();
    for (n, id) in ids.iter().enumerate() {
        answer(&processes[n % 2].base, json!({"id": id, "nps": n % 10 + 1})).await;
    }
    let received = receiver.wait_for(ids.len()).await;
    let mut per_answer: HashMap<String, usize> = HashMap::new();
    for request in &received {
        *per_answer.entry(request.json()["data"]["id"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    for id in &ids {
        assert_eq!(per_answer.get(id), Some(&1), "answer {id}");
    }
}

/// One new answer given to two processes at the same moment, as a widget whose first post
/// timed out sends it again through the load balancer to another: each of its events is
/// told once, however the two writes meet.
async fn one_new_answer_written_by_two_processes_at_once_is_told_once(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let events = ["response.created", "response.updated", "alert.detractor"];
    created(&server.with_settings(&private(0)).await, &admin, "http://127.0.0.1:9/", &events).await;
    let args = ["--widget-requests-per-minute", "10000"];
    let processes =
        [Process::start_with(&server.database_url, &args), Process::start_with(&server.database_url, &args)];
    let ids: Vec<String> = (0..150).map(|_| Uuid::new_v4().to_string()).collect();
    let mut posts = tokio::task::JoinSet::new();
    for id in &ids {
        for process in &processes {
            let body = json!({"id": id, "nps": 3, "comment": "Delivery was late"});
            let base = process.base.clone();
            posts.spawn(async move { answer(&base, body).await });
        }
    }
    while let Some(posted) = posts.join_next().await {
        posted.unwrap();
    }
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    for event in events {
        let told: Vec<(String, i64)> = sqlx::query_as(
            "SELECT response_id, COUNT(*) FROM webhook_messages WHERE event = $1 GROUP BY response_id",
        )
        .bind(event)
        .fetch_all(&pool)
        .await
        .unwrap();
        let told: HashMap<String, i64> = told.into_iter().collect();
        let expected = if event == "response.updated" { None } else { Some(&1) };
        for id in &ids {
            assert_eq!(told.get(id), expected, "{event} of {id}");
        }
    }
    pool.close().await;
}

/// A message taken by two senders, the first's claim having lapsed: each sends it as its
/// first attempt. The first to record it counts; the other's record changes nothing.
async fn a_sender_whose_claim_lapsed_records_no_second_attempt_of_the_same_number(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let server = server.with_settings(&private(3)).await;
    let hook = created(&server, &admin, "http://127.0.0.1:9/hooks", &["response.created"]).await;
    answer(&server.base, json!({"id": Uuid::new_v4().to_string(), "nps": 9})).await;
    let now =
        || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    // Claimed until a moment already past: due again at once, and claimed again.
    let first = server.db.claim_due(now() - 1, 10).await.unwrap();
    let second = server.db.claim_due(now() - 1, 10).await.unwrap();
    assert_eq!((first.len(), second.len()), (1, 1));
    assert_eq!((first[0].attempts, second[0].attempts), (0, 0));
    let failed = Attempted {
        at: now(),
        status: Some(503),
        error: Some("the receiver answered 503".to_owned()),
        next: Next::RetryAt(now() + 60_000),
    };
    server.db.record_attempts(&[(first[0].clone(), failed)]).await.unwrap();
    let delivered = Attempted { at: now(), status: Some(200), error: None, next: Next::Delivered };
    server.db.record_attempts(&[(second[0].clone(), delivered)]).await.unwrap();
    let listed = webhook(&server, &admin, &hook.webhook.id).await;
    let attempts: Vec<(u32, Option<u16>, bool)> =
        listed.attempts.iter().map(|attempt| (attempt.attempt, attempt.status, attempt.delivered)).collect();
    assert_eq!(attempts, [(1, Some(503), false)]);
    assert_eq!(listed.pending, 1, "still to be tried again");
}

/// A webhook of `alert.detractor` only: told of each answer that becomes a detractor's with
/// a comment (new, its comment sent after its score, its score changed), once; never of a
/// promoter's comment, a detractor's score without one, or an alerted answer sent again or
/// edited.
async fn a_detractor_who_leaves_a_comment_is_alerted_once(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let receiver = Receiver::start(&[]).await;
    let (server, sender) = sending(&server, &private(1)).await;
    let hook = created(&server, &admin, &receiver.url, &["alert.detractor"]).await;
    let [at_once, later, rescored] = [0; 3].map(|_| Uuid::new_v4().to_string());
    answer(
        &server.base,
        json!({"id": at_once, "nps": 3, "comment": "Too slow", "attributes": {"plan": "pro"}}),
    )
    .await;
    answer(&server.base, json!({"id": later, "nps": 1})).await;
    answer(&server.base, json!({"id": later, "nps": 1, "comment": "Broken checkout"})).await;
    answer(&server.base, json!({"id": rescored, "nps": 8, "comment": "Fine, if dear"})).await;
    answer(&server.base, json!({"id": rescored, "nps": 6, "comment": "Fine, if dear"})).await;
    // None of these.
    answer(&server.base, json!({"id": at_once, "nps": 3, "comment": "Too slow"})).await;
    answer(&server.base, json!({"id": at_once, "nps": 2, "comment": "Far too slow"})).await;
    answer(&server.base, json!({"id": Uuid::new_v4().to_string(), "nps": 10, "comment": "Great"})).await;
    answer(&server.base, json!({"id": Uuid::new_v4().to_string(), "nps": 5})).await;

    let received = receiver.wait_for(3).await;
    let mut told: Vec<(String, u64, String)> = received
        .iter()
        .map(|request| {
            verify(&hook.secret, request);
            let body = request.json();
            assert_eq!(body["type"], "alert.detractor");
            assert_eq!(body["data"]["survey_id"], "demo");
            let data = &body["data"];
            (
                data["id"].as_str().unwrap().to_owned(),
                data["nps"].as_u64().unwrap(),
                data["comment"].to_string(),
            )
        })
        .collect();
    told.sort();
    let mut expected = vec![
        (at_once.clone(), 3, json!("Too slow").to_string()),
        (later.clone(), 1, json!("Broken checkout").to_string()),
        (rescored.clone(), 6, json!("Fine, if dear").to_string()),
    ];
    expected.sort();
    assert_eq!(told, expected);
    let first = received.iter().find(|request| request.json()["data"]["id"] == at_once.as_str()).unwrap();
    assert_eq!(first.json()["data"]["attributes"], json!({"plan": "pro"}));
    sender.stop().await;
}

/// Imports `answers` (score, days ago) into `survey` with `pulse-server responses import`.
fn import(server: &Server, survey: &str, answers: &[(u8, f64)]) {
    let now = time::OffsetDateTime::now_utc();
    let lines: Vec<String> = answers
        .iter()
        .map(|&(nps, days_ago)| {
            let at = now - time::Duration::seconds_f64(days_ago * 86_400.0);
            let at = at.format(&time::format_description::well_known::Rfc3339).unwrap();
            json!({"nps": nps, "created_at": at}).to_string()
        })
        .collect();
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join(format!("{survey}.jsonl"));
    std::fs::write(&file, lines.join("\n")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pulse-server"))
        .args(["responses", "import", "--survey", survey, "--file", file.to_str().unwrap()])
        .env("DATABASE_URL", &server.database_url)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// `promoters`, `passives` and `detractors` answers (scores 10, 8 and 2) spread over the
/// days from `from` to `to` days ago.
fn spread(promoters: usize, passives: usize, detractors: usize, (from, to): (f64, f64)) -> Vec<(u8, f64)> {
    let scores: Vec<u8> = [(10, promoters), (8, passives), (2, detractors)]
        .iter()
        .flat_map(|&(score, n)| vec![score; n])
        .collect();
    let step = (from - to) / scores.len() as f64;
    scores.iter().enumerate().map(|(n, &score)| (score, from - step * n as f64)).collect()
}

/// Three surveys, each with a webhook of `alert.score_drop`, their four weeks before at
/// NPS +50 (120 answers); this week: −33 (a drop), the same drop of 29 answers (too few),
/// +40 (within the noise). One alert only, with both periods' figures, and none again at
/// the checks after it.
async fn a_significant_drop_of_the_weeks_nps_is_alerted_once(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let receiver = Receiver::start(&[]).await;
    let settings = Settings { alert_check: Duration::from_millis(200), ..private(1) };
    let server = server.with_settings(&settings).await;
    let weeks_before = (34.5, 7.5);
    let this_week = (6.5, 0.1);
    let mut secrets = HashMap::new();
    for (survey, week) in [("drop", (5, 10, 15)), ("few", (5, 10, 14)), ("steady", (15, 12, 3))] {
        server.add_survey(survey, &[]).await;
        let mut answers = spread(70, 40, 10, weeks_before);
        answers.extend(spread(week.0, week.1, week.2, this_week));
        import(&server, survey, &answers);
        let hook =
            create(&server, &admin, survey, json!({"url": receiver.url, "events": ["alert.score_drop"]}));
        let hook: CreatedWebhook = hook.await.json().await.unwrap();
        secrets.insert(survey, hook.secret);
    }
    // Started once every answer is in, so that no check sees a survey half imported.
    let sender = webhooks::start(server.db.clone(), Delivery::new(&settings));
    let checked_at =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;

    // Waiting 1.5 s more for any other: some seven checks, none of which repeats it.
    let received = receiver.wait_for(1).await;
    verify(&secrets["drop"], &received[0]);
    let body = received[0].json();
    assert_eq!(body["type"], "alert.score_drop");
    let drop: pulse_core::webhook::ScoreDrop = serde_json::from_value(body["data"].clone()).unwrap();
    assert_eq!(drop.survey_id, "drop");
    let day = 24 * 3600 * 1000;
    assert!((drop.week.to - checked_at).abs() < 10_000, "{} against {checked_at}", drop.week.to);
    assert_eq!(
        (drop.week.to - drop.week.from, drop.before.to, drop.week.from - drop.before.from),
        (7 * day, drop.week.from, 28 * day)
    );
    assert_eq!((drop.week.answers, drop.before.answers), (30, 120));
    assert!((drop.week.nps - -100.0 / 3.0).abs() < 1e-9, "{}", drop.week.nps);
    assert_eq!(drop.before.nps, 50.0);
    let interval = |promoters, passives, detractors| {
        let (lowest, highest) = Tally { promoters, passives, detractors }.interval().unwrap();
        [lowest, highest]
    };
    assert_eq!(drop.week.interval, interval(5, 10, 15));
    assert_eq!(drop.before.interval, interval(70, 40, 10));
    sender.stop().await;
}

/// PostgreSQL counts in each statement's own snapshot: webhooks added at once, by two
/// processes, must still stop at the limit. A few surveys, since a race is not won every
/// time.
async fn webhooks_created_at_once_stay_within_the_limit(server: Server) {
    let (admin, _) = server.admin_and_viewer().await;
    let beside = server.beside().await;
    let db = |n: usize| if n.is_multiple_of(2) { &server.db } else { &beside.db };
    let settings = WebhookSettings {
        url: "https://1.1.1.1/hook".to_owned(),
        events: vec![WebhookEvent::ResponseCreated],
        format: WebhookFormat::Standard,
        enabled: true,
    };
    for survey in ["spring", "summer", "autumn"] {
        server.add_survey(survey, &[]).await;
        // Each pool's connections open first, so that the creates then run at once.
        futures_util::future::join_all((0..40).map(|n| db(n).webhooks(survey))).await;
        let creates = (0..40)
            .map(|n| db(n).create_webhook(survey, &settings, "whsec_c2VjcmV0", WEBHOOKS_PER_SURVEY_MAX));
        let created = futures_util::future::join_all(creates).await;
        let made = created.into_iter().filter(|created| created.as_ref().unwrap().is_some()).count();
        assert_eq!(made, WEBHOOKS_PER_SURVEY_MAX, "{survey}");
        let path = format!("/api/v1/admin/surveys/{survey}/webhooks");
        let list = server.client.get(server.url(&path)).header("cookie", &admin).send().await.unwrap();
        assert_eq!(list.json::<Vec<Webhook>>().await.unwrap().len(), WEBHOOKS_PER_SURVEY_MAX, "{survey}");
    }
}
