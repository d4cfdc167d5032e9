-- An event cancelled by staff: when, and the reason told to everyone
-- registered.
ALTER TABLE events ADD COLUMN cancelled_at BIGINT;
ALTER TABLE events ADD COLUMN cancel_reason TEXT;
