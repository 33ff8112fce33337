-- Marketers' accounts, created with `pulse-server user add`.
CREATE TABLE users (
    -- Lower-cased, so that logging in ignores case.
    email TEXT PRIMARY KEY,
    -- Argon2id, in the PHC string format that names its parameters and salt.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
    created_at BIGINT NOT NULL
);

-- Sessions live in the database so that every server process knows them.
CREATE TABLE sessions (
    -- SHA-256 of the token in the cookie: a copy of this table opens no session.
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
