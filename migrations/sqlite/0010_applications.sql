-- Candidates' applications to public offers (no account) and the funnel
-- staff and the company work: received, proposed to the employer,
-- interview, hired or not (with the reason). CVs are files outside the web
-- root; the table keeps their random name.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    full_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    cv_file TEXT,
    status TEXT NOT NULL CHECK (status IN ('received', 'proposed', 'interview', 'hired', 'not_hired')),
    reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    proposed_at BIGINT
);
CREATE INDEX applications_offer ON applications(offer_id, status);

CREATE TABLE application_answers (
    application_id BIGINT NOT NULL REFERENCES applications(id),
    rank BIGINT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (application_id, rank)
);

CREATE TABLE application_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    at BIGINT NOT NULL,
    -- NULL: the candidate (applying).
    actor_id BIGINT REFERENCES users(id),
    status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX application_history_app ON application_history(application_id);
