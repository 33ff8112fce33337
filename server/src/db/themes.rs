//! A survey's own comment themes, stored as JSON beside the survey.

use pulse_core::themes::CustomTheme;

use super::{now_millis, Db};

impl Db {
    /// The survey's themes, none until an admin saves some.
    pub async fn themes(&self, survey_id: &str) -> sqlx::Result<Vec<CustomTheme>> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT themes FROM survey_themes WHERE survey_id = $1")
                .bind(survey_id)
                .fetch_optional(&self.pool)
                .await?;
        json.map_or(Ok(Vec::new()), |json| {
            serde_json::from_str(&json).map_err(|error| sqlx::Error::Decode(error.into()))
        })
    }

    /// Replaces the survey's themes; the survey must exist.
    pub async fn replace_themes(&self, survey_id: &str, themes: &[CustomTheme]) -> sqlx::Result<()> {
        let json = serde_json::to_string(themes).map_err(|error| sqlx::Error::Encode(error.into()))?;
        sqlx::query(
            "INSERT INTO survey_themes (survey_id, themes, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (survey_id) DO UPDATE SET themes = excluded.themes, updated_at = excluded.updated_at",
        )
        .bind(survey_id)
        .bind(json)
        .bind(now_millis())
        .execute(&self.pool)
        .await
        .map(drop)
    }
}
