//! Every query the server makes, in one place. The same SQL runs on SQLite and
//! PostgreSQL through sqlx's `Any` driver, so it keeps to what both understand: `$1`
//! parameters, TEXT and BIGINT columns, `ON CONFLICT` upserts.

mod accounts;
mod comments;
mod feed;
mod follow_ups;
mod import;
mod impressions;
mod responses;
mod subset;
mod surveys;
mod themes;
mod tokens;
mod webhooks;
mod writer;

use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::MigrateDatabase;
use sqlx::{Any, AnyConnection, AnyPool, Executor};

pub use follow_ups::FollowUpChanged;
pub use import::{Imported, PastAnswer};
pub use responses::{ResponseFilter, Saved};
pub use surveys::{Replaced, DEMO_SURVEY_ID};
pub use webhooks::{Attempted, Due, Next};

use surveys::RecentSurveys;
use writer::Writer;

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    /// Answers and displays, written in batches (group commit).
    writer: Writer,
    recent_surveys: RecentSurveys,
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
                        // an answer is acknowledged only once it is durable. Answers'
                        // random ids change pages all over the indexes: copying the WAL
                        // into the database every 10,000 pages (40 MB) instead of 1,000
                        // copies a page that many commits changed far fewer times.
                        // Deleted content is overwritten with zeros, so that an erased
                        // answer is not left in the file's free space.
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 10000; \
                                 PRAGMA secure_delete = ON;",
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
        Ok(Db { writer: Writer::start(pool.clone()), recent_surveys: RecentSurveys::default(), pool })
    }

    /// Waits for queries in progress, then closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the database answers and answers can still be written, for `/readyz`.
    pub async fn ping(&self) -> sqlx::Result<()> {
        if !self.writer.is_running() {
            return Err(sqlx::Error::WorkerCrashed);
        }
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }
}

/// Most rows written by one statement. SQLite finds each `$n` parameter by its name, in
/// time that grows faster than the number of parameters; so many rows are written by
/// several statements, of 16, 8, 4, 2 or 1 rows, few enough shapes for each to be
/// prepared once and kept.
const ROWS_PER_STATEMENT: usize = 16;

/// `rows` cut into the slices that statements of [`ROWS_PER_STATEMENT`] write.
fn statement_rows<T>(rows: &[T]) -> Vec<&[T]> {
    slices_of(rows, ROWS_PER_STATEMENT)
}

/// `rows` cut into slices of `most` rows at most, each of a power of two.
fn slices_of<T>(mut rows: &[T], most: usize) -> Vec<&[T]> {
    let mut slices = Vec::new();
    while !rows.is_empty() {
        let size = most.min(1 << rows.len().ilog2());
        let (slice, rest) = rows.split_at(size);
        slices.push(slice);
        rows = rest;
    }
    slices
}

/// The `VALUES` rows of an insert of `rows` rows of `columns` values each:
/// `($1, $2), ($3, $4)`, made here and never from input.
fn values(rows: usize, columns: usize) -> String {
    let row = |first: usize| {
        let parameters: Vec<String> = (first..first + columns).map(|n| format!("${n}")).collect();
        format!("({})", parameters.join(", "))
    };
    let rows: Vec<String> = (0..rows).map(|row_index| row(1 + row_index * columns)).collect();
    rows.join(", ")
}

/// How a transaction that reads before it writes begins: on SQLite it takes the write lock
/// at once, or a write of another connection between its read and its write would fail it
/// (SQLITE_BUSY, which no waiting cures).
fn begin_writing(backend: &str) -> &'static str {
    if backend == "SQLite" {
        "BEGIN IMMEDIATE"
    } else {
        "BEGIN"
    }
}

/// On PostgreSQL, locks the answers `ids` until the transaction ends, for a transaction
/// that writes them after reading them: the writer's batches and follow-up changes. Two
/// processes given one new answer at once (a widget sending it again to another process
/// after a timeout) would otherwise both read it as not stored and both tell webhooks
/// `response.created`; two follow-up changes, each write back what the other changed. The
/// second now waits and reads what the first wrote. In ascending order, so that two
/// batches never wait for each other in a circle. SQLite's writing transactions take turns
/// already ([`begin_writing`]).
async fn lock_answers(connection: &mut AnyConnection, ids: &[String]) -> sqlx::Result<()> {
    if connection.backend_name() == "SQLite" {
        return Ok(());
    }
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    // A few statements per batch, of powers of two up to 256 ids: SQLite's cost of many
    // parameters (`ROWS_PER_STATEMENT`) is not PostgreSQL's.
    for ids in slices_of(&ids, 256) {
        // PostgreSQL evaluates a volatile output after the ORDER BY: the locks are taken in
        // it, byte order as here.
        let sql = format!(
            "SELECT pg_advisory_xact_lock(hashtextextended(id, 0)) FROM (VALUES {}) AS answers (id) \
             ORDER BY id COLLATE \"C\"",
            values(ids.len(), 1)
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(id);
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// The key of the lock that erasures take alone and writes together.
const ERASURES_LOCK: i64 = 0x5075_6c73_6545_7261;

/// On PostgreSQL, takes the erasures' lock until the transaction ends: `alone` for an
/// erasure, else shared, for a transaction that writes answers after checking them (the
/// writer's batches, the import's, follow-up changes). An erasure and a write then take
/// turns, so a write never stores an answer just erased: it sees the erasure's record, or
/// the answer gone. One lock, not one per answer, however many answers an erasure deletes;
/// so an erasure holds every write back for the moment it takes. SQLite's writing
/// transactions take turns already.
async fn lock_erasures(connection: &mut AnyConnection, alone: bool) -> sqlx::Result<()> {
    if connection.backend_name() == "SQLite" {
        return Ok(());
    }
    let function = if alone { "pg_advisory_xact_lock" } else { "pg_advisory_xact_lock_shared" };
    sqlx::query(&format!("SELECT {function}($1)"))
        .bind(ERASURES_LOCK)
        .execute(&mut *connection)
        .await
        .map(drop)
}

pub(crate) fn now_millis() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_sixteen_at_most_in_few_shapes() {
        let rows: Vec<u32> = (0..45).collect();
        let sizes: Vec<usize> = statement_rows(&rows).iter().map(|slice| slice.len()).collect();
        assert_eq!(sizes, [16, 16, 8, 4, 1]);
        assert_eq!(statement_rows(&rows).concat(), rows);
        assert!(statement_rows::<u32>(&[]).is_empty());
    }

    #[test]
    fn values_number_every_parameter_once() {
        assert_eq!(values(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }
}
