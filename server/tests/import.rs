//! `pulse-server responses import` beside a running server: the widget's answers are
//! stored during a long import, and the import leaves the feed's blocks built.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::Server;
use pulse_core::admin::Role;
use serde_json::json;
use sqlx::AnyPool;

on_both_databases!(
    the_widget_answers_are_stored_during_a_long_import,
    the_import_builds_the_feed_blocks_of_its_days,
);

/// Starts `responses import` of `lines` into the survey `history`.
fn start_import(server: &Server, folder: &Path, lines: &[serde_json::Value]) -> Child {
    let file = folder.join("history.jsonl");
    let text: Vec<String> = lines.iter().map(serde_json::Value::to_string).collect();
    std::fs::write(&file, text.join("\n")).unwrap();
    Command::new(env!("CARGO_BIN_EXE_pulse-server"))
        .args(["responses", "import", "--survey", "history", "--file", file.to_str().unwrap()])
        .env("DATABASE_URL", &server.database_url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `count` answers, one every 10 minutes from 2025-01-01 00:00 UTC.
fn history(count: usize) -> Vec<serde_json::Value> {
    let start = time::OffsetDateTime::from_unix_timestamp(1_735_689_600).unwrap();
    (0..count)
        .map(|n| {
            let at = start + time::Duration::minutes(10 * n as i64);
            let at = at.format(&time::format_description::well_known::Rfc3339).unwrap();
            json!({"nps": n % 10 + 1, "usability": n % 5 + 1, "created_at": at, "attributes": {"plan": format!("p{}", n % 3)}})
        })
        .collect()
}

async fn count(pool: &AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn the_widget_answers_are_stored_during_a_long_import(server: Server) {
    server.add_survey("history", &[]).await;
    server.add_user("reader@example.com", Role::Viewer).await;
    let cookie = server.login("reader@example.com").await;
    let pool = AnyPool::connect(&server.database_url).await.unwrap();
    let imported = "SELECT COUNT(*) FROM responses WHERE survey_id = 'history'";
    // Enough answers for the import to write batches for seconds.
    let lines = history(60_000);
    let folder = tempfile::tempdir().unwrap();
    let mut import = start_import(&server, folder.path(), &lines);

    while count(&pool, imported).await == 0 {
        assert!(import.try_wait().unwrap().is_none(), "the import ended before its first batch was seen");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Results read during the import must not keep blocks without its later answers.
    server.feed(&cookie, "history").await;
    let id = "0b6f8e52-3c1d-4a8e-9f1e-2d4c6b8a0e13";
    let posted = server
        .client
        .post(server.url("/api/v1/surveys/demo/responses"))
        .json(&json!({"id": id, "nps": 9}))
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_success(), "{}", posted.text().await.unwrap());
    let stored = format!("SELECT COUNT(*) FROM responses WHERE id = '{id}'");
    assert_eq!(count(&pool, &stored).await, 1);
    let so_far = count(&pool, imported).await;
    assert!(so_far < lines.len() as i64, "the answer was stored only once the import had written all");
    server.feed(&cookie, "history").await;

    let output = import.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(count(&pool, imported).await, lines.len() as i64);
    assert_eq!(server.feed(&cookie, "history").await.len(), lines.len());
}

async fn the_import_builds_the_feed_blocks_of_its_days(server: Server) {
    server.add_survey("history", &[]).await;
    server.add_user("reader@example.com", Role::Viewer).await;
    let cookie = server.login("reader@example.com").await;
    // Read once before, so that the import must bring the blocks of old days up to date.
    assert!(server.feed(&cookie, "history").await.is_empty());
    let lines = history(500);
    let folder = tempfile::tempdir().unwrap();
    let output = start_import(&server, folder.path(), &lines).wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    // The answers' rows are removed behind the server's back: a request that built any
    // block again would lose answers.
    let pool = AnyPool::connect(&server.database_url).await.unwrap();
    sqlx::query("DELETE FROM responses WHERE survey_id = 'history'").execute(&pool).await.unwrap();
    let feed = server.feed(&cookie, "history").await;
    let seconds = |line: &serde_json::Value| {
        let at = time::OffsetDateTime::parse(
            line["created_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        );
        at.unwrap().unix_timestamp() as u32
    };
    assert_eq!(feed.time, lines.iter().map(seconds).collect::<Vec<_>>());
    let scores: Vec<u8> = lines.iter().map(|line| line["nps"].as_u64().unwrap() as u8).collect();
    assert_eq!(feed.score, scores);
    let plans: Vec<&str> =
        (0..feed.len()).map(|n| feed.strings[feed.attributes_of(n)[0] as usize].as_str()).collect();
    let expected: Vec<String> = (0..lines.len()).map(|n| format!("attr:plan=p{}", n % 3)).collect();
    assert_eq!(plans, expected);
}
