-- A public search by commune (and contract) or by job finds its matches
-- through these indexes instead of reading every public offer: a commune
-- or a job with few offers answers at once, whatever the region holds.
CREATE INDEX offers_place ON offers(commune_insee, contract_type, published_at);
CREATE INDEX offers_job ON offers(rome_code, published_at);
