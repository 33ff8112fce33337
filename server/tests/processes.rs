//! `pulse-server` as it runs in production, as processes: several on one database serve
//! the same data (answers, surveys and sessions live in the database, not in a process),
//! and a process told to stop finishes the requests in flight first.

mod common;

use std::process::Command;

use common::{Process, Server};
use pulse_core::admin::{ResponsePage, Role, User};
use pulse_core::api::{SurveyConfig, CSRF_HEADER};
use reqwest::{Client, StatusCode};
use serde_json::json;

on_both_databases!(
    two_server_processes_on_one_database_serve_the_same_data,
    a_stopping_server_finishes_the_requests_in_flight,
);

async fn two_server_processes_on_one_database_serve_the_same_data(server: Server) {
    server.add_user("ana@example.com", Role::Admin).await;
    let (one, two) = (Process::start(&server.database_url), Process::start(&server.database_url));
    let client = Client::new();

    let login = client
        .post(format!("{}/api/v1/session", one.base))
        .json(&json!({"email": "ana@example.com", "password": common::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    // The session made by one process is known to the other.
    let me =
        client.get(format!("{}/api/v1/session", two.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.json::<User>().await.unwrap().email, "ana@example.com");

    // A survey made through one is served by the other.
    let created = client
        .post(format!("{}/api/v1/admin/surveys", two.base))
        .header("cookie", &cookie)
        .json(&json!({"id": "spring", "company": "Acme"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let config: SurveyConfig =
        client.get(format!("{}/api/v1/surveys/spring", one.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(config.company, "Acme");

    // An answer started on one and completed on the other is one answer.
    let id = "0b0f4c5e-7a8d-4d0e-9c51-8f0b7f7f4a11";
    for (process, body) in
        [(&one, json!({"id": id, "nps": 9})), (&two, json!({"id": id, "nps": 9, "comment": "Yes"}))]
    {
        let answer = client
            .post(format!("{}/api/v1/surveys/spring/responses", process.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
    }
    for process in [&one, &two] {
        let page: ResponsePage = client
            .get(format!("{}/api/v1/admin/surveys/spring/responses", process.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page.responses.len(), 1);
        assert_eq!(page.responses[0].comment.as_deref(), Some("Yes"));
    }

    // Signing out on one ends the session on both.
    let logout = client.delete(format!("{}/api/v1/session", two.base)).header("cookie", &cookie);
    logout.header(CSRF_HEADER, "1").send().await.unwrap();
    let after =
        client.get(format!("{}/api/v1/session", one.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

async fn a_stopping_server_finishes_the_requests_in_flight(server: Server) {
    server.add_user("ana@example.com", Role::Admin).await;
    // On a busy machine the login may not have reached the server when it is told to stop;
    // the server then refuses the connection, which proves nothing either way: try again.
    for _ in 0..5 {
        let mut process = Process::start(&server.database_url);
        // Checking a password takes Argon2's deliberate tens of milliseconds (far more in a
        // debug build): long enough to stop the server while the login is in flight.
        let login = tokio::spawn(
            Client::new()
                .post(format!("{}/api/v1/session", process.base))
                .json(&json!({"email": "ana@example.com", "password": common::PASSWORD}))
                .send(),
        );
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let signal = Command::new("kill").args(["-TERM", &process.child.id().to_string()]).status().unwrap();
        assert!(signal.success());
        let login = match login.await.unwrap() {
            Err(error) if error.is_connect() => {
                process.child.wait().unwrap();
                continue;
            }
            login => login.expect("the login in flight was cut off"),
        };
        assert_eq!(login.status(), StatusCode::OK);
        assert!(login.headers().contains_key("set-cookie"));
        let status = process.child.wait().unwrap();
        assert!(status.success(), "{status}");
        return;
    }
    panic!("the login never reached the server before it stopped");
}
