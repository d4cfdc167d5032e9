-- HR-support and employer-brand requests, handled by staff as cases with
-- their steps (who, when, note) and their typed, dated actions.
CREATE TABLE support_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    company_id BIGINT NOT NULL REFERENCES companies(id),
    kind TEXT NOT NULL CHECK (kind IN ('rh', 'marque_employeur')),
    need TEXT,
    description TEXT NOT NULL,
    contact_preference TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    outcome TEXT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX support_requests_platform ON support_requests(platform_id, status);
CREATE INDEX support_requests_company ON support_requests(company_id);

CREATE TABLE support_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id BIGINT NOT NULL REFERENCES support_requests(id),
    at BIGINT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES users(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX support_steps_request ON support_steps(request_id);

CREATE TABLE support_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id BIGINT NOT NULL REFERENCES support_requests(id),
    kind TEXT NOT NULL,
    done_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX support_actions_request ON support_actions(request_id);
