//! Some of a survey's answers as the results page reads them beside its feed (its comments,
//! its detractors' follow-ups: `pulse_core::subset`), each with its attributes, so that the
//! page's segment filters apply to them as to the feed.

use std::collections::HashMap;

use pulse_core::feed::Row;
use sqlx::any::AnyRow;
use sqlx::FromRow;

use super::Db;

/// The columns of an answer that such a feed keeps, read from `responses r`.
#[derive(sqlx::FromRow)]
pub(super) struct Answer {
    id: String,
    created_at: i64,
    nps: i64,
    page: Option<String>,
    language: Option<String>,
}

pub(super) const ANSWER_COLUMNS: &str = "r.id, r.created_at, r.nps, r.page, r.language";

/// Answers read with their attributes.
pub(super) struct Subset<T> {
    pub answers: Vec<T>,
    attributes: HashMap<String, Vec<(String, String)>>,
}

impl<T> Subset<T> {
    /// The row of a feed of `answer`, one of these, with its attributes.
    pub(super) fn row<'a>(&'a self, answer: &'a Answer) -> Row<'a> {
        let attributes = self.attributes.get(&answer.id).map(Vec::as_slice).unwrap_or_default();
        Row {
            time: (answer.created_at / 1000) as u32,
            score: answer.nps as u8,
            page: answer.page.as_deref(),
            language: answer.language.as_deref(),
            attributes: attributes.iter().map(|(key, value)| (key.as_str(), value.as_str())).collect(),
            ..Row::default()
        }
    }
}

impl Db {
    /// The answers of survey `survey_id` that `condition` keeps (SQL on `responses r`; no
    /// parameter but the survey's id, `$1`), oldest first, as `select` reads them from
    /// `from` (`responses r` and what it joins), with their attributes. Both reads see the
    /// database as of one moment, so that an answer changed or deleted between them cannot
    /// come with another version's attributes: SQLite's transaction reads one snapshot,
    /// PostgreSQL's takes one per statement unless asked.
    pub(super) async fn subset<T>(
        &self,
        survey_id: &str,
        (select, from): (&str, &str),
        condition: &str,
    ) -> sqlx::Result<Subset<T>>
    where
        T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        let mut transaction = self.pool.begin().await?;
        if transaction.backend_name() == "PostgreSQL" {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *transaction)
                .await?;
        }
        let answers: Vec<T> = sqlx::query_as(&format!(
            "SELECT {select} FROM {from} WHERE r.survey_id = $1 AND {condition} ORDER BY r.created_at, r.id"
        ))
        .bind(survey_id)
        .fetch_all(&mut *transaction)
        .await?;
        let rows: Vec<(String, String, String)> = sqlx::query_as(&format!(
            "SELECT a.response_id, a.key, a.value FROM response_attributes a
             JOIN responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND {condition}"
        ))
        .bind(survey_id)
        .fetch_all(&mut *transaction)
        .await?;
        transaction.commit().await?;
        let mut attributes: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (id, key, value) in rows {
            attributes.entry(id).or_default().push((key, value));
        }
        Ok(Subset { answers, attributes })
    }
}
