//! Starts the real router on a free port against a fresh database: a SQLite file in a
//! temporary folder, or a new database on the PostgreSQL server named by
//! `PULSE_TEST_POSTGRES_URL` (which `scripts/test` starts and sets).

#![allow(dead_code, reason = "each test file uses a different part of the harness")]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::LazyLock;

use pulse_core::admin::{Role, SurveyDefinition};
use pulse_core::api::SurveyConfig;
use pulse_server::config::Settings;
use pulse_server::db::Db;
use pulse_server::{router, AppState};
use reqwest::Client;
use sqlx::Connection;
use tempfile::TempDir;

pub const POSTGRES_URL_VARIABLE: &str = "PULSE_TEST_POSTGRES_URL";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct Server {
    pub base: String,
    pub client: Client,
    pub db: Db,
    pub database_url: String,
    /// What the server serves as the built app.
    pub static_dir: PathBuf,
    _dir: TempDir,
}

impl Server {
    /// `None` (after printing why) when the PostgreSQL server is not configured.
    pub async fn start(backend: Backend) -> Option<Server> {
        let dir = tempfile::tempdir().unwrap();
        let database_url = fresh_database(backend, &dir).await?;
        Some(Server::on_database(database_url, dir, &Settings::default()).await)
    }

    /// Another server process, in effect: its own pool on the same database.
    pub async fn beside(&self) -> Server {
        Server::on_database(self.database_url.clone(), tempfile::tempdir().unwrap(), &Settings::default())
            .await
    }

    /// Another server on the same database, with other settings.
    pub async fn with_settings(&self, settings: &Settings) -> Server {
        Server::on_database(self.database_url.clone(), tempfile::tempdir().unwrap(), settings).await
    }

    async fn on_database(database_url: String, dir: TempDir, settings: &Settings) -> Server {
        let db = Db::open(&database_url).await.unwrap();
        db.ensure_demo_survey().await.unwrap();
        let static_dir = dir.path().join("static");
        std::fs::create_dir_all(static_dir.join("widget")).unwrap();
        let app = router(AppState::new(db.clone(), settings), &static_dir);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
        });
        Server { base, client: Client::new(), db, database_url, static_dir, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn add_survey(&self, id: &str, allowed_origins: &[&str]) {
        let survey = SurveyDefinition {
            config: SurveyConfig { id: id.to_owned(), company: "Other Co".to_owned(), ..Default::default() },
            allowed_origins: allowed_origins.iter().map(|origin| origin.to_string()).collect(),
            archived: false,
        };
        self.db.put_survey(&survey).await.unwrap();
    }
}

impl Server {
    pub async fn add_user(&self, email: &str, role: Role) {
        // Hashed once: Argon2 is slow on purpose, and slower still in a debug build.
        static HASH: LazyLock<String> =
            LazyLock::new(|| pulse_server::auth::hash_password(PASSWORD).unwrap());
        self.db.put_user(email, &HASH, role).await.unwrap();
    }

    /// Signs in and returns the `Cookie` header value that carries the session.
    pub async fn login(&self, email: &str) -> String {
        let response = self
            .client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "login of {email}");
        let set_cookie = response.headers()["set-cookie"].to_str().unwrap();
        set_cookie.split(';').next().unwrap().to_owned()
    }

    /// An admin's and a viewer's session cookies.
    /// The survey's results feed, as the results page reads it with `cookie`.
    pub async fn feed(&self, cookie: &str, survey_id: &str) -> pulse_core::feed::Feed {
        let path = format!("/api/v1/admin/surveys/{survey_id}/feed");
        let response = self.client.get(self.url(&path)).header("cookie", cookie).send().await.unwrap();
        assert_eq!(response.status(), 200);
        pulse_core::feed::Feed::decode(&response.bytes().await.unwrap()).unwrap()
    }

    pub async fn admin_and_viewer(&self) -> (String, String) {
        self.add_user("admin@example.com", Role::Admin).await;
        self.add_user("viewer@example.com", Role::Viewer).await;
        (self.login("admin@example.com").await, self.login("viewer@example.com").await)
    }
}

/// A `pulse-server` process, ended when dropped.
pub struct Process {
    pub child: Child,
    pub base: String,
}

impl Process {
    pub fn start(database_url: &str) -> Process {
        Process::start_with(database_url, &[])
    }

    /// A process with `args` added to its command line.
    pub fn start_with(database_url: &str, args: &[&str]) -> Process {
        Process::start_serving(database_url, tempfile::tempdir().unwrap().path(), args)
    }

    /// A process serving the files of `static_dir` as the built app.
    pub fn start_serving(database_url: &str, static_dir: &Path, args: &[&str]) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pulse-server"))
            .args(["--addr", "127.0.0.1:0", "--database-url", database_url])
            .arg("--static-dir")
            .arg(static_dir)
            .args(args)
            // Request logs would drown the tests' output.
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        // "Pulse is running: open http://127.0.0.1:PORT/ (...)"
        let base = line.split_whitespace().find(|word| word.starts_with("http://")).unwrap();
        Process { child, base: base.trim_end_matches('/').to_owned() }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

pub const PASSWORD: &str = "correct horse battery";

async fn fresh_database(backend: Backend, dir: &TempDir) -> Option<String> {
    match backend {
        Backend::Sqlite => Some(format!("sqlite:{}", dir.path().join("pulse.db").display())),
        Backend::Postgres => {
            let Ok(server_url) = std::env::var(POSTGRES_URL_VARIABLE) else {
                eprintln!("skipped: set {POSTGRES_URL_VARIABLE} to run this test on PostgreSQL");
                return None;
            };
            let name = format!("pulse_test_{}", uuid::Uuid::new_v4().simple());
            let mut connection = sqlx::PgConnection::connect(&server_url).await.unwrap();
            sqlx::Executor::execute(&mut connection, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (server, _database) = server_url.rsplit_once('/').unwrap();
            Some(format!("{server}/{name}"))
        }
    }
}

/// Runs each named `async fn(Server)` twice: on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            use $crate::common::{Backend, Server};

            #[tokio::test]
            async fn sqlite() {
                if let Some(server) = Server::start(Backend::Sqlite).await {
                    super::$test(server).await;
                }
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(server) = Server::start(Backend::Postgres).await {
                    super::$test(server).await;
                }
            }
        }
    )*};
}
