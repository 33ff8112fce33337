CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    company TEXT NOT NULL,
    -- The lowest score of the recommendation question: 1 (1–10) or 0 (0–10).
    scale_min INTEGER NOT NULL DEFAULT 1 CHECK (scale_min IN (0, 1)),
    created_at BIGINT NOT NULL
);

CREATE TABLE responses (
    -- Made in the browser, so that a re-sent answer updates its row instead of adding one.
    id TEXT PRIMARY KEY,
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    nps INTEGER NOT NULL,
    usability INTEGER,
    comment TEXT,
    -- Milliseconds since 1970-01-01 UTC.
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX responses_by_survey_and_time ON responses (survey_id, created_at);
