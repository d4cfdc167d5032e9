-- Security: throttling counters, the no-JavaScript error round trip kept
-- server-side, link secrets sealed in the outbox, account lifecycle
-- (confirmation, reset, deactivation) and staff sessions' idle time.

-- Fixed-window counters per key ("login:ip:...", "apply:email:..."), shared
-- by every server instance.
CREATE TABLE throttles (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);

-- A refused form sent without JavaScript: what the page needs to show the
-- errors and the values typed, behind a random id kept in a short cookie,
-- read once.
CREATE TABLE form_flashes (
    id_hash TEXT PRIMARY KEY,
    fn_path TEXT NOT NULL,
    error TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The secrets of an e-mail's links, encrypted with the server's key; the
-- body holds placeholders. Erased once the message is sent.
ALTER TABLE outbox ADD COLUMN sealed_secrets TEXT;
ALTER TABLE outbox ADD COLUMN body_erased BIGINT NOT NULL DEFAULT 0;

-- Accounts: confirmed e-mail (existing accounts count as confirmed),
-- deactivation by an admin.
ALTER TABLE users ADD COLUMN confirmed_at BIGINT;
UPDATE users SET confirmed_at = created_at;
ALTER TABLE users ADD COLUMN deactivated_at BIGINT;

-- Single-use links of the account lifecycle: confirm the address, reset
-- the password. Only the SHA-256 of the token is kept.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);

-- Sessions: last activity, for the idle timeout of staff sessions.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
