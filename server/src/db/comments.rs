//! A survey's comments, each with its answer's time, score and segments, for the results
//! page's themes (`pulse_core::comments`).

use std::collections::HashMap;

use pulse_core::comments::Comments;
use pulse_core::feed::{Feed, Row};
use pulse_core::survey::SurveyConfig;

use super::Db;

/// An answer with a comment.
#[derive(sqlx::FromRow)]
struct Commented {
    id: String,
    created_at: i64,
    nps: i64,
    comment: String,
    page: Option<String>,
    language: Option<String>,
}

impl Db {
    /// Every comment of the survey, oldest first.
    pub async fn comments(&self, survey: &SurveyConfig) -> sqlx::Result<Comments> {
        // Both reads see the database as of one moment, so that an answer changed or
        // deleted between them cannot come with another version's attributes: SQLite's
        // transaction reads one snapshot, PostgreSQL's takes one per statement unless asked.
        let mut transaction = self.pool.begin().await?;
        if transaction.backend_name() == "PostgreSQL" {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *transaction)
                .await?;
        }
        // `comment IS NOT NULL` as written in the index of answers with a comment
        // (migration 0005), which holds them in time order.
        let answers: Vec<Commented> = sqlx::query_as(
            "SELECT id, created_at, nps, comment, page, language FROM responses
             WHERE survey_id = $1 AND comment IS NOT NULL
             ORDER BY created_at, id",
        )
        .bind(&survey.id)
        .fetch_all(&mut *transaction)
        .await?;
        let attributes: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT a.response_id, a.key, a.value FROM response_attributes a
             JOIN responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND r.comment IS NOT NULL",
        )
        .bind(&survey.id)
        .fetch_all(&mut *transaction)
        .await?;
        transaction.commit().await?;
        let mut by_answer: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for (id, key, value) in &attributes {
            by_answer.entry(id).or_default().push((key, value));
        }

        // A survey's language was checked when it was stored; without one, comments of
        // answers that name none are read as English, the widget's fallback.
        let language = survey.language.as_deref().and_then(|code| code.parse().ok()).unwrap_or_default();
        let mut comments = Comments::new(language, Feed::new(survey.scale, survey.modules));
        for answer in &answers {
            let row = Row {
                time: (answer.created_at / 1000) as u32,
                score: answer.nps as u8,
                page: answer.page.as_deref(),
                language: answer.language.as_deref(),
                attributes: by_answer.remove(answer.id.as_str()).unwrap_or_default(),
                ..Row::default()
            };
            comments.push(&row, &answer.comment);
        }
        Ok(comments)
    }
}
