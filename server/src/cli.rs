//! The sub-commands that manage the database from a shell.

use std::collections::HashMap;
use std::io::{BufRead, IsTerminal};

use anyhow::{anyhow, Context};
use pulse_core::admin::SurveyDefinition;
use pulse_core::api::ResponseSubmission;
use pulse_core::nps::Scale;
use pulse_core::validation::{validate, validate_account, validate_survey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::{Builder, Uuid};

use crate::auth::hash_password;
use crate::config::{Config, ResponsesCommand, SurveyCommand, UserCommand};
use crate::db::{Db, Imported, PastAnswer, Replaced};
use crate::error::ApiError;
use crate::survey_body;

pub async fn survey(config: &Config, command: SurveyCommand) -> anyhow::Result<()> {
    match command {
        SurveyCommand::Put { file } => {
            let json =
                std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let survey: SurveyDefinition =
                serde_json::from_str(&json).with_context(|| format!("parsing {}", file.display()))?;
            survey_body::refuse_unknown_fields(serde_json::from_str(&json)?)
                .map_err(|message| anyhow!("{}: {message}", file.display()))?;
            validate_survey(&survey.config, &survey.allowed_origins)?;
            let db = Db::open(&config.database_url).await?;
            let survey_id = survey.config.id.clone();
            match db.put_survey(&survey).await? {
                Replaced::ScaleFixed(scale) => Err(ApiError::ScaleFixed { survey_id, scale }.into()),
                // Surveys are never deleted, so one that was not added is there to replace.
                Replaced::Done | Replaced::NotFound => {
                    println!("survey {survey_id} saved");
                    Ok(())
                }
            }
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
            let hash =
                hash_password(password).map_err(|error| anyhow::anyhow!("hashing the password: {error}"))?;
            let db = Db::open(&config.database_url).await?;
            db.put_user(&email, &hash, role).await?;
            println!("user {email} saved");
            Ok(())
        }
    }
}

pub async fn responses(config: &Config, command: ResponsesCommand) -> anyhow::Result<()> {
    match command {
        ResponsesCommand::Import { survey, file } => {
            let history =
                std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let db = Db::open(&config.database_url).await?;
            let definition =
                db.survey(&survey).await?.with_context(|| format!("there is no survey {survey:?}"))?;
            let (lines, answers): (Vec<usize>, Vec<PastAnswer>) =
                read_history(&history, &survey, definition.config.scale, OffsetDateTime::now_utc())
                    .with_context(|| format!("{}: nothing was imported", file.display()))?
                    .into_iter()
                    .unzip();
            match db.import_responses(&definition.config, &answers).await? {
                Imported::Added { added, erased } => {
                    let known = answers.len() as u64 - added - erased;
                    let noun = if added == 1 { "answer" } else { "answers" };
                    let verb = if known == 1 { "was" } else { "were" };
                    let erased = match erased {
                        0 => String::new(),
                        1 => ", 1 had been erased and is not imported again".to_owned(),
                        _ => format!(", {erased} had been erased and are not imported again"),
                    };
                    println!(
                        "{added} {noun} imported into survey {survey} ({known} {verb} there already{erased})"
                    );
                    Ok(())
                }
                Imported::IdTaken { index, added } => {
                    let done = match added {
                        0 => "nothing was imported".to_owned(),
                        _ => format!("only the {added} new answers of earlier lines were imported"),
                    };
                    anyhow::bail!(
                        "{}: {done}: line {}: id: {} is the id of an answer to another survey",
                        file.display(),
                        lines[index],
                        answers[index].response.id
                    )
                }
            }
        }
    }
}

/// The answers of a JSON Lines history, each checked by the widget's own rules; blank
/// lines are skipped. An answer without an `id` gets one made from its line, so that
/// importing the file again finds it; identical lines stay distinct answers. Two lines
/// with the same `id` are refused. Each answer comes with its line number.
fn read_history(
    history: &str,
    survey_id: &str,
    scale: Scale,
    now: OffsetDateTime,
) -> anyhow::Result<Vec<(usize, PastAnswer)>> {
    let mut twins: HashMap<&str, u32> = HashMap::new();
    let mut lines_of_ids: HashMap<Uuid, usize> = HashMap::new();
    let mut answers = Vec::new();
    for (index, line) in history.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let twin = twins.entry(line).or_default();
        let implied_id = implied_id(survey_id, line, *twin);
        *twin += 1;
        let number = index + 1;
        let answer = past_answer(line, implied_id, scale, now)
            .map_err(|error| anyhow::anyhow!("line {number}: {error}"))?;
        if let Some(first) = lines_of_ids.insert(answer.response.id, number) {
            anyhow::bail!("line {number}: id: {} is also the id of line {first}", answer.response.id);
        }
        answers.push((number, answer));
    }
    Ok(answers)
}

/// One line of a history, or what is wrong with it, starting with the field at fault.
fn past_answer(
    line: &str,
    implied_id: Uuid,
    scale: Scale,
    now: OffsetDateTime,
) -> Result<PastAnswer, String> {
    let mut fields: Map<String, Value> =
        serde_json::from_str(line).map_err(|error| format!("not a JSON object ({error})"))?;
    let created_at = match fields.remove("created_at") {
        Some(Value::String(text)) => OffsetDateTime::parse(&text, &Rfc3339).ok(),
        _ => None,
    }
    .filter(|time| time.unix_timestamp() >= 0 && *time <= now)
    .ok_or(
        "created_at: must say when the answer was given, between 1970 and now, in RFC 3339 such \
         as 2026-03-02T09:30:00Z",
    )?;
    fields.entry("id").or_insert_with(|| implied_id.to_string().into());
    let submission: ResponseSubmission =
        serde_path_to_error::deserialize(Value::Object(fields)).map_err(|error| {
            match error.path().to_string().as_str() {
                "." => error.into_inner().to_string(),
                field => format!("{field}: {}", error.into_inner()),
            }
        })?;
    let response = validate(&submission, scale).map_err(|error| error.to_string())?;
    Ok(PastAnswer { response, created_at: (created_at.unix_timestamp_nanos() / 1_000_000) as i64 })
}

/// A name-based UUID (version 8, from SHA-256) of the line within the survey's history.
fn implied_id(survey_id: &str, line: &str, twin: u32) -> Uuid {
    let digest = Sha256::new()
        .chain_update(survey_id)
        .chain_update([0])
        .chain_update(twin.to_be_bytes())
        .chain_update(line)
        .finalize();
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&digest[..16]);
    Builder::from_custom_bytes(bytes).into_uuid()
}
