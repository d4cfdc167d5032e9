-- Meetings (mises en relation) between a candidate of an event and a
-- company, and what came of them (recorded then or later).
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events(id),
    registration_id BIGINT NOT NULL REFERENCES registrations(id),
    company_id BIGINT NOT NULL REFERENCES companies(id),
    outcome TEXT CHECK (outcome IN ('hire', 'interview', 'training', 'immersion', 'nothing')),
    noted_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (registration_id, company_id)
);
CREATE INDEX meetings_event ON meetings(event_id);
