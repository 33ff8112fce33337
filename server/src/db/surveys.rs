//! Surveys: the widget's configuration, the origins that may embed it, and whether it is
//! archived.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use pulse_core::admin::SurveyDefinition;
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

type Row = (String, String, i64, Option<String>, String, i64);

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

    pub async fn surveys(&self) -> sqlx::Result<Vec<SurveyDefinition>> {
        let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM surveys ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(definition).collect()
    }

    /// Adds the survey; `false` when its id is taken.
    pub async fn create_survey(&self, survey: &SurveyDefinition) -> sqlx::Result<bool> {
        self.write_survey(survey, "DO NOTHING").await
    }

    /// Adds the survey or replaces the one with its id.
    pub async fn put_survey(&self, survey: &SurveyDefinition) -> sqlx::Result<()> {
        let replace = "DO UPDATE SET company = excluded.company, scale_min = excluded.scale_min,
             config = excluded.config, allowed_origins = excluded.allowed_origins,
             archived = excluded.archived, updated_at = excluded.updated_at";
        self.write_survey(survey, replace).await.map(drop)
    }

    /// Replaces a survey; `false` when there is none with its id.
    pub async fn update_survey(&self, survey: &SurveyDefinition) -> sqlx::Result<bool> {
        let result = sqlx::query(
            "UPDATE surveys SET company = $2, scale_min = $3, config = $4, allowed_origins = $5,
                 archived = $6, updated_at = $7
             WHERE id = $1",
        )
        .bind(&survey.config.id)
        .bind(&survey.config.company)
        .bind(i64::from(survey.config.scale.min()))
        .bind(to_json(&survey.config)?)
        .bind(to_json(&survey.allowed_origins)?)
        .bind(i64::from(survey.archived))
        .bind(now_millis())
        .execute(&self.pool)
        .await?;
        self.recent_surveys.forget(&survey.config.id);
        Ok(result.rows_affected() == 1)
    }

    async fn write_survey(&self, survey: &SurveyDefinition, on_conflict: &str) -> sqlx::Result<bool> {
        let now = now_millis();
        let result = sqlx::query(&format!(
            "INSERT INTO surveys
                 (id, company, scale_min, config, allowed_origins, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (id) {on_conflict}"
        ))
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

fn definition(
    (id, company, scale_min, config, allowed_origins, archived): Row,
) -> sqlx::Result<SurveyDefinition> {
    let config = match config {
        Some(json) => from_json(&json)?,
        // Written before whole configurations were stored.
        None => SurveyConfig {
            id,
            company,
            scale: if scale_min == 0 { Scale::ZeroToTen } else { Scale::OneToTen },
            ..Default::default()
        },
    };
    Ok(SurveyDefinition { config, allowed_origins: from_json(&allowed_origins)?, archived: archived != 0 })
}

fn to_json<T: serde::Serialize>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|error| sqlx::Error::Encode(error.into()))
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> sqlx::Result<T> {
    serde_json::from_str(json).map_err(|error| sqlx::Error::Decode(error.into()))
}
