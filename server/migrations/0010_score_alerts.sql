-- The latest score-drop alert of each survey: the hourly check alerts a survey at most
-- once a week. Written in the transaction of the alert's messages.
CREATE TABLE score_alerts (
    survey_id TEXT PRIMARY KEY REFERENCES surveys (id),
    -- Milliseconds since 1970-01-01 UTC.
    alerted_at BIGINT NOT NULL
);
