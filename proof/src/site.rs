//! A Pulse site as the adversarial parts find it: a release server on a SQLite file of its
//! own, a survey that lists the one site allowed to embed it, an admin, a viewer and a few
//! answers; and what a marketer sees of it, to tell whether a refused request changed
//! anything.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{bail, ensure, Context};
use pulse_core::admin::ResponsePage;
use pulse_core::api::{ResponseSubmission, CSRF_HEADER};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{json, Value};
use tempfile::TempDir;
use uuid::Uuid;

use crate::server::{self, Server};

pub const SURVEY: &str = "proof";
/// The only origin whose pages may call the survey.
pub const ALLOWED_ORIGIN: &str = "https://shop.example";
pub const COMPANY: &str = "Proof Outfitters";
pub const ADMIN: &str = "admin@proof.example";
pub const VIEWER: &str = "viewer@proof.example";

/// Whatever a request does, its answer comes sooner than this or the server hangs.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Site {
    pub server: Server,
    pub client: reqwest::Client,
    pub database_url: String,
    /// Random, so that finding them anywhere means they leaked.
    pub admin_password: String,
    pub viewer_password: String,
    /// `pulse_session=...`, as a browser sends it back.
    pub admin_cookie: String,
    pub viewer_cookie: String,
    /// Answers the server acknowledged: those posted while setting up, and any a part
    /// adds, to be found stored once at the end.
    pub answers: Vec<ResponseSubmission>,
    requests: AtomicU64,
    folder: TempDir,
}

impl Site {
    /// Makes the database (survey and accounts through the server's command line), starts
    /// the server with `args`, signs both accounts in and posts `answers`. If `logged`, the
    /// server logs every request, as JSON, into [`Site::log_file`].
    pub async fn start(
        args: &[&str],
        logged: bool,
        answers: Vec<ResponseSubmission>,
    ) -> anyhow::Result<Site> {
        let folder = tempfile::tempdir()?;
        let database_url = format!("sqlite:{}", folder.path().join("pulse.db").display());
        let survey = json!({
            "id": SURVEY, "company": COMPANY, "scale": "zero_to_ten", "allowed_origins": [ALLOWED_ORIGIN],
        });
        server::put_survey(&database_url, folder.path(), &survey).await?;
        let admin_password = format!("admin-{}", Uuid::new_v4());
        let viewer_password = format!("viewer-{}", Uuid::new_v4());
        for (email, role, password) in
            [(ADMIN, "admin", &admin_password), (VIEWER, "viewer", &viewer_password)]
        {
            let args = ["user", "add", "--email", email, "--role", role];
            server::command(&database_url, &args, &format!("{password}\n")).await?;
        }
        let server = if logged {
            Server::start_logging(&database_url, args, &folder.path().join("server.log")).await?
        } else {
            Server::start(&database_url, args).await?
        };
        let mut site = Site {
            server,
            client: reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build()?,
            database_url,
            admin_password,
            viewer_password,
            admin_cookie: String::new(),
            viewer_cookie: String::new(),
            answers: Vec::new(),
            requests: AtomicU64::new(0),
            folder,
        };
        site.admin_cookie = site.login(ADMIN, &site.admin_password.clone()).await?;
        site.viewer_cookie = site.login(VIEWER, &site.viewer_password.clone()).await?;
        for answer in answers {
            let response = site.post_answer(&answer, Some(ALLOWED_ORIGIN)).await?;
            ensure!(
                response.status() == StatusCode::OK,
                "answer {} refused: {}",
                answer.id,
                response.status()
            );
            site.answers.push(answer);
        }
        Ok(site)
    }

    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    pub fn log_file(&self) -> PathBuf {
        self.folder.path().join("server.log")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base)
    }

    /// Requests sent so far, through [`Site::send`].
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Sends and counts a request; an error if the server does not answer in time.
    pub async fn send(&self, request: RequestBuilder) -> anyhow::Result<Response> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        Ok(request.send().await?)
    }

    /// A request as the marketers' pages send it, with the CSRF header, so that what it
    /// meets is the session, the role and the body; the attack part sends changes without
    /// it too (`attack::same_site`).
    pub fn request(&self, method: Method, path: &str, cookie: Option<&str>) -> RequestBuilder {
        let request = self.client.request(method, self.url(path)).header(CSRF_HEADER, "1");
        match cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        }
    }

    /// Signs in; the session cookie as a browser sends it back.
    pub async fn login(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let body = json!({"email": email, "password": password});
        let response = self.send(self.request(Method::POST, "/api/v1/session", None).json(&body)).await?;
        ensure!(response.status() == StatusCode::OK, "{email} could not sign in: {}", response.status());
        let set_cookie = response.headers().get("set-cookie").context("no session cookie")?.to_str()?;
        Ok(set_cookie.split(';').next().unwrap_or_default().to_owned())
    }

    pub async fn post_answer(
        &self,
        answer: &ResponseSubmission,
        origin: Option<&str>,
    ) -> anyhow::Result<Response> {
        let mut request = self.request(Method::POST, &format!("/api/v1/surveys/{SURVEY}/responses"), None);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        self.send(request.json(answer)).await
    }

    /// Every answer of the survey, through the marketers' API, newest first.
    pub async fn stored_answers(&self) -> anyhow::Result<Vec<pulse_core::admin::StoredResponse>> {
        let mut answers = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/admin/surveys/{SURVEY}/responses?limit=200");
            if let Some(cursor) = &cursor {
                path.push_str(&format!("&cursor={cursor}"));
            }
            let response = self.send(self.request(Method::GET, &path, Some(&self.admin_cookie))).await?;
            ensure!(response.status() == StatusCode::OK, "listing answers: {}", response.status());
            let page: ResponsePage = response.json().await?;
            answers.extend(page.responses);
            cursor = page.next_cursor;
            if cursor.is_none() {
                return Ok(answers);
            }
        }
    }

    /// Of the answers posted while setting up: how many are stored, and how many rows
    /// beyond one any of them has.
    pub async fn check_answers(&self) -> anyhow::Result<(u64, u64)> {
        let stored = self.stored_answers().await?;
        let (mut found, mut duplicates) = (0, 0);
        for answer in &self.answers {
            let rows = stored.iter().filter(|row| row.id == answer.id).count() as u64;
            found += rows.min(1);
            duplicates += rows.saturating_sub(1);
        }
        Ok((found, duplicates))
    }

    /// What an admin sees: surveys, the survey, its answers, its feed (displays counted in
    /// it too) and the accounts.
    pub async fn seen(&self) -> anyhow::Result<Seen> {
        let cookie = Some(self.admin_cookie.as_str());
        let mut json = Vec::new();
        for path in [
            "/api/v1/admin/surveys".to_owned(),
            format!("/api/v1/admin/surveys/{SURVEY}"),
            "/api/v1/admin/users".to_owned(),
        ] {
            let response = self.send(self.request(Method::GET, &path, cookie)).await?;
            ensure!(response.status() == StatusCode::OK, "GET {path}: {}", response.status());
            json.push(response.json::<Value>().await?);
        }
        let answers = self.stored_answers().await?;
        json.push(serde_json::to_value(&answers)?);
        let feed_path = format!("/api/v1/admin/surveys/{SURVEY}/feed");
        let response = self.send(self.request(Method::GET, &feed_path, cookie)).await?;
        if response.status() != StatusCode::OK {
            bail!("GET {feed_path}: {}", response.status());
        }
        Ok(Seen { json, feed: response.bytes().await?.to_vec() })
    }
}

/// What an admin sees of the site, compared before and after an attack.
#[derive(PartialEq)]
pub struct Seen {
    json: Vec<Value>,
    feed: Vec<u8>,
}

impl Seen {
    /// Says what differs, if anything.
    pub fn changes_since(&self, before: &Seen) -> Option<String> {
        let names = ["survey list", "survey", "accounts", "answers"];
        let mut changed: Vec<&str> = names
            .iter()
            .zip(self.json.iter().zip(&before.json))
            .filter(|(_, (a, b))| a != b)
            .map(|(n, _)| *n)
            .collect();
        if self.feed != before.feed {
            changed.push("feed (answers and displays)");
        }
        (!changed.is_empty()).then(|| changed.join(", "))
    }
}

/// A plausible answer with a new id.
pub fn answer(nps: i64, comment: &str) -> ResponseSubmission {
    ResponseSubmission {
        id: Uuid::new_v4().to_string(),
        nps,
        comment: Some(comment.to_owned()),
        language: Some("en".into()),
        page: Some("/checkout".into()),
        attributes: [("plan".to_owned(), "pro".to_owned())].into(),
        ..ResponseSubmission::default()
    }
}
