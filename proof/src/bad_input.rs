//! Bad input: a catalogue of malformed, oversized and hostile requests to every endpoint
//! that takes a body or a path (the widget's, the login, the admins' writes), each sent
//! byte for byte as written; each must get a 4xx with a JSON error body, soon, and change
//! nothing an admin can see. Then schemathesis generates thousands more from the live
//! OpenAPI document, signed in as an admin, and finds no server error.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{bail, ensure, Context};
use pulse_core::api::{ErrorBody, CSRF_HEADER};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::site::{answer, Site, ADMIN, SURVEY};
use crate::summary::Summary;

/// The server's body limits: the widget's endpoints, and the marketers'.
const WIDGET_BODY_BYTES: usize = 32 * 1024;
const ADMIN_BODY_BYTES: usize = 256 * 1024;
const TIMEOUT: Duration = Duration::from_secs(10);
/// The checks schemathesis runs besides "no server error": whatever it answers has a
/// documented status, content type, shape and headers.
const SCHEMATHESIS_CHECKS: &str =
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance";

#[derive(clap::Args)]
pub struct Args {
    /// How long schemathesis may generate requests.
    #[arg(long, default_value_t = 60)]
    pub schemathesis_seconds: u64,
    /// The schemathesis command line tool; `scripts/setup` installs it there.
    #[arg(long, env = "PULSE_SCHEMATHESIS", default_value = "target/schemathesis/bin/st")]
    pub schemathesis: PathBuf,
}

/// One request of the catalogue, and the statuses it may get.
struct Bad {
    what: String,
    method: &'static str,
    /// The request target as sent: path and query, never normalised.
    target: String,
    content_type: Option<&'static str>,
    signed_in: bool,
    body: Vec<u8>,
    statuses: &'static [u16],
}

const BAD_BODY: &[u16] = &[400];
const BROKEN_RULE: &[u16] = &[422];
/// Numbers JSON cannot hold in a 64-bit integer: unreadable (400) or of the wrong type (422).
const UNREADABLE: &[u16] = &[400, 422];
const TOO_LARGE: &[u16] = &[413];
const WRONG_TYPE: &[u16] = &[415];
const NOT_FOUND: &[u16] = &[404];

pub async fn run(args: Args) -> anyhow::Result<Summary> {
    let flags = ["--widget-requests-per-minute", "1000000", "--logins-per-minute", "1000000"];
    let controls = vec![answer(9, "Fast delivery"), answer(3, "Sizes run small"), answer(7, "Fine")];
    let mut site = Site::start(&flags, false, controls).await?;
    println!("bad-input: {} with survey {SURVEY:?}, an admin and a viewer", site.server.base);

    let before = site.seen().await?;
    let catalogue = catalogue();
    let mut failures = Vec::new();
    for bad in &catalogue {
        if let Err(error) = send(&site, bad).await {
            failures.push(format!("{} {} ({}): {error:#}", bad.method, shorten(&bad.target), bad.what));
        }
    }
    println!(
        "bad-input: {} bad requests sent, {} answered otherwise than they must",
        catalogue.len(),
        failures.len()
    );
    if let Some(changes) = site.seen().await?.changes_since(&before) {
        failures.push(format!("the bad requests changed {changes}"));
    }
    // The server still takes a good answer after all that, even one as large as the
    // widget's limit allows.
    let last = answer(10, "Still here");
    let body = sized(&serde_json::to_string(&last)?, WIDGET_BODY_BYTES);
    let target = format!("/api/v1/surveys/{SURVEY}/responses");
    let request =
        site.request(Method::POST, &target, None).header("content-type", "application/json").body(body);
    let response = site.send(request).await?;
    if response.status() == StatusCode::OK {
        site.answers.push(last);
    } else {
        failures.push(format!(
            "a valid answer of {WIDGET_BODY_BYTES} bytes after the bad ones got {}",
            response.status()
        ));
    }
    let acknowledged = site.answers.len() as u64;
    let (stored, duplicates) = site.check_answers().await?;

    let generated = match schemathesis(&site, &args).await {
        Ok(generated) => generated,
        Err(error) => {
            failures.push(format!("schemathesis: {error:#}"));
            0
        }
    };
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("  {failure}");
        }
        bail!("bad-input: {} failures", failures.len());
    }
    println!("bad-input: every bad request got its 4xx with a JSON error and changed nothing");
    Ok(Summary {
        requests: site.requests() + catalogue.len() as u64 + generated,
        bad_inputs: catalogue.len() as u64 + generated,
        acknowledged,
        stored,
        lost: acknowledged.saturating_sub(stored),
        duplicates,
        ..Summary::new("bad-input")
    })
}

/// Sends `bad` as written and checks its answer: one of its statuses, a JSON error body,
/// and no session cookie. Each carries the CSRF header, as the marketers' pages send it,
/// so that what is tried is the body (the attack part sends changes without it).
async fn send(site: &Site, bad: &Bad) -> anyhow::Result<()> {
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
    ensure!(!error.error.code.is_empty() && !error.error.message.is_empty(), "empty error: {body}");
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

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(160).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// Where a body goes, with the limit of its router and whether it reads `text/plain`
/// (the widget's, for beacons).
#[derive(Clone)]
struct Endpoint {
    method: &'static str,
    target: String,
    signed_in: bool,
    limit: usize,
    beacon: bool,
}

fn catalogue() -> Vec<Bad> {
    let answers = Endpoint {
        method: "POST",
        target: format!("/api/v1/surveys/{SURVEY}/responses"),
        signed_in: false,
        limit: WIDGET_BODY_BYTES,
        beacon: true,
    };
    let displays = Endpoint { target: format!("/api/v1/surveys/{SURVEY}/impressions"), ..answers.clone() };
    let admin = |method, target: String| Endpoint {
        method,
        target,
        signed_in: true,
        limit: ADMIN_BODY_BYTES,
        beacon: false,
    };
    let login = Endpoint { signed_in: false, ..admin("POST", "/api/v1/session".into()) };
    let create_survey = admin("POST", "/api/v1/admin/surveys".into());
    let update_survey = admin("PUT", format!("/api/v1/admin/surveys/{SURVEY}"));
    let add_user = admin("POST", "/api/v1/admin/users".into());

    let id = uuid::Uuid::new_v4().to_string();
    let valid_answer = json!({"id": id, "nps": 8, "comment": "Good", "attributes": {"plan": "pro"}});
    let survey = json!({"id": "bad-input", "company": "Acme"});
    let user = json!({"email": "new@proof.example", "role": "viewer", "password": "a long passphrase"});
    let mut all = Vec::new();
    for (endpoint, valid) in [
        (&answers, valid_answer.clone()),
        (&displays, json!({"language": "en", "page": "/"})),
        (&login, json!({"email": ADMIN, "password": "not the password"})),
        (&create_survey, survey.clone()),
        (&update_survey, json!({"id": SURVEY, "company": "Changed"})),
        (&add_user, user.clone()),
    ] {
        all.extend(malformed(endpoint, &valid));
    }

    let many = |count: usize, key_length: usize, value_length: usize| -> Value {
        (0..count)
            .map(|i| (format!("{i:0>key_length$}"), Value::from("v".repeat(value_length))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let rules = [
        ("score above the scale", "nps", json!(11)),
        ("score below the scale", "nps", json!(-1)),
        ("score as a string", "nps", json!("9")),
        ("score as a fraction", "nps", json!(8.5)),
        ("score null", "nps", Value::Null),
        ("usability 6", "usability", json!(6)),
        ("id not a UUID", "id", json!("1 OR 1=1")),
        ("id a number", "id", json!(42)),
        ("comment of 2,001 characters", "comment", json!("x".repeat(2_001))),
        ("comment with a NUL", "comment", json!("a\u{0}b")),
        ("comment an object", "comment", json!({"html": "<b>"})),
        ("unknown language", "language", json!("xx")),
        ("page of 513 characters", "page", json!("/".repeat(513))),
        ("page with an escape character", "page", json!("/a\u{1b}[31m")),
        ("commitment 0", "commitment", json!({"affective": 0})),
        ("unknown commitment", "commitment", json!({"loyalty": 3})),
        ("repeat purchases 11", "repeat_purchases", json!(11)),
        ("21 attributes", "attributes", many(21, 3, 1)),
        ("1,000 attributes", "attributes", many(1_000, 4, 1)),
        ("attribute name of 65 characters", "attributes", many(1, 65, 1)),
        ("attribute value of 257 characters", "attributes", many(1, 4, 257)),
        ("attribute value of 20,000 characters", "attributes", many(1, 4, 20_000)),
        ("attribute name with a space", "attributes", json!({"a b": "v"})),
        ("attribute name of markup", "attributes", json!({"<script>": "v"})),
        ("attribute value a number", "attributes", json!({"plan": 3})),
        ("attribute value an object", "attributes", json!({"plan": {"a": 1}})),
        ("attributes a list", "attributes", json!(["plan", "pro"])),
        ("unknown field", "admin", json!(true)),
    ];
    for (what, field, value) in rules {
        let body = with_field(&valid_answer, field, value).to_string();
        all.push(bad(&answers, what, Some("application/json"), body, BROKEN_RULE));
    }
    all.push(bad(
        &answers,
        "attributes over the body limit",
        Some("application/json"),
        with_field(&valid_answer, "attributes", many(5_000, 4, 8)).to_string(),
        TOO_LARGE,
    ));
    for (what, body) in [
        ("unknown language", json!({"language": "xx"})),
        ("page of 513 characters", json!({"page": "p".repeat(513)})),
        ("page with a NUL", json!({"page": "/\u{0}"})),
        ("unknown field", json!({"count": 1000})),
    ] {
        all.push(bad(&displays, what, Some("application/json"), body.to_string(), BROKEN_RULE));
    }
    for (what, body) in [
        ("no password", json!({"email": ADMIN})),
        ("email a number", json!({"email": 1, "password": "x"})),
        ("password a list", json!({"email": ADMIN, "password": ["a", "b"]})),
        ("unknown field", json!({"email": ADMIN, "password": "x", "role": "admin"})),
    ] {
        all.push(bad(&login, what, Some("application/json"), body.to_string(), BROKEN_RULE));
    }
    for (what, field, value) in [
        ("id with a path", "id", json!("../demo")),
        ("id of 65 characters", "id", json!("s".repeat(65))),
        ("no company", "company", json!(" ")),
        ("unknown scale", "scale", json!("one_to_five")),
        ("unknown language", "language", json!("zz")),
        ("script as an origin", "allowed_origins", json!(["javascript:alert(1)"])),
        ("sample of 300 %", "targeting", json!({"sample_percent": 300})),
        ("negative delay", "targeting", json!({"delay_seconds": -1})),
        ("texts of an unknown language", "texts", json!({"xx": {"thanks": "Hi"}})),
        ("a text of 10,000 characters", "texts", json!({"en": {"thanks": "x".repeat(10_000)}})),
        ("archived as a string", "archived", json!("yes")),
    ] {
        let body = with_field(&survey, field, value).to_string();
        all.push(bad(&create_survey, what, Some("application/json"), body, BROKEN_RULE));
    }
    all.push(bad(
        &update_survey,
        "another id than the path's",
        Some("application/json"),
        json!({"id": "other", "company": "X"}).to_string(),
        BROKEN_RULE,
    ));
    for (what, field, value) in [
        ("not an email", "email", json!("root")),
        ("short password", "password", json!("short")),
        ("unknown role", "role", json!("root")),
    ] {
        let body = with_field(&user, field, value).to_string();
        all.push(bad(&add_user, what, Some("application/json"), body, BROKEN_RULE));
    }
    let taken = with_field(&user, "email", json!(ADMIN)).to_string();
    all.push(bad(&add_user, "the admin's own email again", Some("application/json"), taken, &[409]));

    all.extend(paths());
    all
}

/// `json` followed by spaces up to `length` bytes: as valid as `json`, only larger.
fn sized(json: &str, length: usize) -> String {
    format!("{json}{}", " ".repeat(length - json.len()))
}

/// `body` with `field` set to `value`.
fn with_field(body: &Value, field: &str, value: Value) -> Value {
    let mut body = body.clone();
    body[field] = value;
    body
}

/// What can go wrong with any JSON body, sent to `endpoint`; `valid` is a body it takes.
fn malformed(endpoint: &Endpoint, valid: &Value) -> Vec<Bad> {
    let json = Some("application/json");
    let text = valid.to_string();
    // `valid` with the value of its first field written as `token`, so that the parser
    // reaches it (an unknown field would be refused before its value is read).
    let first = valid.as_object().and_then(|fields| fields.keys().next()).cloned().unwrap_or_default();
    let with = |token: &str| {
        let mut body = valid.clone();
        body[&first] = Value::from("@@");
        body.to_string().replacen(r#""@@""#, token, 1)
    };
    let duplicated = text.replacen('{', &format!("{{{:?}: {}, ", first, valid[&first]), 1);
    // The first field's value a string of bytes that are not UTF-8.
    let mut invalid_utf8 = with(r#""@@""#).into_bytes();
    let at = invalid_utf8.windows(2).position(|pair| pair == b"@@").unwrap_or_default();
    invalid_utf8.splice(at..at + 2, [0xff, 0xfe, 0xc0, 0x80]);
    // As deep as the body limit allows.
    let depth = endpoint.limit - 1;
    let mut all = vec![
        bad(endpoint, "a body one byte over the limit", json, sized(&text, endpoint.limit + 1), TOO_LARGE),
        // Read in full and parsed, so refused for what any size of it is refused for.
        bad(
            endpoint,
            "a body of exactly the limit, with a duplicate key",
            json,
            sized(&duplicated, endpoint.limit),
            BROKEN_RULE,
        ),
        bad(endpoint, "a body of 4 MiB", json, sized(&text, 4 << 20), TOO_LARGE),
        // Refused as too deep, or as the wrong type before the parser goes deep.
        bad(endpoint, "arrays nested as deep as the limit allows", json, "[".repeat(depth), UNREADABLE),
        bad(
            endpoint,
            "objects nested as deep as the limit allows",
            json,
            r#"{"a":"#.repeat(depth / 5),
            UNREADABLE,
        ),
        bad(endpoint, "truncated JSON", json, text[..text.len() / 2].to_owned(), BAD_BODY),
        bad(endpoint, "an empty body", json, String::new(), BAD_BODY),
        bad(endpoint, "NaN", json, with("NaN"), BAD_BODY),
        bad(endpoint, "a lone surrogate", json, with(r#""\ud800""#), BAD_BODY),
        bad(endpoint, "a number of 400 digits", json, with(&"9".repeat(400)), UNREADABLE),
        bad(endpoint, "1e400", json, with("1e400"), UNREADABLE),
        bad(endpoint, "a list", json, format!("[{text}]"), BROKEN_RULE),
        bad(endpoint, "a string", json, r#""hello""#, BROKEN_RULE),
        bad(endpoint, "null", json, "null", BROKEN_RULE),
        bad(endpoint, "a duplicate key", json, duplicated, BROKEN_RULE),
        bad(endpoint, "no content type", None, text.clone(), WRONG_TYPE),
        bad(endpoint, "XML", Some("application/xml"), "<answer nps=\"9\"/>", WRONG_TYPE),
        bad(endpoint, "a form", Some("application/x-www-form-urlencoded"), "nps=9", WRONG_TYPE),
        bad(
            endpoint,
            "multipart",
            Some("multipart/form-data; boundary=x"),
            format!("--x\r\n\r\n{text}\r\n--x--"),
            WRONG_TYPE,
        ),
        bad(endpoint, "HTML", Some("text/html"), text.clone(), WRONG_TYPE),
    ];
    all.push(bad(endpoint, "invalid UTF-8", json, invalid_utf8, BAD_BODY));
    if !endpoint.beacon {
        all.push(bad(endpoint, "JSON as text/plain", Some("text/plain"), text, WRONG_TYPE));
    }
    all
}

/// Survey ids and paths with tricks in them: traversal, encoded separators, NUL, other
/// case, huge, bytes that are not UTF-8.
fn paths() -> Vec<Bad> {
    let body = json!({"id": uuid::Uuid::new_v4().to_string(), "nps": 9}).to_string();
    let json = Some("application/json");
    let mut all = Vec::new();
    for survey in [
        "..%2Fdemo".to_owned(),
        "%2e%2e".into(),
        "proof%00".into(),
        "PROOF".into(),
        "proof%20".into(),
        "proof;demo".into(),
        "%ff%fe".into(),
        "%zz".into(),
        "s".repeat(10_000),
        "demo/../proof".into(),
    ] {
        let target = format!("/api/v1/surveys/{survey}/responses");
        let any_4xx: &'static [u16] = &[400, 404];
        all.push(Bad {
            what: "answer to a tricky survey id".into(),
            method: "POST",
            target: target.clone(),
            content_type: json,
            signed_in: false,
            body: body.clone().into_bytes(),
            statuses: any_4xx,
        });
        all.push(Bad {
            what: "configuration of a tricky survey id".into(),
            method: "GET",
            target: target.trim_end_matches("/responses").to_owned(),
            content_type: None,
            signed_in: false,
            body: Vec::new(),
            statuses: any_4xx,
        });
    }
    let admin = |what: &str, method, target: String, statuses| Bad {
        what: what.into(),
        method,
        target,
        content_type: None,
        signed_in: true,
        body: Vec::new(),
        statuses,
    };
    all.extend([
        admin(
            "archive through a traversal",
            "POST",
            "/api/v1/admin/surveys/..%2F..%2Fsession/archive".into(),
            NOT_FOUND,
        ),
        admin(
            "archive an id that is not UTF-8",
            "POST",
            "/api/v1/admin/surveys/%ff/archive".into(),
            &[400, 404],
        ),
        admin(
            "delete an answer id that is not a UUID",
            "DELETE",
            format!("/api/v1/admin/surveys/{SURVEY}/responses/1%20OR%201=1"),
            &[400, 404],
        ),
        admin(
            "delete an answer of an unknown survey",
            "DELETE",
            format!("/api/v1/admin/surveys/nope/responses/{}", uuid::Uuid::new_v4()),
            NOT_FOUND,
        ),
        admin(
            "delete an account that is a traversal",
            "DELETE",
            "/api/v1/admin/users/..%2F..%2Fsurveys".into(),
            NOT_FOUND,
        ),
        admin("delete an account not UTF-8", "DELETE", "/api/v1/admin/users/%ff".into(), &[400, 404]),
        admin(
            "delete by attribute without a value",
            "DELETE",
            "/api/v1/admin/responses?attribute=plan".into(),
            BAD_BODY,
        ),
        admin("delete by attribute with nothing", "DELETE", "/api/v1/admin/responses".into(), BAD_BODY),
        admin(
            "answers with limit 0",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses?limit=0"),
            BAD_BODY,
        ),
        admin(
            "answers with a huge limit",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses?limit=99999999999999999999"),
            BAD_BODY,
        ),
        admin(
            "answers from a word",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses?from=yesterday"),
            BAD_BODY,
        ),
        admin(
            "answers after a forged cursor",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses?cursor=%27%20OR%201%3D1"),
            BAD_BODY,
        ),
        admin(
            "answers of an unknown category",
            "GET",
            format!("/api/v1/admin/surveys/{SURVEY}/responses.csv?category=all"),
            BAD_BODY,
        ),
        admin("the wrong method", "PATCH", format!("/api/v1/admin/surveys/{SURVEY}"), &[405]),
        admin("a path under no route", "GET", "/api/v1/admin/../../etc/passwd".into(), NOT_FOUND),
    ]);
    all.push(Bad {
        what: "answers with the wrong method".into(),
        method: "PUT",
        target: format!("/api/v1/surveys/{SURVEY}/responses"),
        content_type: json,
        signed_in: false,
        body: body.into_bytes(),
        statuses: &[405],
    });
    all
}

fn bad(
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

/// Runs schemathesis on the live OpenAPI document, as a signed-in admin (signing out
/// left out: it would end the session the rest runs on); returns how many test cases it
/// generated, or what it found.
async fn schemathesis(site: &Site, args: &Args) -> anyhow::Result<u64> {
    let report = site.folder().join("schemathesis.json");
    let schema = site.url("/api/v1/openapi.json");
    println!("bad-input: schemathesis for {} s on {schema}", args.schemathesis_seconds);
    // Absolute, as it runs in another folder.
    let program = std::path::absolute(&args.schemathesis)?;
    let status = tokio::process::Command::new(program)
        .args(["run", &schema, "--checks", SCHEMATHESIS_CHECKS])
        .args(["--header", &format!("Cookie: {}", site.admin_cookie)])
        .args(["--exclude-name", "DELETE /api/v1/session"])
        // One worker: with more, Hypothesis (under schemathesis) now and then fails on its
        // own, describing a strategy while another thread parses (a runtime error, no
        // request involved).
        .args(["--max-time", &args.schemathesis_seconds.to_string(), "--workers", "1"])
        .args(["--request-timeout", "10", "--report", "json", "--report-json-path"])
        .arg(&report)
        // Its cache of examples goes with the site's folder.
        .current_dir(site.folder())
        .stdout(Stdio::null())
        .status()
        .await
        .with_context(|| format!("running {} (scripts/setup installs it)", args.schemathesis.display()))?;
    let report: Value = serde_json::from_slice(&std::fs::read(&report).context("no schemathesis report")?)?;
    let generated = report["test_cases"]["generated"].as_u64().context("no count of test cases")?;
    let failures = &report["failures"];
    println!("bad-input: schemathesis generated {generated} test cases; failures: {failures}");
    if !status.success() || failures.as_array().is_none_or(|list| !list.is_empty()) {
        bail!("schemathesis failed ({status}): {failures} {}", report["errors"]);
    }
    Ok(generated)
}
