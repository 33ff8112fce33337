//! Answers brought in from elsewhere with their original dates, e.g. a company's history
//! from another NPS tool, all or nothing.

use pulse_core::validation::ValidResponse;

use super::responses::{bind_answer, insert_answers};
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
        let started = now_millis();
        let sql = format!("{} ON CONFLICT (id) DO NOTHING RETURNING id", insert_answers(1));
        let mut transaction = self.pool.begin().await?;
        let mut added = 0;
        for (index, answer) in answers.iter().enumerate() {
            let response = &answer.response;
            let query =
                bind_answer(sqlx::query_scalar(&sql), survey_id, response, answer.created_at, started);
            let Some(id) = query.fetch_optional(&mut *transaction).await? else {
                let owner: String = sqlx::query_scalar("SELECT survey_id FROM responses WHERE id = $1")
                    .bind(response.id.to_string())
                    .fetch_one(&mut *transaction)
                    .await?;
                if owner != survey_id {
                    return Ok(Imported::IdTaken(index));
                }
                continue;
            };
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
        // A feed request reads again the changes of the minute before its last one, for
        // answers committed late; an import may take longer than that, so its answers are
        // stamped as changed only now, just before they are committed, like any answer.
        // The next feed request then rebuilds their days' blocks, however old those days.
        sqlx::query("UPDATE responses SET updated_at = $3 WHERE survey_id = $1 AND updated_at = $2")
            .bind(survey_id)
            .bind(started)
            .bind(now_millis())
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(Imported::Added(added))
    }
}
