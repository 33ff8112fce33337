//! The results feed: every answer of a survey as compact columns, without comments.
//!
//! Reading a million answers row by row takes seconds, so the feed is kept in the database
//! as one block per UTC day ([`pulse_core::feed`] encoding). A request rebuilds only the
//! blocks of days whose answers or displays changed since the last request (usually just
//! today's), found through indexes on the time of the change, then joins the blocks in day
//! order. Deleting answers forgets the survey's blocks: they are all built again.

use std::collections::{BTreeSet, HashMap};

use pulse_core::feed::{Feed, Row};
use pulse_core::survey::SurveyConfig;
use sqlx::Row as _;

use super::{now_millis, Db};

const MILLIS_PER_DAY: i64 = 86_400_000;
const MILLIS_PER_HOUR: i64 = 3_600_000;
/// An answer is stamped before its transaction commits, perhaps by another process with a
/// slightly different clock: changes are read again this far back, which is harmless.
const LATE_COMMIT_MILLIS: i64 = 60_000;

impl Db {
    pub async fn feed(&self, survey: &SurveyConfig) -> sqlx::Result<Feed> {
        let started = now_millis();
        let read_until: Option<i64> =
            sqlx::query_scalar("SELECT read_until FROM feed_state WHERE survey_id = $1")
                .bind(&survey.id)
                .fetch_optional(&self.pool)
                .await?;
        let stale = match read_until {
            Some(read_until) => self.days_changed_since(&survey.id, read_until - LATE_COMMIT_MILLIS).await?,
            None => {
                sqlx::query("DELETE FROM feed_blocks WHERE survey_id = $1")
                    .bind(&survey.id)
                    .execute(&self.pool)
                    .await?;
                self.days_changed_since(&survey.id, i64::MIN).await?
            }
        };
        let mut blocks: HashMap<i64, Feed> = HashMap::new();
        for &day in &stale {
            blocks.insert(day, self.build_block(survey, day).await?);
        }
        let stored = sqlx::query("SELECT day, bytes FROM feed_blocks WHERE survey_id = $1 ORDER BY day")
            .bind(&survey.id)
            .fetch_all(&self.pool)
            .await?;
        let mut feed = Feed::new(survey.scale, survey.modules);
        for row in stored {
            let day: i64 = row.try_get(0)?;
            let block = match blocks.remove(&day) {
                Some(fresh) => fresh,
                None => match Feed::decode(&row.try_get::<Vec<u8>, _>(1)?) {
                    // A block of another scale or other modules predates a change of the survey.
                    Ok(block) if block.scale == survey.scale && block.modules == survey.modules => block,
                    _ => self.build_block(survey, day).await?,
                },
            };
            feed.append(&block);
        }
        sqlx::query(
            "INSERT INTO feed_state (survey_id, read_until) VALUES ($1, $2)
             ON CONFLICT (survey_id) DO UPDATE SET read_until = excluded.read_until",
        )
        .bind(&survey.id)
        .bind(started)
        .execute(&self.pool)
        .await?;
        Ok(feed)
    }

    /// The days (since 1970-01-01 UTC) with an answer or display changed at or after `since`.
    async fn days_changed_since(&self, survey_id: &str, since: i64) -> sqlx::Result<BTreeSet<i64>> {
        let answers = sqlx::query_scalar(
            "SELECT DISTINCT created_at / $3 FROM responses WHERE survey_id = $1 AND updated_at >= $2",
        )
        .bind(survey_id)
        .bind(since)
        .bind(MILLIS_PER_DAY)
        .fetch_all(&self.pool)
        .await?;
        let displays = sqlx::query_scalar(
            "SELECT DISTINCT shown_at / $3 FROM impressions WHERE survey_id = $1 AND shown_at >= $2",
        )
        .bind(survey_id)
        .bind(since)
        .bind(MILLIS_PER_DAY)
        .fetch_all(&self.pool)
        .await?;
        Ok(answers.into_iter().chain(displays).collect())
    }

    /// Forgets the survey's blocks, e.g. after answers were deleted; the next feed builds
    /// them again. `None` forgets every survey's.
    pub(super) async fn forget_feed(&self, survey_id: Option<&str>) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM feed_state WHERE $1 IS NULL OR survey_id = $1")
            .bind(survey_id)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// Reads one day's answers and displays, and stores them as that day's block. Another
    /// process may store the same block at the same time; the last write wins, and both
    /// hold every change their reading saw.
    async fn build_block(&self, survey: &SurveyConfig, day: i64) -> sqlx::Result<Feed> {
        let (start, end) = (day * MILLIS_PER_DAY, (day + 1) * MILLIS_PER_DAY);
        let mut block = Feed::new(survey.scale, survey.modules);

        let attributes = sqlx::query(
            "SELECT a.response_id, a.key, a.value FROM response_attributes a
             JOIN responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND r.created_at >= $2 AND r.created_at < $3",
        )
        .bind(&survey.id)
        .bind(start)
        .bind(end)
        .fetch_all(&self.pool)
        .await?;
        let mut by_response: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for row in attributes {
            by_response.entry(row.try_get(0)?).or_default().push((row.try_get(1)?, row.try_get(2)?));
        }

        let rows = sqlx::query(
            "SELECT id, created_at, nps, usability, repeat_purchases, commitment_affective,
                    commitment_normative, commitment_economic, commitment_forced, commitment_habitual,
                    page, language
             FROM responses WHERE survey_id = $1 AND created_at >= $2 AND created_at < $3
             ORDER BY created_at",
        )
        .bind(&survey.id)
        .bind(start)
        .bind(end)
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            // Every column was validated on the way in, so each fits its narrow type.
            let small = |index: usize| -> sqlx::Result<Option<u8>> {
                Ok(row.try_get::<Option<i64>, _>(index)?.map(|value| value as u8))
            };
            let id: String = row.try_get(0)?;
            let page: Option<String> = row.try_get(10)?;
            let language: Option<String> = row.try_get(11)?;
            let attributes = by_response.get(&id).map(Vec::as_slice).unwrap_or_default();
            block.push(&Row {
                time: (row.try_get::<i64, _>(1)? / 1000) as u32,
                score: row.try_get::<i64, _>(2)? as u8,
                usability: small(3)?,
                repeat: small(4)?,
                commitment: [small(5)?, small(6)?, small(7)?, small(8)?, small(9)?],
                page: page.as_deref(),
                language: language.as_deref(),
                attributes: attributes.iter().map(|(key, value)| (key.as_str(), value.as_str())).collect(),
            });
        }

        let impressions = sqlx::query(
            "SELECT shown_at / $4, page, language, COUNT(*) FROM impressions
             WHERE survey_id = $1 AND shown_at >= $2 AND shown_at < $3
             GROUP BY shown_at / $4, page, language",
        )
        .bind(&survey.id)
        .bind(start)
        .bind(end)
        .bind(MILLIS_PER_HOUR)
        .fetch_all(&self.pool)
        .await?;
        for row in impressions {
            let hour = row.try_get::<i64, _>(0)? * 3600;
            let page: Option<String> = row.try_get(1)?;
            let language: Option<String> = row.try_get(2)?;
            block.push_impressions(
                hour as u32,
                page.as_deref(),
                language.as_deref(),
                row.try_get::<i64, _>(3)? as u32,
            );
        }

        sqlx::query(
            "INSERT INTO feed_blocks (survey_id, day, bytes) VALUES ($1, $2, $3)
             ON CONFLICT (survey_id, day) DO UPDATE SET bytes = excluded.bytes",
        )
        .bind(&survey.id)
        .bind(day)
        .bind(block.encode())
        .execute(&self.pool)
        .await?;
        Ok(block)
    }
}
