-- Claims of a company's space: the owner of a company the platform's team
-- created (it has no account) signs up with its SIRET; the team, who met
-- the owner, approves the claim, which opens the account (its address
-- still confirmed by the e-mailed link). The password hash waits here
-- until the decision, then is dropped.
CREATE TABLE company_claims (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    full_name TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
    decided_at BIGINT,
    decided_by BIGINT REFERENCES users(id)
);
CREATE INDEX company_claims_company ON company_claims(company_id, status);
