-- The GDPR annex of the convention: people's rights in self-service, the
-- registers of data-subject requests and breaches, consent records, the
-- audit trail of reads and changes of personal data, retention runs.

-- Single-use links of the "Mes données" page (only the SHA-256 of the
-- token is kept); once used, a short rights session (cookie) replaces it.
CREATE TABLE rights_tokens (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('link', 'session')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX rights_tokens_expiry ON rights_tokens(expires_at);

-- Data-subject requests, to forward to the controller within 72 hours.
CREATE TABLE data_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform_id BIGINT REFERENCES platforms(id),
    received_at BIGINT NOT NULL,
    requester TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'objection', 'portability', 'restriction')),
    details TEXT NOT NULL DEFAULT '',
    self_service BIGINT NOT NULL DEFAULT 0,
    forwarded_at BIGINT,
    closed_at BIGINT,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX data_requests_platform ON data_requests(platform_id, received_at);

-- Personal-data breaches, to notify within 48 hours.
CREATE TABLE data_breaches (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform_id BIGINT REFERENCES platforms(id),
    detected_at BIGINT NOT NULL,
    nature TEXT NOT NULL,
    people TEXT NOT NULL,
    data_concerned TEXT NOT NULL,
    measures TEXT NOT NULL DEFAULT '',
    notified_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX data_breaches_platform ON data_breaches(platform_id, detected_at);

-- What a person agreed to, when, and which version of the text they read.
CREATE TABLE consents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    text_version TEXT NOT NULL,
    given_at BIGINT NOT NULL
);
CREATE INDEX consents_subject ON consents(subject_kind, subject_id);

-- Append-only: who read or changed personal data, when, from where.
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- One retention run a day, whichever instance claims it first.
CREATE TABLE retention_runs (
    day TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    summary TEXT NOT NULL DEFAULT ''
);

-- Rows whose person was erased (rights) or whose retention ran out keep
-- their anonymous facts for the indicators.
ALTER TABLE applications ADD COLUMN anonymised_at BIGINT;
ALTER TABLE registrations ADD COLUMN anonymised_at BIGINT;
