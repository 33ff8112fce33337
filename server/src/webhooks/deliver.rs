//! Delivering the outbox: one process among those sharing a database (the holder of a
//! lease it renews) takes the messages due, each until a time past which it is taken to
//! have died sending it, posts them, and records each attempt: delivered on a 2xx, else
//! tried again after the retry schedule's next delay, or given up at its end. A message
//! whose attempt was cut by a crash is sent again: at least once, never lost. The same
//! process checks the surveys' NPS for `alert.score_drop` now and then.

use std::sync::Arc;
use std::time::{Duration, Instant};

use password_hash::rand_core::{OsRng, RngCore};
use pulse_core::limits::WEBHOOK_TIMEOUT_SECONDS;
use pulse_core::webhook::{WebhookAttempt, WebhookFormat};
use reqwest::header::{CONTENT_TYPE, USER_AGENT};
use reqwest::{redirect, StatusCode};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use uuid::Uuid;

use super::address::{check_literal, PublicOnly};
use super::sign::signature;
use super::slack;
use crate::config::Settings;
use crate::db::{now_millis, Attempted, Db, Due, Next};

/// How long the sender's lease lasts unless renewed: the longest that messages wait when
/// the process sending them was killed.
const LEASE: Duration = Duration::from_secs(10);
/// How long a message is taken for one attempt: past it, the attempt is taken to have
/// died with its process, and the message is due again.
const CLAIM: Duration = Duration::from_secs(WEBHOOK_TIMEOUT_SECONDS + 10);
/// How often the outbox is looked at while it has nothing due.
const POLL: Duration = Duration::from_secs(1);
/// Messages being sent at once.
const IN_FLIGHT: usize = 64;
/// Messages delivered or given up are kept this long, for the app to show their attempts.
const KEPT: Duration = Duration::from_secs(7 * 24 * 3600);
const PRUNE_EVERY: Duration = Duration::from_secs(3600);
/// Of an error's text, what an attempt keeps.
const ERROR_MAX_CHARS: usize = 300;

/// How messages are sent: the HTTP client and the retry schedule.
#[derive(Clone)]
pub struct Delivery {
    client: reqwest::Client,
    retry: Arc<[Duration]>,
    allow_private: bool,
    alert_check: Duration,
}

impl Delivery {
    pub fn new(settings: &Settings) -> Delivery {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(WEBHOOK_TIMEOUT_SECONDS))
            // A redirect could lead anywhere, a private address included; Standard Webhooks
            // count it as a failure.
            .redirect(redirect::Policy::none())
            // A proxy would resolve the receiver's name itself, unchecked.
            .no_proxy();
        let client =
            if settings.allow_private_webhooks { client } else { client.dns_resolver(Arc::new(PublicOnly)) };
        Delivery {
            // Building fails only when TLS cannot start, without which nothing can be sent.
            client: client.build().expect("the webhooks' HTTP client"),
            retry: settings.webhook_retry.clone().into(),
            allow_private: settings.allow_private_webhooks,
            alert_check: settings.alert_check,
        }
    }

    pub fn allows_private(&self) -> bool {
        self.allow_private
    }

    /// Writes a test message for the webhook and sends it at once; `None` when the survey
    /// has no such webhook. Should the attempt fail, the message is tried again as others are.
    pub async fn send_test(
        &self,
        db: &Db,
        survey_id: &str,
        webhook_id: &str,
    ) -> sqlx::Result<Option<WebhookAttempt>> {
        let Some(due) = db.enqueue_test(survey_id, webhook_id, claimed_until()).await? else {
            return Ok(None);
        };
        let attempted = self.attempt(&due).await;
        record(db, &[(due.clone(), attempted.clone())]).await?;
        Ok(Some(WebhookAttempt {
            attempt: due.attempts as u32 + 1,
            delivered: attempted.next == Next::Delivered,
            next_attempt_at: match attempted.next {
                Next::RetryAt(at) => Some(at),
                Next::Delivered | Next::GiveUp => None,
            },
            message_id: due.message_id,
            event: due.event,
            attempted_at: attempted.at,
            status: attempted.status,
            error: attempted.error,
        }))
    }

    /// Sends the message once: what came of it, to be recorded.
    async fn attempt(&self, due: &Due) -> Attempted {
        let (status, error) = match self.post(due).await {
            Ok(status) if status.is_success() => (Some(status.as_u16()), None),
            Ok(status) => (Some(status.as_u16()), Some(format!("the receiver answered {status}"))),
            Err(error) => (None, Some(error)),
        };
        let next = match (error.is_none(), self.retry.get(due.attempts as usize)) {
            (true, _) => Next::Delivered,
            (false, Some(delay)) => Next::RetryAt(now_millis() + jittered(*delay).as_millis() as i64),
            (false, None) => Next::GiveUp,
        };
        Attempted { at: now_millis(), status, error, next }
    }

    /// Posts the message: the receiver's status, or why there is none.
    async fn post(&self, due: &Due) -> Result<StatusCode, String> {
        let url = reqwest::Url::parse(&due.url).map_err(|error| error.to_string())?;
        if !self.allow_private {
            check_literal(&url).map_err(|refused| refused.to_string())?;
        }
        let body = match due.format.parse() {
            Ok(WebhookFormat::Slack) => slack::body(&due.payload),
            _ => due.payload.clone(),
        };
        let timestamp = now_millis() / 1000;
        let request = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, concat!("Pulse-Webhooks/", env!("CARGO_PKG_VERSION")))
            .header("webhook-id", &due.message_id)
            .header("webhook-timestamp", timestamp)
            .header("webhook-signature", signature(&due.secret, &due.message_id, timestamp, body.as_bytes()))
            .body(body);
        match request.send().await {
            Ok(response) => Ok(response.status()),
            Err(error) => Err(described(&error)),
        }
    }
}

/// What went wrong, for the app: the innermost cause says it best ("Connection refused",
/// the refused address); never the URL, which may hold a token.
fn described(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer within {WEBHOOK_TIMEOUT_SECONDS} s");
    }
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    let text = if error.is_connect() { format!("could not connect: {cause}") } else { cause.to_string() };
    text.chars().take(ERROR_MAX_CHARS).collect()
}

/// `delay`, varied by up to a fifth either way.
fn jittered(delay: Duration) -> Duration {
    let fraction = f64::from(OsRng.next_u32()) / f64::from(u32::MAX);
    delay.mul_f64(0.8 + 0.4 * fraction)
}

fn claimed_until() -> i64 {
    now_millis() + CLAIM.as_millis() as i64
}

/// Records attempts in one transaction (one sync to disk for many), and disables the
/// webhooks whose receivers answered 410 Gone: gone for good, their messages wait until an
/// admin enables them again.
async fn record(db: &Db, attempts: &[(Due, Attempted)]) -> sqlx::Result<()> {
    db.record_attempts(attempts).await?;
    for (due, attempted) in attempts {
        if attempted.status == Some(StatusCode::GONE.as_u16()) {
            tracing::warn!(webhook = due.webhook_id, "the receiver answered 410 Gone: webhook disabled");
            db.disable_webhook(&due.webhook_id).await?;
        }
    }
    Ok(())
}

/// The sending task; [`Sender::stop`] ends it.
pub struct Sender {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

/// Starts sending the outbox's messages from this process, whenever it holds the lease.
pub fn start(db: Db, delivery: Delivery) -> Sender {
    let (stop, stopped) = watch::channel(false);
    Sender { stop, task: tokio::spawn(send_all(db, delivery, stopped)) }
}

impl Sender {
    /// Finishes the attempts under way, then gives the lease up, so that another process
    /// takes over at once.
    pub async fn stop(self) {
        self.stop.send(true).ok();
        self.task.await.ok();
    }
}

/// Keeps up to [`IN_FLIGHT`] messages being sent while this process holds the lease, each
/// taken as a place frees up, so that a slow receiver holds up only its own messages.
async fn send_all(db: Db, delivery: Delivery, mut stopped: watch::Receiver<bool>) {
    let holder = Uuid::now_v7().simple().to_string();
    let mut sends: JoinSet<(Due, Attempted)> = JoinSet::new();
    let (mut holding, mut renew_at) = (false, Instant::now());
    let (mut pruned, mut checked): (Option<Instant>, Option<Instant>) = (None, None);
    let mut stopping = false;
    while !(stopping && sends.is_empty()) {
        if !stopping {
            if renew_at <= Instant::now() {
                holding = db.hold_sender(&holder, lease_end()).await.unwrap_or_else(|error| {
                    tracing::warn!(%error, "could not take or renew the webhooks' lease");
                    false
                });
                renew_at = Instant::now() + LEASE / 3;
            }
            if holding && checked.is_none_or(|at| at.elapsed() >= delivery.alert_check) {
                checked = Some(Instant::now());
                if let Err(error) = db.check_score_drops(now_millis()).await {
                    tracing::warn!(%error, "could not check the surveys' NPS for alerts");
                }
            }
            let room = IN_FLIGHT - sends.len();
            if holding && room > 0 {
                match db.claim_due(claimed_until(), room as i64).await {
                    Ok(due) => {
                        for message in due {
                            let delivery = delivery.clone();
                            sends.spawn(async move {
                                let attempted = delivery.attempt(&message).await;
                                (message, attempted)
                            });
                        }
                    }
                    Err(error) => tracing::warn!(%error, "could not take the webhooks' messages due"),
                }
            }
        }
        tokio::select! {
            Some(sent) = sends.join_next(), if !sends.is_empty() => {
                let mut attempts: Vec<(Due, Attempted)> = Vec::new();
                for sent in std::iter::once(sent).chain(std::iter::from_fn(|| sends.try_join_next())) {
                    attempts.extend(sent.ok());
                }
                if let Err(error) = record(&db, &attempts).await {
                    // Their claims lapse and they are sent again: at least once.
                    tracing::warn!(%error, "could not record the webhooks' attempts");
                }
            }
            // Told to stop, or no longer told anything: its `Sender` is gone.
            changed = stopped.changed(), if !stopping => stopping = changed.is_err() || *stopped.borrow(),
            () = tokio::time::sleep(POLL) => {}
        }
        if pruned.is_none_or(|at| at.elapsed() > PRUNE_EVERY) {
            pruned = Some(Instant::now());
            if let Err(error) = db.prune_messages(now_millis() - KEPT.as_millis() as i64).await {
                tracing::warn!(%error, "could not delete the webhooks' old messages");
            }
        }
    }
    if let Err(error) = db.release_sender(&holder).await {
        tracing::warn!(%error, "could not give the webhooks' lease up; another process takes it when it lapses");
    }
}

fn lease_end() -> i64 {
    now_millis() + LEASE.as_millis() as i64
}
