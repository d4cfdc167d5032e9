-- Two-factor sign-in (TOTP) for the platform's side: the secret sealed with
-- the server's key, the last step used (a code serves once), recovery
-- codes (hashed), and the sign-ins waiting for their second factor.
ALTER TABLE users ADD COLUMN totp_secret_sealed TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE mfa_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    next_path TEXT,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- While enrolling: the new secret and recovery codes, sealed.
    pending_secret_sealed TEXT,
    pending_codes_sealed TEXT
);
