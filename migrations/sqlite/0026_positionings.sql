-- Named positionings: a partner adviser introduces a candidate (with the
-- candidate's consent) to the company of a shared offer. A positioning is
-- an application proposed to the employer at once, carrying the partner
-- organisation and the adviser; the form's one-time key makes a double
-- submission count once.
ALTER TABLE applications ADD COLUMN partner_org_id BIGINT REFERENCES partner_orgs(id);
ALTER TABLE applications ADD COLUMN positioned_by BIGINT REFERENCES users(id);
ALTER TABLE applications ADD COLUMN request_key TEXT;
ALTER TABLE applications ADD COLUMN seen_by_company_at BIGINT;
CREATE UNIQUE INDEX applications_request_key ON applications(request_key);
CREATE INDEX applications_partner ON applications(partner_org_id, offer_id);

-- Which shared offers each adviser has opened (« Nouveau » until then).
CREATE TABLE partner_offer_views (
    user_id BIGINT NOT NULL REFERENCES users(id),
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, offer_id)
);

-- A shared offer that was filled, cancelled or has expired, not yet told in
-- the organisation's digest (1), told (0).
ALTER TABLE offer_shares ADD COLUMN closure_pending BIGINT NOT NULL DEFAULT 0;
