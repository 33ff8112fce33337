-- Webhooks: where a survey's changes are posted, and the outbox of what is still to post.
-- Kept portable: the same migrations run on SQLite and PostgreSQL.

CREATE TABLE webhooks (
    -- `wh_` and 32 hexadecimal digits.
    id TEXT PRIMARY KEY,
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    url TEXT NOT NULL,
    -- JSON list of event names (pulse_core::webhook::WebhookEvent).
    events TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('standard', 'slack')),
    -- 1 while messages are sent to it.
    enabled BIGINT NOT NULL,
    -- `whsec_` and base64: kept as it is, since every message is signed with it.
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX webhooks_by_survey ON webhooks (survey_id);

-- The outbox: one row per message to one webhook, written in the transaction of the change
-- it tells of, so that a change is committed with its messages or not at all.
CREATE TABLE webhook_messages (
    -- `msg_` and 32 hexadecimal digits: the `webhook-id` header, the same in every attempt.
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    -- The answer it is about, if any (not a foreign key: `response.deleted` outlives it).
    response_id TEXT,
    -- The body in the standard format (pulse_core::webhook::WebhookPayload); emptied once
    -- the message is delivered or given up, so that answers are not kept here for nothing.
    payload TEXT,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- When it is due; while an attempt is under way, when that attempt is taken to have
    -- died with its process. NULL once delivered or given up.
    next_attempt_at BIGINT,
    delivered_at BIGINT,
    failed_at BIGINT
);
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;
CREATE INDEX webhook_messages_by_webhook ON webhook_messages (webhook_id);
CREATE INDEX webhook_messages_by_age ON webhook_messages (created_at);

-- Each attempt to deliver a message, for the app to show the latest.
CREATE TABLE webhook_attempts (
    message_id TEXT NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    attempt BIGINT NOT NULL,
    webhook_id TEXT NOT NULL,
    attempted_at BIGINT NOT NULL,
    -- The receiver's HTTP status, if it answered.
    status BIGINT,
    error TEXT,
    PRIMARY KEY (message_id, attempt)
);
CREATE INDEX webhook_attempts_by_webhook ON webhook_attempts (webhook_id, attempted_at);

-- The one server process that sends messages, when several share a database: whoever
-- holds this lease, renewed while it sends. Taken over once it lapses, as when its holder
-- was killed.
CREATE TABLE webhook_sender (
    id BIGINT PRIMARY KEY,
    holder TEXT NOT NULL,
    held_until BIGINT NOT NULL
);
INSERT INTO webhook_sender (id, holder, held_until) VALUES (1, '', 0);
