//! Every query the server makes, in one place. The same SQL runs on SQLite and
//! PostgreSQL through sqlx's `Any` driver, so it keeps to what both understand: `$1`
//! parameters, TEXT and BIGINT columns, `ON CONFLICT` upserts.

mod accounts;
mod feed;
mod import;
mod impressions;
mod responses;
mod surveys;

use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::MigrateDatabase;
use sqlx::{Any, AnyPool, Executor};

pub use import::{Imported, PastAnswer};
pub use responses::{ResponseFilter, Saved};
pub use surveys::DEMO_SURVEY_ID;

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
}

impl Db {
    /// Connects to `sqlite:FILE` (created when missing) or `postgres://...`, and brings
    /// the schema up to date.
    pub async fn open(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        if sqlite && !Any::database_exists(url).await? {
            Any::create_database(url).await?;
        }
        let pool = AnyPoolOptions::new()
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if sqlite {
                        // WAL lets readers go on while an answer is written; FULL makes a
                        // commit wait until the answer would survive a power cut, since
                        // an answer is acknowledged only once it is durable.
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA foreign_keys = ON;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        // Several processes may start at once on one PostgreSQL database: sqlx takes an
        // advisory lock, so only one of them migrates.
        sqlx::migrate!().run(&pool).await?;
        Ok(Db { pool })
    }

    /// Waits for queries in progress, then closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the database answers, for `/readyz`.
    pub async fn ping(&self) -> sqlx::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }
}

fn now_millis() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_millis() as i64)
}
