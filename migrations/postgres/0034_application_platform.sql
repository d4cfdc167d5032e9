-- Each application carries its offer's platform (an offer never changes
-- platform): the dashboards count a year of a region's applications from
-- this table and its index alone, without joining every offer. Nullable
-- as on SQLite (which cannot add a NOT NULL column without a default): every
-- insert sets it (checked by the tests).
ALTER TABLE applications ADD COLUMN platform_id BIGINT REFERENCES platforms(id);
UPDATE applications a SET platform_id = o.platform_id FROM offers o WHERE o.id = a.offer_id;
CREATE INDEX applications_created ON applications(created_at, platform_id);
