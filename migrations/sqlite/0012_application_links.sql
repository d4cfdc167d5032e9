-- Links e-mailed to a company with a proposed candidate: it answers
-- (interview, hired, not hired) without signing in. Only the SHA-256 of the
-- random token is stored; a link works until it expires.
CREATE TABLE application_links (
    token_hash TEXT PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX application_links_app ON application_links(application_id);
