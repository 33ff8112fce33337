//! Slow clients (slowloris): connections that send a request's head a byte a second are
//! cut off after the header time limit, a body sent a byte a second gets 503 `timeout`
//! after the request time limit, and while many such clients hang on, a normal request
//! is answered at once; past the connection limit, a new connection waits for a free one.

use std::time::{Duration, Instant};

use anyhow::Context;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::Attack;
use crate::server::Server;
use crate::site::SURVEY;

/// The limits of the servers under test, shorter than the defaults so the proof is quick.
const HEADER_TIMEOUT: Duration = Duration::from_secs(2);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);
const MAX_CONNECTIONS: usize = 10;
/// Slow clients at once, far more than a normal request should notice.
const SLOW_CLIENTS: usize = 60;
/// What "at once" means for the normal request among them.
const PROMPT: Duration = Duration::from_secs(1);
/// How late the server may cut a slow client off, after its limit.
const GRACE: Duration = Duration::from_millis(1_500);

impl Attack {
    pub(super) async fn slow_clients(&mut self) -> anyhow::Result<()> {
        let header_timeout = HEADER_TIMEOUT.as_secs().to_string();
        let request_timeout = REQUEST_TIMEOUT.as_secs().to_string();
        let flags =
            ["--header-timeout-seconds", &header_timeout, "--request-timeout-seconds", &request_timeout];
        let server = Server::start(&self.site.database_url, &flags).await?;
        let address = server.base.trim_start_matches("http://").to_owned();

        let head = format!("GET /api/v1/surveys/{SURVEY} HTTP/1.1\r\nHost: {address}\r\nX-Slow: ");
        let drips: Vec<_> = (0..SLOW_CLIENTS)
            .map(|_| tokio::spawn(drip(address.clone(), head.clone().into_bytes(), Vec::new())))
            .collect();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let url = format!("{}/api/v1/surveys/{SURVEY}", server.base);
        let mut slowest = Duration::ZERO;
        for _ in 0..5 {
            let started = Instant::now();
            let answer = self.site.client.get(&url).send().await?;
            let took = started.elapsed();
            slowest = slowest.max(took);
            self.check(answer.status() == StatusCode::OK && took < PROMPT, || {
                format!(
                    "beside {SLOW_CLIENTS} slow clients, a normal request got {} in {took:?}",
                    answer.status()
                )
            });
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let mut latest = Duration::ZERO;
        for drip in drips {
            self.attempts += 1;
            let (cut_after, answer) = drip.await??;
            latest = latest.max(cut_after);
            self.check(cut_after <= HEADER_TIMEOUT + GRACE && answer.is_empty(), || {
                format!("a client sending its head a byte a second was cut after {cut_after:?}, answered {answer:?}")
            });
        }

        // The head at once, then the body a byte a second.
        let head = format!(
            "POST /api/v1/surveys/{SURVEY}/impressions HTTP/1.1\r\nHost: {address}\r\n\
             Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        );
        self.attempts += 1;
        let (cut_after, answer) = drip(address.clone(), b"{".repeat(100), head.into_bytes()).await?;
        let status_line = answer.lines().next().unwrap_or_default().to_owned();
        self.check(
            status_line.contains(" 503 ")
                && answer.contains("\"timeout\"")
                && cut_after <= REQUEST_TIMEOUT + GRACE,
            || format!("a body sent a byte a second: {status_line:?} after {cut_after:?}"),
        );
        drop(server);

        let waited = self.connection_limit(&header_timeout).await?;
        println!(
            "attack: {SLOW_CLIENTS} slow clients cut after at most {latest:.1?}, a normal request beside them took at \
             most {slowest:.0?}; past {MAX_CONNECTIONS} idle connections, one waited {waited:.1?}"
        );
        Ok(())
    }

    /// Holds every connection of a server with few allowed, sending nothing: a request then
    /// waits until the idle ones are cut off, and is answered then. How long it waited.
    async fn connection_limit(&mut self, header_timeout: &str) -> anyhow::Result<Duration> {
        let max = MAX_CONNECTIONS.to_string();
        let flags = ["--header-timeout-seconds", header_timeout, "--max-connections", &max];
        let server = Server::start(&self.site.database_url, &flags).await?;
        let address = server.base.trim_start_matches("http://");
        let mut idle = Vec::new();
        for _ in 0..MAX_CONNECTIONS {
            idle.push(TcpStream::connect(address).await?);
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        self.attempts += 1;
        let answer = self.site.client.get(format!("{}/healthz", server.base)).send().await?;
        let waited = started.elapsed();
        self.check(
            answer.status() == StatusCode::OK
                && waited >= HEADER_TIMEOUT / 2
                && waited <= HEADER_TIMEOUT + GRACE,
            || {
                format!(
                    "past {MAX_CONNECTIONS} idle connections a request got {} after {waited:?}",
                    answer.status()
                )
            },
        );
        Ok(waited)
    }
}

/// Connects, sends `at_once`, then `dripped` a byte a second until the server closes the
/// connection: how long after connecting it did, and what it answered.
async fn drip(address: String, dripped: Vec<u8>, at_once: Vec<u8>) -> anyhow::Result<(Duration, String)> {
    let started = Instant::now();
    let mut stream = TcpStream::connect(&address).await.context("connecting")?;
    stream.write_all(&at_once).await?;
    let (mut reader, mut writer) = stream.split();
    let mut answer = Vec::new();
    let mut bytes = dripped.iter();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut buffer = [0u8; 4096];
    loop {
        tokio::select! {
            read = reader.read(&mut buffer) => match read {
                Ok(0) | Err(_) => break,
                Ok(count) => answer.extend_from_slice(&buffer[..count]),
            },
            _ = tick.tick() => {
                // Once all is sent, or the server stopped reading, only its close is awaited.
                if let Some(byte) = bytes.next() {
                    if writer.write_all(&[*byte]).await.is_err() {
                        bytes = [].iter();
                    }
                }
            }
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(30), "still connected after 30 s");
    }
    Ok((started.elapsed(), String::from_utf8_lossy(&answer).into_owned()))
}
