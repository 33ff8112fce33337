//! Crash: the server is killed with SIGKILL in the middle of a load, several times, and
//! started again on the same database. Every answer and display acknowledged before a
//! kill must be stored exactly once, the SQLite file must be sound, and the restarted
//! server must take the answers that were in flight (sent again, as the widget does):
//! stored once, even those committed just before the kill. A webhook watches the survey
//! throughout: every answer committed must reach its receiver, once as a message (if
//! perhaps more than once as a request, when a kill cut its delivery), every detractor's
//! answer with a comment once as an alert too, and nothing else.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::ensure;

use crate::database::{Database, DatabaseArgs, Engine};
use crate::receiver::{self, Receiver};
use crate::server::{Server, WIDGET_UNLIMITED};
use crate::summary::{Budget, Figure, Summary};
use crate::tally::tally;
use crate::traffic::{self, Connection, Outcome, SURVEY};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// How many times the server is killed, each time in the middle of the load.
    #[arg(long, default_value_t = 3)]
    pub kills: u64,
    /// Seconds of load before a kill, on average (each kill comes at a random moment
    /// between half and one and a half times this).
    #[arg(long, default_value_t = 2.0)]
    pub seconds: f64,
    /// Visitors at once, each on its own keep-alive connection.
    #[arg(long, default_value_t = 192)]
    pub connections: usize,
}

pub async fn run(args: Args) -> anyhow::Result<Summary> {
    let part = format!("crash-{}", args.database.database.name());
    let database = Database::fresh(&args.database, &part).await?;
    let server_args = [WIDGET_UNLIMITED, receiver::SERVER_ARGS].concat();
    let receiver = Receiver::start().await?;
    let mut secret = String::new();
    let mut outcome = Outcome::default();
    for kill in 1..=args.kills {
        let server = Server::start(&database.url, &server_args).await?;
        if kill == 1 {
            secret = receiver.subscribe(&database.url, &server.base, SURVEY).await?;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let load = tokio::spawn(traffic::run(vec![server.base.clone()], args.connections, stop.clone()));
        let moment = args.seconds * (0.5 + fastrand::f64());
        tokio::time::sleep(Duration::from_secs_f64(moment)).await;
        // No visit starts after this, but those under way are cut by the kill.
        stop.store(true, Ordering::Relaxed);
        server.kill9().await?;
        let round = load.await??;
        let unacknowledged = round.visits.iter().filter(|visit| !visit.answer_acknowledged).count();
        println!(
            "{part}: kill {kill} after {moment:.1} s: {} answers acknowledged, {unacknowledged} cut short",
            round.visits.len() - unacknowledged
        );
        outcome.add(round);
    }
    if database.engine == Engine::Sqlite {
        database.check_integrity().await?;
        println!("{part}: PRAGMA integrity_check: ok");
    }

    let acknowledged = outcome.visits.iter().filter(|visit| visit.answer_acknowledged).count();
    // Kills that cut into no acknowledged answer prove nothing.
    ensure!(acknowledged > 0, "{part}: not one answer was acknowledged before the kills");

    let server = Server::start(&database.url, &server_args).await?;
    let mut connection = Connection::new(&server.base);
    let mut resent = 0;
    let mut refused = 0;
    for visit in outcome.visits.iter_mut().filter(|visit| !visit.answer_acknowledged) {
        resent += 1;
        match connection.post_answer(&visit.answer).await {
            Ok(()) => visit.answer_acknowledged = true,
            Err(kind) => {
                eprintln!("{part}: the restarted server refused an answer sent again: {kind}");
                refused += 1;
            }
        }
    }
    println!("{part}: restarted; {resent} answers cut short sent again, {refused} refused");
    let stored = database.stored(SURVEY).await?;
    let tally = tally(&outcome.visits, &stored);
    // Messages cut by the last kill are due again once their attempt's time is up (25 s).
    let deliveries = receiver.deliveries(&secret, &stored.answers, Duration::from_secs(120)).await;
    drop(server);
    print!("{tally}{deliveries}");
    if !tally.holds() {
        eprintln!("{part}: the database does not hold exactly what was acknowledged");
    }
    ensure!(refused == 0, "{part}: the restarted server refused {refused} answers sent again");
    ensure!(deliveries.holds(), "{part}: the webhook was not told exactly the answers committed");
    let mut figures = vec![
        Figure::new("answers cut short by kills", resent as f64, "", None),
        Figure::new("answers refused after restart", refused as f64, "", Some(Budget::AtMost(0.0))),
    ];
    figures.extend(deliveries.figures());
    Ok(Summary { faults: args.kills, figures, ..tally.summary(part, outcome.requests + resent) })
}
