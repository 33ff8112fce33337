//! The `pulse-server` binary's sub-commands, run as a shell would run them.

use std::io::Write;
use std::process::{Command, Stdio};

use pulse_core::admin::Role;
use pulse_core::survey::Placement;
use pulse_server::auth::verify_password;
use pulse_server::db::Db;

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

#[tokio::test]
async fn survey_put_refuses_an_invalid_survey() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite:{}", dir.path().join("pulse.db").display());
    let file = dir.path().join("survey.json");
    std::fs::write(&file, r#"{"id": "no spaces", "company": "Acme"}"#).unwrap();
    let put = pulse_server(&database_url, &["survey", "put", "--file", file.to_str().unwrap()]);
    assert!(!put.status.success());
    assert!(String::from_utf8_lossy(&put.stderr).contains("id"));
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
