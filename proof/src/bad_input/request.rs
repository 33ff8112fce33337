//! One request of the catalogue: where it goes, what it may get, and how it is sent byte
//! for byte as written and its answer checked.

use std::time::Duration;

use anyhow::{ensure, Context};
use pulse_core::api::{ErrorBody, CSRF_HEADER};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::site::Site;

const TIMEOUT: Duration = Duration::from_secs(10);

/// One request of the catalogue, and the statuses it may get.
pub struct Bad {
    pub what: String,
    pub method: &'static str,
    /// The request target as sent: path and query, never normalised.
    pub target: String,
    pub content_type: Option<&'static str>,
    pub signed_in: bool,
    pub body: Vec<u8>,
    pub statuses: &'static [u16],
}

pub const BAD_BODY: &[u16] = &[400];
pub const BROKEN_RULE: &[u16] = &[422];
/// Numbers JSON cannot hold in a 64-bit integer: unreadable (400) or of the wrong type (422).
pub const UNREADABLE: &[u16] = &[400, 422];
pub const TOO_LARGE: &[u16] = &[413];
pub const WRONG_TYPE: &[u16] = &[415];
pub const NOT_FOUND: &[u16] = &[404];

/// Where a body goes, with the limit of its router and whether it reads `text/plain`
/// (the widget's, for beacons).
#[derive(Clone)]
pub struct Endpoint {
    pub method: &'static str,
    pub target: String,
    pub signed_in: bool,
    pub limit: usize,
    pub beacon: bool,
}

pub fn bad(
    endpoint: &Endpoint,
    what: &str,
    content_type: Option<&'static str>,
    body: impl Into<Vec<u8>>,
    statuses: &'static [u16],
) -> Bad {
    Bad {
        what: what.to_owned(),
        method: endpoint.method,
        target: endpoint.target.clone(),
        content_type,
        signed_in: endpoint.signed_in,
        body: body.into(),
        statuses,
    }
}

/// Sends `bad` as written and checks its answer: one of its statuses, a JSON error body,
/// and no session cookie. Each carries the CSRF header, as the marketers' pages send it,
/// so that what is tried is the body (the attack part sends changes without it).
pub async fn send(site: &Site, bad: &Bad) -> anyhow::Result<()> {
    let host = site.server.base.trim_start_matches("http://");
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{CSRF_HEADER}: 1\r\n",
        bad.method, bad.target
    );
    if let Some(content_type) = bad.content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    if bad.signed_in {
        head.push_str(&format!("Cookie: {}\r\n", site.admin_cookie));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", bad.body.len()));
    let (status, headers, body) = tokio::time::timeout(TIMEOUT, exchange(host, head, &bad.body))
        .await
        .context("no answer within 10 s")??;
    ensure!(
        bad.statuses.contains(&status),
        "got {status}, wanted one of {:?}: {}",
        bad.statuses,
        shorten(&body)
    );
    let error: ErrorBody =
        serde_json::from_str(&body).with_context(|| format!("not a JSON error: {}", shorten(&body)))?;
    ensure!(!error.error.message.is_empty(), "empty error: {body}");
    ensure!(!headers.to_ascii_lowercase().contains("set-cookie"), "a cookie was set");
    Ok(())
}

/// Writes the request while reading the answer (the server may answer, say 413, before
/// reading the whole body); returns the status, the head and the body of the answer.
async fn exchange(host: &str, head: String, body: &[u8]) -> anyhow::Result<(u16, String, String)> {
    let (mut reader, mut writer) = TcpStream::connect(host).await?.into_split();
    let request = [head.into_bytes(), body.to_vec()].concat();
    // A server that stops reading after refusing a body may close before all of it is
    // sent: a write error then is not a failure, the answer read is what counts. The
    // sending side stays open until the answer is read, as the server takes a client
    // that closes it to be gone.
    let writing = tokio::spawn(async move {
        let _ = writer.write_all(&request).await;
        std::future::pending::<()>().await;
        drop(writer);
    });
    let mut answer = Vec::new();
    reader.read_to_end(&mut answer).await?;
    writing.abort();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").context("no complete answer")?;
    let status = head.get(9..12).and_then(|code| code.parse().ok()).context("no status line")?;
    Ok((status, head.to_owned(), body.to_owned()))
}

pub fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(160).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}
