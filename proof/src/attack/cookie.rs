//! The session cookie's flags: HttpOnly, SameSite=Strict, the whole site, Secure only
//! when asked, and as long as a session lasts.

use pulse_core::limits::SESSION_HOURS;
use reqwest::Method;
use serde_json::json;

use super::{set_cookie, Attack};
use crate::site::VIEWER;

impl Attack {
    pub(super) async fn cookie_flags(&mut self) -> anyhow::Result<()> {
        let body = json!({"email": VIEWER, "password": self.site.viewer_password});
        let answer = self.call(self.site.request(Method::POST, "/api/v1/session", None).json(&body)).await?;
        let cookie = set_cookie(&answer.headers)?;
        let flags: Vec<&str> = cookie.split(';').map(str::trim).collect();
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            self.check(flags.contains(&flag), || format!("the session cookie lacks {flag}: {cookie}"));
        }
        // Over plain HTTP a Secure cookie would never come back: only with --secure-cookie.
        self.check(!flags.contains(&"Secure"), || format!("Secure without --secure-cookie: {cookie}"));
        let max_age = format!("Max-Age={}", SESSION_HOURS * 3600);
        self.check(flags.contains(&max_age.as_str()), || {
            format!("not the {SESSION_HOURS} hours' session: {cookie}")
        });
        Ok(())
    }
}
