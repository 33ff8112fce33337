//! Marketers' accounts and their sessions.

use std::time::Duration;

use pulse_core::admin::{Role, User};

use super::{now_millis, Db};

impl Db {
    /// Adds the account, or replaces the password and role of the one with this email and
    /// ends its sessions: whoever signed in with the old password is signed out.
    pub async fn put_user(&self, email: &str, password_hash: &str, role: Role) -> sqlx::Result<()> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (email) DO UPDATE SET
                 password_hash = excluded.password_hash, role = excluded.role",
        )
        .bind(email)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(now_millis())
        .execute(&mut *transaction)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE email = $1").bind(email).execute(&mut *transaction).await?;
        transaction.commit().await
    }

    /// Replaces the account's password and ends its sessions but the one (by its token's
    /// hash) in which the marketer changed it.
    pub async fn change_password(
        &self,
        email: &str,
        password_hash: &str,
        kept_session: &str,
    ) -> sqlx::Result<()> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE email = $2")
            .bind(password_hash)
            .bind(email)
            .execute(&mut *transaction)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE email = $1 AND token_hash <> $2")
            .bind(email)
            .bind(kept_session)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await
    }

    /// Adds the account; `false` when the email has one already.
    pub async fn create_user(&self, email: &str, password_hash: &str, role: Role) -> sqlx::Result<bool> {
        let result = sqlx::query(
            "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(email)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(now_millis())
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn users(&self) -> sqlx::Result<Vec<User>> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT email, role FROM users ORDER BY email").fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|(email, role)| User { email, role: parse_role(&role) }).collect())
    }

    /// Deletes the account and its sessions; `false` when there was none.
    pub async fn delete_user(&self, email: &str) -> sqlx::Result<bool> {
        let result =
            sqlx::query("DELETE FROM users WHERE email = $1").bind(email).execute(&self.pool).await?;
        Ok(result.rows_affected() == 1)
    }

    /// The account's password hash and role.
    pub async fn user(&self, email: &str) -> sqlx::Result<Option<(String, Role)>> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT password_hash, role FROM users WHERE email = $1")
                .bind(email)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(hash, role)| (hash, parse_role(&role))))
    }

    /// Starts a session for `email`, unless its password hash is no longer `checked_hash`:
    /// a password changed while the old one was being checked ended the account's sessions,
    /// and must end this one too. `false` when it was changed.
    pub async fn create_session(
        &self,
        token_hash: &str,
        email: &str,
        checked_hash: &str,
        lifetime: Duration,
    ) -> sqlx::Result<bool> {
        let now = now_millis();
        let expires_at = now.saturating_add(i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX));
        // Expired sessions are only kept until someone next logs in.
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.pool).await?;
        let created = sqlx::query(
            "INSERT INTO sessions (token_hash, email, created_at, expires_at)
             SELECT $1, email, $3, $4 FROM users WHERE email = $2 AND password_hash = $5",
        )
        .bind(token_hash)
        .bind(email)
        .bind(now)
        .bind(expires_at)
        .bind(checked_hash)
        .execute(&self.pool)
        .await?;
        Ok(created.rows_affected() == 1)
    }

    /// Who holds the session, unless it expired.
    pub async fn session_user(&self, token_hash: &str) -> sqlx::Result<Option<User>> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT users.email, users.role FROM sessions JOIN users ON users.email = sessions.email
             WHERE sessions.token_hash = $1 AND sessions.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_millis())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(email, role)| User { email, role: parse_role(&role) }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map(drop)
    }
}

/// The table's CHECK allows only the two names, so anything else is the lesser role.
pub(super) fn parse_role(name: &str) -> Role {
    name.parse().unwrap_or(Role::Viewer)
}
