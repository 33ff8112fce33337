//! API tokens for programs: who made each, what it may do and when it was last used.

use password_hash::rand_core::{OsRng, RngCore};
use pulse_core::admin::{ApiToken, Role, User};
use uuid::Builder;

use super::accounts::parse_role;
use super::{now_millis, Db};

/// How stale a token's `last_used_at` may get: it is written at most this often, so that a
/// program's requests do not each write to the database.
const LAST_USED_EVERY_MILLIS: i64 = 60_000;

const COLUMNS: &str = "id, name, role, created_at, created_by, last_used_at";

/// The [`COLUMNS`] of a token.
#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    role: String,
    created_at: i64,
    created_by: String,
    last_used_at: Option<i64>,
}

impl From<Row> for ApiToken {
    fn from(row: Row) -> ApiToken {
        let Row { id, name, role, created_at, created_by, last_used_at } = row;
        ApiToken { id, name, role: parse_role(&role), created_at, created_by, last_used_at }
    }
}

/// A token as a request presents it, and the account it acts for.
#[derive(sqlx::FromRow)]
struct Holder {
    id: String,
    role: String,
    last_used_at: Option<i64>,
    created_by: String,
    creator_role: String,
}

impl Db {
    /// Stores a new token made by `created_by`, by its hash; `None` when that account
    /// was deleted meanwhile.
    pub async fn create_api_token(
        &self,
        token_hash: &str,
        name: &str,
        role: Role,
        created_by: &str,
    ) -> sqlx::Result<Option<ApiToken>> {
        let mut id = [0u8; 16];
        OsRng.fill_bytes(&mut id);
        let token = ApiToken {
            id: Builder::from_random_bytes(id).into_uuid().to_string(),
            name: name.to_owned(),
            role,
            created_at: now_millis(),
            created_by: created_by.to_owned(),
            last_used_at: None,
        };
        let created = sqlx::query(
            "INSERT INTO api_tokens (id, token_hash, name, role, created_by, created_at)
             SELECT $1, $2, $3, $4, email, $6 FROM users WHERE email = $5",
        )
        .bind(&token.id)
        .bind(token_hash)
        .bind(&token.name)
        .bind(role.as_str())
        .bind(created_by)
        .bind(token.created_at)
        .execute(&self.pool)
        .await?;
        Ok((created.rows_affected() == 1).then_some(token))
    }

    /// Every token, oldest first.
    pub async fn api_tokens(&self) -> sqlx::Result<Vec<ApiToken>> {
        let rows: Vec<Row> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM api_tokens ORDER BY created_at, id"))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    /// Revokes the token: it opens nothing from now on. `false` when there was none.
    pub async fn delete_api_token(&self, id: &str) -> sqlx::Result<bool> {
        let deleted =
            sqlx::query("DELETE FROM api_tokens WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(deleted.rows_affected() == 1)
    }

    /// Whom the token (by its hash) acts for, and with which role: the token's, or viewer
    /// when its maker is no longer an admin. Notes that it was used, once a minute at most.
    pub async fn api_token_user(&self, token_hash: &str) -> sqlx::Result<Option<User>> {
        let holder: Option<Holder> = sqlx::query_as(
            "SELECT api_tokens.id, api_tokens.role, api_tokens.last_used_at, api_tokens.created_by,
                    users.role AS creator_role
             FROM api_tokens JOIN users ON users.email = api_tokens.created_by
             WHERE api_tokens.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(holder) = holder else { return Ok(None) };
        let now = now_millis();
        let stale_before = now - LAST_USED_EVERY_MILLIS;
        if holder.last_used_at.is_none_or(|last_used| last_used <= stale_before) {
            // Checked again in the update, so that of the requests reading the same stale
            // time, in this process or others, only the first writes.
            sqlx::query(
                "UPDATE api_tokens SET last_used_at = $1
                 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)",
            )
            .bind(now)
            .bind(&holder.id)
            .bind(stale_before)
            .execute(&self.pool)
            .await?;
        }
        let role = match parse_role(&holder.creator_role) {
            Role::Admin => parse_role(&holder.role),
            Role::Viewer => Role::Viewer,
        };
        Ok(Some(User { email: holder.created_by, role }))
    }
}
