-- The partner API: each partner organisation's manager (the organisation's
-- first account) creates revocable tokens, scoped to the organisation,
-- read-only or read-write. Only the SHA-256 of a token is kept; its clear
-- text is sealed until its creator has seen it once. Every call is
-- recorded (the audit, and the per-token rate limit).
ALTER TABLE users ADD COLUMN partner_manager BIGINT NOT NULL DEFAULT 0;
UPDATE users SET partner_manager = 1 WHERE role = 'partner' AND id IN
    (SELECT MIN(id) FROM users WHERE role = 'partner' GROUP BY partner_org_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_org_id BIGINT NOT NULL REFERENCES partner_orgs(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- The token's first characters, to tell tokens apart.
    prefix TEXT NOT NULL,
    can_write BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    -- The clear token, sealed, until its creator has seen it.
    pending_secret TEXT,
    last_used_at BIGINT,
    revoked_at BIGINT,
    revoked_by BIGINT REFERENCES users(id)
);
CREATE INDEX api_tokens_org ON api_tokens(partner_org_id);

CREATE TABLE api_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_id BIGINT NOT NULL REFERENCES api_tokens(id),
    at BIGINT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status BIGINT NOT NULL
);
CREATE INDEX api_calls_token ON api_calls(token_id, at);
