-- Job alerts: a saved public search e-mailed daily or weekly with the new
-- matching offers. Only confirmed alerts are sent; the confirmation and
-- unsubscribe links carry random tokens (their SHA-256 kept, the
-- unsubscribe token also sealed, to put it in each e-mail). Unsubscribing
-- deletes the alert; unconfirmed ones go after a week.
CREATE TABLE job_alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    words TEXT NOT NULL,
    rome TEXT NOT NULL,
    commune TEXT NOT NULL,
    whole_epci BIGINT NOT NULL DEFAULT 0,
    contract TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('quotidienne', 'hebdomadaire')),
    created_at BIGINT NOT NULL,
    confirm_hash TEXT UNIQUE,
    confirmed_at BIGINT,
    unsubscribe_hash TEXT NOT NULL UNIQUE,
    unsubscribe_sealed TEXT NOT NULL,
    -- Offers published after this instant are new to the alert.
    new_after BIGINT,
    last_sent_at BIGINT
);
CREATE INDEX job_alerts_due ON job_alerts(confirmed_at, last_sent_at);
