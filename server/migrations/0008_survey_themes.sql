-- A survey's own comment themes (a name and keywords in any language), as the results
-- page shows and admins edit them: kept apart from the survey's configuration, which the
-- widget reads and the editor replaces whole.
CREATE TABLE survey_themes (
    survey_id TEXT PRIMARY KEY REFERENCES surveys (id),
    -- JSON list of pulse_core::themes::CustomTheme.
    themes TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
