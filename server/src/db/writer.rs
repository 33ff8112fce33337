//! Group commit. Answers and displays wait in a queue for one writer task, which writes all
//! those waiting (up to [`BATCH`]) in one transaction, commits, and only then replies to
//! each: one sync to disk serves a whole batch instead of a single answer, and an answer is
//! still acknowledged only once it is durable. Should a batch fail, each of its writes is
//! tried again alone, so that one bad write fails only its own request. The webhooks'
//! messages about the answers are written in the same transaction. The queue and the
//! batches are this module's; the SQL is `responses`', `impressions`' and `webhooks`'.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::slice;

use pulse_core::validation::{ValidImpression, ValidResponse};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::impressions::insert_impressions;
use super::responses::{erased, upsert_responses};
use super::webhooks;
use super::{begin_writing, lock_answers, lock_erasures, Db, Saved};

/// Most writes in one transaction: enough for one sync to serve many answers, few enough
/// that a batch is written in a few milliseconds.
const BATCH: usize = 256;
/// Writes waiting beyond this make their requests wait to join the queue.
const QUEUE: usize = 4 * BATCH;

enum Write {
    Response { survey_id: String, response: ValidResponse },
    Impression { survey_id: String, impression: ValidImpression },
}

/// Where the writer says what became of one write.
type Reply = oneshot::Sender<sqlx::Result<Saved>>;

impl Db {
    /// Stores an answer, or completes the one already stored under its id: a later
    /// sending may add answers, but never erases one. Returns once it is committed.
    pub async fn save_response(&self, survey_id: &str, response: &ValidResponse) -> sqlx::Result<Saved> {
        let write = Write::Response { survey_id: survey_id.to_owned(), response: response.clone() };
        self.writer.write(write).await
    }

    /// Counts one display; returns once it is committed.
    pub async fn count_impression(&self, survey_id: &str, impression: &ValidImpression) -> sqlx::Result<()> {
        let write = Write::Impression { survey_id: survey_id.to_owned(), impression: impression.clone() };
        self.writer.write(write).await.map(drop)
    }
}

/// A handle on the writer task; the task ends once every handle is dropped.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<(Write, Reply)>,
}

impl Writer {
    pub fn start(pool: AnyPool) -> Writer {
        let (queue, waiting) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(pool, waiting));
        Writer { queue }
    }

    /// Queues `write` and returns once it is committed.
    async fn write(&self, write: Write) -> sqlx::Result<Saved> {
        let (reply, committed) = oneshot::channel();
        self.queue.send((write, reply)).await.map_err(|_| sqlx::Error::WorkerCrashed)?;
        // The task lives as long as its handles, so it is gone only if it panicked.
        committed.await.map_err(|_| sqlx::Error::WorkerCrashed)?
    }

    /// `false` once the task has panicked: no answer can be stored any more.
    pub fn is_running(&self) -> bool {
        !self.queue.is_closed()
    }
}

async fn write_batches(pool: AnyPool, mut queue: mpsc::Receiver<(Write, Reply)>) {
    let mut waiting = Vec::with_capacity(BATCH);
    // One connection for batch after batch while writes keep coming: its cache of the
    // database's pages stays warm (SQLite empties a connection's cache when another one
    // wrote). Given back when the queue is empty, so that closing the pool never waits.
    let mut connection = None;
    while queue.recv_many(&mut waiting, BATCH).await > 0 {
        let (writes, replies): (Vec<Write>, Vec<Reply>) = waiting.drain(..).unzip();
        let results = match write_all(&pool, &mut connection, &writes).await {
            Ok(saved) => saved.into_iter().map(Ok).collect(),
            Err(error) => {
                tracing::warn!(%error, writes = writes.len(), "a batch failed; writing each of it alone");
                connection = None;
                let mut results = Vec::with_capacity(writes.len());
                for write in &writes {
                    let result = write_all(&pool, &mut connection, slice::from_ref(write)).await;
                    if let Err(error) = &result {
                        tracing::error!(%error, "an answer or display could not be written");
                        connection = None;
                    }
                    results.push(result.map(|saved| saved[0]));
                }
                results
            }
        };
        if queue.is_empty() {
            connection = None;
        }
        // A request that stopped waiting (its client left) gets no reply; its write stays.
        for (reply, result) in replies.into_iter().zip(results) {
            reply.send(result).ok();
        }
    }
}

/// Writes the batch in one transaction, in a few statements of many rows each.
async fn write_all(
    pool: &AnyPool,
    connection: &mut Option<PoolConnection<Any>>,
    writes: &[Write],
) -> sqlx::Result<Vec<Saved>> {
    let connection = match connection {
        Some(connection) => connection,
        None => connection.insert(pool.acquire().await?),
    };
    // The batch reads (a survey's scale, the answers webhooks watch) before it writes.
    let begin = begin_writing(connection.backend_name());
    let mut transaction = connection.begin_with(begin).await?;
    let displays: Vec<(&str, &ValidImpression)> = writes
        .iter()
        .filter_map(|write| match write {
            Write::Impression { survey_id, impression } => Some((survey_id.as_str(), impression)),
            Write::Response { .. } => None,
        })
        .collect();
    insert_impressions(&mut transaction, &displays).await?;
    let mut results = vec![Saved::Stored; writes.len()];
    let off_scale = surveys_off_scale(&mut transaction, writes).await?;
    let answers: Vec<(&str, String)> = answers_of(writes).map(|(_, answer)| answer).collect();
    let ids: Vec<String> = answers.iter().map(|(_, id)| id.clone()).collect();
    // A batch of displays alone waits for no erasure.
    if !ids.is_empty() {
        lock_erasures(&mut transaction, false).await?;
        lock_answers(&mut transaction, &ids).await?;
    }
    // As `Uuid`s, compared with each answer's id without formatting it again (the set is
    // nearly always empty).
    let erased: HashSet<Uuid> =
        erased(&mut transaction, &ids).await?.iter().filter_map(|id| id.parse().ok()).collect();
    let watched = webhooks::watch(&mut transaction, &answers).await?;
    for round in rounds(writes) {
        let mut kept = Vec::new();
        for (index, (survey_id, answer)) in round {
            if erased.contains(&answer.id) {
                results[index] = Saved::Erased;
            } else if answer.nps == 0 && off_scale.contains(survey_id) {
                results[index] = Saved::OffScale;
            } else {
                kept.push((index, (survey_id, answer)));
            }
        }
        let round = kept;
        let answers: Vec<(&str, &ValidResponse)> = round.iter().map(|&(_, answer)| answer).collect();
        let stored = upsert_responses(&mut transaction, &answers).await?;
        for (index, (_, response)) in round {
            if !stored.contains(&response.id) {
                results[index] = Saved::IdTaken;
            }
        }
    }
    if let Some(watched) = watched {
        let stored: Vec<(&str, String)> = answers_of(writes)
            .filter(|(index, _)| results[*index] == Saved::Stored)
            .map(|(_, answer)| answer)
            .collect();
        webhooks::enqueue_changes(&mut transaction, watched, &stored).await?;
    }
    transaction.commit().await?;
    Ok(results)
}

/// The batch's answers, with their places in it, as (survey, answer id).
fn answers_of(writes: &[Write]) -> impl Iterator<Item = (usize, (&str, String))> {
    writes.iter().enumerate().filter_map(|(index, write)| match write {
        Write::Response { survey_id, response } => {
            Some((index, (survey_id.as_str(), response.id.to_string())))
        }
        Write::Impression { .. } => None,
    })
}

/// Of the surveys with an answer of 0 in the batch, those whose scale now starts at 1.
/// Answers are checked against a survey read up to a second earlier; only a survey without
/// answers may change its scale, but a 0 checked just before a change to 1–10 would
/// otherwise be stored on the new scale, which no feed of it can hold. Read in the
/// batch's transaction, on PostgreSQL with the survey's row share-locked, so that a change
/// of scale (which locks it for update) either commits first or waits for the batch.
async fn surveys_off_scale<'a>(
    transaction: &mut AnyConnection,
    writes: &'a [Write],
) -> sqlx::Result<HashSet<&'a str>> {
    let zeros: BTreeSet<&str> = writes
        .iter()
        .filter_map(|write| match write {
            Write::Response { survey_id, response } if response.nps == 0 => Some(survey_id.as_str()),
            _ => None,
        })
        .collect();
    let lock = if transaction.backend_name() == "PostgreSQL" { " FOR SHARE" } else { "" };
    let mut off_scale = HashSet::new();
    for survey_id in zeros {
        let scale_min: Option<i64> =
            sqlx::query_scalar(&format!("SELECT scale_min FROM surveys WHERE id = $1{lock}"))
                .bind(survey_id)
                .fetch_optional(&mut *transaction)
                .await?;
        if scale_min.is_some_and(|min| min > 0) {
            off_scale.insert(survey_id);
        }
    }
    Ok(off_scale)
}

/// The batch's answers (with their places in it), in rounds in which each id appears once:
/// PostgreSQL upserts a row only once per statement, and an answer sent again within a
/// batch must complete the earlier sending, so it waits for the next round. Each round is
/// in id order, so that batches of several processes on one PostgreSQL database, locking
/// rows in the same order, never wait on each other in a circle.
fn rounds(writes: &[Write]) -> Vec<Vec<(usize, (&str, &ValidResponse))>> {
    let mut rounds: Vec<Vec<_>> = Vec::new();
    let mut sendings: HashMap<Uuid, usize> = HashMap::new();
    for (index, write) in writes.iter().enumerate() {
        if let Write::Response { survey_id, response } = write {
            let earlier = sendings.entry(response.id).or_default();
            if *earlier == rounds.len() {
                rounds.push(Vec::new());
            }
            rounds[*earlier].push((index, (survey_id.as_str(), response)));
            *earlier += 1;
        }
    }
    for round in &mut rounds {
        round.sort_by_key(|(_, (_, response))| response.id);
    }
    rounds
}

#[cfg(test)]
mod tests {
    use pulse_core::admin::SurveyDefinition;
    use pulse_core::api::SurveyConfig;

    use super::*;
    use crate::db::{Db, ResponseFilter, DEMO_SURVEY_ID};

    fn answer(id: Uuid, nps: u8, comment: Option<&str>) -> ValidResponse {
        ValidResponse {
            id,
            nps,
            usability: None,
            comment: comment.map(str::to_owned),
            commitment: Default::default(),
            repeat_purchases: None,
            language: None,
            page: None,
            attributes: [("plan".to_owned(), format!("plan-{nps}"))].into(),
        }
    }

    async fn open() -> (tempfile::TempDir, Db) {
        let folder = tempfile::tempdir().unwrap();
        let db = Db::open(&format!("sqlite:{}", folder.path().join("pulse.db").display())).await.unwrap();
        db.ensure_demo_survey().await.unwrap();
        (folder, db)
    }

    #[test]
    fn an_answer_sent_twice_in_one_batch_waits_for_the_next_round() {
        let (a, b) = (Uuid::from_u128(2), Uuid::from_u128(1));
        let write = |id| Write::Response { survey_id: "s".to_owned(), response: answer(id, 5, None) };
        let display = Write::Impression { survey_id: "s".to_owned(), impression: ValidImpression::default() };
        let writes = [write(a), display, write(a), write(b), write(a)];
        let rounds: Vec<Vec<usize>> =
            rounds(&writes).iter().map(|round| round.iter().map(|(index, _)| *index).collect()).collect();
        // Each round in id order: b (1) before a (2).
        assert_eq!(rounds, [vec![3, 0], vec![2], vec![4]]);
    }

    /// Many answers and displays at once, as under load: each gets its own result, answers
    /// sent twice are completed, an id of another survey's answer is refused, and every
    /// display is counted.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_share_transactions_and_keep_their_own_results() {
        let (_folder, db) = open().await;
        let other = SurveyDefinition {
            config: SurveyConfig {
                id: "other".to_owned(),
                company: "Other".to_owned(),
                ..Default::default()
            },
            ..Default::default()
        };
        db.create_survey(&other).await.unwrap();
        let taken = Uuid::new_v4();
        assert_eq!(db.save_response("other", &answer(taken, 3, None)).await.unwrap(), Saved::Stored);

        let ids: Vec<Uuid> = (0..300).map(|_| Uuid::new_v4()).collect();
        let mut tasks = tokio::task::JoinSet::new();
        for (n, &id) in ids.iter().enumerate() {
            let db = db.clone();
            tasks.spawn(async move {
                let nps = (n % 10) as u8 + 1;
                let (score, completed) = (answer(id, nps, None), answer(id, nps, Some("more")));
                let display = ValidImpression::default();
                // Sent at once: the completion joins the queue right behind the score.
                let (first, again, display) = tokio::join!(
                    db.save_response(DEMO_SURVEY_ID, &score),
                    db.save_response(DEMO_SURVEY_ID, &completed),
                    db.count_impression(DEMO_SURVEY_ID, &display)
                );
                display.unwrap();
                (first.unwrap(), again.unwrap())
            });
        }
        let stolen = answer(taken, 9, None);
        assert_eq!(db.save_response(DEMO_SURVEY_ID, &stolen).await.unwrap(), Saved::IdTaken);
        while let Some(results) = tasks.join_next().await {
            assert_eq!(results.unwrap(), (Saved::Stored, Saved::Stored));
        }

        assert_eq!(db.impression_count(DEMO_SURVEY_ID).await.unwrap(), 300);
        let filter = ResponseFilter { limit: 1000, ..Default::default() };
        let stored = db.responses(DEMO_SURVEY_ID, &filter).await.unwrap();
        assert_eq!(stored.len(), 300);
        for response in &stored {
            let n = ids.iter().position(|id| id.to_string() == response.id).expect("an id that was sent");
            assert_eq!(response.nps as usize, n % 10 + 1);
            assert_eq!(response.comment.as_deref(), Some("more"));
            assert_eq!(response.attributes["plan"], format!("plan-{}", response.nps));
        }
        let other_answers = db.responses("other", &filter).await.unwrap();
        assert_eq!(other_answers.len(), 1);
        assert_eq!(other_answers[0].nps, 3);
    }

    /// An answer to a survey that does not exist breaks its batch's transaction (foreign
    /// key); the answers that shared the batch with it are still stored.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_write_fails_only_its_own_request() {
        let (_folder, db) = open().await;
        let ids: Vec<Uuid> = (0..200).map(|_| Uuid::new_v4()).collect();
        let mut tasks = tokio::task::JoinSet::new();
        for (n, &id) in ids.iter().enumerate() {
            let db = db.clone();
            // The bad answer is sent in the middle of the others, so that it shares a batch.
            let survey = if n == 100 { "no-such-survey" } else { DEMO_SURVEY_ID };
            tasks.spawn(async move { (n, db.save_response(survey, &answer(id, 7, None)).await) });
        }
        while let Some(result) = tasks.join_next().await {
            let (n, saved) = result.unwrap();
            if n == 100 {
                assert!(saved.is_err(), "an answer to a missing survey was stored");
            } else {
                assert_eq!(saved.unwrap(), Saved::Stored, "answer {n}");
            }
        }
        let filter = ResponseFilter { limit: 1000, ..Default::default() };
        assert_eq!(db.responses(DEMO_SURVEY_ID, &filter).await.unwrap().len(), 199);
    }

    #[tokio::test]
    async fn writes_after_the_writer_panicked_get_a_clear_error() {
        let (queue, waiting) = mpsc::channel::<(Write, Reply)>(QUEUE);
        let crashed = tokio::spawn(async move {
            let _waiting = waiting;
            panic!("a bug in the writer");
        });
        assert!(crashed.await.unwrap_err().is_panic());
        let writer = Writer { queue };
        assert!(!writer.is_running());
        let write = Write::Response {
            survey_id: DEMO_SURVEY_ID.to_owned(),
            response: answer(Uuid::new_v4(), 7, None),
        };
        assert!(matches!(writer.write(write).await, Err(sqlx::Error::WorkerCrashed)));
    }
}
