-- The search index now holds the ROME job titles of each offer's job:
-- emptied here, rebuilt by the server at start (reindex_missing).
DELETE FROM offer_words;
