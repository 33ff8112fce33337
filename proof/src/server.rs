//! `pulse-server` processes as the proofs run them: the release binary on a database of
//! the proof's own, started, killed with SIGKILL and started again.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{bail, Context};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The binary under proof: `PULSE_SERVER_BIN`, else the release build.
pub fn binary() -> PathBuf {
    std::env::var_os("PULSE_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/release/pulse-server"))
}

/// Flags that raise the widget's rate limit far above what this machine can send: the
/// proofs post from one address, as a whole crowd of visitors.
pub const WIDGET_UNLIMITED: &[&str] = &["--widget-requests-per-minute", "1000000000"];

/// A running `pulse-server`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
}

impl Server {
    /// Starts the server on a free port of 127.0.0.1 with `args` added to its command line,
    /// and returns once it listens.
    pub async fn start(database_url: &str, args: &[&str]) -> anyhow::Result<Server> {
        Server::launch(database_url, args, None).await
    }

    /// Starts the server as [`Server::start`] does, logging as in production (every
    /// request at info level, as JSON) into `log_file`, for the proof to search.
    pub async fn start_logging(database_url: &str, args: &[&str], log_file: &Path) -> anyhow::Result<Server> {
        Server::launch(database_url, args, Some(log_file)).await
    }

    async fn launch(database_url: &str, args: &[&str], log_file: Option<&Path>) -> anyhow::Result<Server> {
        let mut command = Command::new(binary());
        command
            .args(["--addr", "127.0.0.1:0", "--database-url", database_url])
            .arg("--static-dir")
            .arg(std::env::temp_dir())
            .args(args)
            .stdout(Stdio::piped())
            .kill_on_drop(true);
        match log_file {
            Some(file) => {
                let file = std::fs::File::create(file)?;
                command.env("RUST_LOG", "info").args(["--log-format", "json"]).stderr(file);
            }
            // Request logs would cost the load as much as the requests.
            None => {
                command.env("RUST_LOG", "warn");
            }
        }
        let mut child = command.spawn().with_context(|| format!("starting {}", binary().display()))?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("no stdout")?).read_line(&mut line).await?;
        // "Pulse is running: open http://127.0.0.1:PORT/ (...)"
        let Some(base) = line.split_whitespace().find(|word| word.starts_with("http://")) else {
            bail!("pulse-server did not start: {line:?}");
        };
        Ok(Server { child, base: base.trim_end_matches('/').to_owned() })
    }

    /// SIGKILL: the process gets no chance to finish anything.
    pub async fn kill9(mut self) -> anyhow::Result<()> {
        self.child.start_kill()?;
        self.child.wait().await?;
        Ok(())
    }
}

/// Runs a `pulse-server` sub-command on `database_url`, feeding it `stdin`.
pub async fn command(database_url: &str, args: &[&str], stdin: &str) -> anyhow::Result<()> {
    let mut child = Command::new(binary())
        .args(["--database-url", database_url])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    let mut input = child.stdin.take().context("no stdin")?;
    tokio::io::AsyncWriteExt::write_all(&mut input, stdin.as_bytes()).await?;
    drop(input);
    let status = child.wait().await?;
    if !status.success() {
        bail!("pulse-server {args:?} failed: {status}");
    }
    Ok(())
}

/// Saves a survey (a `SurveyDefinition` as JSON) with `pulse-server survey put`.
pub async fn put_survey(
    database_url: &str,
    folder: &Path,
    definition: &serde_json::Value,
) -> anyhow::Result<()> {
    let file = folder.join("survey.json");
    std::fs::File::create(&file)?.write_all(definition.to_string().as_bytes())?;
    command(database_url, &["survey", "put", "--file", &file.to_string_lossy()], "").await
}
