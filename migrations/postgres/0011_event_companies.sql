-- Companies taking part in events: as recruiters (with their offers) or as
-- participants, with how many people they send; and the seats for
-- companies, decided like candidates' seats.
ALTER TABLE events ADD COLUMN company_capacity BIGINT NOT NULL DEFAULT 20;
ALTER TABLE events ADD COLUMN companies_confirmed BIGINT NOT NULL DEFAULT 0;

CREATE TABLE event_companies (
    event_id BIGINT NOT NULL REFERENCES events(id),
    company_id BIGINT NOT NULL REFERENCES companies(id),
    role TEXT NOT NULL CHECK (role IN ('recruiter', 'participant')),
    attendees BIGINT NOT NULL CHECK (attendees > 0),
    registered_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, company_id)
);

CREATE TABLE event_company_offers (
    event_id BIGINT NOT NULL REFERENCES events(id),
    company_id BIGINT NOT NULL REFERENCES companies(id),
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    PRIMARY KEY (event_id, offer_id)
);

-- Applications proposed to a company and not answered: when the company
-- was reminded.
ALTER TABLE applications ADD COLUMN reminded_at BIGINT;
