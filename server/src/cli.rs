//! The sub-commands that manage the database from a shell.

use std::io::{BufRead, IsTerminal};

use anyhow::Context;
use pulse_core::admin::{Role, SurveyDefinition};
use pulse_core::validation::{validate_account, validate_survey};

use crate::auth::hash_password;
use crate::config::{Config, RoleArg, SurveyCommand, UserCommand};
use crate::db::Db;

pub async fn survey(config: &Config, command: SurveyCommand) -> anyhow::Result<()> {
    match command {
        SurveyCommand::Put { file } => {
            let json =
                std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let survey: SurveyDefinition =
                serde_json::from_str(&json).with_context(|| format!("parsing {}", file.display()))?;
            validate_survey(&survey.config, &survey.allowed_origins)?;
            let db = Db::open(&config.database_url).await?;
            db.put_survey(&survey).await?;
            println!("survey {} saved", survey.config.id);
            Ok(())
        }
    }
}

pub async fn user(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { email, role } => {
            if std::io::stdin().is_terminal() {
                eprint!("Password for {email} (shown as typed): ");
            }
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password).context("reading the password from stdin")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let email = validate_account(&email, password)?;
            let role = match role {
                RoleArg::Admin => Role::Admin,
                RoleArg::Viewer => Role::Viewer,
            };
            let hash =
                hash_password(password).map_err(|error| anyhow::anyhow!("hashing the password: {error}"))?;
            let db = Db::open(&config.database_url).await?;
            db.put_user(&email, &hash, role).await?;
            println!("user {email} saved");
            Ok(())
        }
    }
}
