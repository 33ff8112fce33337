//! Secrets: no password, password hash, session or API token in any answer or log line.

use anyhow::{ensure, Context};
use pulse_core::api::SESSION_COOKIE;
use sqlx::sqlite::SqlitePoolOptions;

use super::Attack;

impl Attack {
    /// Passwords, their hashes (from the database), session and API tokens and their
    /// hashes: in no answer and no log line. Each log must show requests, so that an empty
    /// one cannot pass.
    pub(super) async fn nothing_leaked(
        &mut self,
        tokens: &[String],
        logs: &[std::path::PathBuf],
    ) -> anyhow::Result<()> {
        let pool = SqlitePoolOptions::new().max_connections(1).connect(&self.site.database_url).await?;
        let hashes: Vec<String> =
            sqlx::query_scalar("SELECT password_hash FROM users").fetch_all(&pool).await?;
        let mut token_hashes: Vec<String> =
            sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(&pool).await?;
        token_hashes.extend(
            sqlx::query_scalar::<_, String>("SELECT token_hash FROM api_tokens").fetch_all(&pool).await?,
        );
        pool.close().await;
        ensure!(
            hashes.iter().all(|hash| hash.starts_with("$argon2id$")),
            "passwords not hashed with Argon2id"
        );
        let mut secrets = vec![self.site.admin_password.clone(), self.site.viewer_password.clone()];
        for hash in &hashes {
            secrets.push(hash.clone());
            // Salt and digest, in case only a part were written out.
            secrets.extend(hash.split('$').filter(|part| part.len() >= 16).map(str::to_owned));
        }
        secrets.extend(
            tokens.iter().map(|cookie| cookie.trim_start_matches(&format!("{SESSION_COOKIE}=")).to_owned()),
        );
        secrets.extend(token_hashes);

        let mut places = vec![("the answers".to_owned(), std::mem::take(&mut self.transcript))];
        for log in logs {
            let text = std::fs::read_to_string(log).with_context(|| format!("reading {}", log.display()))?;
            let logged = text.lines().any(|line| line.contains("finished processing request"));
            self.check(logged, || format!("{} logs no request: not the server's log", log.display()));
            places.push((log.display().to_string(), text));
        }
        for (place, text) in &places {
            for secret in &secrets {
                self.check(!text.contains(secret.as_str()), || {
                    format!("{place} show a secret: {}…", &secret[..8])
                });
            }
        }
        Ok(())
    }
}
