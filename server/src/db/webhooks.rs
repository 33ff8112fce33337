//! Webhooks and their outbox: the webhooks admins set, the messages written in the
//! transaction of each change or alert they tell of, the attempts to deliver them, and the
//! lease of the one process that sends them.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use pulse_core::admin::StoredResponse;
use pulse_core::alerts::{detractor_alert, score_drop, score_drop_periods, Period, ALERT_WEEK_MILLIS};
use pulse_core::webhook::{
    ResponseRef, Webhook, WebhookAttempt, WebhookEvent, WebhookPayload, WebhookRef, WebhookSettings,
    WEBHOOK_TEST_EVENT,
};
use serde::Serialize;
use sqlx::AnyConnection;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

use super::responses::stored_responses;
use super::{now_millis, statement_rows, values, Db};

/// Attempts listed per webhook: enough to see a receiver's trouble start.
const LISTED_ATTEMPTS: i64 = 20;

const COLUMNS: &str = "id, survey_id, url, events, format, enabled, created_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    survey_id: String,
    url: String,
    events: String,
    format: String,
    enabled: i64,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    message_id: String,
    event: String,
    attempt: i64,
    attempted_at: i64,
    status: Option<i64>,
    error: Option<String>,
    message_attempts: i64,
    delivered_at: Option<i64>,
    next_attempt_at: Option<i64>,
}

/// A message taken to be sent, with what sending it needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Due {
    pub message_id: String,
    pub webhook_id: String,
    pub event: String,
    /// The body in the standard format.
    pub payload: String,
    /// Attempts made before this one.
    pub attempts: i64,
    pub url: String,
    pub secret: String,
    pub format: String,
}

/// What becomes of a message after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Delivered,
    /// Tried again at this time (milliseconds).
    RetryAt(i64),
    /// Every attempt of the schedule failed.
    GiveUp,
}

/// One attempt to deliver a message: when, and what the receiver answered.
#[derive(Clone, Debug)]
pub struct Attempted {
    pub at: i64,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub next: Next,
}

impl Db {
    /// The survey's webhooks, oldest first.
    pub async fn webhooks(&self, survey_id: &str) -> sqlx::Result<Vec<Webhook>> {
        let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE survey_id = $1 ORDER BY created_at, id");
        let rows: Vec<Row> = sqlx::query_as(&sql).bind(survey_id).fetch_all(&self.pool).await?;
        let mut webhooks = Vec::with_capacity(rows.len());
        for row in rows {
            webhooks.push(self.with_deliveries(row).await?);
        }
        Ok(webhooks)
    }

    pub async fn webhook(&self, survey_id: &str, id: &str) -> sqlx::Result<Option<Webhook>> {
        let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE survey_id = $1 AND id = $2");
        let row: Option<Row> =
            sqlx::query_as(&sql).bind(survey_id).bind(id).fetch_optional(&self.pool).await?;
        match row {
            Some(row) => Ok(Some(self.with_deliveries(row).await?)),
            None => Ok(None),
        }
    }

    /// Adds a webhook to the survey, unless it has `max` already; returns its id.
    pub async fn create_webhook(
        &self,
        survey_id: &str,
        settings: &WebhookSettings,
        secret: &str,
        max: usize,
    ) -> sqlx::Result<Option<String>> {
        let id = format!("wh_{}", Uuid::now_v7().simple());
        let mut transaction = self.pool.begin().await?;
        // One statement, counting and adding at once: SQLite writes one at a time, but
        // PostgreSQL's statements each count in their own snapshot, so two at once would
        // both see room for one more. Locking the survey's row makes them take turns; not
        // for a key update, so answers being stored (whose foreign key share-locks the row)
        // do not wait for it, except a batch with a score of 0, which share-locks the row
        // to read its scale (writer.rs): the second of the two then waits for the first.
        if transaction.backend_name() == "PostgreSQL" {
            sqlx::query("SELECT id FROM surveys WHERE id = $1 FOR NO KEY UPDATE")
                .bind(survey_id)
                .execute(&mut *transaction)
                .await?;
        }
        let inserted = sqlx::query(
            "INSERT INTO webhooks (id, survey_id, url, events, format, enabled, secret, created_at, updated_at)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $8
             WHERE (SELECT COUNT(*) FROM webhooks WHERE survey_id = $2) < $9",
        )
        .bind(&id)
        .bind(survey_id)
        .bind(&settings.url)
        .bind(events_json(&settings.events))
        .bind(settings.format.as_str())
        .bind(i64::from(settings.enabled))
        .bind(secret)
        .bind(now_millis())
        .bind(max as i64)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok((inserted.rows_affected() == 1).then_some(id))
    }

    /// Replaces the webhook's settings; `false` when the survey has no such webhook.
    pub async fn update_webhook(
        &self,
        survey_id: &str,
        id: &str,
        settings: &WebhookSettings,
    ) -> sqlx::Result<bool> {
        let updated = sqlx::query(
            "UPDATE webhooks SET url = $3, events = $4, format = $5, enabled = $6, updated_at = $7
             WHERE survey_id = $1 AND id = $2",
        )
        .bind(survey_id)
        .bind(id)
        .bind(&settings.url)
        .bind(events_json(&settings.events))
        .bind(settings.format.as_str())
        .bind(i64::from(settings.enabled))
        .bind(now_millis())
        .execute(&self.pool)
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Deletes the webhook with its messages; `false` when the survey has no such webhook.
    pub async fn delete_webhook(&self, survey_id: &str, id: &str) -> sqlx::Result<bool> {
        let deleted = sqlx::query("DELETE FROM webhooks WHERE survey_id = $1 AND id = $2")
            .bind(survey_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected() == 1)
    }

    /// Stops sending to a webhook whose receiver said it is gone for good.
    pub async fn disable_webhook(&self, id: &str) -> sqlx::Result<()> {
        sqlx::query("UPDATE webhooks SET enabled = 0, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now_millis())
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// Writes a test message for the webhook, taken until `claimed_until` by the caller,
    /// which sends it at once; `None` when the survey has no such webhook.
    pub async fn enqueue_test(
        &self,
        survey_id: &str,
        id: &str,
        claimed_until: i64,
    ) -> sqlx::Result<Option<Due>> {
        let now = now_millis();
        let data = WebhookRef { webhook_id: id.to_owned(), survey_id: survey_id.to_owned() };
        let message_id = new_message_id();
        let inserted = sqlx::query(
            "INSERT INTO webhook_messages (id, webhook_id, event, payload, created_at, next_attempt_at)
             SELECT $1, id, $2, $3, $4, $5 FROM webhooks WHERE survey_id = $6 AND id = $7",
        )
        .bind(&message_id)
        .bind(WEBHOOK_TEST_EVENT)
        .bind(payload(WEBHOOK_TEST_EVENT, now, &data))
        .bind(now)
        .bind(claimed_until)
        .bind(survey_id)
        .bind(id)
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(None);
        }
        Ok(self.due(&[message_id]).await?.pop())
    }

    /// Takes or renews the lease of the sender for `holder` until `until`, unless another
    /// process holds it; returns whether `holder` holds it.
    pub async fn hold_sender(&self, holder: &str, until: i64) -> sqlx::Result<bool> {
        let held = sqlx::query(
            "UPDATE webhook_sender SET holder = $1, held_until = $2
             WHERE id = 1 AND (holder = $1 OR held_until < $3)",
        )
        .bind(holder)
        .bind(until)
        .bind(now_millis())
        .execute(&self.pool)
        .await?;
        Ok(held.rows_affected() == 1)
    }

    /// Gives the lease up, so that another process sends at once.
    pub async fn release_sender(&self, holder: &str) -> sqlx::Result<()> {
        sqlx::query("UPDATE webhook_sender SET held_until = 0 WHERE id = 1 AND holder = $1")
            .bind(holder)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// Takes up to `limit` messages due to enabled webhooks, the longest waiting first, until
    /// `claimed_until`: should this process die sending them, they are due again then.
    pub async fn claim_due(&self, claimed_until: i64, limit: i64) -> sqlx::Result<Vec<Due>> {
        // The outer condition is checked again on each row once it is locked, so that a
        // message two processes race for is taken by one of them only.
        let ids: Vec<String> = sqlx::query_scalar(
            "UPDATE webhook_messages SET next_attempt_at = $1
             WHERE id IN (
                 SELECT m.id FROM webhook_messages m JOIN webhooks w ON w.id = m.webhook_id
                 WHERE m.next_attempt_at <= $2 AND w.enabled = 1
                 ORDER BY m.next_attempt_at LIMIT $3
             ) AND next_attempt_at <= $2
             RETURNING id",
        )
        .bind(claimed_until)
        .bind(now_millis())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        self.due(&ids).await
    }

    async fn due(&self, ids: &[String]) -> sqlx::Result<Vec<Due>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT m.id AS message_id, m.webhook_id, m.event, m.payload, m.attempts, w.url, w.secret, w.format
             FROM webhook_messages m JOIN webhooks w ON w.id = m.webhook_id
             WHERE m.payload IS NOT NULL AND m.id IN {}",
            values(1, ids.len())
        );
        let mut query = sqlx::query_as(&sql);
        for id in ids {
            query = query.bind(id);
        }
        query.fetch_all(&self.pool).await
    }

    /// Records attempts and what becomes of their messages, in one transaction. Nothing
    /// is recorded for a message deleted meanwhile, with its webhook or its answer, nor
    /// for one whose attempt another process recorded first: a sender whose claim lapsed
    /// while it was sending (killed, or stalled) races the one that took the message again.
    pub async fn record_attempts(&self, attempts: &[(Due, Attempted)]) -> sqlx::Result<()> {
        let mut transaction = self.pool.begin().await?;
        for (due, attempted) in attempts {
            let (next_attempt_at, delivered_at, failed_at) = match attempted.next {
                Next::Delivered => (None, Some(attempted.at), None),
                Next::RetryAt(at) => (Some(at), None, None),
                Next::GiveUp => (None, None, Some(attempted.at)),
            };
            let attempt = due.attempts + 1;
            let updated = sqlx::query(
                "UPDATE webhook_messages SET attempts = $2, next_attempt_at = $3, delivered_at = $4,
                     failed_at = $5, payload = CASE WHEN $6 = 1 THEN payload ELSE NULL END
                 WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL AND attempts = $7",
            )
            .bind(&due.message_id)
            .bind(attempt)
            .bind(next_attempt_at)
            .bind(delivered_at)
            .bind(failed_at)
            .bind(i64::from(next_attempt_at.is_some()))
            .bind(due.attempts)
            .execute(&mut *transaction)
            .await?;
            if updated.rows_affected() == 1 {
                sqlx::query(
                    "INSERT INTO webhook_attempts (message_id, attempt, webhook_id, attempted_at, status, error)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (message_id, attempt) DO NOTHING",
                )
                .bind(&due.message_id)
                .bind(attempt)
                .bind(&due.webhook_id)
                .bind(attempted.at)
                .bind(attempted.status.map(i64::from))
                .bind(attempted.error.as_deref())
                .execute(&mut *transaction)
                .await?;
            }
        }
        transaction.commit().await
    }

    /// Deletes the messages delivered or given up before `before`, with their attempts.
    pub async fn prune_messages(&self, before: i64) -> sqlx::Result<u64> {
        let deleted =
            sqlx::query("DELETE FROM webhook_messages WHERE next_attempt_at IS NULL AND created_at < $1")
                .bind(before)
                .execute(&self.pool)
                .await?;
        Ok(deleted.rows_affected())
    }

    /// Writes `alert.score_drop` for each survey whose week's NPS dropped (by
    /// [`score_drop`]) to its webhooks that subscribe to it, unless it was alerted in the
    /// last week: a check run every hour tells of a drop once. Returns how many surveys were
    /// alerted.
    pub async fn check_score_drops(&self, now: i64) -> sqlx::Result<usize> {
        let (this_week, weeks_before) = score_drop_periods(now);
        let alerted_since = now - ALERT_WEEK_MILLIS;
        let webhooks: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT id, survey_id, events FROM webhooks WHERE enabled = 1
                 AND survey_id NOT IN (SELECT survey_id FROM score_alerts WHERE alerted_at > $1)",
        )
        .bind(alerted_since)
        .fetch_all(&self.pool)
        .await?;
        let watching = subscribing(webhooks, &[WebhookEvent::AlertScoreDrop]);
        let surveys: BTreeSet<&str> =
            watching.iter().map(|subscriber| subscriber.survey_id.as_str()).collect();
        let mut alerted = 0;
        for survey_id in surveys {
            let (week_scores, before_scores) =
                (self.scores(survey_id, &this_week).await?, self.scores(survey_id, &weeks_before).await?);
            let week = Period { time: this_week.clone(), scores: &week_scores };
            let before = Period { time: weeks_before.clone(), scores: &before_scores };
            let Some(drop) = score_drop(survey_id, &week, &before) else { continue };
            let mut transaction = self.pool.begin().await?;
            // Written first and only if the survey's latest alert is older than a week, so
            // that a check racing this one (its lease lapsed) writes no second alert.
            let due = sqlx::query(
                "INSERT INTO score_alerts (survey_id, alerted_at) VALUES ($1, $2)
                 ON CONFLICT (survey_id) DO UPDATE SET alerted_at = excluded.alerted_at
                 WHERE score_alerts.alerted_at <= $3",
            )
            .bind(survey_id)
            .bind(now)
            .bind(alerted_since)
            .execute(&mut *transaction)
            .await?;
            if due.rows_affected() == 1 {
                // Read again in the transaction: a webhook deleted since has no messages.
                let event = WebhookEvent::AlertScoreDrop;
                let subscribers =
                    subscribers(&mut transaction, &HashSet::from([survey_id]), &[event]).await?;
                let mut messages = Vec::new();
                let body = payload(event.as_str(), now, &drop);
                tell(&mut messages, &subscribers, (None, survey_id), event, &body);
                if messages.is_empty() {
                    // Dropped, the transaction takes back the alert's row: a survey told
                    // nothing is not silenced for a week.
                    continue;
                }
                insert_messages(&mut transaction, &messages, now).await?;
                alerted += 1;
            }
            transaction.commit().await?;
        }
        Ok(alerted)
    }

    /// The survey's answers given in `time`, counted by score.
    async fn scores(&self, survey_id: &str, time: &Range<i64>) -> sqlx::Result<Vec<(u8, u64)>> {
        let counts: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT nps, COUNT(*) FROM responses WHERE survey_id = $1 AND created_at >= $2 AND created_at < $3
             GROUP BY nps",
        )
        .bind(survey_id)
        .bind(time.start)
        .bind(time.end)
        .fetch_all(&self.pool)
        .await?;
        Ok(counts.into_iter().map(|(score, answers)| (score as u8, answers as u64)).collect())
    }

    /// The webhook of `row` with its counts of messages and its latest attempts.
    async fn with_deliveries(&self, row: Row) -> sqlx::Result<Webhook> {
        let (pending, failed): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(next_attempt_at), COUNT(failed_at) FROM webhook_messages WHERE webhook_id = $1",
        )
        .bind(&row.id)
        .fetch_one(&self.pool)
        .await?;
        let attempts: Vec<AttemptRow> = sqlx::query_as(
            "SELECT a.message_id, m.event, a.attempt, a.attempted_at, a.status, a.error,
                 m.attempts AS message_attempts, m.delivered_at, m.next_attempt_at
             FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id
             WHERE a.webhook_id = $1
             ORDER BY a.attempted_at DESC, a.attempt DESC
             LIMIT $2",
        )
        .bind(&row.id)
        .bind(LISTED_ATTEMPTS)
        .fetch_all(&self.pool)
        .await?;
        Ok(Webhook {
            settings: WebhookSettings {
                url: row.url,
                events: parse_events(&row.events),
                format: row.format.parse().unwrap_or_default(),
                enabled: row.enabled != 0,
            },
            id: row.id,
            survey_id: row.survey_id,
            created_at: row.created_at,
            pending: pending as u64,
            failed: failed as u64,
            attempts: attempts.into_iter().map(attempt).collect(),
        })
    }
}

fn attempt(row: AttemptRow) -> WebhookAttempt {
    let latest = row.attempt == row.message_attempts;
    WebhookAttempt {
        message_id: row.message_id,
        event: row.event,
        attempt: row.attempt as u32,
        attempted_at: row.attempted_at,
        status: row.status.map(|status| status as u16),
        error: row.error,
        delivered: latest && row.delivered_at.is_some(),
        next_attempt_at: row.next_attempt_at.filter(|_| latest),
    }
}

/// A webhook of a survey in a change's transaction, with what it subscribes to.
struct Subscriber {
    id: String,
    survey_id: String,
    events: Vec<WebhookEvent>,
}

/// The enabled webhooks of `surveys` that subscribe to one of `events`.
async fn subscribers(
    connection: &mut AnyConnection,
    surveys: &HashSet<&str>,
    events: &[WebhookEvent],
) -> sqlx::Result<Vec<Subscriber>> {
    if surveys.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, survey_id, events FROM webhooks WHERE enabled = 1 AND survey_id IN {} ORDER BY id",
        values(1, surveys.len())
    );
    let mut query = sqlx::query_as::<_, (String, String, String)>(&sql);
    for survey in surveys {
        query = query.bind(*survey);
    }
    Ok(subscribing(query.fetch_all(&mut *connection).await?, events))
}

/// Of webhooks read as (id, survey, events), those that subscribe to one of `events`.
fn subscribing(rows: Vec<(String, String, String)>, events: &[WebhookEvent]) -> Vec<Subscriber> {
    rows.into_iter()
        .map(|(id, survey_id, events)| Subscriber { id, survey_id, events: parse_events(&events) })
        .filter(|subscriber| subscriber.events.iter().any(|event| events.contains(event)))
        .collect()
}

/// The answers of a writer's batch that webhooks are told of, as they were before the
/// batch: what tells a `response.created` from a `response.updated`, and a change from an
/// answer sent again as it was.
pub(super) struct Watched {
    subscribers: Vec<Subscriber>,
    before: HashMap<String, StoredResponse>,
}

/// What [`enqueue_changes`] needs to know before the batch's answers are written, which the
/// caller has locked (`lock_answers`); `None` when no webhook of their surveys wants to know.
pub(super) async fn watch(
    connection: &mut AnyConnection,
    answers: &[(&str, String)],
) -> sqlx::Result<Option<Watched>> {
    let surveys: HashSet<&str> = answers.iter().map(|(survey_id, _)| *survey_id).collect();
    let events = [WebhookEvent::ResponseCreated, WebhookEvent::ResponseUpdated, WebhookEvent::AlertDetractor];
    let subscribers = subscribers(connection, &surveys, &events).await?;
    if subscribers.is_empty() {
        return Ok(None);
    }
    let ids = watched_ids(&subscribers, answers);
    let before = stored_responses(connection, &ids).await?;
    Ok(Some(Watched { subscribers, before }))
}

/// Writes a message to each webhook that subscribes to what became of the `stored`
/// answers in the batch: `response.created` for an answer new to it, `response.updated`
/// for one that changed, nothing for one sent again as it was; and `alert.detractor` for
/// one that became a detractor's with a comment. Returns how many.
pub(super) async fn enqueue_changes(
    connection: &mut AnyConnection,
    watched: Watched,
    stored: &[(&str, String)],
) -> sqlx::Result<usize> {
    let ids = watched_ids(&watched.subscribers, stored);
    let after = stored_responses(connection, &ids).await?;
    let now = now_millis();
    let mut messages = Vec::new();
    for id in &ids {
        let Some(answer) = after.get(id) else { continue };
        let before = watched.before.get(id);
        let change = match before {
            None => Some(WebhookEvent::ResponseCreated),
            Some(before) if before != answer => Some(WebhookEvent::ResponseUpdated),
            Some(_) => None,
        };
        let alert = detractor_alert(before, answer).then_some(WebhookEvent::AlertDetractor);
        for event in change.into_iter().chain(alert) {
            let body = payload(event.as_str(), now, answer);
            tell(&mut messages, &watched.subscribers, (Some(id), &answer.survey_id), event, &body);
        }
    }
    insert_messages(connection, &messages, now).await?;
    Ok(messages.len())
}

/// The ids of `answers` to surveys that `subscribers` watch, each once.
fn watched_ids(subscribers: &[Subscriber], answers: &[(&str, String)]) -> Vec<String> {
    let surveys: HashSet<&str> = subscribers.iter().map(|subscriber| subscriber.survey_id.as_str()).collect();
    let mut ids: Vec<String> = answers
        .iter()
        .filter(|(survey_id, _)| surveys.contains(survey_id))
        .map(|(_, id)| id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// In the transaction that deleted the `deleted` answers (id, survey): drops the messages
/// not yet delivered that carry an answer no longer stored, which must not carry it out after
/// its deletion, and writes `response.deleted` to each webhook that subscribes to it.
pub(super) async fn enqueue_deletions(
    connection: &mut AnyConnection,
    deleted: &[(String, String)],
) -> sqlx::Result<usize> {
    if deleted.is_empty() {
        return Ok(0);
    }
    // An earlier deletion's own `response.deleted` is about an answer no longer stored too:
    // it must still go out.
    sqlx::query(
        "DELETE FROM webhook_messages
         WHERE next_attempt_at IS NOT NULL AND response_id IS NOT NULL AND event <> $1
             AND NOT EXISTS (SELECT 1 FROM responses WHERE responses.id = webhook_messages.response_id)",
    )
    .bind(WebhookEvent::ResponseDeleted.as_str())
    .execute(&mut *connection)
    .await?;
    let surveys: HashSet<&str> = deleted.iter().map(|(_, survey_id)| survey_id.as_str()).collect();
    let subscribers = subscribers(connection, &surveys, &[WebhookEvent::ResponseDeleted]).await?;
    let now = now_millis();
    let event = WebhookEvent::ResponseDeleted;
    let mut messages = Vec::new();
    for (id, survey_id) in deleted {
        let data = ResponseRef { id: id.clone(), survey_id: survey_id.clone() };
        let body = payload(event.as_str(), now, &data);
        tell(&mut messages, &subscribers, (Some(id), survey_id), event, &body);
    }
    insert_messages(connection, &messages, now).await?;
    Ok(messages.len())
}

struct Message<'a> {
    webhook_id: &'a str,
    event: WebhookEvent,
    /// The answer it is about, if any.
    response_id: Option<&'a str>,
    payload: String,
}

/// Adds a message of `event` about the answer or survey (id, survey) to each of
/// `subscribers` of the survey that subscribes to the event.
fn tell<'a>(
    messages: &mut Vec<Message<'a>>,
    subscribers: &'a [Subscriber],
    (response_id, survey_id): (Option<&'a str>, &str),
    event: WebhookEvent,
    body: &str,
) {
    for subscriber in subscribers {
        if subscriber.survey_id == survey_id && subscriber.events.contains(&event) {
            messages.push(Message {
                webhook_id: &subscriber.id,
                event,
                response_id,
                payload: body.to_owned(),
            });
        }
    }
}

/// Writes `messages`, due at once.
async fn insert_messages(
    connection: &mut AnyConnection,
    messages: &[Message<'_>],
    now: i64,
) -> sqlx::Result<()> {
    for rows in statement_rows(messages) {
        let sql = format!(
            "INSERT INTO webhook_messages (id, webhook_id, event, response_id, payload, created_at, next_attempt_at)
             VALUES {}",
            values(rows.len(), 7)
        );
        let mut query = sqlx::query(&sql);
        for message in rows {
            query = query
                .bind(new_message_id())
                .bind(message.webhook_id)
                .bind(message.event.as_str())
                .bind(message.response_id)
                .bind(message.payload.as_str())
                .bind(now)
                .bind(now);
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// A message's body in the standard format, as it is stored and signed.
fn payload(event: &str, at: i64, data: &impl Serialize) -> String {
    let timestamp = OffsetDateTime::from_unix_timestamp_nanos(i128::from(at) * 1_000_000)
        .ok()
        .and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_default();
    let payload = WebhookPayload { event: event.to_owned(), timestamp, data };
    serde_json::to_string(&payload).unwrap_or_default()
}

/// `msg_` and a UUID v7's digits: unique, and in the order messages were written.
fn new_message_id() -> String {
    format!("msg_{}", Uuid::now_v7().simple())
}

fn events_json(events: &[WebhookEvent]) -> String {
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    serde_json::to_string(&events).unwrap_or_default()
}

/// The events stored as JSON; an event this version does not know is left out.
fn parse_events(json: &str) -> Vec<WebhookEvent> {
    let names: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    names.iter().filter_map(|name| name.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_is_the_standard_envelope_with_an_rfc_3339_time() {
        let data = ResponseRef { id: "a".to_owned(), survey_id: "s".to_owned() };
        let body: serde_json::Value =
            serde_json::from_str(&payload("response.deleted", 1_764_000_000_123, &data)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "type": "response.deleted",
                "timestamp": "2025-11-24T16:00:00.123Z",
                "data": {"id": "a", "survey_id": "s"},
            })
        );
    }

    #[test]
    fn events_are_stored_once_each_and_read_back() {
        let events =
            [WebhookEvent::ResponseDeleted, WebhookEvent::ResponseCreated, WebhookEvent::ResponseDeleted];
        let stored = events_json(&events);
        assert_eq!(stored, r#"["response.created","response.deleted"]"#);
        assert_eq!(parse_events(&stored), [WebhookEvent::ResponseCreated, WebhookEvent::ResponseDeleted]);
        assert_eq!(
            parse_events(r#"["response.created","some.future_event"]"#),
            [WebhookEvent::ResponseCreated]
        );
    }
}
