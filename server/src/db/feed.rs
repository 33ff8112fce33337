//! The results feed: every answer of a survey as compact columns, without comments.
//!
//! Reading a million answers row by row takes seconds, so the feed is kept in the database
//! as one block per UTC day ([`pulse_core::feed`] encoding). A request rebuilds only the
//! blocks of days whose answers or displays changed since the last request (usually just
//! today's), found through indexes on the time of the change, and the blocks marked to be
//! built, then joins the blocks in day order. Deleting answers marks the days they were
//! given on, an import the days it adds answers to (see [`mark_unbuilt`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pulse_core::feed::{Feed, Row, IMPRESSION_GROUP_SECONDS};
use pulse_core::survey::SurveyConfig;
use sqlx::{AnyConnection, Row as _};
use uuid::Uuid;

use super::{now_millis, statement_rows, values, Db};

const MILLIS_PER_DAY: i64 = 86_400_000;
/// An answer is stamped before its transaction commits, perhaps by another process with a
/// slightly different clock: changes are read again this far back, which is harmless.
const LATE_COMMIT_MILLIS: i64 = 60_000;
/// How the bytes of a block marked to be built start, followed by a mark of its own, so
/// that a request that read one mark and built the block from answers read after it never
/// replaces a later mark. No feed starts so.
const UNBUILT: &[u8] = b"unbuilt:";

impl Db {
    pub async fn feed(&self, survey: &SurveyConfig) -> sqlx::Result<Feed> {
        let started = now_millis();
        let read_until: Option<i64> =
            sqlx::query_scalar("SELECT read_until FROM feed_state WHERE survey_id = $1")
                .bind(&survey.id)
                .fetch_optional(&self.pool)
                .await?;
        // Without a state (the survey's first request), every block is built again. None is
        // deleted: a request racing a deletion could then store the first block of a day the
        // deletion marked (see `mark_unbuilt`).
        let since = read_until.map_or(i64::MIN, |read_until| read_until - LATE_COMMIT_MILLIS);
        let stale = self.days_changed_since(&survey.id, since).await?;
        // Read before any block is built from the answers: a block is replaced only if it is
        // still the one read here (see `build_block`).
        let stored: BTreeMap<i64, Vec<u8>> =
            sqlx::query_as("SELECT day, bytes FROM feed_blocks WHERE survey_id = $1")
                .bind(&survey.id)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .collect();
        let mut feed = Feed::new(survey.scale, survey.modules);
        for day in stale.iter().chain(stored.keys()).copied().collect::<BTreeSet<i64>>() {
            let seen = stored.get(&day).map(Vec::as_slice);
            let kept = seen
                .filter(|_| read_until.is_some() && !stale.contains(&day))
                .and_then(|bytes| kept_block(survey, bytes));
            let block = match kept {
                Some(block) => block,
                None => self.build_block(survey, day, seen).await?,
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

    /// Reads one day's block and stores it, unless the stored block is no longer the one
    /// `seen` before its answers were read: another request stored one since, or the day
    /// was marked again, by an import whose answers this reading may have missed or by a
    /// deletion whose answers it may hold. The stored block is then kept.
    async fn build_block(&self, survey: &SurveyConfig, day: i64, seen: Option<&[u8]>) -> sqlx::Result<Feed> {
        let block = self.read_block(survey, day).await?;
        self.store_block(&survey.id, day, &block, seen).await?;
        Ok(block)
    }

    /// One day's answers and displays.
    async fn read_block(&self, survey: &SurveyConfig, day: i64) -> sqlx::Result<Feed> {
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
        .bind(i64::from(IMPRESSION_GROUP_SECONDS) * 1000)
        .fetch_all(&self.pool)
        .await?;
        for row in impressions {
            let group_start = row.try_get::<i64, _>(0)? * i64::from(IMPRESSION_GROUP_SECONDS);
            let page: Option<String> = row.try_get(1)?;
            let language: Option<String> = row.try_get(2)?;
            block.push_impressions(
                group_start as u32,
                page.as_deref(),
                language.as_deref(),
                row.try_get::<i64, _>(3)? as u32,
            );
        }
        Ok(block)
    }

    /// Stores a day's block if the stored one is still `seen` (`None`: there was none).
    async fn store_block(
        &self,
        survey_id: &str,
        day: i64,
        block: &Feed,
        seen: Option<&[u8]>,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO feed_blocks (survey_id, day, bytes) VALUES ($1, $2, $3)
             ON CONFLICT (survey_id, day) DO UPDATE SET bytes = excluded.bytes
             WHERE feed_blocks.bytes = $4",
        )
        .bind(survey_id)
        .bind(day)
        .bind(block.encode())
        .bind(seen)
        .execute(&self.pool)
        .await
        .map(drop)
    }
}

/// Marks the blocks of these days (since 1970-01-01 UTC) to be built, in the transaction
/// that changes their answers without stamping them as changed (an import's, a
/// deletion's): the next request builds them, however old the days, and a request that
/// read the answers before cannot store its block after (see `build_block`); a day without
/// a block gets a mark too, for that request would otherwise store the first one. Days in
/// order, so that writers to one PostgreSQL database lock blocks in the same order.
pub(super) async fn mark_unbuilt(
    connection: &mut AnyConnection,
    survey_id: &str,
    days: &BTreeSet<i64>,
) -> sqlx::Result<()> {
    let mark = unbuilt_mark();
    let days: Vec<i64> = days.iter().copied().collect();
    for rows in statement_rows(&days) {
        let sql = format!(
            "INSERT INTO feed_blocks (survey_id, day, bytes) VALUES {}
             ON CONFLICT (survey_id, day) DO UPDATE SET bytes = excluded.bytes",
            values(rows.len(), 3)
        );
        let mut query = sqlx::query(&sql);
        for &day in rows {
            query = query.bind(survey_id).bind(day).bind(&mark);
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// The day (since 1970-01-01 UTC) of a time in milliseconds since then, as the queries
/// above cut days.
pub(super) fn day_of(millis: i64) -> i64 {
    millis / MILLIS_PER_DAY
}

fn unbuilt_mark() -> Vec<u8> {
    [UNBUILT, Uuid::new_v4().as_bytes()].concat()
}

/// A stored block, unless it is marked to be built or predates a change of the survey's
/// scale or modules.
fn kept_block(survey: &SurveyConfig, bytes: &[u8]) -> Option<Feed> {
    if bytes.starts_with(UNBUILT) {
        return None;
    }
    Feed::decode(bytes).ok().filter(|block| block.scale == survey.scale && block.modules == survey.modules)
}

#[cfg(test)]
mod tests {
    use pulse_core::validation::ValidResponse;

    use super::*;
    use crate::db::DEMO_SURVEY_ID;

    async fn stored_block(db: &Db, day: i64) -> Vec<u8> {
        sqlx::query_scalar("SELECT bytes FROM feed_blocks WHERE survey_id = $1 AND day = $2")
            .bind(DEMO_SURVEY_ID)
            .bind(day)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    }

    /// A request that read a block, then the answers, while an import marked the day in
    /// between, must not replace the mark with a block that may lack the import's answers.
    #[tokio::test]
    async fn a_block_marked_since_it_was_read_is_not_replaced() {
        let folder = tempfile::tempdir().unwrap();
        let db = Db::open(&format!("sqlite:{}", folder.path().join("pulse.db").display())).await.unwrap();
        db.ensure_demo_survey().await.unwrap();
        let survey = db.survey(DEMO_SURVEY_ID).await.unwrap().unwrap().config;
        let answer = ValidResponse { id: Uuid::new_v4(), nps: 9, ..Default::default() };
        db.save_response(DEMO_SURVEY_ID, &answer).await.unwrap();
        assert_eq!(db.feed(&survey).await.unwrap().len(), 1);
        let (day, read): (i64, Vec<u8>) =
            sqlx::query_as("SELECT day, bytes FROM feed_blocks").fetch_one(&db.pool).await.unwrap();

        mark_unbuilt(&mut db.pool.acquire().await.unwrap(), DEMO_SURVEY_ID, &[day].into()).await.unwrap();
        db.build_block(&survey, day, Some(&read)).await.unwrap();
        assert!(stored_block(&db, day).await.starts_with(UNBUILT));

        assert_eq!(db.feed(&survey).await.unwrap().len(), 1);
        assert!(Feed::decode(&stored_block(&db, day).await).is_ok(), "the next request builds it");
    }

    /// A request that read a day's answers before they were deleted, and stores its block
    /// after, must not store them: the deletion marked the day, even one without a block,
    /// and the survey's first request, made in between, kept the mark.
    #[tokio::test]
    async fn a_block_read_before_a_deletion_is_not_stored_after_it() {
        let folder = tempfile::tempdir().unwrap();
        let db = Db::open(&format!("sqlite:{}", folder.path().join("pulse.db").display())).await.unwrap();
        db.ensure_demo_survey().await.unwrap();
        let survey = db.survey(DEMO_SURVEY_ID).await.unwrap().unwrap().config;
        let person = [("user".to_owned(), "ana".to_owned())].into();
        let answer = ValidResponse { id: Uuid::new_v4(), nps: 9, attributes: person, ..Default::default() };
        db.save_response(DEMO_SURVEY_ID, &answer).await.unwrap();
        let created_at: i64 =
            sqlx::query_scalar("SELECT created_at FROM responses").fetch_one(&db.pool).await.unwrap();
        let day = day_of(created_at);

        let before = db.read_block(&survey, day).await.unwrap();
        assert_eq!(before.len(), 1);
        assert_eq!(db.delete_responses_with_attribute("user", "ana").await.unwrap(), 1);
        assert!(db.feed(&survey).await.unwrap().is_empty(), "the survey's first request");
        db.store_block(DEMO_SURVEY_ID, day, &before, None).await.unwrap();
        assert!(db.feed(&survey).await.unwrap().is_empty(), "a day without a block");

        // Another answer: the erased one is not stored again.
        let answer = ValidResponse { id: Uuid::new_v4(), ..answer };
        db.save_response(DEMO_SURVEY_ID, &answer).await.unwrap();
        assert_eq!(db.feed(&survey).await.unwrap().len(), 1);
        let seen = stored_block(&db, day).await;
        let before = db.read_block(&survey, day).await.unwrap();
        assert!(db.delete_response(DEMO_SURVEY_ID, &answer.id.to_string()).await.unwrap());
        db.store_block(DEMO_SURVEY_ID, day, &before, Some(&seen)).await.unwrap();
        assert!(db.feed(&survey).await.unwrap().is_empty(), "a day with a block");
    }
}
