//! Following up answers: marketers' changes of an answer's follow-up, told to webhooks in
//! the same transaction, and a survey's detractors with their follow-ups for the results
//! page (`pulse_core::follow_up`).

use pulse_core::admin::StoredResponse;
use pulse_core::feed::Feed;
use pulse_core::follow_up::{FollowUp, FollowUpChange, FollowUpState, FollowUps};
use pulse_core::nps::Category;
use pulse_core::survey::SurveyConfig;
use sqlx::Connection;

use super::responses::stored_responses;
use super::subset::{Answer, ANSWER_COLUMNS};
use super::webhooks::{enqueue_changes, watch};
use super::{begin_writing, lock_answers, lock_erasures, now_millis, Db};

/// A detractor's answer and where its follow-up stands.
#[derive(sqlx::FromRow)]
struct Detractor {
    #[sqlx(flatten)]
    answer: Answer,
    state: Option<String>,
    followed_up_at: Option<i64>,
}

/// What became of a change of a follow-up.
pub enum FollowUpChanged {
    /// Made, or nothing to change: the answer as it is now.
    Done(Box<StoredResponse>),
    /// The survey has no such answer.
    NoSuchAnswer,
    /// The owner it names is new and has no account.
    UnknownOwner,
}

impl Db {
    /// Makes `change` (checked by `FollowUpChange::validate`) to the follow-up of answer
    /// `response_id` of survey `survey_id`, as the account `by`, and writes
    /// `response.updated` to the webhooks that want it, in one transaction. Returns the
    /// answer as it is now. A change that changes nothing writes nothing.
    pub async fn change_follow_up(
        &self,
        survey_id: &str,
        response_id: &str,
        change: &FollowUpChange,
        by: &str,
    ) -> sqlx::Result<FollowUpChanged> {
        let mut connection = self.pool.acquire().await?;
        let begin = begin_writing(connection.backend_name());
        let mut transaction = connection.begin_with(begin).await?;
        // Two changes at once must not both start from the follow-up as it was.
        let ids = [response_id.to_owned()];
        // After an erasure of the answer, not during it, as the writer's batches.
        lock_erasures(&mut transaction, false).await?;
        lock_answers(&mut transaction, &ids).await?;
        let answer = [(survey_id, response_id.to_owned())];
        let watched = watch(&mut transaction, &answer).await?;
        let Some(mut stored) = stored_responses(&mut transaction, &ids).await?.remove(response_id) else {
            return Ok(FollowUpChanged::NoSuchAnswer);
        };
        if stored.survey_id != survey_id {
            return Ok(FollowUpChanged::NoSuchAnswer);
        }
        // Only a new owner must have an account: one whose account was deleted since stays
        // the owner while the rest of the follow-up changes.
        if let Some(owner) = change
            .owner
            .as_deref()
            .filter(|&owner| !owner.is_empty() && stored.follow_up.owner.as_deref() != Some(owner))
        {
            let account = sqlx::query("SELECT 1 FROM users WHERE email = $1")
                .bind(owner)
                .fetch_optional(&mut *transaction)
                .await?;
            if account.is_none() {
                return Ok(FollowUpChanged::UnknownOwner);
            }
        }
        let now = now_millis();
        let Some(follow_up) = stored.follow_up.changed(change, now) else {
            return Ok(FollowUpChanged::Done(Box::new(stored)));
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
        Ok(FollowUpChanged::Done(Box::new(stored)))
    }

    /// Every detractor of the survey with their follow-up, oldest first.
    pub async fn follow_ups(&self, survey: &SurveyConfig) -> sqlx::Result<FollowUps> {
        let (_, detractor_max) = Category::Detractor.scores().into_inner();
        let select = format!("{ANSWER_COLUMNS}, f.state, f.followed_up_at");
        let from = "responses r LEFT JOIN follow_ups f ON f.response_id = r.id";
        let read = self
            .subset::<Detractor>(&survey.id, (&select, from), &format!("r.nps <= {detractor_max}"))
            .await?;
        let mut follow_ups = FollowUps::new(Feed::new(survey.scale, survey.modules));
        for detractor in &read.answers {
            let follow_up = FollowUp {
                state: state(detractor.state.as_deref())?,
                followed_up_at: detractor.followed_up_at,
                ..FollowUp::default()
            };
            follow_ups.push(&read.row(&detractor.answer), &follow_up);
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
