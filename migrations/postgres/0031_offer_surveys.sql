-- The outcome survey of an offer: once it is filled, cancelled or expired,
-- the company is asked (e-mailed link, no sign-in) whether and through
-- whom it hired. One row per offer, made when the question is sent (so
-- several instances never send it twice); only the link's SHA-256 is kept.
-- Offers closed before this version are recorded as not asked.
CREATE TABLE offer_surveys (
    offer_id BIGINT PRIMARY KEY REFERENCES offers(id),
    token_hash TEXT UNIQUE,
    asked_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    answered_at BIGINT,
    hires BIGINT,
    channel TEXT CHECK (channel IN ('candidature', 'partenaire', 'evenement', 'autre')),
    partner_org_id BIGINT REFERENCES partner_orgs(id),
    comment TEXT
);
CREATE INDEX offer_surveys_answered ON offer_surveys(answered_at);
INSERT INTO offer_surveys (offer_id, asked_at, expires_at)
    SELECT id, 0, 0 FROM offers WHERE status IN ('filled', 'cancelled', 'expired');
