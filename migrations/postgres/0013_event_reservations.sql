-- Seats that staff set aside at an event for the candidates of a partner
-- organisation (France Travail, Mission locale...). `events.reserved` is
-- the number of set-aside seats still free, so the public gets a seat only
-- while `confirmed + reserved < capacity`; it changes under the event row's
-- lock together with `event_reservations.used`.
ALTER TABLE events ADD COLUMN reserved BIGINT NOT NULL DEFAULT 0;

CREATE TABLE event_reservations (
    event_id BIGINT NOT NULL REFERENCES events(id),
    partner_org_id BIGINT NOT NULL REFERENCES partner_orgs(id),
    seats BIGINT NOT NULL CHECK (seats >= 0),
    used BIGINT NOT NULL DEFAULT 0 CHECK (used >= 0),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, partner_org_id),
    CHECK (used <= seats)
);
CREATE INDEX event_reservations_org ON event_reservations(partner_org_id);

-- Who registered a candidate on their behalf (a partner organisation), and
-- whether the registration holds one of its set-aside seats (1) or not (0).
ALTER TABLE registrations ADD COLUMN partner_org_id BIGINT REFERENCES partner_orgs(id);
ALTER TABLE registrations ADD COLUMN reserved_seat BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD CONSTRAINT events_reserved_fit CHECK (reserved >= 0 AND confirmed + reserved <= capacity);
