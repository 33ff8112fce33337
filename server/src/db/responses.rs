//! Answers: stored and completed by the widget, listed, exported and deleted by marketers.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use pulse_core::admin::StoredResponse;
use pulse_core::feed::Segment;
use pulse_core::follow_up::{FollowUp, FollowUpState};
use pulse_core::survey::Commitment;
use pulse_core::validation::ValidResponse;
use sqlx::any::AnyArguments;
use sqlx::query::QueryScalar;
use sqlx::{Any, AnyConnection, Connection};
use uuid::Uuid;

use crate::auth::sha256_hex;

use super::feed::{day_of, mark_unbuilt};
use super::follow_ups;
use super::webhooks::enqueue_deletions;
use super::{begin_writing, lock_erasures, now_millis, statement_rows, values, Db};

/// What became of an answer sent to [`Db::save_response`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Stored, or merged into the answer already stored under its id.
    Stored,
    /// The id belongs to an answer of another survey; nothing was changed.
    IdTaken,
    /// The answer was erased; nothing was stored.
    Erased,
    /// The score is below the survey's scale: it was checked against the survey as it was
    /// before its scale changed, a moment ago. Nothing was changed.
    OffScale,
}

/// Which answers to list, newest first.
#[derive(Clone, Debug, Default)]
pub struct ResponseFilter {
    /// Answers given at or after this time (milliseconds since 1970-01-01 UTC).
    pub from: Option<i64>,
    /// Answers given before this time.
    pub to: Option<i64>,
    /// Only recommendation scores in this range, e.g. 9–10 for promoters.
    pub nps_range: Option<(u8, u8)>,
    /// Only answers carrying every one of these segments.
    pub segments: Vec<Segment>,
    /// Only answers whose comment contains this text, ignoring case.
    pub search: Option<String>,
    /// Only answers older than this one (`created_at`, `id`): the end of the last page.
    pub after: Option<(i64, String)>,
    /// Only answers with a comment, for the results page's comment list.
    pub with_comment: bool,
    /// Only answers whose follow-up is in this state.
    pub follow_up: Option<FollowUpState>,
    /// Oldest first (and `after` the end of the last page in that order), for the
    /// detractors who have waited longest.
    pub oldest_first: bool,
    pub limit: u32,
}

/// The columns of a [`Row`], read `FROM` [`ROW_TABLES`].
const ROW_COLUMNS: &str = "id, survey_id, nps, usability, comment, commitment_affective, \
    commitment_normative, commitment_economic, commitment_forced, commitment_habitual, \
    repeat_purchases, language, page, created_at, follow_ups.state AS follow_up_state, \
    follow_ups.owner AS follow_up_owner, follow_ups.note AS follow_up_note, \
    follow_ups.updated_at AS follow_up_updated_at, follow_ups.followed_up_at";
/// Answers with their follow-ups, if any.
const ROW_TABLES: &str = "responses LEFT JOIN follow_ups ON follow_ups.response_id = responses.id";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    survey_id: String,
    nps: i64,
    usability: Option<i64>,
    comment: Option<String>,
    commitment_affective: Option<i64>,
    commitment_normative: Option<i64>,
    commitment_economic: Option<i64>,
    commitment_forced: Option<i64>,
    commitment_habitual: Option<i64>,
    repeat_purchases: Option<i64>,
    language: Option<String>,
    page: Option<String>,
    created_at: i64,
    follow_up_state: Option<String>,
    follow_up_owner: Option<String>,
    follow_up_note: Option<String>,
    follow_up_updated_at: Option<i64>,
    followed_up_at: Option<i64>,
}

impl Db {
    /// One page of a survey's answers, newest first (or oldest, as `filter` says).
    pub async fn responses(
        &self,
        survey_id: &str,
        filter: &ResponseFilter,
    ) -> sqlx::Result<Vec<StoredResponse>> {
        let (nps_min, nps_max) = filter.nps_range.unwrap_or((0, 10));
        let pattern = filter.search.as_deref().map(|text| format!("%{}%", escape_like(&text.to_lowercase())));
        let (after_time, after_id) = filter.after.clone().unzip();
        // The fixed conditions bind `$1` to `$10`, the segments' from `$11` on.
        let (segments, values) = segment_conditions(&filter.segments, 11);
        // Written out, not as a bound flag, so that the index of answers with a comment
        // (migration 0005) is used: a planner takes a partial index only for this term.
        let with_comment = if filter.with_comment { " AND comment IS NOT NULL" } else { "" };
        let (after, order) = if filter.oldest_first { (">", "ASC") } else { ("<", "DESC") };
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {ROW_TABLES}
             WHERE survey_id = $1
                 AND ($2 IS NULL OR created_at >= $2)
                 AND ($3 IS NULL OR created_at < $3)
                 AND nps BETWEEN $4 AND $5
                 AND ($6 IS NULL OR LOWER(comment) LIKE $6 ESCAPE '\\')
                 AND ($7 IS NULL OR created_at {after} $7 OR (created_at = $7 AND id {after} $8))
                 AND ($10 IS NULL OR COALESCE(follow_ups.state, '{open}') = $10){with_comment}{segments}
             ORDER BY created_at {order}, id {order}
             LIMIT $9",
            open = FollowUpState::Open.as_str(),
        );
        let mut query = sqlx::query_as(&sql)
            .bind(survey_id)
            .bind(filter.from)
            .bind(filter.to)
            .bind(i64::from(nps_min))
            .bind(i64::from(nps_max))
            .bind(pattern)
            .bind(after_time)
            .bind(after_id)
            .bind(i64::from(filter.limit))
            .bind(filter.follow_up.map(FollowUpState::as_str));
        for value in values {
            query = query.bind(value);
        }
        let rows: Vec<Row> = query.fetch_all(&self.pool).await?;
        let mut connection = self.pool.acquire().await?;
        let mut attributes = attributes_of(&mut connection, rows.iter().map(|row| row.id.as_str())).await?;
        rows.into_iter()
            .map(|row| {
                let attributes = attributes.remove(&row.id).unwrap_or_default();
                stored(row, attributes)
            })
            .collect()
    }

    /// Deletes one answer of a survey; `false` when there was none.
    pub async fn delete_response(&self, survey_id: &str, id: &str) -> sqlx::Result<bool> {
        let deleted = self.erase("survey_id = $1 AND id = $2", [survey_id, id]).await?;
        Ok(deleted == 1)
    }

    /// Deletes every answer, of any survey, that carries the attribute `key` = `value`:
    /// what a person's data-protection request asks for.
    pub async fn delete_responses_with_attribute(&self, key: &str, value: &str) -> sqlx::Result<u64> {
        let condition = "id IN (SELECT response_id FROM response_attributes WHERE key = $1 AND value = $2)";
        self.erase(condition, [key, value]).await
    }

    /// Deletes the answers that `condition` selects, their attributes with them (the foreign
    /// key cascades), marks the feed blocks of their days, and tells the webhooks (see
    /// `enqueue_deletions`), in one transaction: no block
    /// may keep them, not even one a request read them into before (see `mark_unbuilt`). On
    /// SQLite, erased content is overwritten with zeros (`secure_delete`, see `Db::open`)
    /// and the WAL, which still holds the answers as they were written, is then emptied.
    async fn erase(&self, condition: &str, parameters: [&str; 2]) -> sqlx::Result<u64> {
        let mut connection = self.pool.acquire().await?;
        let sqlite = connection.backend_name() == "SQLite";
        let begin = begin_writing(connection.backend_name());
        let mut transaction = connection.begin_with(begin).await?;
        // A batch writing one of them at this moment either commits first, and is erased,
        // or finds it erased.
        lock_erasures(&mut transaction, true).await?;
        let sql = format!("DELETE FROM responses WHERE {condition} RETURNING id, survey_id, created_at");
        let mut query = sqlx::query_as::<_, (String, String, i64)>(&sql);
        for parameter in parameters {
            query = query.bind(parameter);
        }
        let deleted = query.fetch_all(&mut *transaction).await?;
        let erased: Vec<&String> = deleted.iter().map(|(id, _, _)| id).collect();
        remember_erased(&mut transaction, &erased).await?;
        let mut days: BTreeMap<&str, BTreeSet<i64>> = BTreeMap::new();
        for (_, survey_id, created_at) in &deleted {
            days.entry(survey_id).or_default().insert(day_of(*created_at));
        }
        for (survey_id, days) in &days {
            mark_unbuilt(&mut transaction, survey_id, days).await?;
        }
        let answers: Vec<(String, String)> =
            deleted.iter().map(|(id, survey_id, _)| (id.clone(), survey_id.clone())).collect();
        enqueue_deletions(&mut transaction, &answers).await?;
        transaction.commit().await?;
        if sqlite && !deleted.is_empty() {
            let (busy, _, _): (i64, i64, i64) =
                sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.pool).await?;
            if busy != 0 {
                tracing::warn!("the WAL was busy: erased answers stay in it until the next checkpoint");
            }
        }
        Ok(deleted.len() as u64)
    }
}

/// The answers stored under `ids`, by id, as the marketers' pages show them: read in the
/// writer's transaction for the webhooks' messages.
pub(super) async fn stored_responses(
    connection: &mut AnyConnection,
    ids: &[String],
) -> sqlx::Result<HashMap<String, StoredResponse>> {
    let mut answers = HashMap::new();
    for ids in statement_rows(ids) {
        let sql = format!("SELECT {ROW_COLUMNS} FROM {ROW_TABLES} WHERE id IN {}", values(1, ids.len()));
        let mut query = sqlx::query_as::<_, Row>(&sql);
        for id in ids {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&mut *connection).await?;
        let mut attributes = attributes_of(connection, rows.iter().map(|row| row.id.as_str())).await?;
        for row in rows {
            let attributes = attributes.remove(&row.id).unwrap_or_default();
            answers.insert(row.id.clone(), stored(row, attributes)?);
        }
    }
    Ok(answers)
}

async fn attributes_of<'a>(
    connection: &mut AnyConnection,
    ids: impl Iterator<Item = &'a str>,
) -> sqlx::Result<BTreeMap<String, BTreeMap<String, String>>> {
    let ids: Vec<&str> = ids.collect();
    let mut by_response: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(by_response);
    }
    // One placeholder per id: `$1, $2, ...`, made here and never from input.
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT response_id, key, value FROM response_attributes WHERE response_id IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, (String, String, String)>(&sql);
    for id in ids {
        query = query.bind(id);
    }
    for (response_id, key, value) in query.fetch_all(connection).await? {
        by_response.entry(response_id).or_default().insert(key, value);
    }
    Ok(by_response)
}

/// Remembers that the answers `ids` were erased, by the SHA-256 of their ids.
async fn remember_erased(connection: &mut AnyConnection, ids: &[&String]) -> sqlx::Result<()> {
    let now = now_millis();
    for rows in statement_rows(ids) {
        let sql = format!(
            "INSERT INTO erased_responses (id_sha256, erased_at) VALUES {} ON CONFLICT (id_sha256) DO NOTHING",
            values(rows.len(), 2)
        );
        let mut query = sqlx::query(&sql);
        for id in rows {
            query = query.bind(sha256_hex(id)).bind(now);
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// Which of the answers `ids` were erased: they are not stored again.
pub(super) async fn erased(connection: &mut AnyConnection, ids: &[String]) -> sqlx::Result<HashSet<String>> {
    let mut erased = HashSet::new();
    for ids in statement_rows(ids) {
        let hashes: Vec<String> = ids.iter().map(|id| sha256_hex(id)).collect();
        let sql =
            format!("SELECT id_sha256 FROM erased_responses WHERE id_sha256 IN {}", values(1, ids.len()));
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        // One parameter per id, as the statement has, an id twice or not.
        for hash in &hashes {
            query = query.bind(hash);
        }
        let found: HashSet<String> = query.fetch_all(&mut *connection).await?.into_iter().collect();
        erased.extend(
            ids.iter().zip(&hashes).filter(|(_, hash)| found.contains(*hash)).map(|(id, _)| id.clone()),
        );
    }
    Ok(erased)
}

/// Stores answers, or completes those already stored under their ids, in the writer's
/// transaction, in two statements; each id must appear once. Returns the ids stored: the
/// others belong to answers of other surveys, and nothing of theirs was changed.
pub(super) async fn upsert_responses(
    connection: &mut AnyConnection,
    answers: &[(&str, &ValidResponse)],
) -> sqlx::Result<HashSet<Uuid>> {
    let now = now_millis();
    let mut stored = HashSet::new();
    for rows in statement_rows(answers) {
        let sql = format!(
            "{}
             ON CONFLICT (id) DO UPDATE SET
                 nps = excluded.nps,
                 usability = COALESCE(excluded.usability, responses.usability),
                 comment = COALESCE(excluded.comment, responses.comment),
                 commitment_affective = COALESCE(excluded.commitment_affective, responses.commitment_affective),
                 commitment_normative = COALESCE(excluded.commitment_normative, responses.commitment_normative),
                 commitment_economic = COALESCE(excluded.commitment_economic, responses.commitment_economic),
                 commitment_forced = COALESCE(excluded.commitment_forced, responses.commitment_forced),
                 commitment_habitual = COALESCE(excluded.commitment_habitual, responses.commitment_habitual),
                 repeat_purchases = COALESCE(excluded.repeat_purchases, responses.repeat_purchases),
                 language = COALESCE(excluded.language, responses.language),
                 page = COALESCE(excluded.page, responses.page),
                 updated_at = excluded.updated_at
             WHERE responses.survey_id = excluded.survey_id
             RETURNING id",
            insert_answers(rows.len())
        );
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for (survey_id, response) in rows {
            query = bind_answer(query, survey_id, response, now, now);
        }
        for id in query.fetch_all(&mut *connection).await? {
            stored.insert(Uuid::parse_str(&id).map_err(|error| sqlx::Error::Decode(error.into()))?);
        }
    }

    let attributes: Vec<(String, &String, &String)> = answers
        .iter()
        .filter(|(_, response)| stored.contains(&response.id))
        .flat_map(|(_, response)| {
            response.attributes.iter().map(|(key, value)| (response.id.to_string(), key, value))
        })
        .collect();
    for rows in statement_rows(&attributes) {
        let sql = format!(
            "INSERT INTO response_attributes (response_id, key, value) VALUES {}
             ON CONFLICT (response_id, key) DO UPDATE SET value = excluded.value",
            values(rows.len(), 3)
        );
        let mut query = sqlx::query(&sql);
        for (id, key, value) in rows {
            query = query.bind(id).bind(*key).bind(*value);
        }
        query.execute(&mut *connection).await?;
    }
    Ok(stored)
}

/// An answer's columns, in the order [`bind_answer`] binds them: one list for the widget's
/// answers and imported ones.
const ANSWER_COLUMNS: [&str; 15] = [
    "id",
    "survey_id",
    "nps",
    "usability",
    "comment",
    "commitment_affective",
    "commitment_normative",
    "commitment_economic",
    "commitment_forced",
    "commitment_habitual",
    "repeat_purchases",
    "language",
    "page",
    "created_at",
    "updated_at",
];

/// `INSERT INTO responses (...) VALUES (...)` of `rows` answers, to be completed by an
/// `ON CONFLICT` clause and bound by [`bind_answer`], one answer after the other.
pub(super) fn insert_answers(rows: usize) -> String {
    format!(
        "INSERT INTO responses ({}) VALUES {}",
        ANSWER_COLUMNS.join(", "),
        values(rows, ANSWER_COLUMNS.len())
    )
}

pub(super) fn bind_answer<'q>(
    query: QueryScalar<'q, Any, String, AnyArguments<'q>>,
    survey_id: &'q str,
    response: &'q ValidResponse,
    created_at: i64,
    updated_at: i64,
) -> QueryScalar<'q, Any, String, AnyArguments<'q>> {
    let commitment = |statement| response.commitment.get(&statement).copied().map(i64::from);
    query
        .bind(response.id.to_string())
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
        .bind(created_at)
        .bind(updated_at)
}

/// The SQL conditions an answer meets when it carries every one of `segments`, and the
/// values to bind to their placeholders, numbered from `$first`.
fn segment_conditions(segments: &[Segment], first: usize) -> (String, Vec<&str>) {
    let mut conditions = String::new();
    let mut values = Vec::new();
    for segment in segments {
        let next = first + values.len();
        match segment {
            Segment::Page(page) => {
                conditions += &format!(" AND page = ${next}");
                values.push(page.as_str());
            }
            Segment::Language(language) => {
                conditions += &format!(" AND language = ${next}");
                values.push(language.as_str());
            }
            Segment::Attribute { key, value } => {
                conditions += &format!(
                    " AND EXISTS (SELECT 1 FROM response_attributes
                         WHERE response_id = responses.id AND key = ${next} AND value = ${})",
                    next + 1
                );
                values.extend([key.as_str(), value.as_str()]);
            }
        }
    }
    (conditions, values)
}

/// `%`, `_` and `\` match themselves in a search, not any text.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn stored(row: Row, attributes: BTreeMap<String, String>) -> sqlx::Result<StoredResponse> {
    // Every number was validated on the way in, so each fits in a byte.
    let byte = |value: i64| value as u8;
    let commitment = [
        (Commitment::Affective, row.commitment_affective),
        (Commitment::Normative, row.commitment_normative),
        (Commitment::Economic, row.commitment_economic),
        (Commitment::Forced, row.commitment_forced),
        (Commitment::Habitual, row.commitment_habitual),
    ]
    .into_iter()
    .filter_map(|(statement, agreement)| Some((statement, byte(agreement?))))
    .collect();
    let follow_up = FollowUp {
        state: follow_ups::state(row.follow_up_state.as_deref())?,
        owner: row.follow_up_owner,
        note: row.follow_up_note,
        updated_at: row.follow_up_updated_at,
        followed_up_at: row.followed_up_at,
    };
    Ok(StoredResponse {
        id: row.id,
        survey_id: row.survey_id,
        nps: byte(row.nps),
        usability: row.usability.map(byte),
        comment: row.comment,
        commitment,
        repeat_purchases: row.repeat_purchases.map(byte),
        language: row.language,
        page: row.page,
        attributes,
        created_at: row.created_at,
        follow_up,
    })
}
