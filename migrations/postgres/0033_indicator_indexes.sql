-- The indicators count the people present at each event from this index
-- alone (the Région's dashboard reads every event of the year).
CREATE INDEX registrations_attendance ON registrations(event_id, status, attendance, priorities);
