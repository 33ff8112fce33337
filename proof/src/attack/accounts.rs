//! An account under attack: wrong passwords lock it whatever the address allows, guesses
//! sent together cannot slip past the lock, a new password ends the account's other
//! sessions, and the login page sends a marketer nowhere but to this site.

use futures_util::future::join_all;
use pulse_core::limits::FREE_LOGIN_FAILURES;
use pulse_core::redirect::same_site_path;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::Attack;

const PASSWORD: &str = "an account's first password";

impl Attack {
    pub(super) async fn accounts(&mut self) -> anyhow::Result<()> {
        self.wrong_passwords_lock_the_account().await?;
        self.guesses_sent_together_are_checked_one_at_a_time().await?;
        self.a_new_password_ends_the_other_sessions().await?;
        self.the_login_page_stays_on_this_site();
        Ok(())
    }

    async fn add_account(&mut self, email: &str) -> anyhow::Result<()> {
        let body = json!({"email": email, "role": "viewer", "password": PASSWORD});
        let admin = self.site.admin_cookie.clone();
        let added =
            self.call(self.site.request(Method::POST, "/api/v1/admin/users", Some(&admin)).json(&body));
        anyhow::ensure!(added.await?.status == StatusCode::CREATED, "could not add {email}");
        Ok(())
    }

    async fn log_in(&mut self, email: &str, password: &str) -> anyhow::Result<StatusCode> {
        let body = json!({"email": email, "password": password});
        Ok(self.call(self.site.request(Method::POST, "/api/v1/session", None).json(&body)).await?.status)
    }

    /// This server lets one address try a million logins a minute: only the account's
    /// own lock can stop the guesses.
    async fn wrong_passwords_lock_the_account(&mut self) -> anyhow::Result<()> {
        let email = "locked@attack.example";
        self.add_account(email).await?;
        for guess in 1..=FREE_LOGIN_FAILURES {
            let status = self.log_in(email, &format!("guess number {guess}")).await?;
            self.attempts += 1;
            self.check(status == StatusCode::UNAUTHORIZED, || format!("wrong password {guess}: {status}"));
        }
        let right = self.log_in(email, PASSWORD).await?;
        self.attempts += 1;
        self.check(right == StatusCode::TOO_MANY_REQUESTS, || {
            format!("after {FREE_LOGIN_FAILURES} wrong passwords the right one got {right}, not 429")
        });
        Ok(())
    }

    async fn guesses_sent_together_are_checked_one_at_a_time(&mut self) -> anyhow::Result<()> {
        let email = "together@attack.example";
        self.add_account(email).await?;
        let guesses = (0..20).map(|guess| {
            let body = json!({"email": email, "password": format!("guess sent together {guess}")});
            self.site.send(self.site.request(Method::POST, "/api/v1/session", None).json(&body))
        });
        let statuses: Vec<StatusCode> = join_all(guesses)
            .await
            .into_iter()
            .map(|sent| sent.map(|answer| answer.status()))
            .collect::<Result<_, _>>()?;
        self.attempts += statuses.len() as u64;
        let checked = statuses.iter().filter(|&&status| status == StatusCode::UNAUTHORIZED).count();
        let limited = statuses.iter().filter(|&&status| status == StatusCode::TOO_MANY_REQUESTS).count();
        self.check(checked <= FREE_LOGIN_FAILURES as usize && checked + limited == statuses.len(), || {
            format!("20 guesses sent together: {checked} checked, {limited} refused: {statuses:?}")
        });
        Ok(())
    }

    async fn a_new_password_ends_the_other_sessions(&mut self) -> anyhow::Result<()> {
        let email = "changer@attack.example";
        self.add_account(email).await?;
        let kept = self.site.login(email, PASSWORD).await?;
        let other = self.site.login(email, PASSWORD).await?;
        let new_password = "an account's second password";
        let body = json!({"current_password": PASSWORD, "new_password": new_password});
        let changed = self
            .call(self.site.request(Method::PUT, "/api/v1/account/password", Some(&kept)).json(&body))
            .await?;
        self.check(changed.status == StatusCode::NO_CONTENT, || {
            format!("password change: {}", changed.status)
        });
        for (session, expected) in [(&other, StatusCode::UNAUTHORIZED), (&kept, StatusCode::OK)] {
            let status =
                self.call(self.site.request(Method::GET, "/api/v1/session", Some(session))).await?.status;
            self.check(status == expected, || {
                format!("a session after the password change: {status}, not {expected}")
            });
        }
        let old = self.log_in(email, PASSWORD).await?;
        self.attempts += 2;
        self.check(old == StatusCode::UNAUTHORIZED, || format!("the old password still signs in: {old}"));
        Ok(())
    }

    /// What the login page does with `?next=`: the same function, on what attackers send.
    fn the_login_page_stays_on_this_site(&mut self) {
        let hostile = [
            "//evil.example",
            "/\\evil.example",
            "/%5Cevil.example",
            "/%2F%2Fevil.example",
            "/%252F%252Fevil.example",
            "https:evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/\tevil",
            "\\\\evil.example",
            "",
        ];
        for next in hostile {
            self.attempts += 1;
            self.check(same_site_path(next).is_none(), || {
                format!("the login page would follow next={next:?}")
            });
        }
        self.check(same_site_path("/results/demo").is_some(), || "next=/results/demo refused".to_owned());
    }
}
