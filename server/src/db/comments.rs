//! A survey's comments, each with its answer's time, score and segments, for the results
//! page's themes (`pulse_core::comments`).

use pulse_core::comments::Comments;
use pulse_core::feed::Feed;
use pulse_core::survey::SurveyConfig;

use super::subset::{Answer, ANSWER_COLUMNS};
use super::Db;

/// An answer with a comment.
#[derive(sqlx::FromRow)]
struct Commented {
    #[sqlx(flatten)]
    answer: Answer,
    comment: String,
}

impl Db {
    /// Every comment of the survey, oldest first.
    pub async fn comments(&self, survey: &SurveyConfig) -> sqlx::Result<Comments> {
        // `comment IS NOT NULL` as written in the index of answers with a comment
        // (migration 0005), which holds them in time order.
        let select = format!("{ANSWER_COLUMNS}, r.comment");
        let read =
            self.subset::<Commented>(&survey.id, (&select, "responses r"), "r.comment IS NOT NULL").await?;
        // A survey's language was checked when it was stored; without one, comments of
        // answers that name none are read as English, the widget's fallback.
        let language = survey.language.as_deref().and_then(|code| code.parse().ok()).unwrap_or_default();
        let mut comments = Comments::new(language, Feed::new(survey.scale, survey.modules));
        for Commented { answer, comment } in &read.answers {
            comments.push(&read.row(answer), comment);
        }
        Ok(comments)
    }
}
