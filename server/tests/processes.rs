//! `pulse-server` as it runs in production, as processes: several on one database serve
//! the same data (answers, surveys and sessions live in the database, not in a process),
//! a process told to stop finishes the requests in flight first, and a client that stops
//! reading its answer does not keep its connection.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{Process, Server};
use pulse_core::admin::{ResponsePage, Role, User};
use pulse_core::api::{SurveyConfig, CSRF_HEADER};
use reqwest::{Client, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

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

/// A client that asks for a large file and takes none of it keeps its connection only for
/// the write time limit: with one connection allowed, the next client is answered then,
/// where before it waited as long as the first one liked.
#[tokio::test]
async fn a_client_that_stops_reading_is_cut_off() {
    const LARGE: usize = 64 << 20;
    let folder = tempfile::tempdir().unwrap();
    // Far more than the two sockets' buffers hold.
    std::fs::write(folder.path().join("large.bin"), vec![b'x'; LARGE]).unwrap();
    let database_url = format!("sqlite:{}", folder.path().join("pulse.db").display());
    // Only the write time limit may free the connection before the next client gives up.
    let limits = ["--write-timeout-seconds", "1", "--header-timeout-seconds", "60", "--max-connections", "1"];
    let process = Process::start_serving(&database_url, folder.path(), &limits);
    let address = process.base.trim_start_matches("http://");
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stalled = socket.connect(address.parse().unwrap()).await.unwrap();
    stalled
        .write_all(format!("GET /large.bin HTTP/1.1\r\nHost: {address}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let started = Instant::now();
    let next = Client::new().get(format!("{}/healthz", process.base)).timeout(Duration::from_secs(20));
    let answer = next.send().await.expect("answered once the stalled client was cut off");
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(10), "answered after {:?}", started.elapsed());

    let mut status = [0; 15];
    stalled.read_exact(&mut status).await.unwrap();
    assert_eq!(&status, b"HTTP/1.1 200 OK", "the stalled client was being sent the file");
    let (mut taken, mut buffer) = (status.len(), vec![0; 1 << 16]);
    while let Ok(count @ 1..) = stalled.read(&mut buffer).await {
        taken += count;
    }
    assert!(taken < LARGE, "the stalled client got the whole file");
}
