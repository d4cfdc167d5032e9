-- Nothing to do here: the constraint events_reserved_fit exists since 0013.
-- SQLite gains its equivalent in this migration (see the SQLite tree).
SELECT 1;
