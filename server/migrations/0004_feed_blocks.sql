-- The results feed of each survey, one block per UTC day, so that the results page of a
-- survey with a million answers reads a few hundred blocks instead of every answer.
CREATE TABLE feed_blocks (
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    day BIGINT NOT NULL,
    -- BYTEA is PostgreSQL's binary type; SQLite keeps blob values as they are.
    bytes BYTEA NOT NULL,
    PRIMARY KEY (survey_id, day)
);

-- Every block of the survey holds every change made before `read_until` (milliseconds).
-- No row: the blocks must be built again from the answers, e.g. after a deletion.
CREATE TABLE feed_state (
    survey_id TEXT PRIMARY KEY REFERENCES surveys (id),
    read_until BIGINT NOT NULL
);

-- Finds the answers changed since the blocks were brought up to date.
CREATE INDEX responses_by_survey_and_update ON responses (survey_id, updated_at);
