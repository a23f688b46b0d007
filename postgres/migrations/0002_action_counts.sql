-- 0002: what stats count, kept up to date in the transactions that change
-- action items, so stats do not scan every item.
--
-- postmortems.a_*: the counts of a postmortem's current action items;
-- open_dues: the due dates of its open items, comma-separated (overdue is
-- judged against "today" when stats run).
ALTER TABLE postmortems
	ADD COLUMN a_opened integer NOT NULL DEFAULT 0,
	ADD COLUMN a_done integer NOT NULL DEFAULT 0,
	ADD COLUMN a_verified integer NOT NULL DEFAULT 0,
	ADD COLUMN a_wontdo integer NOT NULL DEFAULT 0,
	ADD COLUMN a_open integer NOT NULL DEFAULT 0,
	ADD COLUMN open_dues text NOT NULL DEFAULT '';

UPDATE postmortems SET (a_opened, a_done, a_verified, a_wontdo, a_open, open_dues) = (
	SELECT count(*), count(*) FILTER (WHERE status IN ('done', 'verified')), count(*) FILTER (WHERE status = 'verified'),
		count(*) FILTER (WHERE status = 'wont_do'), count(*) FILTER (WHERE status IN ('proposed', 'accepted', 'in_progress')),
		coalesce(string_agg(due, ',') FILTER (WHERE status IN ('proposed', 'accepted', 'in_progress') AND due <> ''), '')
	FROM action_items WHERE pm = postmortems.pk AND NOT removed);
