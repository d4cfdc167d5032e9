-- Company profile (sector, headcount band, commune, contact person) and
-- invitations of colleagues into a company account.
ALTER TABLE companies ADD COLUMN naf_division TEXT;
ALTER TABLE companies ADD COLUMN headcount_band TEXT;
ALTER TABLE companies ADD COLUMN commune_insee TEXT REFERENCES communes(insee);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    email TEXT NOT NULL,
    invited_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT
);
CREATE INDEX invitations_company ON invitations(company_id);
