//! `pulse-proof`: runs Pulse's proofs against real `pulse-server` processes and reports
//! what each one sent, injected, acknowledged and found stored. Each part writes its
//! summary to `target/proof/<part>.json`; `report` prints them all as one table and fails
//! when any answer was lost or stored twice, or a part had none acknowledged.

mod attack;
mod bad_input;
mod crash;
mod database;
mod load;
mod receiver;
mod report;
mod server;
mod site;
mod summary;
mod tally;
mod traffic;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "pulse-proof", about = "Proof under load, faults and attack: nothing lost, no one let in.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Posts answers and displays for a bounded time; checks each acknowledged answer is stored once.
    Load(load::Args),
    /// Kills the server with SIGKILL in the middle of a load, restarts it, checks nothing acknowledged was lost.
    Crash(crash::Args),
    /// Sends malformed, oversized and hostile bodies; each must get a 4xx and change nothing.
    BadInput(bad_input::Args),
    /// Tries to get in without a session, as a viewer, from foreign origins, by guessing passwords.
    Attack(attack::Args),
    /// Prints every part's summary as one table; fails if an answer was lost or duplicated,
    /// or a part had none acknowledged.
    Report(report::Args),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Load(args) => load::run(args).await?.save(),
        Command::Crash(args) => crash::run(args).await?.save(),
        Command::BadInput(args) => bad_input::run(args).await?.save(),
        Command::Attack(args) => attack::run(args).await?.save(),
        Command::Report(args) => report::run(args),
    }
}
