//! A webhook receiver as a company runs one, on 127.0.0.1: it takes every message the
//! server posts, answers one in ten with 503 (so that retries are proven too), and in the
//! end checks the messages against the answers committed: each told once, each detractor's
//! comment alerted once, with a signature that the `standardwebhooks` crate (not the
//! server's code) verifies.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::ensure;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::header::HeaderMap;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use pulse_core::alerts::is_detractor_with_comment;
use pulse_core::api::ResponseSubmission;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::server;
use crate::summary::{Budget, Figure};

/// The server's flags for a receiver on 127.0.0.1, and retries a moment apart instead of
/// hours: ten of them, so that a message is given up only after ten 503s in a row.
pub const SERVER_ARGS: &[&str] =
    &["--allow-private-webhooks", "--webhook-retry-seconds", "0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2,0.2"];

const ADMIN: &str = "admin@crash.example";
const PASSWORD: &str = "a passphrase for the crash proof";

struct Received {
    headers: HeaderMap,
    body: Bytes,
    /// Answered 200 (else 503).
    accepted: bool,
}

pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub async fn start() -> anyhow::Result<Receiver> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/hooks", listener.local_addr()?);
        let received = Arc::new(Mutex::new(Vec::new()));
        tokio::spawn(serve(listener, received.clone()));
        Ok(Receiver { url, received })
    }

    /// Adds an admin to the database, and through the server at `base` a webhook of every
    /// change of `survey`'s answers and of its detractors' comments; returns its secret.
    pub async fn subscribe(&self, database_url: &str, base: &str, survey: &str) -> anyhow::Result<String> {
        let add = ["user", "add", "--email", ADMIN, "--role", "admin"];
        server::command(database_url, &add, &format!("{PASSWORD}\n")).await?;
        let client = reqwest::Client::new();
        let login = client
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"email": ADMIN, "password": PASSWORD}))
            .send()
            .await?;
        ensure!(login.status() == StatusCode::OK, "the admin could not sign in: {}", login.status());
        let cookie = login.headers()["set-cookie"].to_str()?.split(';').next().unwrap_or_default().to_owned();
        let events = ["response.created", "response.updated", "response.deleted", "alert.detractor"];
        let created = client
            .post(format!("{base}/api/v1/admin/surveys/{survey}/webhooks"))
            .header("cookie", cookie)
            .json(&json!({"url": self.url, "events": events}))
            .send()
            .await?;
        ensure!(created.status() == StatusCode::CREATED, "the webhook was refused: {}", created.status());
        let created: Value = created.json().await?;
        Ok(created["secret"].as_str().unwrap_or_default().to_owned())
    }

    /// Waits until each of the `committed` answers has had its `response.created` taken,
    /// and each of those of a detractor with a comment its `alert.detractor`, or `patience`
    /// has passed; then counts what came.
    pub async fn deliveries(
        &self,
        secret: &str,
        committed: &[ResponseSubmission],
        patience: Duration,
    ) -> Deliveries {
        let start = Instant::now();
        loop {
            let deliveries = self.count(secret, committed);
            if deliveries.created.missing + deliveries.alerts.missing == 0 || start.elapsed() > patience {
                return deliveries;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    fn count(&self, secret: &str, committed: &[ResponseSubmission]) -> Deliveries {
        let verifier = standardwebhooks::Webhook::new(secret).ok();
        let received = self.received.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut deliveries = Deliveries::default();
        // Per message id: (event, answer id).
        let mut messages: HashMap<&str, (String, String)> = HashMap::new();
        let mut taken: HashSet<&str> = HashSet::new();
        for request in received.iter() {
            let signed = verifier
                .as_ref()
                .is_some_and(|verifier| verifier.verify(&request.body, &request.headers).is_ok());
            let id = request.headers.get("webhook-id").and_then(|id| id.to_str().ok()).unwrap_or_default();
            let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
            let told = (
                body["type"].as_str().unwrap_or_default().to_owned(),
                body["data"]["id"].as_str().unwrap_or_default().to_owned(),
            );
            if !signed || messages.get(id).is_some_and(|earlier| *earlier != told) {
                deliveries.bad += 1;
            }
            if !request.accepted {
                deliveries.refused += 1;
            } else if !taken.insert(id) {
                deliveries.repeated += 1;
            }
            messages.insert(id, told);
        }
        let answers: HashSet<&str> = committed.iter().map(|answer| answer.id.as_str()).collect();
        let detractors: HashSet<&str> = committed
            .iter()
            .filter(|answer| {
                u8::try_from(answer.nps)
                    .is_ok_and(|nps| is_detractor_with_comment(nps, answer.comment.as_deref()))
            })
            .map(|answer| answer.id.as_str())
            .collect();
        // Per event, the answers it must tell of and, per answer, the ids of its messages.
        let mut expected =
            [("response.created", answers, HashMap::new()), ("alert.detractor", detractors, HashMap::new())];
        for (id, (event, answer)) in &messages {
            match expected
                .iter_mut()
                .find(|(name, answers, _)| name == event && answers.contains(answer.as_str()))
            {
                Some((_, _, ids)) => ids.entry(answer.as_str()).or_insert_with(HashSet::new).insert(*id),
                None => {
                    deliveries.never_committed += 1;
                    false
                }
            };
        }
        let [created, alerts] = expected.map(|(_, answers, ids)| Told::count(&answers, &ids, &taken));
        deliveries.created = created;
        deliveries.alerts = alerts;
        deliveries.requests = received.len() as u64;
        deliveries
    }
}

/// Of the answers that must be told of one event, how they were.
#[derive(Debug, Default)]
pub struct Told {
    /// Answers whose message was taken (answered 200).
    pub delivered: u64,
    /// Answers whose message never was.
    pub missing: u64,
    /// Messages beyond the first for one answer.
    pub extra: u64,
}

impl Told {
    /// `answers` against the ids of their messages, `ids`, and the ids `taken`.
    fn count(answers: &HashSet<&str>, ids: &HashMap<&str, HashSet<&str>>, taken: &HashSet<&str>) -> Told {
        let mut told = Told::default();
        for answer in answers {
            match ids.get(answer) {
                Some(ids) if ids.iter().any(|id| taken.contains(id)) => told.delivered += 1,
                _ => told.missing += 1,
            }
            told.extra += ids.get(answer).map_or(0, |ids| ids.len().saturating_sub(1)) as u64;
        }
        told
    }
}

/// What the receiver got, against the answers committed.
#[derive(Debug, Default)]
pub struct Deliveries {
    pub requests: u64,
    /// Each committed answer's `response.created`.
    pub created: Told,
    /// Each committed detractor's answer with a comment's `alert.detractor`.
    pub alerts: Told,
    /// Messages of an answer never committed, alerts of an answer that calls for none, and
    /// messages of any other event.
    pub never_committed: u64,
    /// Requests whose signature failed, or that told another event under an id seen before.
    pub bad: u64,
    /// Requests the receiver answered 503, to be sent again.
    pub refused: u64,
    /// Requests of a message already taken: sent again because the server was killed
    /// before it recorded the delivery. Allowed: the `webhook-id` lets receivers drop them.
    pub repeated: u64,
}

impl Deliveries {
    /// Whether every committed answer was told once, every detractor's comment alerted
    /// once, and nothing else was told.
    pub fn holds(&self) -> bool {
        let once = |told: &Told| told.missing == 0 && told.extra == 0;
        once(&self.created) && once(&self.alerts) && self.never_committed == 0 && self.bad == 0
    }

    pub fn figures(&self) -> Vec<Figure> {
        let none = Some(Budget::AtMost(0.0));
        vec![
            Figure::new("webhook: committed answers never delivered", self.created.missing as f64, "", none),
            Figure::new("webhook: messages of events never committed", self.never_committed as f64, "", none),
            Figure::new("webhook: extra messages for one answer", self.created.extra as f64, "", none),
            Figure::new("webhook: detractors' comments alerted", self.alerts.delivered as f64, "", None),
            Figure::new("webhook: detractors' comments never alerted", self.alerts.missing as f64, "", none),
            Figure::new("webhook: extra alerts for one answer", self.alerts.extra as f64, "", none),
            Figure::new("webhook: bad signatures", self.bad as f64, "", none),
            Figure::new("webhook: deliveries repeated after a kill", self.repeated as f64, "", None),
            Figure::new("webhook: deliveries refused (503) and retried", self.refused as f64, "", None),
        ]
    }
}

impl fmt::Display for Deliveries {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            formatter,
            "webhook requests {}: answers delivered {}, never delivered {}, extra messages {}; \
             detractors' comments alerted {}, never alerted {}, extra alerts {}; \
             messages never committed {}, bad signatures {}, answered 503 {}, repeated after a kill {}",
            self.requests,
            self.created.delivered,
            self.created.missing,
            self.created.extra,
            self.alerts.delivered,
            self.alerts.missing,
            self.alerts.extra,
            self.never_committed,
            self.bad,
            self.refused,
            self.repeated
        )
    }
}

async fn serve(listener: TcpListener, received: Arc<Mutex<Vec<Received>>>) {
    while let Ok((stream, _)) = listener.accept().await {
        let received = received.clone();
        let service = service_fn(move |request: Request<Incoming>| {
            let received = received.clone();
            async move {
                let (parts, body) = request.into_parts();
                let body = body.collect().await?.to_bytes();
                let accepted = fastrand::u8(..10) != 0;
                let mut received = received.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                received.push(Received { headers: parts.headers, body, accepted });
                let mut response = Response::new(Empty::<Bytes>::new());
                *response.status_mut() =
                    if accepted { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
                Ok::<_, hyper::Error>(response)
            }
        });
        tokio::spawn(
            async move { http1::Builder::new().serve_connection(TokioIo::new(stream), service).await },
        );
    }
}
