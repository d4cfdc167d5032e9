-- The short code of a registration (under its QR code), typed or scanned
-- at the door; unique within its event. Older registrations get one when
-- their page or e-mail next needs it.
ALTER TABLE registrations ADD COLUMN door_code TEXT;
CREATE UNIQUE INDEX registrations_door_code ON registrations (event_id, door_code);
