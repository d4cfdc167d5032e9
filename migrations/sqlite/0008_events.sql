-- Network events and the registrations of candidates (no account), with a
-- waiting list: `confirmed` counts the confirmed seats and is changed in
-- the same transaction as each registration, so it never exceeds the
-- capacity, even under concurrent registrations.
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    commune_insee TEXT NOT NULL REFERENCES communes(insee),
    address TEXT NOT NULL,
    capacity BIGINT NOT NULL CHECK (capacity >= 0),
    confirmed BIGINT NOT NULL DEFAULT 0,
    registration_deadline BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'published',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (confirmed <= capacity)
);
CREATE INDEX events_start ON events(status, starts_at);
CREATE INDEX events_platform ON events(platform_id, starts_at);

CREATE TABLE event_questions (
    event_id BIGINT NOT NULL REFERENCES events(id),
    rank BIGINT NOT NULL,
    question TEXT NOT NULL,
    PRIMARY KEY (event_id, rank)
);

CREATE TABLE event_offers (
    event_id BIGINT NOT NULL REFERENCES events(id),
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    PRIMARY KEY (event_id, offer_id)
);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events(id),
    full_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    situation TEXT NOT NULL,
    referrer TEXT NOT NULL,
    -- Comma-separated priority-public codes, only with consent.
    priorities TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    cancelled_at BIGINT,
    reminded_at BIGINT,
    attendance TEXT CHECK (attendance IN ('present', 'absent', 'excused'))
);
CREATE INDEX registrations_event ON registrations(event_id, status, id);
CREATE UNIQUE INDEX registrations_one_per_email ON registrations(event_id, email) WHERE status <> 'cancelled';

CREATE TABLE registration_answers (
    registration_id BIGINT NOT NULL REFERENCES registrations(id),
    rank BIGINT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (registration_id, rank)
);

CREATE TABLE registration_offers (
    registration_id BIGINT NOT NULL REFERENCES registrations(id),
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    PRIMARY KEY (registration_id, offer_id)
);
