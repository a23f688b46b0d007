-- 0004: keep the postmortems table narrow, so stats scan it quickly: the
-- search vector moves to a table of its own, and each postmortem's stats
-- figures are packed in one column (see hindsight.ParseStatsLine), kept up
-- to date in the transactions that change them.
CREATE TABLE postmortem_search (
	pm     bigint PRIMARY KEY REFERENCES postmortems (pk) ON DELETE CASCADE,
	search tsvector NOT NULL
);
INSERT INTO postmortem_search (pm, search) SELECT pk, search FROM postmortems WHERE search IS NOT NULL;
CREATE INDEX postmortem_search_gin ON postmortem_search USING gin (search);
DROP INDEX postmortems_search;
ALTER TABLE postmortems DROP COLUMN search;

ALTER TABLE postmortems ADD COLUMN stats_line text NOT NULL DEFAULT '';
UPDATE postmortems SET stats_line = concat_ws(chr(31), date, array_to_string(services, chr(10)), category, outcome,
	CASE WHEN attempted THEN '1' ELSE '0' END, coalesce(ttd::text, ''), coalesce(tdec::text, ''), coalesce(rb::text, ''),
	coalesce(ttr::text, ''), a_opened, a_done, a_verified, a_wontdo, a_open, open_dues);
