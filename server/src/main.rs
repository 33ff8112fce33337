use clap::Parser;
use pulse_server::config::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "pulse_server=info,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        None | Some(Command::Serve) => pulse_server::serve(cli.config).await,
        Some(Command::Survey(command)) => pulse_server::cli::survey(&cli.config, command).await,
        Some(Command::User(command)) => pulse_server::cli::user(&cli.config, command).await,
    }
}
