-- 0003: each postmortem's stats figures packed in one column, so stats
-- over a large history read one value per postmortem instead of fifteen
-- (with a pure-Go SQLite, reading values dominates the scan). Fields are
-- separated by char(31); kept up to date with the columns they copy, in
-- the same transactions (see statsLine in stats.go).
ALTER TABLE postmortems ADD COLUMN stats_line TEXT NOT NULL DEFAULT '';

UPDATE postmortems SET stats_line = date || char(31) || services || char(31) || category || char(31) || outcome
	|| char(31) || attempted || char(31) || coalesce(ttd, '') || char(31) || coalesce(tdec, '') || char(31)
	|| coalesce(rb, '') || char(31) || coalesce(ttr, '') || char(31) || a_opened || char(31) || a_done
	|| char(31) || a_verified || char(31) || a_wontdo || char(31) || a_open || char(31) || open_dues;
