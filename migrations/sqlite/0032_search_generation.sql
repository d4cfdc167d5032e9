-- One counter bumped by every change of an offer, in the same
-- transaction: each instance keeps the public search's results in memory
-- and throws them away when the counter moves.
CREATE TABLE search_generation (
    id BIGINT PRIMARY KEY,
    generation BIGINT NOT NULL
);
INSERT INTO search_generation (id, generation) VALUES (1, 0);
