//! Visitors, as many at once as there are connections: each is shown the survey (one
//! display posted) and answers it (one answer with a realistic body posted), over
//! keep-alive connections (hyper's, without a pool, to leave the server the CPU). Records
//! what the server acknowledged, how long each request took and what went wrong.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{header, Request, StatusCode};
use hyper_util::rt::TokioIo;
use pulse_core::api::{ErrorBody, Impression, ResponseSubmission};
use pulse_core::survey::{Commitment, Language};
use serde::Serialize;
use tokio::net::TcpStream;
use tokio::task::JoinSet;

/// The survey every database starts with (scale 1–10).
pub const SURVEY: &str = "demo";

/// A request still unanswered after this long counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// One visitor: what was posted, and which of it the server acknowledged with a 2xx.
pub struct Visit {
    pub display: Impression,
    pub answer: ResponseSubmission,
    pub display_acknowledged: bool,
    pub answer_acknowledged: bool,
}

/// Everything the visitors did during one run.
pub struct Outcome {
    pub visits: Vec<Visit>,
    pub requests: u64,
    /// Microseconds from sending a request to its answer, errors included.
    pub latency: Histogram<u64>,
    /// How many requests failed, by kind: `500 internal`, `connect`, `timeout`...
    pub errors: BTreeMap<String, u64>,
    pub elapsed: Duration,
}

impl Default for Outcome {
    fn default() -> Outcome {
        Outcome {
            visits: Vec::new(),
            requests: 0,
            // From 1 µs to the timeout, to 3 significant digits.
            latency: Histogram::new_with_bounds(1, REQUEST_TIMEOUT.as_micros() as u64, 3)
                .expect("valid bounds and precision"),
            errors: BTreeMap::new(),
            elapsed: Duration::ZERO,
        }
    }
}

impl Outcome {
    /// Adds another run's (or another visitor's) outcome to this one.
    pub fn add(&mut self, other: Outcome) {
        self.visits.extend(other.visits);
        self.requests += other.requests;
        self.latency.add(other.latency).expect("histograms of the same precision add up");
        for (kind, count) in other.errors {
            *self.errors.entry(kind).or_default() += count;
        }
        self.elapsed += other.elapsed;
    }

    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Sends one request, recording its latency and any error; whether it was acknowledged.
    async fn time(&mut self, request: impl std::future::Future<Output = Result<(), String>>) -> bool {
        let started = Instant::now();
        let result = request.await;
        self.latency.saturating_record(started.elapsed().as_micros() as u64);
        self.requests += 1;
        match result {
            Ok(()) => true,
            Err(kind) => {
                *self.errors.entry(kind).or_default() += 1;
                false
            }
        }
    }
}

/// One keep-alive HTTP/1.1 connection to a server's widget endpoints, as one browser
/// keeps; opened on first use, and again after a request on it failed.
pub struct Connection {
    /// `127.0.0.1:PORT`
    address: String,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Connection {
    /// `base` is `http://127.0.0.1:PORT`.
    pub fn new(base: &str) -> Connection {
        Connection { address: base.trim_start_matches("http://").to_owned(), sender: None }
    }

    pub async fn post_answer(&mut self, answer: &ResponseSubmission) -> Result<(), String> {
        self.post("responses", answer).await
    }

    pub async fn post_display(&mut self, display: &Impression) -> Result<(), String> {
        self.post("impressions", display).await
    }

    /// `Ok` once the server answered 2xx; else the kind of failure.
    async fn post(&mut self, endpoint: &str, body: &impl Serialize) -> Result<(), String> {
        let body = serde_json::to_vec(body).map_err(|error| error.to_string())?;
        let sent = tokio::time::timeout(REQUEST_TIMEOUT, self.send(endpoint, body)).await;
        let (status, body) = match sent {
            Ok(Ok(answer)) => answer,
            Ok(Err(kind)) => {
                self.sender = None;
                return Err(kind.to_owned());
            }
            Err(_) => {
                self.sender = None;
                return Err("timeout".to_owned());
            }
        };
        if status.is_success() {
            return Ok(());
        }
        let code = serde_json::from_slice::<ErrorBody>(&body)
            .map(|body| body.error.code.as_str())
            .unwrap_or_default();
        Err(format!("{} {code}", status.as_u16()))
    }

    async fn send(&mut self, endpoint: &str, body: Vec<u8>) -> Result<(StatusCode, Bytes), &'static str> {
        let sender = match &mut self.sender {
            Some(sender) => sender,
            None => self.sender.insert(connect(&self.address).await.map_err(|_| "connect")?),
        };
        let request = Request::post(format!("/api/v1/surveys/{SURVEY}/{endpoint}"))
            .header(header::HOST, &self.address)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(body)))
            .map_err(|_| "request")?;
        sender.ready().await.map_err(|_| "connection lost")?;
        let response = sender.send_request(request).await.map_err(|_| "connection lost")?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(|_| "connection lost")?.to_bytes();
        Ok((status, body))
    }
}

async fn connect(address: &str) -> anyhow::Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(address).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    // Reads and writes the connection until either side closes it.
    tokio::spawn(connection);
    Ok(sender)
}

/// Runs `connections` visitors at once, spread over the servers at `bases`, each one visit
/// after another, until `stop` is set.
pub async fn run(bases: Vec<String>, connections: usize, stop: Arc<AtomicBool>) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut visitors = JoinSet::new();
    for base in bases.iter().cycle().take(connections) {
        let (mut connection, stop) = (Connection::new(base), stop.clone());
        visitors.spawn(async move {
            let mut outcome = Outcome::default();
            let mut rng = fastrand::Rng::new();
            while !stop.load(Ordering::Relaxed) {
                visit(&mut connection, &mut rng, &mut outcome).await;
            }
            outcome
        });
    }
    let mut outcome = Outcome::default();
    while let Some(visitor) = visitors.join_next().await {
        outcome.add(visitor?);
    }
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

/// Sets `stop` after `duration`.
pub fn stop_after(duration: Duration) -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    tokio::spawn(async move {
        tokio::time::sleep(duration).await;
        flag.store(true, Ordering::Relaxed);
    });
    stop
}

/// One visitor: a display, then an answer, whatever became of the display (the widget
/// sends its display as a beacon and never waits for it).
async fn visit(connection: &mut Connection, rng: &mut fastrand::Rng, outcome: &mut Outcome) {
    let (display, answer) = visitor(rng);
    let display_acknowledged = outcome.time(connection.post_display(&display)).await;
    let answer_acknowledged = outcome.time(connection.post_answer(&answer)).await;
    outcome.visits.push(Visit { display, answer, display_acknowledged, answer_acknowledged });
}

const PAGES: [&str; 8] = [
    "/",
    "/pricing",
    "/checkout/done",
    "/account",
    "/blog/spring-sale",
    "/help/returns",
    "/shop/boots",
    "/faq",
];
const PLANS: [&str; 4] = ["free", "starter", "pro", "enterprise"];
const COMMENTS: [&str; 8] = [
    "Quick checkout, found my size at once.",
    "Shipping took far too long and nobody answered my emails.",
    "Le site est clair, mais la recherche ne trouve rien avec des accents : « bottes » ≠ « botte ».",
    "Goeie diens, maar die betaalblad het twee keer gelaai.",
    "השירות מצוין, המשלוח הגיע מהר",
    "Great prices 👍\nBut the size guide is hidden at the bottom of the page.",
    "Prima winkel; de retourpagina zou duidelijker mogen.",
    "ok",
];

/// A display and an answer as one visitor's widget would post them. The visit's id is in
/// its page, so that each display can be told apart in the database.
fn visitor(rng: &mut fastrand::Rng) -> (Impression, ResponseSubmission) {
    let id = uuid::Uuid::new_v4().to_string();
    let language = Some(Language::NAMES[rng.usize(..Language::NAMES.len())].to_owned());
    let page = Some(format!("{}?visit={id}", PAGES[rng.usize(..PAGES.len())]));
    // Scores lean high, as they do on most sites.
    let nps = [1, 3, 5, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10][rng.usize(..15)];
    let commitment = if rng.u8(..5) == 0 {
        Commitment::ALL.into_iter().map(|statement| (statement, rng.i64(1..=5))).collect()
    } else {
        BTreeMap::new()
    };
    let mut attributes = BTreeMap::from([("plan".to_owned(), PLANS[rng.usize(..PLANS.len())].to_owned())]);
    if rng.bool() {
        attributes.insert("user".to_owned(), rng.u32(1..1_000_000).to_string());
    }
    let answer = ResponseSubmission {
        id,
        nps,
        usability: (rng.u8(..5) != 0).then(|| rng.i64(1..=5)),
        comment: (rng.u8(..3) == 0).then(|| COMMENTS[rng.usize(..COMMENTS.len())].to_owned()),
        commitment,
        repeat_purchases: (rng.u8(..4) == 0).then(|| rng.i64(0..=10)),
        language: language.clone(),
        page: page.clone(),
        attributes,
    };
    (Impression { language, page }, answer)
}
