//! Pages of origins a survey does not list: whatever the survey id looks like in the path
//! (percent-encoded, in either case, encoded twice), they can neither answer, count a
//! display, read the configuration nor pass a preflight, and refusals and preflights spend
//! the client's allowance like any request.

use anyhow::ensure;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::Attack;
use crate::server::Server;
use crate::site::{answer, Seen, ALLOWED_ORIGIN, SURVEY};

/// The survey's id as the handler decodes it, written otherwise: each spelling is the
/// survey (403 from a foreign page) or, encoded twice, no survey id at all (400).
const SPELLINGS: [&str; 6] =
    ["%70roof", "pro%6Ff", "pro%6ff", "%70%72%6F%6F%66", "%2570roof", "%25%37%30roof"];

/// Requests a client may make to the widget's endpoints per minute on the server that
/// checks that refusals are counted.
const WIDGET_REQUESTS: u32 = 5;

impl Attack {
    /// Foreign pages, with the survey id as written and in every other spelling: no answer
    /// stored, no display counted, no configuration, no preflight passed.
    pub(super) async fn foreign_origins(&mut self, before: &Seen) -> anyhow::Result<()> {
        let before_answers = self.site.stored_answers().await?.len();
        let origins = [
            "https://evil.example",
            "http://shop.example",
            "https://shop.example.evil.example",
            "https://shop.example:8443",
            "https://evilshop.example",
            "null",
        ];
        let attempts =
            origins.iter().map(|origin| (*origin, SURVEY)).chain(SPELLINGS.map(|id| (origins[0], id)));
        for (origin, survey) in attempts {
            for (method, path, body) in widget_requests(survey, origin)? {
                let mut request = self.site.request(method.clone(), &path, None).header("origin", origin);
                if method == Method::OPTIONS {
                    request = request
                        .header("access-control-request-method", "POST")
                        .header("access-control-request-headers", "content-type");
                }
                if let Some(body) = body {
                    request = request.json(&body);
                }
                self.attempts += 1;
                let answer = self.call(request).await?;
                let allowed = answer.headers.get("access-control-allow-origin").cloned();
                let refused = [StatusCode::FORBIDDEN, StatusCode::BAD_REQUEST].contains(&answer.status);
                self.check(refused && allowed.is_none(), || {
                    format!("{method} {path} from {origin}: {} (allow-origin {allowed:?})", answer.status)
                });
                self.check(varies_by_origin(&answer.headers), || {
                    format!("{method} {path} from {origin}: {} without Vary: Origin", answer.status)
                });
            }
        }
        // The listed origin is let through: the refusals above are for the origin.
        let listed = answer(9, "from the shop");
        let answer = self.site.post_answer(&listed, Some(ALLOWED_ORIGIN)).await?;
        let allowed = answer.headers().get("access-control-allow-origin").cloned();
        self.check(
            answer.status() == StatusCode::OK && allowed.as_ref().is_some_and(|o| o == ALLOWED_ORIGIN),
            || format!("the listed origin got {} (allow-origin {allowed:?})", answer.status()),
        );
        let after = self.site.stored_answers().await?;
        self.check(after.len() == before_answers + 1, || {
            format!(
                "{} answers after the foreign origins and one from the shop, {before_answers} before",
                after.len()
            )
        });
        // Nothing else changed: delete the shop's answer and compare.
        let path = format!("/api/v1/admin/surveys/{SURVEY}/responses/{}", listed.id);
        let admin = self.site.admin_cookie.clone();
        let deleted = self.call(self.site.request(Method::DELETE, &path, Some(&admin))).await?;
        ensure!(deleted.status == StatusCode::NO_CONTENT, "deleting the shop's answer: {}", deleted.status);
        self.unchanged_since(before, "answers and displays from foreign origins").await
    }

    /// On a server behind a proxy, with a small widget allowance: a client refused for its
    /// origin, or sending only preflights, is over its allowance as soon as one that is let
    /// through would be, and its page gets no CORS permission for the 429.
    pub(super) async fn refusals_count_against_the_allowance(&mut self) -> anyhow::Result<()> {
        let allowance = WIDGET_REQUESTS.to_string();
        let flags = ["--client-ip-header", "x-forwarded-for", "--widget-requests-per-minute", &allowance];
        let limited = Server::start(&self.site.database_url, &flags).await?;
        let clients = [
            ("a foreign page's answers", "203.0.113.1", "https://evil.example", Method::POST),
            ("a foreign page's preflights", "203.0.113.2", "https://evil.example", Method::OPTIONS),
            ("the shop's preflights", "203.0.113.3", ALLOWED_ORIGIN, Method::OPTIONS),
        ];
        for (what, client, origin, method) in clients {
            let url = format!("{}/api/v1/surveys/{SURVEY}/impressions", limited.base);
            let mut statuses = Vec::new();
            for _ in 0..=WIDGET_REQUESTS {
                let request = self
                    .site
                    .client
                    .request(method.clone(), &url)
                    .header("x-forwarded-for", client)
                    .header("origin", origin)
                    .header("access-control-request-method", "POST")
                    .json(&json!({}));
                self.attempts += 1;
                let answer = self.call(request).await?;
                statuses.push(answer.status.as_u16());
                if answer.status == StatusCode::TOO_MANY_REQUESTS {
                    let allowed = answer.headers.get("access-control-allow-origin").cloned();
                    self.check(allowed.is_none(), || format!("{what}: a 429 allowed {allowed:?}"));
                }
            }
            self.check(
                statuses.last() == Some(&429) && !statuses[..statuses.len() - 1].contains(&429),
                || format!("{what} with an allowance of {WIDGET_REQUESTS}: {statuses:?}"),
            );
        }
        Ok(())
    }
}

/// An answer, a display, the configuration and a preflight for the survey written `survey`.
fn widget_requests(survey: &str, origin: &str) -> anyhow::Result<[(Method, String, Option<Value>); 4]> {
    let answer = serde_json::to_value(answer(10, &format!("from {origin}")))?;
    Ok([
        (Method::POST, format!("/api/v1/surveys/{survey}/responses"), Some(answer)),
        (Method::POST, format!("/api/v1/surveys/{survey}/impressions"), Some(json!({"page": "/"}))),
        (Method::GET, format!("/api/v1/surveys/{survey}"), None),
        (Method::OPTIONS, format!("/api/v1/surveys/{survey}/responses"), None),
    ])
}

fn varies_by_origin(headers: &reqwest::header::HeaderMap) -> bool {
    headers.get_all("vary").iter().any(|value| value.to_str().is_ok_and(|vary| vary.contains("origin")))
}
