//! How the server is configured and what it can be asked to do: flags, each also read
//! from the environment, and sub-commands. With no sub-command it serves.

use std::net::SocketAddr;
use std::num::{NonZeroU32, NonZeroU64, NonZeroUsize};
use std::path::PathBuf;
use std::time::Duration;

use axum::http::HeaderName;
use clap::builder::{BoolishValueParser, PossibleValuesParser, TypedValueParser};
use clap::ArgAction;
use pulse_core::admin::Role;
use pulse_core::limits::{LOGINS_PER_MINUTE, SESSION_HOURS, WEBHOOK_RETRY_SECONDS};

#[derive(Clone, Debug, clap::Parser)]
#[command(name = "pulse-server", version, about = "Collects survey answers and serves the Pulse app.")]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, clap::Args)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "PULSE_ADDR", default_value = "127.0.0.1:8080", global = true)]
    pub addr: SocketAddr,

    /// Where answers are stored: `sqlite:FILE` (created on first run) or `postgres://...`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite:pulse.db", global = true)]
    pub database_url: String,

    /// The built app (Trunk's output), with the widget's files in its `widget/` folder.
    #[arg(long, env = "PULSE_STATIC_DIR", default_value = "dist", global = true)]
    pub static_dir: PathBuf,

    /// Requests a client may make to the widget's endpoints per minute (and at once).
    #[arg(long, env = "PULSE_WIDGET_REQUESTS_PER_MINUTE", default_value_t = Settings::default().widget_requests_per_minute, global = true)]
    pub widget_requests_per_minute: NonZeroU32,

    /// Login attempts a client may make per minute.
    #[arg(long, env = "PULSE_LOGINS_PER_MINUTE", default_value_t = Settings::default().logins_per_minute, global = true)]
    pub logins_per_minute: NonZeroU32,

    /// Header holding the client's address, such as `X-Forwarded-For`, set by a load
    /// balancer in front of the server (its last address counts); the rate limits count
    /// per address. Leave unset when clients reach the server directly, or they could
    /// pick their own address.
    #[arg(long, env = "PULSE_CLIENT_IP_HEADER", global = true)]
    pub client_ip_header: Option<HeaderName>,

    /// Connections open at once; more wait to be accepted. Keep it under the process's
    /// limit of open files (`ulimit -n`).
    #[arg(long, env = "PULSE_MAX_CONNECTIONS", default_value_t = Settings::default().max_connections, global = true)]
    pub max_connections: NonZeroUsize,

    /// Seconds a client may take to send a request's head, or to start the next one on a
    /// kept-alive connection, before the connection is closed.
    #[arg(long, env = "PULSE_HEADER_TIMEOUT_SECONDS", default_value_t = Settings::default().header_timeout_seconds, global = true)]
    pub header_timeout_seconds: NonZeroU64,

    /// Seconds a client may leave an answer unread, taking none of its bytes, before the
    /// connection is closed.
    #[arg(long, env = "PULSE_WRITE_TIMEOUT_SECONDS", default_value_t = Settings::default().write_timeout_seconds, global = true)]
    pub write_timeout_seconds: NonZeroU64,

    /// Seconds within which a request, body included, must be answered; then 503 `timeout`.
    #[arg(long, env = "PULSE_REQUEST_TIMEOUT_SECONDS", default_value_t = Settings::default().request_timeout_seconds, global = true)]
    pub request_timeout_seconds: NonZeroU64,

    /// Hours a marketer stays signed in.
    #[arg(long, env = "PULSE_SESSION_HOURS", default_value_t = Settings::default().session_hours, global = true)]
    pub session_hours: u32,

    /// `text` for people, `json` (one object per line) for log collectors.
    #[arg(long, env = "PULSE_LOG_FORMAT", value_enum, default_value = "text", global = true)]
    pub log_format: LogFormat,

    /// Marks the session cookie `Secure` (sent over HTTPS only): turn on whenever the
    /// server is reached over HTTPS, as in production behind a TLS proxy.
    #[arg(long, env = "PULSE_SECURE_COOKIE", global = true)]
    pub secure_cookie: bool,

    /// Lets webhooks post to loopback, private and link-local addresses, and over plain
    /// `http://`: for receivers on the company's own network, and for tests. Otherwise a
    /// webhook's host must be, and resolve to, addresses on the internet only.
    #[arg(long, env = "PULSE_ALLOW_PRIVATE_WEBHOOKS", global = true, action = ArgAction::SetTrue,
          value_parser = BoolishValueParser::new())]
    pub allow_private_webhooks: bool,

    /// Seconds between a webhook message's failed attempt and the next, comma-separated,
    /// instead of the schedule of about a day: for tests that cannot wait that long.
    #[arg(long, env = "PULSE_WEBHOOK_RETRY_SECONDS", value_delimiter = ',', hide = true, global = true)]
    pub webhook_retry_seconds: Vec<f64>,

    /// Seconds between two checks of the surveys' NPS for `alert.score_drop`, instead of an
    /// hour: for tests.
    #[arg(long, env = "PULSE_ALERT_CHECK_SECONDS", hide = true, global = true)]
    pub alert_check_seconds: Option<f64>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// What the running server needs from the configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    pub widget_requests_per_minute: NonZeroU32,
    pub logins_per_minute: NonZeroU32,
    pub client_ip_header: Option<HeaderName>,
    pub max_connections: NonZeroUsize,
    pub header_timeout_seconds: NonZeroU64,
    pub write_timeout_seconds: NonZeroU64,
    pub request_timeout_seconds: NonZeroU64,
    pub session_hours: u32,
    pub secure_cookie: bool,
    pub allow_private_webhooks: bool,
    /// The delay after each failed attempt of a webhook message; a message is given up
    /// after the last.
    pub webhook_retry: Vec<Duration>,
    /// How often the process that sends webhooks' messages checks the surveys' NPS for
    /// `alert.score_drop`.
    pub alert_check: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            // A visitor's widget makes a handful of requests per survey; a page full of
            // them, or a whole office behind one address, stays far below this.
            widget_requests_per_minute: NonZeroU32::new(120).unwrap_or(NonZeroU32::MIN),
            logins_per_minute: NonZeroU32::new(LOGINS_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            client_ip_header: None,
            // Far more than the visitors one process serves at once, far fewer than the
            // open files a process may have.
            max_connections: NonZeroUsize::new(1_000).unwrap_or(NonZeroUsize::MIN),
            // Browsers send a head at once; only slow-drip clients need longer.
            header_timeout_seconds: NonZeroU64::new(10).unwrap_or(NonZeroU64::MIN),
            // A browser on a slow phone link still takes bytes every few seconds; this is
            // nginx's `send_timeout`.
            write_timeout_seconds: NonZeroU64::new(60).unwrap_or(NonZeroU64::MIN),
            // Room for the slowest request, the first results feed of a million answers
            // (15 s), several times over.
            request_timeout_seconds: NonZeroU64::new(60).unwrap_or(NonZeroU64::MIN),
            session_hours: SESSION_HOURS,
            secure_cookie: false,
            allow_private_webhooks: false,
            webhook_retry: WEBHOOK_RETRY_SECONDS.map(Duration::from_secs).to_vec(),
            // A drop shows over days; an hour late is soon enough, and the check counts five
            // weeks of answers of each survey alerted on.
            alert_check: Duration::from_secs(3600),
        }
    }
}

impl Config {
    pub fn settings(&self) -> Settings {
        Settings {
            widget_requests_per_minute: self.widget_requests_per_minute,
            logins_per_minute: self.logins_per_minute,
            client_ip_header: self.client_ip_header.clone(),
            max_connections: self.max_connections,
            header_timeout_seconds: self.header_timeout_seconds,
            write_timeout_seconds: self.write_timeout_seconds,
            request_timeout_seconds: self.request_timeout_seconds,
            session_hours: self.session_hours,
            secure_cookie: self.secure_cookie,
            allow_private_webhooks: self.allow_private_webhooks,
            webhook_retry: if self.webhook_retry_seconds.is_empty() {
                Settings::default().webhook_retry
            } else {
                self.webhook_retry_seconds
                    .iter()
                    .map(|&seconds| Duration::try_from_secs_f64(seconds).unwrap_or_default())
                    .collect()
            },
            alert_check: self.alert_check_seconds.map_or(Settings::default().alert_check, |seconds| {
                Duration::try_from_secs_f64(seconds).unwrap_or_default()
            }),
        }
    }
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Answer requests (what running with no sub-command does).
    Serve,
    /// Manage surveys.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// Manage marketers' accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage answers.
    #[command(subcommand)]
    Responses(ResponsesCommand),
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add an account, or set the password and role of an existing one. The password is
    /// read from the first line of standard input, never from the command line (which
    /// other users of the machine can see).
    Add {
        #[arg(long)]
        email: String,
        /// An admin manages surveys, answers and accounts; a viewer reads results and answers.
        #[arg(long, value_parser = roles())]
        role: Role,
    },
}

/// Core's roles by their names, which `--help` lists.
fn roles() -> impl TypedValueParser<Value = Role> {
    PossibleValuesParser::new(Role::NAMES).try_map(|name| name.parse::<Role>())
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum SurveyCommand {
    /// Add a survey, or replace the one with the same id, from a JSON file: a survey
    /// configuration as the widget reads it, plus optional `allowed_origins` and `archived`.
    Put {
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum ResponsesCommand {
    /// Add past answers, such as a history moved from another NPS tool, from a JSON Lines
    /// file: one answer per line, as the widget posts it (`id` optional) plus `created_at`,
    /// an RFC 3339 time such as `2026-03-02T09:30:00Z`. Every line is checked first: one
    /// bad line stores nothing. Answers already stored under their id are left as they are,
    /// so importing the same file twice adds nothing.
    Import {
        /// The survey the answers were given to.
        #[arg(long)]
        survey: String,
        #[arg(long)]
        file: PathBuf,
    },
}
