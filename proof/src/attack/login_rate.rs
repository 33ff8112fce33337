//! Password guessing: logins are rate limited per client address (the right password
//! over the limit is refused too, Retry-After tells when to come back and then one guess
//! is taken, not two), and each password check is slow.

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use pulse_core::api::{ErrorBody, ErrorCode};
use pulse_core::limits::LOGINS_PER_MINUTE;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::Attack;
use crate::server::Server;
use crate::site::ADMIN;
use crate::summary::{Budget, Figure};

pub(super) struct RateLimit {
    burst: u32,
    /// Measured: from one guess taken to the next, over the limit.
    guess_interval_seconds: f64,
}

impl RateLimit {
    /// What the limit and a password check's time allow a guesser; `argon2` is the
    /// server's time for one check, in milliseconds.
    pub(super) fn figures(&self, argon2: f64) -> Vec<Figure> {
        // Over the allowance, a client gets one guess per interval.
        let per_hour = 3600.0 / self.guess_interval_seconds;
        vec![
            Figure::new(
                "logins before 429",
                f64::from(self.burst),
                "",
                Some(Budget::AtMost(f64::from(LOGINS_PER_MINUTE))),
            ),
            Figure::new(
                "seconds between guesses over it",
                self.guess_interval_seconds,
                "s",
                Some(Budget::AtLeast(5.0)),
            ),
            Figure::new("guesses per hour per client", per_hour, "/h", Some(Budget::AtMost(1000.0))),
            Figure::new("argon2id check, server side", argon2, "ms", Some(Budget::AtLeast(10.0))),
            Figure::new("guesses per core, no limit", 1000.0 / argon2, "/s", None),
            Figure::new("days for 1e6 guesses per client", 1e6 / per_hour / 24.0, "d", None),
        ]
    }
}

impl Attack {
    /// Wrong passwords until the limit, then the right one (refused all the same), then
    /// more until one is taken again, and no two in a row. Each wrong one is for an email of
    /// its own, so that the address's limit refuses them, not an account's lock.
    pub(super) async fn login_rate_limit(&mut self, guarded: &Server) -> anyhow::Result<RateLimit> {
        let url = format!("{}/api/v1/session", guarded.base);
        let mut burst = 0;
        let mut refusal = None;
        for guess in 0..LOGINS_PER_MINUTE * 2 {
            let body = json!({"email": format!("guess{guess}@proof.example"), "password": "a guess"});
            self.attempts += 1;
            let answer = self.call(self.site.client.post(&url).json(&body)).await?;
            match answer.status {
                StatusCode::UNAUTHORIZED => burst += 1,
                StatusCode::TOO_MANY_REQUESTS => {
                    refusal = Some((answer, Instant::now()));
                    break;
                }
                other => bail!("a wrong password got {other}"),
            }
        }
        let (refusal, refused_at) = refusal.context("no 429 after twice the limit")?;
        self.check(burst == LOGINS_PER_MINUTE, || {
            format!("{burst} logins before 429, not {LOGINS_PER_MINUTE}")
        });
        let code = serde_json::from_str::<ErrorBody>(&refusal.body).map(|error| error.error.code).ok();
        self.check(code == Some(ErrorCode::RateLimited), || {
            format!("429 without rate_limited: {}", refusal.body)
        });
        let retry_after: u64 = refusal
            .headers
            .get("retry-after")
            .and_then(|value| value.to_str().ok()?.parse().ok())
            .context("429 without Retry-After")?;

        let right = json!({"email": ADMIN, "password": self.site.admin_password});
        self.attempts += 1;
        let lucky = self.call(self.site.client.post(&url).json(&right)).await?;
        self.check(lucky.status == StatusCode::TOO_MANY_REQUESTS, || {
            format!("the right password over the limit got {}", lucky.status)
        });

        let limit = Duration::from_secs(retry_after);
        let taken = self.next_guess_taken(&url, refused_at, limit).await?;
        // Retry-After is rounded up to whole seconds; the guesses a few times a second,
        // each waiting for its Argon2id check, notice the allowance a little late.
        let waited = taken - refused_at;
        self.check(waited <= limit + Duration::from_secs(1), || {
            format!("Retry-After said {retry_after} s, the next guess was taken after {waited:?}")
        });
        let again = self.guess(&url, "and at once another").await?;
        self.check(again == StatusCode::TOO_MANY_REQUESTS, || {
            format!("two guesses in a row after waiting: {again}")
        });
        // From one guess taken to the next: how often a client over the limit may guess.
        let next = self.next_guess_taken(&url, taken, limit).await?;
        Ok(RateLimit { burst, guess_interval_seconds: (next - taken).as_secs_f64() })
    }

    /// Guesses on, a few times a second, until one is taken again; when it was.
    async fn next_guess_taken(
        &mut self,
        url: &str,
        since: Instant,
        limit: Duration,
    ) -> anyhow::Result<Instant> {
        while since.elapsed() < limit + Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if self.guess(url, "one more").await? == StatusCode::UNAUTHORIZED {
                return Ok(Instant::now());
            }
        }
        bail!("no guess taken {limit:?} after the last")
    }

    async fn guess(&mut self, url: &str, password: &str) -> anyhow::Result<StatusCode> {
        self.attempts += 1;
        let body = json!({"email": format!("guess{}@proof.example", self.attempts), "password": password});
        Ok(self.call(self.site.client.post(url).json(&body)).await?.status)
    }
}

/// The median time the server took to answer a wrong password, from its own log: an
/// Argon2id check and little else.
pub(super) fn password_check_milliseconds(log: &std::path::Path) -> anyhow::Result<f64> {
    let mut latencies: Vec<f64> = std::fs::read_to_string(log)?
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["span"]["path"] == "/api/v1/session" && line["fields"]["status"] == 401)
        .filter_map(|line| line["fields"]["latency"].as_str()?.strip_suffix(" ms")?.parse().ok())
        .collect();
    ensure!(!latencies.is_empty(), "no wrong-password login in {}", log.display());
    latencies.sort_by(f64::total_cmp);
    Ok(latencies[latencies.len() / 2])
}
