-- 0007: search finds what SQLite's finds. The english configuration drops
-- stop words (a search for "the" or "not" found nothing) and keeps tokens
-- such as "expand/contract" or "api-gw.prod" whole; hindsight now indexes
-- hindsight.SearchText (words of letters and digits, diacritics folded)
-- with the Porter stemmer (SQLite's, in PostgreSQL's snowball template)
-- and no stop words. The search vectors are
-- recomputed from the stored revisions by the Go step of this migration
-- (reindexSearch in postgres.go).
CREATE TEXT SEARCH DICTIONARY hindsight_stem (TEMPLATE = snowball, Language = porter);
CREATE TEXT SEARCH CONFIGURATION hindsight (COPY = english);
ALTER TEXT SEARCH CONFIGURATION hindsight ALTER MAPPING REPLACE english_stem WITH hindsight_stem;
