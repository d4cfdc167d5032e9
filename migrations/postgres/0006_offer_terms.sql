-- The whole offer form (ROME job, contract length, working time, salary,
-- start date, licences, consents, screening questions), the expiry of
-- published offers with their reminders, and how a filled offer was filled.
ALTER TABLE offers ADD COLUMN rome_code TEXT;
ALTER TABLE offers ADD COLUMN contract_months BIGINT;
ALTER TABLE offers ADD COLUMN working_time TEXT NOT NULL DEFAULT 'full_time';
ALTER TABLE offers ADD COLUMN weekly_hours BIGINT;
ALTER TABLE offers ADD COLUMN salary_min BIGINT;
ALTER TABLE offers ADD COLUMN salary_max BIGINT;
ALTER TABLE offers ADD COLUMN start_date TEXT;
ALTER TABLE offers ADD COLUMN licences TEXT NOT NULL DEFAULT '';
ALTER TABLE offers ADD COLUMN share_consent BIGINT NOT NULL DEFAULT 1;
ALTER TABLE offers ADD COLUMN publish_consent BIGINT NOT NULL DEFAULT 0;
ALTER TABLE offers ADD COLUMN published_at BIGINT;
ALTER TABLE offers ADD COLUMN expires_at BIGINT;
-- 0: none sent for the current expiry date, 1: the 7-day one, 2: both.
ALTER TABLE offers ADD COLUMN reminders_sent BIGINT NOT NULL DEFAULT 0;
ALTER TABLE offers ADD COLUMN hires BIGINT;
ALTER TABLE offers ADD COLUMN filled_via_platform BIGINT;
CREATE INDEX offers_expiry ON offers(status, expires_at);
CREATE INDEX offers_public ON offers(status, publish_consent, published_at);

CREATE TABLE offer_questions (
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    rank BIGINT NOT NULL,
    question TEXT NOT NULL,
    PRIMARY KEY (offer_id, rank)
);

-- Links sent by e-mail that let a company extend or close an offer without
-- signing in: only the SHA-256 of the random token is stored.
CREATE TABLE offer_links (
    token_hash TEXT PRIMARY KEY,
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX offer_links_offer ON offer_links(offer_id);

-- The words of published public offers, for the public search.
CREATE TABLE offer_words (
    term TEXT COLLATE "C" NOT NULL,
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    PRIMARY KEY (term, offer_id)
);
CREATE INDEX offer_words_offer ON offer_words(offer_id);

-- History lines written by the server itself (expiry), not by a person.
ALTER TABLE offer_history ADD COLUMN automatic BIGINT NOT NULL DEFAULT 0;
CREATE INDEX communes_name ON communes(name);
