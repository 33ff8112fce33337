//! Sessions that must open nothing: none, forged, copied from the database, signed out or
//! expired. Each gets 401 `unauthorized` from every operation that needs a session, and
//! nothing but the error in the answer.

use anyhow::ensure;
use pulse_core::api::{ErrorBody, ErrorCode, SESSION_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::sqlite::SqlitePoolOptions;

use super::operations::Operation;
use super::{set_cookie, Attack};
use crate::server::Server;
use crate::site::{ADMIN, COMPANY, VIEWER};

/// What a request carries to pass for a marketer.
struct Credentials {
    cookie: Option<String>,
    bearer: Option<String>,
}

impl Attack {
    /// Every operation that needs a session, with each kind of credentials that must not
    /// pass; returns the tokens of the signed-out and expired sessions it made.
    pub(super) async fn without_session(
        &mut self,
        operations: &[Operation],
        expiring: &Server,
    ) -> anyhow::Result<[String; 2]> {
        let expired = self.expired_session(expiring).await?;
        let signed_out = self.signed_out_session().await?;
        let copied = self.stored_token_hash().await?;
        let admin_token = self.site.admin_cookie.trim_start_matches(&format!("{SESSION_COOKIE}=")).to_owned();
        let cookie = |value: String| Credentials { cookie: Some(value), bearer: None };
        let forged = [
            ("no cookie", Credentials { cookie: None, bearer: None }),
            ("a random token", cookie(format!("{SESSION_COOKIE}={}", "7f".repeat(32)))),
            ("an empty token", cookie(format!("{SESSION_COOKIE}="))),
            ("an injection", cookie(format!("{SESSION_COOKIE}=' OR '1'='1"))),
            ("a huge token", cookie(format!("{SESSION_COOKIE}={}", "a".repeat(4_000)))),
            ("the admin's token with one digit changed", cookie(one_digit_changed(&self.site.admin_cookie))),
            (
                "the admin's token under another name",
                cookie(format!("{}={admin_token}", SESSION_COOKIE.to_uppercase())),
            ),
            ("the admin's token as a bearer", Credentials { cookie: None, bearer: Some(admin_token) }),
            ("a token hash copied from the database", cookie(format!("{SESSION_COOKIE}={copied}"))),
            ("a signed-out session", cookie(signed_out.clone())),
            ("an expired session", cookie(expired.clone())),
        ];
        for (what, credentials) in &forged {
            for operation in operations.iter().filter(|operation| operation.secured) {
                self.refused_without_session(operation, what, credentials).await?;
            }
        }
        Ok([signed_out, expired])
    }

    /// 401 `unauthorized`, with nothing but the error in the answer.
    async fn refused_without_session(
        &mut self,
        operation: &Operation,
        what: &str,
        credentials: &Credentials,
    ) -> anyhow::Result<()> {
        let mut request = self.request(operation, credentials.cookie.as_deref());
        if let Some(token) = &credentials.bearer {
            request = request.bearer_auth(token);
        }
        self.attempts += 1;
        let answer = self.call(request).await?;
        let error = serde_json::from_str::<ErrorBody>(&answer.body).ok();
        let name = format!("{} {}", operation.method, operation.template);
        self.check(answer.status == StatusCode::UNAUTHORIZED, || {
            format!("{name} with {what}: {}", answer.status)
        });
        self.check(error.is_some_and(|error| error.error.code == ErrorCode::Unauthorized), || {
            format!("{name} with {what}: not the unauthorized error: {}", answer.body)
        });
        let first = &self.site.answers[0];
        let leaked = [COMPANY, ADMIN, VIEWER, first.id.as_str(), first.comment.as_deref().unwrap_or(COMPANY)]
            .into_iter()
            .find(|secret| answer.body.contains(secret))
            .map(str::to_owned);
        self.check(leaked.is_none(), || format!("{name} with {what} told {leaked:?}"));
        Ok(())
    }

    /// A session signed in on the server whose sessions end as they start.
    async fn expired_session(&mut self, expiring: &Server) -> anyhow::Result<String> {
        let body = json!({"email": ADMIN, "password": self.site.admin_password});
        let login = self.site.client.post(format!("{}/api/v1/session", expiring.base)).json(&body);
        let answer = self.call(login).await?;
        ensure!(answer.status == StatusCode::OK, "signing in on the expiring server: {}", answer.status);
        let cookie = set_cookie(&answer.headers)?;
        self.check(cookie.contains("; Secure"), || format!("--secure-cookie, yet the cookie is {cookie}"));
        Ok(cookie.split(';').next().unwrap_or_default().to_owned())
    }

    async fn signed_out_session(&mut self) -> anyhow::Result<String> {
        let cookie = self.site.login(ADMIN, &self.site.admin_password.clone()).await?;
        let logout = self.call(self.site.request(Method::DELETE, "/api/v1/session", Some(&cookie))).await?;
        ensure!(logout.status == StatusCode::NO_CONTENT, "signing out: {}", logout.status);
        Ok(cookie)
    }

    /// What the database keeps of a live session: it must open nothing.
    async fn stored_token_hash(&self) -> anyhow::Result<String> {
        let pool = SqlitePoolOptions::new().max_connections(1).connect(&self.site.database_url).await?;
        let hash: String =
            sqlx::query_scalar("SELECT token_hash FROM sessions LIMIT 1").fetch_one(&pool).await?;
        pool.close().await;
        Ok(hash)
    }
}

pub(super) fn one_digit_changed(cookie: &str) -> String {
    let mut forged = cookie.to_owned();
    let last = forged.pop().unwrap_or('0');
    forged.push(if last == '0' { '1' } else { '0' });
    forged
}
