//! Attack: an outsider against a release server whose logs (at info level, as JSON) are
//! kept. Every operation of the live OpenAPI document that needs a session refuses a
//! missing, forged, copied-from-the-database, signed-out and expired session; a viewer
//! gets 403 from every admin operation; the session cookie is HttpOnly, SameSite=Strict
//! and Secure when asked; logins are rate limited and each password check is slow; pages
//! of unlisted origins can neither answer nor count a display, nor make an admin's
//! browser change anything; CSV cells cannot run as formulas; revoked, wrong and
//! malformed API tokens open nothing, and a viewer's token no admin operation; and no
//! password, password hash, session or API token ever shows in an answer or a log line.

mod accounts;
mod cookie;
mod cross_site;
mod csv_export;
mod erasure;
mod leaks;
mod login_rate;
mod operations;
mod origins;
mod roles;
mod same_site;
mod sessions;
mod slow_clients;
mod tokens;

use anyhow::{bail, ensure, Context};
use pulse_core::api::ResponseSubmission;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::server::Server;
use crate::site::{answer, Seen, Site};
use crate::summary::Summary;

#[derive(clap::Args)]
pub struct Args {}

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
    // Private webhooks, so that the site can have one, on a port where nobody answers.
    let flags = [
        "--widget-requests-per-minute",
        "1000000",
        "--logins-per-minute",
        "1000000",
        "--allow-private-webhooks",
    ];
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

    let api_tokens = attack.make_tokens().await?;
    let before = attack.site.seen().await?;
    let webhook_id = attack.make_webhook().await?;
    let operations = attack.operations(&api_tokens.admin.api_token.id, &webhook_id).await?;
    let signed_in = operations.iter().filter(|operation| operation.secured).count();
    println!(
        "attack: {} operations in the OpenAPI document, {signed_in} of them for signed-in marketers",
        operations.len()
    );
    ensure!(signed_in >= 10, "only {signed_in} operations need a session: is the document complete?");

    let [signed_out, expired] = attack.without_session(&operations, &expiring).await?;
    attack.viewers(&operations).await?;
    attack.api_tokens(&operations, &api_tokens).await?;
    attack
        .unchanged_since(&before, "the requests without a valid session, the viewer's and the tokens'")
        .await?;

    attack.cookie_flags().await?;
    let rate = attack.login_rate_limit(&guarded).await?;
    attack.foreign_origins(&before).await?;
    attack.refusals_count_against_the_allowance().await?;
    attack.slow_clients().await?;
    attack.cross_site_requests(&before).await?;
    attack.forms_from_other_sites(&operations, &before).await?;
    attack.csv_is_neutralised().await?;
    attack.erasure().await?;
    attack.accounts().await?;
    let argon2 = login_rate::password_check_milliseconds(&guarded_log)?;

    let (stored, duplicates) = attack.site.check_answers().await?;
    let mut tokens =
        vec![attack.site.admin_cookie.clone(), attack.site.viewer_cookie.clone(), signed_out, expired];
    tokens.extend(api_tokens.secrets());
    drop((expiring, guarded));
    attack.nothing_leaked(&tokens, &[site_log, expiring_log, guarded_log]).await?;

    let Attack { site, failures, attempts, .. } = attack;
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("  {failure}");
        }
        bail!("attack: {} failures", failures.len());
    }
    let figures = rate.figures(argon2);
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
}

fn set_cookie(headers: &HeaderMap) -> anyhow::Result<String> {
    Ok(headers.get("set-cookie").context("no Set-Cookie")?.to_str()?.to_owned())
}
