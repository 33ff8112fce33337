//! Logins under attack: wrong passwords lock an account whatever addresses they come from,
//! without telling which emails have accounts, and guesses sent together cannot slip past.

mod common;

use axum::http::HeaderName;
use common::{Server, PASSWORD};
use pulse_core::admin::Role;
use pulse_core::api::ErrorBody;
use pulse_core::limits::FREE_LOGIN_FAILURES as FREE_FAILURES;
use pulse_server::config::Settings;
use reqwest::StatusCode;
use serde_json::json;

on_both_databases!(
    wrong_passwords_lock_the_account_from_every_address,
    guesses_sent_together_cannot_pass_the_lock,
    a_login_checked_against_a_password_changed_meanwhile_starts_no_session,
);

/// A server on `server`'s database (which lives as long as `server`), behind a proxy, so
/// that each login can come from another address.
async fn behind_a_proxy(server: &Server) -> Server {
    let proxy = Settings {
        client_ip_header: Some(HeaderName::from_static("x-forwarded-for")),
        ..Settings::default()
    };
    server.add_user("ana@example.com", Role::Admin).await;
    server.add_user("bo@example.com", Role::Viewer).await;
    server.with_settings(&proxy).await
}

impl Server {
    async fn login_from(&self, client: &str, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/session"))
            .header("x-forwarded-for", client)
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }
}

async fn wrong_passwords_lock_the_account_from_every_address(server: Server) {
    let server = behind_a_proxy(&server).await;
    // An email without an account is locked alike, so that a 429 tells nothing.
    for email in ["ana@example.com", "nobody@example.com"] {
        for guess in 0..FREE_FAILURES {
            let wrong = server.login_from(&format!("203.0.113.{guess}"), email, "a wrong password").await;
            assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{email}, guess {guess}");
        }
        let locked = server.login_from("198.51.100.1", email, PASSWORD).await;
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS, "{email}");
        assert!(locked.headers().get("set-cookie").is_none());
        let retry_after: u64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((50..=61).contains(&retry_after), "{retry_after}");
        assert_eq!(locked.json::<ErrorBody>().await.unwrap().error.code, "rate_limited");
    }
    // Other accounts, from the same addresses, are not held back.
    assert_eq!(server.login_from("203.0.113.0", "bo@example.com", PASSWORD).await.status(), StatusCode::OK);
}

async fn guesses_sent_together_cannot_pass_the_lock(server: Server) {
    let server = behind_a_proxy(&server).await;
    let guesses = (0..20).map(|guess| {
        let client = format!("203.0.113.{guess}");
        let server = &server;
        async move { server.login_from(&client, "ana@example.com", "a wrong password").await.status() }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|status| **status == StatusCode::UNAUTHORIZED).count();
    assert!(
        statuses
            .iter()
            .all(|status| [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(status)),
        "{statuses:?}"
    );
    assert!(checked <= FREE_FAILURES as usize, "{checked} wrong passwords checked: {statuses:?}");
}

/// The password changed (ending every session) while a login was checking the old one:
/// the session that login would start must not be made.
async fn a_login_checked_against_a_password_changed_meanwhile_starts_no_session(server: Server) {
    server.add_user("ana@example.com", Role::Admin).await;
    let (old_hash, role) = server.db.user("ana@example.com").await.unwrap().unwrap();
    let new_hash = pulse_server::auth::hash_password("a brand new password").unwrap();
    server.db.put_user("ana@example.com", &new_hash, role).await.unwrap();
    let lifetime = std::time::Duration::from_secs(3600);
    assert!(!server.db.create_session("stale", "ana@example.com", &old_hash, lifetime).await.unwrap());
    assert!(server.db.session_user("stale").await.unwrap().is_none());
    assert!(server.db.create_session("fresh", "ana@example.com", &new_hash, lifetime).await.unwrap());
    assert!(server.db.session_user("fresh").await.unwrap().is_some());
}
