//! Attack: an outsider against a release server whose logs (at info level, as JSON) are
//! kept. Every operation of the live OpenAPI document that needs a session refuses a
//! missing, forged, copied-from-the-database, signed-out and expired session; a viewer
//! gets 403 from every admin operation; the session cookie is HttpOnly, SameSite=Strict
//! and Secure when asked; logins are rate limited and each password check is slow; pages
//! of unlisted origins can neither answer nor count a display, nor make an admin's
//! browser change anything; CSV cells cannot run as formulas; and no password, password
//! hash or session token ever shows in an answer or a log line.

mod erasure;
mod origins;
mod slow_clients;

mod same_site;

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use pulse_core::api::{ErrorBody, ResponseSubmission};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::sqlite::SqlitePoolOptions;

use crate::server::Server;
use crate::site::{answer, Seen, Site, ADMIN, COMPANY, SURVEY, VIEWER};
use crate::summary::{Budget, Figure, Summary};

/// Logins one client may try per minute on the server under attack: the default.
const LOGINS_PER_MINUTE: u32 = 10;

#[derive(clap::Args)]
pub struct Args {}

/// What a request carries to pass for a marketer.
struct Credentials {
    cookie: Option<String>,
    bearer: Option<String>,
}

/// An answer as the attacker sees it.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

struct Attack {
    site: Site,
    /// Every answer's body and headers but `Set-Cookie`, searched for secrets at the end.
    transcript: String,
    /// Requests meant to be refused.
    attempts: u64,
    failures: Vec<String>,
}

pub async fn run(_args: Args) -> anyhow::Result<Summary> {
    let controls = vec![
        answer(9, "=HYPERLINK(\"http://evil.example\",\"click\")"),
        answer(2, "+cmd|' /C calc'!A0"),
        answer(6, "-2+3"),
        answer(8, "@SUM(A1:A9)"),
        answer(10, "\t=1+1"),
        ResponseSubmission {
            page: Some("-/page".into()),
            attributes: [("plan".to_owned(), "=1+2".to_owned()), ("tier".to_owned(), "@x".to_owned())].into(),
            ..answer(7, "<img src=x onerror=alert(1)>")
        },
    ];
    let flags = ["--widget-requests-per-minute", "1000000", "--logins-per-minute", "1000000"];
    let site = Site::start(&flags, true, controls).await?;
    let site_log = site.log_file();
    // The same database behind two more servers: one whose sessions end as they start,
    // with Secure cookies, and one with the default login limit, untouched until its test.
    let expiring_log = site.folder().join("expiring.log");
    let expiring = Server::start_logging(
        &site.database_url,
        &["--secure-cookie", "--session-hours", "0"],
        &expiring_log,
    )
    .await?;
    let guarded_log = site.folder().join("guarded.log");
    let guarded = Server::start_logging(&site.database_url, &[], &guarded_log).await?;
    println!("attack: {} (and {} with the default login limit)", site.server.base, guarded.base);
    let mut attack = Attack { site, transcript: String::new(), attempts: 0, failures: Vec::new() };

    let before = attack.site.seen().await?;
    let operations = attack.operations().await?;
    let signed_in = operations.iter().filter(|operation| operation.secured).count();
    println!(
        "attack: {} operations in the OpenAPI document, {signed_in} of them for signed-in marketers",
        operations.len()
    );
    ensure!(signed_in >= 10, "only {signed_in} operations need a session: is the document complete?");

    let expired = attack.expired_session(&expiring).await?;
    let signed_out = attack.signed_out_session().await?;
    let copied = attack.stored_token_hash().await?;
    let admin_token = attack.site.admin_cookie.trim_start_matches("pulse_session=").to_owned();
    let cookie = |value: String| Credentials { cookie: Some(value), bearer: None };
    let forged = [
        ("no cookie", Credentials { cookie: None, bearer: None }),
        ("a random token", cookie(format!("pulse_session={}", "7f".repeat(32)))),
        ("an empty token", cookie("pulse_session=".to_owned())),
        ("an injection", cookie("pulse_session=' OR '1'='1".to_owned())),
        ("a huge token", cookie(format!("pulse_session={}", "a".repeat(4_000)))),
        ("the admin's token with one digit changed", cookie(one_digit_changed(&attack.site.admin_cookie))),
        ("the admin's token under another name", cookie(format!("PULSE_SESSION={admin_token}"))),
        ("the admin's token as a bearer", Credentials { cookie: None, bearer: Some(admin_token) }),
        ("a token hash copied from the database", cookie(format!("pulse_session={copied}"))),
        ("a signed-out session", cookie(signed_out.clone())),
        ("an expired session", cookie(expired.clone())),
    ];
    for (what, credentials) in &forged {
        for operation in operations.iter().filter(|operation| operation.secured) {
            attack.refused_without_session(operation, what, credentials).await?;
        }
    }
    // Changing one's own password is every marketer's (`same_site` and the server's tests).
    let for_admins =
        |operation: &&Operation| operation.secured && operation.template != "/api/v1/account/password";
    for operation in operations.iter().filter(for_admins) {
        attack.viewer(operation).await?;
    }
    attack.unchanged_since(&before, "the requests without a valid session and the viewer's").await?;

    attack.cookie_flags().await?;
    let rate = attack.login_rate_limit(&guarded).await?;
    attack.foreign_origins(&before).await?;
    attack.refusals_count_against_the_allowance().await?;
    attack.slow_clients().await?;
    attack.cross_site_requests(&before).await?;
    attack.forms_from_other_sites(&operations, &before).await?;
    attack.csv_is_neutralised().await?;
    attack.erasure().await?;
    let argon2 = password_check_milliseconds(&guarded_log)?;

    let (stored, duplicates) = attack.site.check_answers().await?;
    let tokens = [attack.site.admin_cookie.clone(), attack.site.viewer_cookie.clone(), signed_out, expired];
    drop((expiring, guarded));
    attack.nothing_leaked(&tokens, &[site_log, expiring_log, guarded_log]).await?;

    let Attack { site, failures, attempts, .. } = attack;
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("  {failure}");
        }
        bail!("attack: {} failures", failures.len());
    }
    // Over the allowance, a client gets one guess per interval.
    let per_hour = 3600.0 / rate.guess_interval_seconds;
    let figures = vec![
        Figure::new(
            "logins before 429",
            f64::from(rate.burst),
            "",
            Some(Budget::AtMost(f64::from(LOGINS_PER_MINUTE))),
        ),
        Figure::new(
            "seconds between guesses over it",
            rate.guess_interval_seconds,
            "s",
            Some(Budget::AtLeast(5.0)),
        ),
        Figure::new("guesses per hour per client", per_hour, "/h", Some(Budget::AtMost(1000.0))),
        Figure::new("argon2id check, server side", argon2, "ms", Some(Budget::AtLeast(10.0))),
        Figure::new("guesses per core, no limit", 1000.0 / argon2, "/s", None),
        Figure::new("days for 1e6 guesses per client", 1e6 / per_hour / 24.0, "d", None),
    ];
    for figure in &figures {
        println!("attack: {:<32} {:>10.2} {}", figure.name, figure.value, figure.unit);
    }
    println!("attack: {attempts} attacks refused, nothing changed, nothing leaked");
    let acknowledged = site.answers.len() as u64;
    Ok(Summary {
        requests: site.requests(),
        bad_inputs: attempts,
        acknowledged,
        stored,
        lost: acknowledged.saturating_sub(stored),
        duplicates,
        figures,
        ..Summary::new("attack")
    })
}

fn one_digit_changed(cookie: &str) -> String {
    let mut forged = cookie.to_owned();
    let last = forged.pop().unwrap_or('0');
    forged.push(if last == '0' { '1' } else { '0' });
    forged
}

/// One operation of the OpenAPI document, its path filled in with the site's own survey,
/// answer and admin, and its body the document's example: a request that does harm if
/// let through.
struct Operation {
    method: Method,
    template: String,
    path: String,
    body: Option<Value>,
    secured: bool,
    /// Documents 403: admins only.
    admins_only: bool,
}

struct RateLimit {
    burst: u32,
    /// Measured: from one guess taken to the next, over the limit.
    guess_interval_seconds: f64,
}

impl Attack {
    async fn call(&mut self, request: reqwest::RequestBuilder) -> anyhow::Result<Answer> {
        let response = self.site.send(request).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await?;
        for (name, value) in &headers {
            if name != "set-cookie" {
                self.transcript.push_str(&format!("{name}: {}\n", String::from_utf8_lossy(value.as_bytes())));
            }
        }
        self.transcript.push_str(&body);
        self.transcript.push('\n');
        Ok(Answer { status, headers, body })
    }

    fn check(&mut self, ok: bool, failure: impl FnOnce() -> String) {
        if !ok {
            self.failures.push(failure());
        }
    }

    async fn unchanged_since(&mut self, before: &Seen, what: &str) -> anyhow::Result<()> {
        let changes = self.site.seen().await?.changes_since(before);
        self.check(changes.is_none(), || format!("{what} changed {}", changes.unwrap_or_default()));
        Ok(())
    }

    /// The operations of the live document.
    async fn operations(&mut self) -> anyhow::Result<Vec<Operation>> {
        let document: Value = serde_json::from_str(
            &self.call(self.site.request(Method::GET, "/api/v1/openapi.json", None)).await?.body,
        )?;
        let answer_id = self.site.answers[0].id.clone();
        let mut operations = Vec::new();
        for (template, methods) in document["paths"].as_object().context("no paths in the document")? {
            for (method, operation) in methods.as_object().context("no methods")? {
                let mut path = template
                    .replace("{survey_id}", SURVEY)
                    .replace("{response_id}", &answer_id)
                    .replace("{email}", ADMIN);
                ensure!(!path.contains('{'), "no value to fill {template} with");
                let required: Vec<&str> = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|parameter| parameter["in"] == "query" && parameter["required"] == true)
                    .filter_map(|parameter| parameter["name"].as_str())
                    .collect();
                // Deleting by an attribute the site's answers carry.
                let values = [("attribute", "plan"), ("value", "pro")];
                let query: Vec<String> = required
                    .iter()
                    .map(|name| {
                        let value = values.iter().find(|(known, _)| known == name).map(|(_, value)| *value);
                        value
                            .map(|value| format!("{name}={value}"))
                            .context(format!("no value for {name} in {template}"))
                    })
                    .collect::<anyhow::Result<_>>()?;
                if !query.is_empty() {
                    path = format!("{path}?{}", query.join("&"));
                }
                let mut body = operation["requestBody"]["content"]["application/json"]["example"].clone();
                if method == "put" && body.get("id").is_some() {
                    body["id"] = json!(SURVEY);
                }
                let security = operation["security"].as_array().into_iter().flatten();
                operations.push(Operation {
                    method: method.to_uppercase().parse()?,
                    template: template.clone(),
                    path,
                    body: (!body.is_null()).then_some(body),
                    // Every admin operation, documented as needing a session or not.
                    secured: template.starts_with("/api/v1/admin/")
                        || security.into_iter().any(|scheme| scheme.get("session").is_some()),
                    admins_only: operation["responses"].get("403").is_some(),
                });
            }
        }
        Ok(operations)
    }

    fn request(&self, operation: &Operation, cookie: Option<&str>) -> reqwest::RequestBuilder {
        let request = self.site.request(operation.method.clone(), &operation.path, cookie);
        match &operation.body {
            Some(body) => request.json(body),
            None => request,
        }
    }

    /// 401 `unauthorized`, with nothing but the error in the answer.
    async fn refused_without_session(
        &mut self,
        operation: &Operation,
        what: &str,
        credentials: &Credentials,
    ) -> anyhow::Result<()> {
        let mut request = self.request(operation, credentials.cookie.as_deref());
        if let Some(token) = &credentials.bearer {
            request = request.bearer_auth(token);
        }
        self.attempts += 1;
        let answer = self.call(request).await?;
        let error = serde_json::from_str::<ErrorBody>(&answer.body).ok();
        let name = format!("{} {}", operation.method, operation.template);
        self.check(answer.status == StatusCode::UNAUTHORIZED, || {
            format!("{name} with {what}: {}", answer.status)
        });
        self.check(error.is_some_and(|error| error.error.code == "unauthorized"), || {
            format!("{name} with {what}: not the unauthorized error: {}", answer.body)
        });
        let first = &self.site.answers[0];
        let leaked = [COMPANY, ADMIN, VIEWER, first.id.as_str(), first.comment.as_deref().unwrap_or(COMPANY)]
            .into_iter()
            .find(|secret| answer.body.contains(secret))
            .map(str::to_owned);
        self.check(leaked.is_none(), || format!("{name} with {what} told {leaked:?}"));
        Ok(())
    }

    /// A viewer reads what marketers read and gets 403 from every change and admin page.
    async fn viewer(&mut self, operation: &Operation) -> anyhow::Result<()> {
        let name = format!("{} {}", operation.method, operation.template);
        let is_write = operation.method != Method::GET;
        self.check(!is_write || operation.admins_only, || {
            format!("{name} changes something but documents no 403")
        });
        let cookie = self.site.viewer_cookie.clone();
        let answer = self.call(self.request(operation, Some(&cookie))).await?;
        if operation.admins_only || is_write {
            self.attempts += 1;
            let code = serde_json::from_str::<ErrorBody>(&answer.body).map(|error| error.error.code).ok();
            self.check(
                answer.status == StatusCode::FORBIDDEN && code.as_deref() == Some("forbidden"),
                || format!("{name} as a viewer: {} {}", answer.status, answer.body),
            );
        } else {
            self.check(answer.status == StatusCode::OK, || format!("{name} as a viewer: {}", answer.status));
        }
        Ok(())
    }

    /// A session signed in on the server whose sessions end as they start.
    async fn expired_session(&mut self, expiring: &Server) -> anyhow::Result<String> {
        let body = json!({"email": ADMIN, "password": self.site.admin_password});
        let login = self.site.client.post(format!("{}/api/v1/session", expiring.base)).json(&body);
        let answer = self.call(login).await?;
        ensure!(answer.status == StatusCode::OK, "signing in on the expiring server: {}", answer.status);
        let cookie = set_cookie(&answer.headers)?;
        self.check(cookie.contains("; Secure"), || format!("--secure-cookie, yet the cookie is {cookie}"));
        Ok(cookie.split(';').next().unwrap_or_default().to_owned())
    }

    async fn signed_out_session(&mut self) -> anyhow::Result<String> {
        let cookie = self.site.login(ADMIN, &self.site.admin_password.clone()).await?;
        let logout = self.call(self.site.request(Method::DELETE, "/api/v1/session", Some(&cookie))).await?;
        ensure!(logout.status == StatusCode::NO_CONTENT, "signing out: {}", logout.status);
        Ok(cookie)
    }

    /// What the database keeps of a live session: it must open nothing.
    async fn stored_token_hash(&self) -> anyhow::Result<String> {
        let pool = SqlitePoolOptions::new().max_connections(1).connect(&self.site.database_url).await?;
        let hash: String =
            sqlx::query_scalar("SELECT token_hash FROM sessions LIMIT 1").fetch_one(&pool).await?;
        pool.close().await;
        Ok(hash)
    }

    async fn cookie_flags(&mut self) -> anyhow::Result<()> {
        let body = json!({"email": VIEWER, "password": self.site.viewer_password});
        let answer = self.call(self.site.request(Method::POST, "/api/v1/session", None).json(&body)).await?;
        let cookie = set_cookie(&answer.headers)?;
        let flags: Vec<&str> = cookie.split(';').map(str::trim).collect();
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            self.check(flags.contains(&flag), || format!("the session cookie lacks {flag}: {cookie}"));
        }
        // Over plain HTTP a Secure cookie would never come back: only with --secure-cookie.
        self.check(!flags.contains(&"Secure"), || format!("Secure without --secure-cookie: {cookie}"));
        self.check(flags.contains(&"Max-Age=43200"), || format!("not the 12 hours' session: {cookie}"));
        Ok(())
    }

    /// Wrong passwords until the limit, then the right one (refused all the same), then
    /// more until one is taken again, and no two in a row. Each wrong one is for an email of
    /// its own, so that the address's limit refuses them, not an account's lock.
    async fn login_rate_limit(&mut self, guarded: &Server) -> anyhow::Result<RateLimit> {
        let url = format!("{}/api/v1/session", guarded.base);
        let mut burst = 0;
        let mut refusal = None;
        for guess in 0..LOGINS_PER_MINUTE * 2 {
            let body = json!({"email": format!("guess{guess}@proof.example"), "password": "a guess"});
            self.attempts += 1;
            let answer = self.call(self.site.client.post(&url).json(&body)).await?;
            match answer.status {
                StatusCode::UNAUTHORIZED => burst += 1,
                StatusCode::TOO_MANY_REQUESTS => {
                    refusal = Some((answer, Instant::now()));
                    break;
                }
                other => bail!("a wrong password got {other}"),
            }
        }
        let (refusal, refused_at) = refusal.context("no 429 after twice the limit")?;
        self.check(burst == LOGINS_PER_MINUTE, || {
            format!("{burst} logins before 429, not {LOGINS_PER_MINUTE}")
        });
        let code = serde_json::from_str::<ErrorBody>(&refusal.body).map(|error| error.error.code).ok();
        self.check(code.as_deref() == Some("rate_limited"), || {
            format!("429 without rate_limited: {}", refusal.body)
        });
        let retry_after: u64 = refusal
            .headers
            .get("retry-after")
            .and_then(|value| value.to_str().ok()?.parse().ok())
            .context("429 without Retry-After")?;

        let right = json!({"email": ADMIN, "password": self.site.admin_password});
        self.attempts += 1;
        let lucky = self.call(self.site.client.post(&url).json(&right)).await?;
        self.check(lucky.status == StatusCode::TOO_MANY_REQUESTS, || {
            format!("the right password over the limit got {}", lucky.status)
        });

        let limit = Duration::from_secs(retry_after);
        let taken = self.next_guess_taken(&url, refused_at, limit).await?;
        // Retry-After is rounded up to whole seconds; the guesses a few times a second,
        // each waiting for its Argon2id check, notice the allowance a little late.
        let waited = taken - refused_at;
        self.check(waited <= limit + Duration::from_secs(1), || {
            format!("Retry-After said {retry_after} s, the next guess was taken after {waited:?}")
        });
        let again = self.guess(&url, "and at once another").await?;
        self.check(again == StatusCode::TOO_MANY_REQUESTS, || {
            format!("two guesses in a row after waiting: {again}")
        });
        // From one guess taken to the next: how often a client over the limit may guess.
        let next = self.next_guess_taken(&url, taken, limit).await?;
        Ok(RateLimit { burst, guess_interval_seconds: (next - taken).as_secs_f64() })
    }

    /// Guesses on, a few times a second, until one is taken again; when it was.
    async fn next_guess_taken(
        &mut self,
        url: &str,
        since: Instant,
        limit: Duration,
    ) -> anyhow::Result<Instant> {
        while since.elapsed() < limit + Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if self.guess(url, "one more").await? == StatusCode::UNAUTHORIZED {
                return Ok(Instant::now());
            }
        }
        bail!("no guess taken {limit:?} after the last")
    }

    async fn guess(&mut self, url: &str, password: &str) -> anyhow::Result<StatusCode> {
        self.attempts += 1;
        let body = json!({"email": format!("guess{}@proof.example", self.attempts), "password": password});
        Ok(self.call(self.site.client.post(url).json(&body)).await?.status)
    }

    /// Another site's page making the admin's browser send requests with the cookie (as if
    /// SameSite did not hold it back): a preflight gets no CORS permission, so only the
    /// "simple" content types could be sent, and each is refused.
    async fn cross_site_requests(&mut self, before: &Seen) -> anyhow::Result<()> {
        let (admin, evil) = (self.site.admin_cookie.clone(), "https://evil.example");
        let preflight = self
            .site
            .request(Method::OPTIONS, "/api/v1/admin/surveys", None)
            .header("origin", evil)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type");
        self.attempts += 1;
        let answer = self.call(preflight).await?;
        let allowed = answer.headers.get("access-control-allow-origin").cloned();
        self.check(allowed.is_none(), || format!("a preflight from {evil} was allowed: {allowed:?}"));
        let survey = json!({"id": "forged", "company": "Forged"}).to_string();
        for content_type in
            ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
        {
            let request = self
                .site
                .request(Method::POST, "/api/v1/admin/surveys", Some(&admin))
                .header("origin", evil)
                .header("content-type", content_type)
                .body(survey.clone());
            self.attempts += 1;
            let answer = self.call(request).await?;
            self.check(answer.status == StatusCode::UNSUPPORTED_MEDIA_TYPE, || {
                format!("a cross-site {content_type} post with the admin's cookie: {}", answer.status)
            });
        }
        self.unchanged_since(before, "cross-site posts with the admin's cookie").await
    }

    /// No cell of the export starts as a formula; each hostile text is there, made text.
    async fn csv_is_neutralised(&mut self) -> anyhow::Result<()> {
        let viewer = self.site.viewer_cookie.clone();
        let path = format!("/api/v1/admin/surveys/{SURVEY}/responses.csv");
        let export = self.call(self.site.request(Method::GET, &path, Some(&viewer))).await?;
        ensure!(export.status == StatusCode::OK, "CSV export: {}", export.status);
        let mut reader = csv::Reader::from_reader(export.body.as_bytes());
        let mut cells = Vec::new();
        for record in reader.records() {
            cells.extend(record?.iter().map(str::to_owned));
        }
        let formulas: Vec<&String> =
            cells.iter().filter(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r'])).collect();
        self.check(formulas.is_empty(), || format!("CSV cells a spreadsheet would run: {formulas:?}"));
        let hostile: Vec<String> = self
            .site
            .answers
            .iter()
            .filter_map(|answer| answer.comment.as_deref())
            .map(|comment| comment.trim().to_owned())
            .filter(|comment| comment.starts_with(['=', '+', '-', '@']))
            .collect();
        for text in &hostile {
            let made_text = format!("'{text}");
            self.check(cells.contains(&made_text), || format!("{text:?} is not in the CSV as {made_text:?}"));
        }
        self.check(cells.iter().any(|cell| cell == "'-/page"), || {
            "the page -/page is not made text".to_owned()
        });
        self.check(cells.iter().any(|cell| cell.starts_with('{') && cell.contains("=1+2")), || {
            "the attributes cell is missing".to_owned()
        });
        Ok(())
    }

    /// Passwords, their hashes (from the database) and session tokens: in no answer and
    /// no log line. Each log must show requests, so that an empty one cannot pass.
    async fn nothing_leaked(&mut self, tokens: &[String], logs: &[std::path::PathBuf]) -> anyhow::Result<()> {
        let pool = SqlitePoolOptions::new().max_connections(1).connect(&self.site.database_url).await?;
        let hashes: Vec<String> =
            sqlx::query_scalar("SELECT password_hash FROM users").fetch_all(&pool).await?;
        let token_hashes: Vec<String> =
            sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(&pool).await?;
        pool.close().await;
        ensure!(
            hashes.iter().all(|hash| hash.starts_with("$argon2id$")),
            "passwords not hashed with Argon2id"
        );
        let mut secrets = vec![self.site.admin_password.clone(), self.site.viewer_password.clone()];
        for hash in &hashes {
            secrets.push(hash.clone());
            // Salt and digest, in case only a part were written out.
            secrets.extend(hash.split('$').filter(|part| part.len() >= 16).map(str::to_owned));
        }
        secrets.extend(tokens.iter().map(|cookie| cookie.trim_start_matches("pulse_session=").to_owned()));
        secrets.extend(token_hashes);

        let mut places = vec![("the answers".to_owned(), std::mem::take(&mut self.transcript))];
        for log in logs {
            let text = std::fs::read_to_string(log).with_context(|| format!("reading {}", log.display()))?;
            let logged = text.lines().any(|line| line.contains("finished processing request"));
            self.check(logged, || format!("{} logs no request: not the server's log", log.display()));
            places.push((log.display().to_string(), text));
        }
        for (place, text) in &places {
            for secret in &secrets {
                self.check(!text.contains(secret.as_str()), || {
                    format!("{place} show a secret: {}…", &secret[..8])
                });
            }
        }
        Ok(())
    }
}

fn set_cookie(headers: &HeaderMap) -> anyhow::Result<String> {
    Ok(headers.get("set-cookie").context("no Set-Cookie")?.to_str()?.to_owned())
}

/// The median time the server took to answer a wrong password, from its own log: an
/// Argon2id check and little else.
fn password_check_milliseconds(log: &std::path::Path) -> anyhow::Result<f64> {
    let mut latencies: Vec<f64> = std::fs::read_to_string(log)?
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["span"]["path"] == "/api/v1/session" && line["fields"]["status"] == 401)
        .filter_map(|line| line["fields"]["latency"].as_str()?.strip_suffix(" ms")?.parse().ok())
        .collect();
    ensure!(!latencies.is_empty(), "no wrong-password login in {}", log.display());
    latencies.sort_by(f64::total_cmp);
    Ok(latencies[latencies.len() / 2])
}
