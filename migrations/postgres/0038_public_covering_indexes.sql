-- The public offers of a commune (and contract) and of a job, each with its
-- id, in indexes of their own: PostgreSQL counts a search's matches from
-- the index alone (an index-only scan) instead of fetching every offer of
-- the commune or of the job to check that it is public. At 1,000,000
-- offers, « cariste » at Bruay-la-Buissière on « intérim » fetched 33,333
-- offers to count none: 230-370 ms warm, 2.6 s cold; 56-100 ms from the index.
-- A common job counted to 10,001: 23-57 ms → 2-3 ms. The plain indexes
-- stay for the checks that look at offers that are not public (likely
-- duplicates). SQLite has no INCLUDE; its tree has the same number, empty.
CREATE INDEX offers_public_place ON offers(commune_insee, contract_type, published_at, rome_code)
    INCLUDE (id) WHERE status = 'published' AND publish_consent = 1;
CREATE INDEX offers_public_job ON offers(rome_code, published_at)
    INCLUDE (id) WHERE status = 'published' AND publish_consent = 1;
