//! Answers brought in from elsewhere with their original dates, e.g. a company's history
//! from another NPS tool. Written in batches, so that the widget's answers are stored
//! between them, and only once every id was found free.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use pulse_core::survey::SurveyConfig;
use pulse_core::validation::ValidResponse;
use sqlx::{AnyConnection, Connection};
use uuid::Uuid;

use super::feed::{day_of, mark_unbuilt};
use super::responses::{bind_answer, erased, insert_answers};
use super::{begin_writing, lock_erasures, statement_rows, Db};

/// Answers per transaction: a SQLite database takes no other write while one is written,
/// so a batch must take a fraction of a second, while each commit waits for the disk.
const BATCH: usize = 2_000;
/// The time left to other writers after each batch. A SQLite writer that found the
/// database busy tries again at most 100 ms later: without this pause it would find the
/// next batch already started, and wait for the whole import.
const PAUSE: Duration = Duration::from_millis(100);
/// Ids looked up per query.
const IDS_PER_QUERY: usize = 500;

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
    /// How many were `added`; of the others, `erased` ones had been erased (deleted by an
    /// admin or a data-protection request) and are not stored again, and the rest were
    /// already stored under their ids and are kept as they were, so that importing the
    /// same file again adds nothing.
    Added { added: u64, erased: u64 },
    /// The answer at `index` has the id of another survey's answer. Nothing was stored,
    /// unless that answer was stored while the import ran: then the `added` answers of the
    /// batches before it were.
    IdTaken { index: usize, added: u64 },
}

impl Db {
    /// Stores the answers, with their own dates, in batches of `BATCH`, then builds the
    /// feed's blocks of the days they were added to.
    pub async fn import_responses(
        &self,
        survey: &SurveyConfig,
        answers: &[PastAnswer],
    ) -> sqlx::Result<Imported> {
        let ids: Vec<Uuid> = answers.iter().map(|answer| answer.response.id).collect();
        if let Some(taken) = first_taken(&mut *self.pool.acquire().await?, &survey.id, &ids).await? {
            return Ok(Imported::IdTaken { index: index_of(answers, taken), added: 0 });
        }
        let (mut added, mut erased) = (0, 0);
        for (number, batch) in answers.chunks(BATCH).enumerate() {
            match self.import_batch(&survey.id, batch).await? {
                Ok((batch_added, batch_erased)) => {
                    (added, erased) = (added + batch_added, erased + batch_erased)
                }
                Err(taken) => {
                    return Ok(Imported::IdTaken { index: number * BATCH + index_of(batch, taken), added });
                }
            }
            tokio::time::sleep(PAUSE).await;
        }
        // Read once, as the results page will, so that its first request finds every
        // block built.
        self.feed(survey).await?;
        Ok(Imported::Added { added, erased })
    }

    /// Stores one batch in one transaction: how many answers were added and how many were
    /// left out as erased, or the id that another survey's answer took since the import
    /// checked (then nothing is stored).
    async fn import_batch(
        &self,
        survey_id: &str,
        batch: &[PastAnswer],
    ) -> sqlx::Result<Result<(u64, u64), Uuid>> {
        let mut connection = self.pool.acquire().await?;
        let begin = begin_writing(connection.backend_name());
        let mut transaction = connection.begin_with(begin).await?;
        lock_erasures(&mut transaction, false).await?;
        let ids: Vec<String> = batch.iter().map(|answer| answer.response.id.to_string()).collect();
        let erased = erased(&mut transaction, &ids).await?;
        let kept: Vec<&PastAnswer> =
            batch.iter().filter(|answer| !erased.contains(&answer.response.id.to_string())).collect();
        let mut added = HashSet::new();
        for rows in statement_rows(&kept) {
            let sql = format!("{} ON CONFLICT (id) DO NOTHING RETURNING id", insert_answers(rows.len()));
            let mut query = sqlx::query_scalar::<_, String>(&sql);
            for PastAnswer { response, created_at } in rows {
                // Stamped as changed when given, not now: their days' blocks are marked
                // below instead, so that the feed does not read every day of a long import
                // again in the minute after it (it reads changes again that far back).
                query = bind_answer(query, survey_id, response, *created_at, *created_at);
            }
            added.extend(query.fetch_all(&mut *transaction).await?);
        }
        let (new, known): (Vec<&PastAnswer>, Vec<&PastAnswer>) =
            kept.iter().partition(|answer| added.contains(&answer.response.id.to_string()));
        let known: Vec<Uuid> = known.iter().map(|answer| answer.response.id).collect();
        if let Some(taken) = first_taken(&mut transaction, survey_id, &known).await? {
            return Ok(Err(taken));
        }
        for PastAnswer { response, .. } in &new {
            for (key, value) in &response.attributes {
                sqlx::query("INSERT INTO response_attributes (response_id, key, value) VALUES ($1, $2, $3)")
                    .bind(response.id.to_string())
                    .bind(key)
                    .bind(value)
                    .execute(&mut *transaction)
                    .await?;
            }
        }
        let days: BTreeSet<i64> = new.iter().map(|answer| day_of(answer.created_at)).collect();
        mark_unbuilt(&mut transaction, survey_id, &days).await?;
        transaction.commit().await?;
        Ok(Ok((new.len() as u64, erased.len() as u64)))
    }
}

/// The first of `ids` that is the id of another survey's answer.
async fn first_taken(
    connection: &mut AnyConnection,
    survey_id: &str,
    ids: &[Uuid],
) -> sqlx::Result<Option<Uuid>> {
    for chunk in ids.chunks(IDS_PER_QUERY) {
        // One placeholder per id after the survey's: `$2, $3, ...`, made here and never from input.
        let placeholders: Vec<String> = (2..chunk.len() + 2).map(|n| format!("${n}")).collect();
        let sql =
            format!("SELECT id FROM responses WHERE survey_id <> $1 AND id IN ({})", placeholders.join(", "));
        let mut query = sqlx::query_scalar::<_, String>(&sql).bind(survey_id);
        for id in chunk {
            query = query.bind(id.to_string());
        }
        let taken: HashSet<String> = query.fetch_all(&mut *connection).await?.into_iter().collect();
        if let Some(&id) = chunk.iter().find(|id| taken.contains(&id.to_string())) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

fn index_of(answers: &[PastAnswer], id: Uuid) -> usize {
    answers.iter().position(|answer| answer.response.id == id).expect("an id of these answers")
}
