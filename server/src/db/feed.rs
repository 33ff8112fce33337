//! The results feed: every answer of a survey as compact columns, without comments.

use std::collections::HashMap;

use pulse_core::feed::{Feed, Row};
use pulse_core::survey::SurveyConfig;
use sqlx::Row as _;

use super::Db;

const MILLIS_PER_HOUR: i64 = 3_600_000;

impl Db {
    pub async fn feed(&self, survey: &SurveyConfig) -> sqlx::Result<Feed> {
        let mut feed = Feed::new(survey.scale, survey.modules);

        let attributes = sqlx::query(
            "SELECT a.response_id, a.key, a.value FROM response_attributes a
             JOIN responses r ON r.id = a.response_id WHERE r.survey_id = $1",
        )
        .bind(&survey.id)
        .fetch_all(&self.pool)
        .await?;
        let mut by_response: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for row in attributes {
            by_response.entry(row.try_get(0)?).or_default().push((row.try_get(1)?, row.try_get(2)?));
        }

        let rows = sqlx::query(
            "SELECT id, created_at, nps, usability, repeat_purchases, commitment_affective,
                    commitment_normative, commitment_economic, commitment_forced, commitment_habitual,
                    page, language
             FROM responses WHERE survey_id = $1 ORDER BY created_at, id",
        )
        .bind(&survey.id)
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            // Every column was validated on the way in, so each fits its narrow type.
            let small = |index: usize| -> sqlx::Result<Option<u8>> {
                Ok(row.try_get::<Option<i64>, _>(index)?.map(|value| value as u8))
            };
            let id: String = row.try_get(0)?;
            let page: Option<String> = row.try_get(10)?;
            let language: Option<String> = row.try_get(11)?;
            let attributes = by_response.get(&id).map(Vec::as_slice).unwrap_or_default();
            feed.push(&Row {
                time: (row.try_get::<i64, _>(1)? / 1000) as u32,
                score: row.try_get::<i64, _>(2)? as u8,
                usability: small(3)?,
                repeat: small(4)?,
                commitment: [small(5)?, small(6)?, small(7)?, small(8)?, small(9)?],
                page: page.as_deref(),
                language: language.as_deref(),
                attributes: attributes.iter().map(|(key, value)| (key.as_str(), value.as_str())).collect(),
            });
        }

        let impressions = sqlx::query(
            "SELECT shown_at / $2 AS hour, page, language, COUNT(*) FROM impressions
             WHERE survey_id = $1 GROUP BY shown_at / $2, page, language",
        )
        .bind(&survey.id)
        .bind(MILLIS_PER_HOUR)
        .fetch_all(&self.pool)
        .await?;
        for row in impressions {
            let hour = row.try_get::<i64, _>(0)? * 3600;
            let page: Option<String> = row.try_get(1)?;
            let language: Option<String> = row.try_get(2)?;
            feed.push_impressions(
                hour as u32,
                page.as_deref(),
                language.as_deref(),
                row.try_get::<i64, _>(3)? as u32,
            );
        }
        Ok(feed)
    }
}
