-- Foundation: platforms and their territory, reference communes, partner
-- organisations, companies, accounts and sessions, offers with their
-- history and the sharing ledger. Times are Unix seconds (UTC).

CREATE TABLE epcis (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE communes (
    insee TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    departement TEXT NOT NULL,
    epci_code TEXT REFERENCES epcis(code),
    population BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX communes_epci ON communes(epci_code);

CREATE TABLE platforms (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE platform_epcis (
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    epci_code TEXT NOT NULL REFERENCES epcis(code),
    PRIMARY KEY (platform_id, epci_code)
);

CREATE TABLE partner_orgs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (platform_id, name)
);

CREATE TABLE companies (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    siret TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (platform_id, siret)
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'partner', 'company')),
    platform_id BIGINT REFERENCES platforms(id),
    company_id BIGINT REFERENCES companies(id),
    partner_org_id BIGINT REFERENCES partner_orgs(id),
    created_at BIGINT NOT NULL,
    CHECK (role <> 'company' OR company_id IS NOT NULL),
    CHECK (role <> 'partner' OR partner_org_id IS NOT NULL),
    CHECK (role <> 'staff' OR platform_id IS NOT NULL)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE offers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    company_id BIGINT NOT NULL REFERENCES companies(id),
    title TEXT NOT NULL,
    contract_type TEXT NOT NULL,
    positions BIGINT NOT NULL CHECK (positions > 0),
    commune_insee TEXT NOT NULL REFERENCES communes(insee),
    description TEXT NOT NULL,
    published_elsewhere TEXT NOT NULL CHECK (published_elsewhere IN ('nowhere', 'france_travail', 'other_board')),
    status TEXT NOT NULL,
    status_reason TEXT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX offers_platform_status ON offers(platform_id, status);
CREATE INDEX offers_company ON offers(company_id);

CREATE TABLE offer_history (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    at BIGINT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES users(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX offer_history_offer ON offer_history(offer_id);

CREATE TABLE offer_shares (
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    partner_org_id BIGINT NOT NULL REFERENCES partner_orgs(id),
    shared_at BIGINT NOT NULL,
    shared_by BIGINT NOT NULL REFERENCES users(id),
    first_opened_at BIGINT,
    PRIMARY KEY (offer_id, partner_org_id)
);
CREATE INDEX offer_shares_org ON offer_shares(partner_org_id);
