-- The results page lists a survey's comments newest first. Most answers have none, so
-- without this index a survey with a million answers and few comments is scanned whole
-- for each page of comments.
CREATE INDEX responses_with_comment_by_time ON responses (survey_id, created_at, id)
    WHERE comment IS NOT NULL;
