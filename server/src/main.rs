//! The `pulse-server` binary: reads its flags and environment, sets up logging, then
//! serves, or manages surveys, accounts and answers from the command line.

use std::io::IsTerminal;

use clap::Parser;
use pulse_server::config::{Cli, Command, LogFormat};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // RUST_LOG overrides; by default one line per request, plus warnings and errors.
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| "pulse_server=info,tower_http=info".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only for people; log files and collectors get plain text.
        .with_ansi(std::io::stderr().is_terminal());
    match cli.config.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    match cli.command {
        None | Some(Command::Serve) => pulse_server::serve(cli.config).await,
        Some(Command::Survey(command)) => pulse_server::cli::survey(&cli.config, command).await,
        Some(Command::User(command)) => pulse_server::cli::user(&cli.config, command).await,
        Some(Command::Responses(command)) => pulse_server::cli::responses(&cli.config, command).await,
    }
}
