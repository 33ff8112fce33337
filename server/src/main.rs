use clap::Parser;
use pulse_server::config::Config;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "pulse_server=info,tower_http=warn".into()),
        )
        .init();
    pulse_server::serve(Config::parse()).await
}
