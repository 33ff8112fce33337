-- API tokens, which programs send as `Authorization: Bearer pulse_...`.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    -- SHA-256 of the token: a copy of this table lets no program in.
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
    -- The admin who made it: the token acts for them, so it goes with their account.
    created_by TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    -- Written at most once a minute, so that a program's requests do not each write.
    last_used_at BIGINT
);
