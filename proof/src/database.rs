//! The database a proof runs its servers on, made fresh for it, and read back directly
//! (not through the server) to see what was really stored.

use std::collections::BTreeMap;

use anyhow::{bail, Context};
use pulse_core::api::{Impression, ResponseSubmission};
use pulse_core::survey::Commitment;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor, Row};
use tempfile::TempDir;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

#[derive(clap::Args)]
pub struct DatabaseArgs {
    /// What the server stores into: a SQLite file in a temporary folder, or a new database
    /// on the PostgreSQL server of `--postgres-url`.
    #[arg(long, value_enum)]
    pub database: Engine,
    /// A PostgreSQL server, as a URL of a role allowed to create databases; the proof makes
    /// (and first drops) a database `pulse_proof_<part>` on it.
    #[arg(long, env = "PULSE_TEST_POSTGRES_URL")]
    pub postgres_url: Option<String>,
}

pub struct Database {
    pub engine: Engine,
    pub url: String,
    /// Holds the SQLite file; removed when the proof ends.
    _folder: Option<TempDir>,
}

/// What the database holds for the survey.
pub struct Stored {
    pub answers: Vec<ResponseSubmission>,
    pub displays: Vec<Impression>,
}

impl Database {
    /// An empty database for the part named `part` (the server makes its schema).
    pub async fn fresh(args: &DatabaseArgs, part: &str) -> anyhow::Result<Database> {
        sqlx::any::install_default_drivers();
        match args.database {
            Engine::Sqlite => {
                let folder = tempfile::tempdir()?;
                let url = format!("sqlite:{}", folder.path().join("pulse.db").display());
                Ok(Database { engine: Engine::Sqlite, url, _folder: Some(folder) })
            }
            Engine::Postgres => {
                let server = args.postgres_url.as_deref().context(
                    "--database postgres needs --postgres-url or PULSE_TEST_POSTGRES_URL \
                     (`source scripts/lib.sh; start_test_postgres` sets it)",
                )?;
                let name = format!("pulse_proof_{}", part.replace('-', "_"));
                let admin = connect(server).await?;
                admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await?;
                admin.execute(format!("CREATE DATABASE {name}").as_str()).await?;
                admin.close().await;
                let mut url = reqwest::Url::parse(server)?;
                url.set_path(&name);
                Ok(Database { engine: Engine::Postgres, url: url.to_string(), _folder: None })
            }
        }
    }

    /// Every answer and display of `survey`, read as they are in the tables.
    pub async fn stored(&self, survey: &str) -> anyhow::Result<Stored> {
        let pool = connect(&self.url).await?;
        let mut attributes: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for row in sqlx::query(
            "SELECT a.response_id, a.key, a.value FROM response_attributes a
             JOIN responses r ON r.id = a.response_id WHERE r.survey_id = $1",
        )
        .bind(survey)
        .fetch_all(&pool)
        .await?
        {
            attributes.entry(row.try_get(0)?).or_default().insert(row.try_get(1)?, row.try_get(2)?);
        }
        let mut answers = Vec::new();
        for row in sqlx::query(
            "SELECT id, nps, usability, comment, commitment_affective, commitment_normative,
                 commitment_economic, commitment_forced, commitment_habitual, repeat_purchases,
                 language, page
             FROM responses WHERE survey_id = $1",
        )
        .bind(survey)
        .fetch_all(&pool)
        .await?
        {
            let id: String = row.try_get(0)?;
            let mut commitment = BTreeMap::new();
            // The columns are selected in the order of `Commitment::ALL`.
            for (column, statement) in (4..).zip(Commitment::ALL) {
                if let Some(agreement) = row.try_get::<Option<i64>, _>(column)? {
                    commitment.insert(statement, agreement);
                }
            }
            answers.push(ResponseSubmission {
                attributes: attributes.remove(&id).unwrap_or_default(),
                id,
                nps: row.try_get(1)?,
                usability: row.try_get(2)?,
                comment: row.try_get(3)?,
                commitment,
                repeat_purchases: row.try_get(9)?,
                language: row.try_get(10)?,
                page: row.try_get(11)?,
            });
        }
        let displays = sqlx::query("SELECT language, page FROM impressions WHERE survey_id = $1")
            .bind(survey)
            .fetch_all(&pool)
            .await?
            .iter()
            .map(|row| Ok(Impression { language: row.try_get(0)?, page: row.try_get(1)? }))
            .collect::<sqlx::Result<_>>()?;
        pool.close().await;
        Ok(Stored { answers, displays })
    }

    /// SQLite's own check of every page and index of the file (SQLite only); fails unless
    /// it is sound.
    pub async fn check_integrity(&self) -> anyhow::Result<()> {
        let pool = connect(&self.url).await?;
        let verdict: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&pool).await?;
        pool.close().await;
        if verdict != ["ok"] {
            bail!("the SQLite database is corrupted: {verdict:?}");
        }
        Ok(())
    }
}

async fn connect(url: &str) -> anyhow::Result<AnyPool> {
    AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .with_context(|| format!("connecting to {url}"))
}
