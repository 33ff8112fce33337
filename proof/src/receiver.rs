//! A webhook receiver as a company runs one, on 127.0.0.1: it takes every message the
//! server posts, answers one in ten with 503 (so that retries are proven too), and in the
//! end checks the messages against the answers committed: each told once, with a
//! signature that the `standardwebhooks` crate (not the server's code) verifies.

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
    /// change of `survey`'s answers; returns its secret.
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
        let events = ["response.created", "response.updated", "response.deleted"];
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
    /// or `patience` has passed; then counts what came.
    pub async fn deliveries(
        &self,
        secret: &str,
        committed: &HashSet<String>,
        patience: Duration,
    ) -> Deliveries {
        let start = Instant::now();
        loop {
            let deliveries = self.count(secret, committed);
            if deliveries.missing == 0 || start.elapsed() > patience {
                return deliveries;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    fn count(&self, secret: &str, committed: &HashSet<String>) -> Deliveries {
        let verifier = standardwebhooks::Webhook::new(secret).ok();
        let received = self.received.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut deliveries = Deliveries::default();
        // Per message id: (event, answer id); per answer, its `response.created` message ids.
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
        let mut created: HashMap<&str, HashSet<&str>> = HashMap::new();
        for (id, (event, answer)) in &messages {
            if event == "response.created" && committed.contains(answer) {
                created.entry(answer.as_str()).or_default().insert(id);
            } else {
                deliveries.never_committed += 1;
            }
        }
        for answer in committed {
            match created.get(answer.as_str()) {
                Some(ids) if ids.iter().any(|id| taken.contains(id)) => deliveries.delivered += 1,
                _ => deliveries.missing += 1,
            }
            deliveries.extra +=
                created.get(answer.as_str()).map_or(0, |ids| ids.len().saturating_sub(1)) as u64;
        }
        deliveries.requests = received.len() as u64;
        deliveries
    }
}

/// What the receiver got, against the answers committed.
#[derive(Debug, Default)]
pub struct Deliveries {
    pub requests: u64,
    /// Committed answers whose `response.created` was taken (answered 200).
    pub delivered: u64,
    /// Committed answers whose `response.created` never was.
    pub missing: u64,
    /// Messages of an answer never committed, or of another event than its creation.
    pub never_committed: u64,
    /// Messages beyond the first about the creation of one answer.
    pub extra: u64,
    /// Requests whose signature failed, or that told another event under an id seen before.
    pub bad: u64,
    /// Requests the receiver answered 503, to be sent again.
    pub refused: u64,
    /// Requests of a message already taken: sent again because the server was killed
    /// before it recorded the delivery. Allowed: the `webhook-id` lets receivers drop them.
    pub repeated: u64,
}

impl Deliveries {
    /// Whether every committed answer was told once, and nothing else was told.
    pub fn holds(&self) -> bool {
        self.missing == 0 && self.never_committed == 0 && self.extra == 0 && self.bad == 0
    }

    pub fn figures(&self) -> Vec<Figure> {
        let none = Some(Budget::AtMost(0.0));
        vec![
            Figure::new("webhook: committed answers never delivered", self.missing as f64, "", none),
            Figure::new("webhook: messages of events never committed", self.never_committed as f64, "", none),
            Figure::new("webhook: extra messages for one answer", self.extra as f64, "", none),
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
            "webhook requests {}: answers delivered {}, never delivered {}, messages never committed {}, \
             extra messages {}, bad signatures {}, answered 503 {}, repeated after a kill {}",
            self.requests,
            self.delivered,
            self.missing,
            self.never_committed,
            self.extra,
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
