-- Kept portable: the same migrations run on SQLite and PostgreSQL.

-- The whole survey as its editor set it (pulse_core::survey::SurveyConfig as JSON).
-- `company` and `scale_min` stay as copies, for rows written before this migration.
ALTER TABLE surveys ADD COLUMN config TEXT;
-- JSON list of origins whose pages may call the public endpoints; empty allows any.
ALTER TABLE surveys ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT '[]';
-- 1 once archived: no longer shown or answered, answers kept.
ALTER TABLE surveys ADD COLUMN archived BIGINT NOT NULL DEFAULT 0;
ALTER TABLE surveys ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

-- Agreement from 1 to 5 with each commitment statement, one column per statement so
-- that a re-sent answer completes them one by one.
ALTER TABLE responses ADD COLUMN commitment_affective BIGINT;
ALTER TABLE responses ADD COLUMN commitment_normative BIGINT;
ALTER TABLE responses ADD COLUMN commitment_economic BIGINT;
ALTER TABLE responses ADD COLUMN commitment_forced BIGINT;
ALTER TABLE responses ADD COLUMN commitment_habitual BIGINT;
ALTER TABLE responses ADD COLUMN repeat_purchases BIGINT;
ALTER TABLE responses ADD COLUMN language TEXT;
ALTER TABLE responses ADD COLUMN page TEXT;

-- Visitor attributes the site set (user id, plan...); indexed by key and value so that
-- a data-protection request can find every answer of one person.
CREATE TABLE response_attributes (
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (response_id, key)
);
CREATE INDEX response_attributes_by_key_and_value ON response_attributes (key, value);

-- One row per display of a survey; no visitor identifier of any kind.
CREATE TABLE impressions (
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    shown_at BIGINT NOT NULL,
    language TEXT,
    page TEXT
);
CREATE INDEX impressions_by_survey_and_time ON impressions (survey_id, shown_at);
