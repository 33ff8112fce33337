//! Answers brought in from elsewhere with their original dates, e.g. a company's history
//! from another NPS tool, all or nothing.

use pulse_core::survey::Commitment;
use pulse_core::validation::ValidResponse;

use super::{now_millis, Db};

/// An answer given before it reached Pulse.
#[derive(Clone, Debug, PartialEq)]
pub struct PastAnswer {
    pub response: ValidResponse,
    /// When it was given, in milliseconds since 1970-01-01 UTC.
    pub created_at: i64,
}

/// What became of the answers sent to [`Db::import_responses`].
#[derive(Debug, PartialEq, Eq)]
pub enum Imported {
    /// How many were added; the others were already stored under their ids and are kept
    /// as they were, so that importing the same file again adds nothing.
    Added(u64),
    /// The answer at this index has the id of another survey's answer; nothing was stored.
    IdTaken(usize),
}

impl Db {
    /// Stores every answer in one transaction, with its own date.
    pub async fn import_responses(&self, survey_id: &str, answers: &[PastAnswer]) -> sqlx::Result<Imported> {
        // Stamped as changed now, so that the next feed request rebuilds the day blocks
        // of the answers' days, however old those days are.
        let changed_at = now_millis();
        let mut transaction = self.pool.begin().await?;
        let mut added = 0;
        for (index, answer) in answers.iter().enumerate() {
            let response = &answer.response;
            let id = response.id.to_string();
            let commitment = |statement| response.commitment.get(&statement).copied().map(i64::from);
            let inserted = sqlx::query(
                "INSERT INTO responses (id, survey_id, nps, usability, comment,
                     commitment_affective, commitment_normative, commitment_economic,
                     commitment_forced, commitment_habitual, repeat_purchases, language, page,
                     created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&id)
            .bind(survey_id)
            .bind(i64::from(response.nps))
            .bind(response.usability.map(i64::from))
            .bind(response.comment.as_deref())
            .bind(commitment(Commitment::Affective))
            .bind(commitment(Commitment::Normative))
            .bind(commitment(Commitment::Economic))
            .bind(commitment(Commitment::Forced))
            .bind(commitment(Commitment::Habitual))
            .bind(response.repeat_purchases.map(i64::from))
            .bind(response.language.as_deref())
            .bind(response.page.as_deref())
            .bind(answer.created_at)
            .bind(changed_at)
            .execute(&mut *transaction)
            .await?;
            if inserted.rows_affected() == 0 {
                let owner: String = sqlx::query_scalar("SELECT survey_id FROM responses WHERE id = $1")
                    .bind(&id)
                    .fetch_one(&mut *transaction)
                    .await?;
                if owner != survey_id {
                    return Ok(Imported::IdTaken(index));
                }
                continue;
            }
            added += 1;
            for (key, value) in &response.attributes {
                sqlx::query("INSERT INTO response_attributes (response_id, key, value) VALUES ($1, $2, $3)")
                    .bind(&id)
                    .bind(key)
                    .bind(value)
                    .execute(&mut *transaction)
                    .await?;
            }
        }
        // A feed request reads the changes made since its last one, less a minute for
        // answers committed late; a long import commits later than that, so the feed is
        // sent back to the time of the stamp.
        sqlx::query("UPDATE feed_state SET read_until = $2 WHERE survey_id = $1 AND read_until > $2")
            .bind(survey_id)
            .bind(changed_at)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(Imported::Added(added))
    }
}
