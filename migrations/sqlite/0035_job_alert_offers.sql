-- The offers each job alert has seen: public when it was confirmed, or
-- e-mailed since. An alert's e-mail looks back an hour before the previous
-- one (an offer is stamped with its publication time before its
-- transaction commits, so it can become public after a run that began
-- later than that time); these rows keep it from sending an offer twice,
-- or one that was public before the confirmation. They go with the alert
-- (unsubscribed, erased, never confirmed) or with the offer.
CREATE TABLE job_alert_offers (
    alert_id BIGINT NOT NULL REFERENCES job_alerts(id) ON DELETE CASCADE,
    offer_id BIGINT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
    PRIMARY KEY (alert_id, offer_id)
);
CREATE INDEX job_alert_offers_offer ON job_alert_offers(offer_id);
