-- The convention's yearly cycle (articles 3.2 to 3.5): the action
-- programme per axis, the governance register (co-presidency and review
-- meetings with the Région), acknowledged delays on the indicators, the
-- annual and intermediate reports, and the Région's requests about a
-- company (support cases with a deadline).
CREATE TABLE programme_actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    year BIGINT NOT NULL,
    axis BIGINT NOT NULL CHECK (axis BETWEEN 1 AND 4),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    -- Keys of the indicators it serves, separated by spaces.
    indicators TEXT NOT NULL,
    -- Planned period, months "YYYY-MM".
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX programme_actions_platform ON programme_actions(platform_id, year);

-- The events, interventions and support cases that carry an action out.
CREATE TABLE programme_links (
    action_id BIGINT NOT NULL REFERENCES programme_actions(id),
    kind TEXT NOT NULL CHECK (kind IN ('event', 'intervention', 'support')),
    ref_id BIGINT NOT NULL,
    PRIMARY KEY (action_id, kind, ref_id)
);

CREATE TABLE governance_meetings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    kind TEXT NOT NULL CHECK (kind IN ('copresidence', 'bilan_intermediaire', 'bilan_final')),
    -- "YYYY-MM-DD"; the year is kept apart for the yearly counts.
    held_on TEXT NOT NULL,
    year BIGINT NOT NULL,
    organisations TEXT NOT NULL,
    agenda TEXT NOT NULL,
    minutes TEXT NOT NULL,
    minutes_pdf BYTEA,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX governance_meetings_platform ON governance_meetings(platform_id, year);

CREATE TABLE governance_decisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES governance_meetings(id),
    decision TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT,
    done_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX governance_decisions_meeting ON governance_decisions(meeting_id);

-- A delay on an indicator, acknowledged by staff with a comment the Région
-- reads.
CREATE TABLE delay_acknowledgements (
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    year BIGINT NOT NULL,
    indicator TEXT NOT NULL,
    comment TEXT NOT NULL,
    acknowledged_by BIGINT NOT NULL REFERENCES users(id),
    acknowledged_at BIGINT NOT NULL,
    PRIMARY KEY (platform_id, year, indicator)
);

-- The annual report (bilan) and the intermediate one (January to June):
-- the narrative per axis as JSON, a draft until locked; the PDF is made
-- once, when locked, and kept as sent.
CREATE TABLE annual_reports (
    platform_id BIGINT NOT NULL REFERENCES platforms(id),
    year BIGINT NOT NULL,
    period TEXT NOT NULL CHECK (period IN ('annuel', 'intermediaire')),
    narrative TEXT NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    locked_by BIGINT REFERENCES users(id),
    locked_at BIGINT,
    pdf BYTEA,
    PRIMARY KEY (platform_id, year, period)
);

-- A request from the Région about a company: the convention's case, the
-- contact given (sealed like every contact), the answer expected by.
ALTER TABLE support_requests ADD COLUMN region_reason TEXT;
ALTER TABLE support_requests ADD COLUMN region_contact TEXT;
ALTER TABLE support_requests ADD COLUMN due_on TEXT;
