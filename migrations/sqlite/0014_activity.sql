-- What only staff record: contacts with companies, interventions in the
-- economic network, the chefs de file métiers register; the annual
-- objectives of the indicators; the monthly reports and who receives them.
CREATE TABLE company_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    company_id BIGINT NOT NULL REFERENCES companies(id),
    channel TEXT NOT NULL CHECK (channel IN ('phone', 'visit', 'email', 'event')),
    happened_at BIGINT NOT NULL,
    subject TEXT NOT NULL,
    follow_up_on TEXT,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX company_contacts_platform ON company_contacts(platform_id, happened_at);
CREATE INDEX company_contacts_company ON company_contacts(company_id, happened_at);

CREATE TABLE interventions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    kind TEXT NOT NULL CHECK (kind IN ('club', 'economic_actor')),
    counterpart TEXT NOT NULL,
    happened_at BIGINT NOT NULL,
    subject TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX interventions_platform ON interventions(platform_id, happened_at);

CREATE TABLE trade_leaders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    company_id BIGINT NOT NULL REFERENCES companies(id),
    trade TEXT NOT NULL,
    filiere TEXT NOT NULL,
    since BIGINT NOT NULL,
    until BIGINT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX trade_leaders_platform ON trade_leaders(platform_id, since);

-- Whether a registered company came to an event (NULL: not recorded).
ALTER TABLE event_companies ADD COLUMN present BIGINT;

CREATE TABLE indicator_objectives (
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    year BIGINT NOT NULL,
    indicator TEXT NOT NULL,
    -- A count, or a rate in percent.
    target BIGINT NOT NULL CHECK (target >= 0),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (platform_id, year, indicator)
);

CREATE TABLE report_recipients (
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    email TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (platform_id, email)
);

-- One row per platform and month: inserting it claims the report, so it is
-- built and sent once even with several server instances.
CREATE TABLE monthly_reports (
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    month TEXT NOT NULL,
    built_at BIGINT NOT NULL,
    summary TEXT NOT NULL,
    workbook BLOB NOT NULL,
    PRIMARY KEY (platform_id, month)
);

-- An e-mail may carry one attachment (the monthly report's workbook).
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment BLOB;
