//! Displays of a survey, counted so that the results page can show answers per display.

use pulse_core::validation::ValidImpression;
use sqlx::AnyConnection;

use super::{now_millis, statement_rows, values, Db};

impl Db {
    pub async fn impression_count(&self, survey_id: &str) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM impressions WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_one(&self.pool)
            .await
    }
}

/// Adds displays in the writer's transaction.
pub(super) async fn insert_impressions(
    connection: &mut AnyConnection,
    displays: &[(&str, &ValidImpression)],
) -> sqlx::Result<()> {
    let now = now_millis();
    for rows in statement_rows(displays) {
        let sql = format!(
            "INSERT INTO impressions (survey_id, shown_at, language, page) VALUES {}",
            values(rows.len(), 4)
        );
        let mut query = sqlx::query(&sql);
        for (survey_id, impression) in rows {
            query = query
                .bind(*survey_id)
                .bind(now)
                .bind(impression.language.as_deref())
                .bind(impression.page.as_deref());
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}
