-- Following up answers (detractors mostly): where each stands, who takes care of it and a
-- note. An answer without a row is open and nobody's.
CREATE TABLE follow_ups (
    -- The note may hold personal data: it goes with its answer, deleted or erased.
    response_id TEXT PRIMARY KEY REFERENCES responses (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('open', 'contacted', 'resolved')),
    -- An account's email; not a foreign key, so that an account deleted leaves its name
    -- on what it followed up.
    owner TEXT,
    note TEXT,
    -- Milliseconds since 1970-01-01 UTC, and the email of who changed it last.
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    -- When it first left 'open'.
    followed_up_at BIGINT
);
