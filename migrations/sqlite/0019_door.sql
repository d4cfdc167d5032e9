-- At the door: a person admitted from the waiting list, and whether staff
-- admitted them over the capacity (the room then takes one more).
ALTER TABLE registrations ADD COLUMN admitted_at BIGINT;
ALTER TABLE registrations ADD COLUMN over_capacity BIGINT NOT NULL DEFAULT 0;
