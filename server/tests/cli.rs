//! The `pulse-server` binary's sub-commands, run as a shell would run them.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::Server;
use pulse_core::admin::Role;
use pulse_core::survey::Placement;
use pulse_server::auth::verify_password;
use pulse_server::db::{Db, ResponseFilter};

on_both_databases!(
    responses_import_adds_past_answers_to_the_results_feed_once,
    responses_import_refuses_a_file_with_a_bad_line_and_stores_nothing,
    responses_import_refuses_an_id_of_another_surveys_answer,
    a_new_password_from_the_command_line_ends_the_accounts_sessions,
);

fn pulse_server(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pulse-server"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap()
}

#[tokio::test]
async fn survey_put_adds_then_replaces_a_survey_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite:{}", dir.path().join("pulse.db").display());
    let file = dir.path().join("survey.json");
    std::fs::write(
        &file,
        r#"{"id": "spring", "company": "Acme", "language": "fr", "theme": {"placement": "modal"},
            "targeting": {"delay_seconds": 3}, "allowed_origins": ["https://shop.example"]}"#,
    )
    .unwrap();
    let put = pulse_server(&database_url, &["survey", "put", "--file", file.to_str().unwrap()]);
    assert!(put.status.success(), "{}", String::from_utf8_lossy(&put.stderr));

    let db = Db::open(&database_url).await.unwrap();
    let survey = db.survey("spring").await.unwrap().unwrap();
    assert_eq!(survey.config.company, "Acme");
    assert_eq!(survey.config.language.as_deref(), Some("fr"));
    assert_eq!(survey.config.theme.placement, Placement::Modal);
    assert_eq!(survey.config.targeting.delay_seconds, 3);
    assert_eq!(survey.allowed_origins, ["https://shop.example"]);

    std::fs::write(&file, r#"{"id": "spring", "company": "Acme Europe"}"#).unwrap();
    let again = pulse_server(&database_url, &["survey", "put", "--file", file.to_str().unwrap()]);
    assert!(again.status.success());
    let survey = db.survey("spring").await.unwrap().unwrap();
    assert_eq!(survey.config.company, "Acme Europe");
    assert!(survey.allowed_origins.is_empty());
}

/// A rule broken, or a field misspelt (left out, `alowed_origins` would open the survey
/// to every site): refused, naming it.
#[tokio::test]
async fn survey_put_refuses_an_invalid_survey() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite:{}", dir.path().join("pulse.db").display());
    let file = dir.path().join("survey.json");
    for (json, named) in [
        (r#"{"id": "no spaces", "company": "Acme"}"#, "id"),
        (
            r#"{"id": "spring", "company": "Acme", "alowed_origins": ["https://shop.example"]}"#,
            "unknown field alowed_origins",
        ),
    ] {
        std::fs::write(&file, json).unwrap();
        let put = pulse_server(&database_url, &["survey", "put", "--file", file.to_str().unwrap()]);
        assert!(!put.status.success(), "{json}");
        assert!(String::from_utf8_lossy(&put.stderr).contains(named), "{json}");
    }
}

fn user_add(database_url: &str, email: &str, role: &str, stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pulse-server"))
        .args(["user", "add", "--email", email, "--role", role])
        .env("DATABASE_URL", database_url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn user_add_reads_the_password_from_stdin_and_stores_an_argon2id_hash() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite:{}", dir.path().join("pulse.db").display());
    let added = user_add(&database_url, "Ana@Example.com", "admin", "a long passphrase\n");
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let db = Db::open(&database_url).await.unwrap();
    let (hash, role) = db.user("ana@example.com").await.unwrap().unwrap();
    assert_eq!(role, Role::Admin);
    assert!(hash.starts_with("$argon2id$"));
    assert!(verify_password("a long passphrase", &hash));

    let demoted = user_add(&database_url, "ana@example.com", "viewer", "another passphrase\n");
    assert!(demoted.status.success());
    let (hash, role) = db.user("ana@example.com").await.unwrap().unwrap();
    assert_eq!(role, Role::Viewer);
    assert!(verify_password("another passphrase", &hash));

    let short = user_add(&database_url, "bob@example.com", "viewer", "short\n");
    assert!(!short.status.success());
    assert!(db.user("bob@example.com").await.unwrap().is_none());
}

/// Runs `responses import` of `lines`, as a JSON Lines file, into the survey `history`.
fn import(server: &Server, lines: &[serde_json::Value]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.jsonl");
    let text: Vec<String> = lines.iter().map(serde_json::Value::to_string).collect();
    std::fs::write(&file, text.join("\n") + "\n").unwrap();
    pulse_server(
        &server.database_url,
        &["responses", "import", "--survey", "history", "--file", file.to_str().unwrap()],
    )
}

async fn stored_count(server: &Server) -> usize {
    let everything = ResponseFilter { limit: 200, ..ResponseFilter::default() };
    server.db.responses("history", &everything).await.unwrap().len()
}

fn seconds(rfc3339: &str) -> u32 {
    let time = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339);
    time.unwrap().unix_timestamp() as u32
}

async fn responses_import_adds_past_answers_to_the_results_feed_once(server: Server) {
    server.add_survey("history", &[]).await;
    server.add_user("reader@example.com", Role::Viewer).await;
    let cookie = server.login("reader@example.com").await;
    // Read once before the import, so that the import must bring old days' blocks up to date.
    assert!(server.feed(&cookie, "history").await.is_empty());

    let lines = [
        serde_json::json!({"id": "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13", "nps": 9,
            "created_at": "2025-01-15T09:30:00Z", "attributes": {"plan": "pro"}}),
        serde_json::json!({"nps": 3, "usability": 2, "comment": "Slow checkout",
            "created_at": "2025-02-01T23:30:00-02:00"}),
        // The same answer twice, without an id: two answers, not one.
        serde_json::json!({"nps": 7, "created_at": "2025-03-10T12:00:00Z"}),
        serde_json::json!({"nps": 7, "created_at": "2025-03-10T12:00:00Z"}),
    ];
    let one = import(&server, &lines[..1]);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert_eq!(
        String::from_utf8_lossy(&one.stdout),
        "1 answer imported into survey history (0 were there already)\n"
    );
    let first = import(&server, &lines);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        "3 answers imported into survey history (1 was there already)\n"
    );

    let feed = server.feed(&cookie, "history").await;
    let times =
        ["2025-01-15T09:30:00Z", "2025-02-02T01:30:00Z", "2025-03-10T12:00:00Z", "2025-03-10T12:00:00Z"];
    assert_eq!(feed.time, times.map(seconds));
    assert_eq!(feed.score, [9, 3, 7, 7]);
    assert_eq!(feed.usability, [0, 2, 0, 0]);
    assert_eq!(feed.strings[feed.attributes_of(0)[0] as usize], "attr:plan=pro");

    let again = import(&server, &lines);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "0 answers imported into survey history (4 were there already)\n"
    );
    assert_eq!(stored_count(&server).await, 4);
    assert_eq!(server.feed(&cookie, "history").await.score, [9, 3, 7, 7]);
}

async fn responses_import_refuses_a_file_with_a_bad_line_and_stores_nothing(server: Server) {
    server.add_survey("history", &[]).await;
    let good = serde_json::json!({"nps": 9, "created_at": "2025-01-15T09:30:00Z"});
    let identified = serde_json::json!({"id": "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13", "nps": 8,
        "created_at": "2025-01-15T10:30:00Z"});
    for (bad, field) in [
        (serde_json::json!({"nps": 11, "created_at": "2025-01-15T09:30:00Z"}), "nps"),
        (
            serde_json::json!({"nps": 9, "usability": "good", "created_at": "2025-01-15T09:30:00Z"}),
            "usability",
        ),
        (serde_json::json!({"nps": 9, "created_at": "15/01/2025"}), "created_at"),
        (serde_json::json!({"nps": 9, "created_at": "2999-01-01T00:00:00Z"}), "created_at"),
        (serde_json::json!({"nps": 9}), "created_at"),
        (
            serde_json::json!({"id": "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13", "nps": 9, "created_at": "2025-01-16T09:30:00Z"}),
            "id",
        ),
    ] {
        let refused = import(&server, &[good.clone(), identified.clone(), bad]);
        assert!(!refused.status.success());
        let error = String::from_utf8_lossy(&refused.stderr);
        assert!(error.contains(&format!("line 3: {field}: ")), "{error}");
        assert!(error.contains("nothing was imported"), "{error}");
        assert_eq!(stored_count(&server).await, 0);
    }
}

async fn responses_import_refuses_an_id_of_another_surveys_answer(server: Server) {
    server.add_survey("history", &[]).await;
    let id = "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13";
    let posted = server
        .client
        .post(server.url("/api/v1/surveys/demo/responses"))
        .json(&serde_json::json!({"id": id, "nps": 4}))
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_success());
    let lines = [
        serde_json::json!({"nps": 9, "created_at": "2025-01-15T09:30:00Z"}),
        serde_json::json!({"id": id, "nps": 9, "created_at": "2025-01-16T09:30:00Z"}),
    ];
    let refused = import(&server, &lines);
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains(&format!("line 2: id: {id} is the id of an answer to another survey")), "{error}");
    assert_eq!(stored_count(&server).await, 0);
}

async fn a_new_password_from_the_command_line_ends_the_accounts_sessions(server: Server) {
    server.add_user("ana@example.com", Role::Admin).await;
    server.add_user("bo@example.com", Role::Admin).await;
    let (ana, bo) = (server.login("ana@example.com").await, server.login("bo@example.com").await);
    let reset = user_add(&server.database_url, "ana@example.com", "admin", "a new long passphrase\n");
    assert!(reset.status.success(), "{}", String::from_utf8_lossy(&reset.stderr));
    for (cookie, status, why) in [
        (ana, 401, "whoever knew the old password is signed out"),
        (bo, 200, "other accounts stay signed in"),
    ] {
        let me = server.client.get(server.url("/api/v1/session")).header("cookie", cookie);
        assert_eq!(me.send().await.unwrap().status(), status, "{why}");
    }
}
