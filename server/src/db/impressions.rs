//! Displays of a survey, counted so that the results page can show answers per display.

use pulse_core::validation::ValidImpression;

use super::{now_millis, Db};

impl Db {
    pub async fn count_impression(&self, survey_id: &str, impression: &ValidImpression) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO impressions (survey_id, shown_at, language, page) VALUES ($1, $2, $3, $4)")
            .bind(survey_id)
            .bind(now_millis())
            .bind(impression.language.as_deref())
            .bind(impression.page.as_deref())
            .execute(&self.pool)
            .await
            .map(drop)
    }

    pub async fn impression_count(&self, survey_id: &str) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM impressions WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_one(&self.pool)
            .await
    }
}
