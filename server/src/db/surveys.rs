//! Surveys: the widget's configuration, the origins that may embed it, and whether it is
//! archived.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use pulse_core::admin::{ManagedSurvey, SurveyDefinition};
use pulse_core::api::SurveyConfig;
use pulse_core::nps::Scale;

use super::{now_millis, Db};

pub const DEMO_SURVEY_ID: &str = "demo";

/// How long the widget's endpoints, which need the survey on every request, trust a
/// reading of it: a change made through another server process reaches them within this
/// time, one made through this process at once: it is forgotten once the change is
/// committed (not before, when a request could still read and keep the old row).
const RECENT_FOR: Duration = Duration::from_secs(1);

const COLUMNS: &str = "id, company, scale_min, config, allowed_origins, archived";
/// Whether the survey `surveys.id` has an answer: what fixes its scale.
const ANSWERED: &str = "EXISTS (SELECT 1 FROM responses WHERE survey_id = surveys.id)";

/// The [`COLUMNS`] of a survey.
#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    company: String,
    scale_min: i64,
    /// `NULL` in surveys written before whole configurations were stored.
    config: Option<String>,
    allowed_origins: String,
    archived: i64,
}

/// A [`Row`] and whether it is [`ANSWERED`].
#[derive(sqlx::FromRow)]
struct ManagedRow {
    #[sqlx(flatten)]
    survey: Row,
    has_answers: i64,
}

/// What became of a survey's replacement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replaced {
    Done,
    NotFound,
    /// Refused: the survey has answers on this other scale.
    ScaleFixed(Scale),
}

impl Db {
    pub async fn ensure_demo_survey(&self) -> sqlx::Result<()> {
        let demo = SurveyDefinition {
            config: SurveyConfig {
                id: DEMO_SURVEY_ID.to_owned(),
                company: "Northwind Outfitters".to_owned(),
                ..Default::default()
            },
            ..Default::default()
        };
        self.create_survey(&demo).await.map(drop)
    }

    pub async fn survey(&self, id: &str) -> sqlx::Result<Option<SurveyDefinition>> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM surveys WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(definition).transpose()
    }

    /// The survey as read at most [`RECENT_FOR`] ago, for the widget's endpoints.
    pub async fn recent_survey(&self, id: &str) -> sqlx::Result<Option<SurveyDefinition>> {
        if let Some(survey) = self.recent_surveys.get(id) {
            return Ok(Some(survey));
        }
        let survey = self.survey(id).await?;
        if let Some(survey) = &survey {
            self.recent_surveys.keep(survey);
        }
        Ok(survey)
    }

    /// The survey as the marketers' pages read it.
    pub async fn managed_survey(&self, id: &str) -> sqlx::Result<Option<ManagedSurvey>> {
        let row: Option<ManagedRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS}, {HAS_ANSWERS} FROM surveys WHERE id = $1",
            HAS_ANSWERS = has_answers()
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(managed).transpose()
    }

    pub async fn surveys(&self) -> sqlx::Result<Vec<ManagedSurvey>> {
        let rows: Vec<ManagedRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS}, {HAS_ANSWERS} FROM surveys ORDER BY id",
            HAS_ANSWERS = has_answers()
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(managed).collect()
    }

    /// Adds the survey; `false` when its id is taken.
    pub async fn create_survey(&self, survey: &SurveyDefinition) -> sqlx::Result<bool> {
        let now = now_millis();
        let result = sqlx::query(
            "INSERT INTO surveys
                 (id, company, scale_min, config, allowed_origins, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&survey.config.id)
        .bind(&survey.config.company)
        .bind(i64::from(survey.config.scale.min()))
        .bind(to_json(&survey.config)?)
        .bind(to_json(&survey.allowed_origins)?)
        .bind(i64::from(survey.archived))
        .bind(now)
        .execute(&self.pool)
        .await?;
        self.recent_surveys.forget(&survey.config.id);
        Ok(result.rows_affected() == 1)
    }

    /// Adds the survey or replaces the one with its id, under the rule of
    /// [`Db::update_survey`]: the scale of a survey with answers stays.
    pub async fn put_survey(&self, survey: &SurveyDefinition) -> sqlx::Result<Replaced> {
        if self.create_survey(survey).await? {
            return Ok(Replaced::Done);
        }
        self.update_survey(survey).await
    }

    /// Replaces a survey, unless that would change the scale of a survey with answers.
    pub async fn update_survey(&self, survey: &SurveyDefinition) -> sqlx::Result<Replaced> {
        let mut transaction = self.pool.begin().await?;
        // Whether the survey has answers is checked in the update itself, so that no answer
        // can be stored between check and change. SQLite writes one transaction at a time;
        // PostgreSQL must also wait for answers still being written, whose inserts
        // share-lock the survey's row (the foreign key), and which a row locked for update
        // waits for.
        if transaction.backend_name() == "PostgreSQL" {
            sqlx::query("SELECT id FROM surveys WHERE id = $1 FOR UPDATE")
                .bind(&survey.config.id)
                .execute(&mut *transaction)
                .await?;
        }
        let result = sqlx::query(&format!(
            "UPDATE surveys SET company = $2, scale_min = $3, config = $4, allowed_origins = $5,
                 archived = $6, updated_at = $7
             WHERE id = $1
                 AND (scale_min = $3 OR NOT {ANSWERED})"
        ))
        .bind(&survey.config.id)
        .bind(&survey.config.company)
        .bind(i64::from(survey.config.scale.min()))
        .bind(to_json(&survey.config)?)
        .bind(to_json(&survey.allowed_origins)?)
        .bind(i64::from(survey.archived))
        .bind(now_millis())
        .execute(&mut *transaction)
        .await?;
        let replaced = if result.rows_affected() == 1 {
            Replaced::Done
        } else {
            let scale_min: Option<i64> = sqlx::query_scalar("SELECT scale_min FROM surveys WHERE id = $1")
                .bind(&survey.config.id)
                .fetch_optional(&mut *transaction)
                .await?;
            scale_min.map_or(Replaced::NotFound, |min| Replaced::ScaleFixed(scale(min)))
        };
        transaction.commit().await?;
        self.recent_surveys.forget(&survey.config.id);
        Ok(replaced)
    }

    /// Archives a survey, leaving the rest of it as it is; `false` when there is none.
    pub async fn archive_survey(&self, id: &str) -> sqlx::Result<bool> {
        let result = sqlx::query("UPDATE surveys SET archived = 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now_millis())
            .execute(&self.pool)
            .await?;
        self.recent_surveys.forget(id);
        Ok(result.rows_affected() == 1)
    }
}

/// The `has_answers` column: 1 or 0, a number, as both databases agree on numbers.
fn has_answers() -> String {
    format!("CASE WHEN {ANSWERED} THEN 1 ELSE 0 END AS has_answers")
}

/// Surveys read in the last [`RECENT_FOR`], by id. Only surveys that exist are kept, so
/// requests for made-up ids cannot fill it.
#[derive(Clone, Default)]
pub(super) struct RecentSurveys(Arc<Mutex<HashMap<String, (Instant, SurveyDefinition)>>>);

impl RecentSurveys {
    fn get(&self, id: &str) -> Option<SurveyDefinition> {
        let surveys = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let (read_at, survey) = surveys.get(id)?;
        (read_at.elapsed() < RECENT_FOR).then(|| survey.clone())
    }

    fn keep(&self, survey: &SurveyDefinition) {
        let mut surveys = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        surveys.insert(survey.config.id.clone(), (Instant::now(), survey.clone()));
    }

    fn forget(&self, id: &str) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
    }
}

fn definition(row: Row) -> sqlx::Result<SurveyDefinition> {
    let config = match row.config {
        Some(json) => from_json(&json)?,
        None => SurveyConfig {
            id: row.id,
            company: row.company,
            scale: scale(row.scale_min),
            ..Default::default()
        },
    };
    Ok(SurveyDefinition {
        config,
        allowed_origins: from_json(&row.allowed_origins)?,
        archived: row.archived != 0,
    })
}

fn managed(row: ManagedRow) -> sqlx::Result<ManagedSurvey> {
    Ok(ManagedSurvey { definition: definition(row.survey)?, has_answers: row.has_answers != 0 })
}

/// The scale whose lowest score is the `scale_min` column's.
fn scale(scale_min: i64) -> Scale {
    if scale_min == 0 {
        Scale::ZeroToTen
    } else {
        Scale::OneToTen
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|error| sqlx::Error::Encode(error.into()))
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> sqlx::Result<T> {
    serde_json::from_str(json).map_err(|error| sqlx::Error::Decode(error.into()))
}
