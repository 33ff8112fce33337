//! Load: visitors post displays and answers to a release server for a bounded time, as
//! fast as it takes them; then the database is read directly to check that every
//! acknowledged answer and display is stored exactly once, as sent.

use std::time::Duration;

use anyhow::ensure;

use crate::database::{Database, DatabaseArgs, Engine};
use crate::server::{Server, WIDGET_UNLIMITED};
use crate::summary::{Budget, Figure, Summary};
use crate::tally::tally;
use crate::traffic::{self, Outcome, SURVEY};

/// Issue #6's budget on the 2-core machine, for SQLite.
const ANSWERS_PER_SECOND: f64 = 5000.0;
const P99_MILLISECONDS: f64 = 50.0;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// How long the visitors keep posting.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Visitors at once, each on its own keep-alive connection.
    #[arg(long, default_value_t = 192)]
    pub connections: usize,
    /// Server processes on the one database, the visitors spread over them.
    #[arg(long, default_value_t = 1)]
    pub servers: usize,
}

pub async fn run(args: Args) -> anyhow::Result<Summary> {
    let part = format!("load-{}", args.database.database.name());
    let database = Database::fresh(&args.database, &part).await?;
    let mut servers = Vec::new();
    for _ in 0..args.servers {
        servers.push(Server::start(&database.url, WIDGET_UNLIMITED).await?);
    }
    let bases: Vec<String> = servers.iter().map(|server| server.base.clone()).collect();
    println!("{part}: {} visitors for {} s on {}", args.connections, args.seconds, bases.join(" and "));
    let stop = traffic::stop_after(Duration::from_secs(args.seconds));
    let outcome = traffic::run(bases, args.connections, stop).await?;
    let tally = tally(&outcome.visits, &database.stored(SURVEY).await?);
    drop(servers);

    let answers = outcome.visits.iter().filter(|visit| visit.answer_acknowledged).count();
    let answers_per_second = answers as f64 / outcome.elapsed.as_secs_f64();
    let sqlite = args.database.database == Engine::Sqlite;
    let figures = vec![
        Figure::new(
            "answers/s",
            answers_per_second,
            "/s",
            sqlite.then_some(Budget::AtLeast(ANSWERS_PER_SECOND)),
        ),
        Figure::new("requests/s", outcome.requests as f64 / outcome.elapsed.as_secs_f64(), "/s", None),
        Figure::new("p50 latency", millis(&outcome, 0.50), "ms", None),
        Figure::new(
            "p99 latency",
            millis(&outcome, 0.99),
            "ms",
            sqlite.then_some(Budget::AtMost(P99_MILLISECONDS)),
        ),
        Figure::new("errors", outcome.error_count() as f64, "", Some(Budget::AtMost(0.0))),
    ];
    println!(
        "{} requests in {:.1} s ({answers} answers acknowledged, each after a display)",
        outcome.requests,
        outcome.elapsed.as_secs_f64()
    );
    for figure in &figures {
        println!("{:<12} {:>10.1} {}", figure.name, figure.value, figure.unit);
    }
    for (kind, count) in &outcome.errors {
        println!("  error {kind}: {count}");
    }
    print!("{tally}");
    if !tally.holds() {
        eprintln!("{part}: the database does not hold exactly what was acknowledged");
    }
    // A server that refuses everything loses nothing: the proof needs answers taken.
    ensure!(answers > 0, "{part}: not one answer was acknowledged");
    ensure!(outcome.error_count() == 0, "{part}: {} requests failed", outcome.error_count());
    Ok(Summary { figures, ..tally.summary(part, outcome.requests) })
}

fn millis(outcome: &Outcome, quantile: f64) -> f64 {
    outcome.latency.value_at_quantile(quantile) as f64 / 1000.0
}
