-- The erased answers (deleted by an admin or by a data-protection request), so that a
-- widget sending one again, its outbox never having heard that it was stored, does not
-- store it anew. Each by the SHA-256 of its id alone: nothing of the answer, not even its
-- id, is left in the database.
CREATE TABLE erased_responses (
    id_sha256 TEXT PRIMARY KEY,
    -- Milliseconds since 1970-01-01 UTC.
    erased_at BIGINT NOT NULL
);
