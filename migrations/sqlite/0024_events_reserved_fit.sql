-- PostgreSQL has had, since 0013, the constraint that seats set aside for
-- partners never go below zero nor past the seats left
-- (events_reserved_fit). SQLite cannot add a CHECK to an existing table:
-- this pair of triggers enforces the same rule (the schema test counts a
-- `<rule>_check_insert` / `<rule>_check_update` pair as one CHECK).
CREATE TRIGGER events_reserved_fit_check_insert BEFORE INSERT ON events
WHEN NEW.reserved < 0 OR NEW.confirmed + NEW.reserved > NEW.capacity
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: events_reserved_fit');
END;

CREATE TRIGGER events_reserved_fit_check_update BEFORE UPDATE ON events
WHEN NEW.reserved < 0 OR NEW.confirmed + NEW.reserved > NEW.capacity
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: events_reserved_fit');
END;
