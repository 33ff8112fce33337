//! How the server is configured: flags, each also read from the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, clap::Parser)]
#[command(name = "pulse-server", version, about = "Collects survey answers and serves the Pulse app.")]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "PULSE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Where answers are stored; the SQLite file is created on first run.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite:pulse.db")]
    pub database_url: String,

    /// The built app (Trunk's output), with the widget's files in its `widget/` folder.
    #[arg(long, env = "PULSE_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,
}
