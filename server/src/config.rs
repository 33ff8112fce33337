//! How the server is configured and what it can be asked to do: flags, each also read
//! from the environment, and sub-commands. With no sub-command it serves.

use std::net::SocketAddr;
use std::path::PathBuf;

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
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Answer requests (what running with no sub-command does).
    Serve,
    /// Manage surveys.
    #[command(subcommand)]
    Survey(SurveyCommand),
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
