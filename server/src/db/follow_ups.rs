//! Following up answers: marketers' changes of an answer's follow-up, told to webhooks in
//! the same transaction, and a survey's detractors with their follow-ups for the results
//! page (`pulse_core::follow_up`).

use std::collections::HashMap;

use pulse_core::admin::StoredResponse;
use pulse_core::feed::{Feed, Row};
use pulse_core::follow_up::{FollowUp, FollowUpChange, FollowUpState, FollowUps};
use pulse_core::nps::Category;
use pulse_core::survey::SurveyConfig;

use super::responses::stored_responses;
use super::webhooks::{enqueue_changes, watch};
use super::{now_millis, Db};

/// A detractor's answer and where its follow-up stands.
#[derive(sqlx::FromRow)]
struct Detractor {
    id: String,
    created_at: i64,
    nps: i64,
    page: Option<String>,
    language: Option<String>,
    state: Option<String>,
    followed_up_at: Option<i64>,
}

impl Db {
    /// Makes `change` (checked by `FollowUpChange::validate`) to the follow-up of answer
    /// `response_id` of survey `survey_id`, as the account `by`, and writes
    /// `response.updated` to the webhooks that want it, in one transaction. Returns the
    /// answer as it is now, or `None` when the survey has no such answer. A change that
    /// changes nothing writes nothing.
    pub async fn change_follow_up(
        &self,
        survey_id: &str,
        response_id: &str,
        change: &FollowUpChange,
        by: &str,
    ) -> sqlx::Result<Option<StoredResponse>> {
        let mut transaction = self.pool.begin().await?;
        let answer = [(survey_id, response_id.to_owned())];
        let watched = watch(&mut transaction, &answer).await?;
        let ids = [response_id.to_owned()];
        let Some(mut stored) = stored_responses(&mut transaction, &ids).await?.remove(response_id) else {
            return Ok(None);
        };
        if stored.survey_id != survey_id {
            return Ok(None);
        }
        let now = now_millis();
        let Some(follow_up) = stored.follow_up.changed(change, now) else {
            return Ok(Some(stored));
        };
        // The first time it left open stays the first, whatever another change did since
        // this one read it.
        sqlx::query(
            "INSERT INTO follow_ups (response_id, state, owner, note, updated_at, updated_by, followed_up_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (response_id) DO UPDATE SET
                 state = excluded.state, owner = excluded.owner, note = excluded.note,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                 followed_up_at = COALESCE(follow_ups.followed_up_at, excluded.followed_up_at)",
        )
        .bind(response_id)
        .bind(follow_up.state.as_str())
        .bind(follow_up.owner.as_deref())
        .bind(follow_up.note.as_deref())
        .bind(now)
        .bind(by)
        .bind(follow_up.followed_up_at)
        .execute(&mut *transaction)
        .await?;
        if let Some(watched) = watched {
            enqueue_changes(&mut transaction, watched, &answer).await?;
        }
        transaction.commit().await?;
        stored.follow_up = follow_up;
        Ok(Some(stored))
    }

    /// Every detractor of the survey with their follow-up, oldest first.
    pub async fn follow_ups(&self, survey: &SurveyConfig) -> sqlx::Result<FollowUps> {
        let (_, detractor_max) = Category::Detractor.scores().into_inner();
        let answers: Vec<Detractor> = sqlx::query_as(
            "SELECT r.id, r.created_at, r.nps, r.page, r.language, f.state, f.followed_up_at
             FROM responses r LEFT JOIN follow_ups f ON f.response_id = r.id
             WHERE r.survey_id = $1 AND r.nps <= $2
             ORDER BY r.created_at, r.id",
        )
        .bind(&survey.id)
        .bind(i64::from(detractor_max))
        .fetch_all(&self.pool)
        .await?;
        let attributes: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT a.response_id, a.key, a.value FROM response_attributes a
             JOIN responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND r.nps <= $2",
        )
        .bind(&survey.id)
        .bind(i64::from(detractor_max))
        .fetch_all(&self.pool)
        .await?;
        let mut by_answer: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for (id, key, value) in &attributes {
            by_answer.entry(id).or_default().push((key, value));
        }

        let mut follow_ups = FollowUps::new(Feed::new(survey.scale, survey.modules));
        for answer in &answers {
            let row = Row {
                time: (answer.created_at / 1000) as u32,
                score: answer.nps as u8,
                page: answer.page.as_deref(),
                language: answer.language.as_deref(),
                attributes: by_answer.remove(answer.id.as_str()).unwrap_or_default(),
                ..Row::default()
            };
            let follow_up = FollowUp {
                state: state(answer.state.as_deref())?,
                followed_up_at: answer.followed_up_at,
                ..FollowUp::default()
            };
            follow_ups.push(&row, &follow_up);
        }
        Ok(follow_ups)
    }
}

/// The state stored in `follow_ups.state`; open without a row.
pub(super) fn state(stored: Option<&str>) -> sqlx::Result<FollowUpState> {
    let state = stored
        .map(str::parse::<FollowUpState>)
        .transpose()
        .map_err(|error| sqlx::Error::Decode(error.into()))?;
    Ok(state.unwrap_or_default())
}
