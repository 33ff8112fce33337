//! The sub-commands that manage the database from a shell.

use anyhow::Context;
use pulse_core::admin::SurveyDefinition;
use pulse_core::validation::validate_survey;

use crate::config::{Config, SurveyCommand};
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
