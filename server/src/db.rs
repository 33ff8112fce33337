//! Every query the server makes, in one place.

use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use pulse_core::api::{ResultsFeed, SurveyConfig, RESULTS_FEED_VERSION};
use pulse_core::nps::Scale;
use pulse_core::validation::ValidResponse;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqliteSynchronous};

pub const DEMO_SURVEY_ID: &str = "demo";

#[derive(Clone)]
pub struct Db {
    pool: SqlitePool,
}

/// What became of an answer sent to [`Db::save_response`].
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Stored, or merged into the answer already stored under its id.
    Stored,
    /// The id belongs to an answer of another survey; nothing was changed.
    IdTaken,
}

impl Db {
    pub async fn open(url: &str) -> anyhow::Result<Db> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // An answer is acknowledged only once it would survive a power cut.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let pool = SqlitePool::connect_with(options).await?;
        sqlx::migrate!().run(&pool).await?;
        Ok(Db { pool })
    }

    pub async fn ensure_demo_survey(&self) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO surveys (id, company, scale_min, created_at) VALUES (?, ?, 1, ?)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(DEMO_SURVEY_ID)
        .bind("Northwind Outfitters")
        .bind(now_millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn survey(&self, id: &str) -> sqlx::Result<Option<SurveyConfig>> {
        let row: Option<(String, String, i64)> =
            sqlx::query_as("SELECT id, company, scale_min FROM surveys WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, company, scale_min)| SurveyConfig {
            id,
            company,
            scale: if scale_min == 0 { Scale::ZeroToTen } else { Scale::OneToTen },
            ..Default::default()
        }))
    }

    /// Stores an answer, or completes the one already stored under its id: a later
    /// sending may add a rating or a comment, but never erases one.
    pub async fn save_response(&self, survey_id: &str, response: &ValidResponse) -> sqlx::Result<Saved> {
        let now = now_millis();
        let result = sqlx::query(
            "INSERT INTO responses (id, survey_id, nps, usability, comment, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET
                 nps = excluded.nps,
                 usability = COALESCE(excluded.usability, responses.usability),
                 comment = COALESCE(excluded.comment, responses.comment),
                 updated_at = excluded.updated_at
             WHERE responses.survey_id = excluded.survey_id",
        )
        .bind(response.id.to_string())
        .bind(survey_id)
        .bind(i64::from(response.nps))
        .bind(response.usability.map(i64::from))
        .bind(response.comment.as_deref())
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(if result.rows_affected() == 1 { Saved::Stored } else { Saved::IdTaken })
    }

    pub async fn results_feed(&self, survey: &SurveyConfig) -> sqlx::Result<ResultsFeed> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT nps, COALESCE(usability, 0) FROM responses WHERE survey_id = ? ORDER BY created_at",
        )
        .bind(&survey.id)
        .fetch_all(&self.pool)
        .await?;
        // The columns were validated on the way in, so they fit in a byte.
        let (nps, usability) = rows.into_iter().map(|(nps, usability)| (nps as u8, usability as u8)).unzip();
        Ok(ResultsFeed { version: RESULTS_FEED_VERSION, scale: survey.scale, nps, usability })
    }
}

fn now_millis() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_millis() as i64)
}
