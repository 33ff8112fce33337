//! The `pulse-server` binary's sub-commands, run as a shell would run them.

use std::process::Command;

use pulse_core::survey::Placement;
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
