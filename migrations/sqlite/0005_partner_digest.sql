-- Partners get one e-mail a day listing the offers newly shared with their
-- organisation. A share is marked once it went into a digest; a digest row
-- per (organisation, day) makes the run happen once even with several
-- server instances.
ALTER TABLE offer_shares ADD COLUMN digested_at BIGINT;

CREATE TABLE partner_digests (
    partner_org_id BIGINT NOT NULL REFERENCES partner_orgs(id),
    day TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    offers BIGINT NOT NULL,
    PRIMARY KEY (partner_org_id, day)
);
