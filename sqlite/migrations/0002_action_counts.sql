-- 0002: what stats and the open-items view count, kept up to date in the
-- transactions that change action items, so neither scans every item.
--
-- postmortems.a_*: the counts of a postmortem's current action items;
-- open_dues: the due dates of its open items, comma-separated (overdue is
-- judged against "today" when stats run).
ALTER TABLE postmortems ADD COLUMN a_opened INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postmortems ADD COLUMN a_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postmortems ADD COLUMN a_verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postmortems ADD COLUMN a_wontdo INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postmortems ADD COLUMN a_open INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postmortems ADD COLUMN open_dues TEXT NOT NULL DEFAULT '';

UPDATE postmortems SET (a_opened, a_done, a_verified, a_wontdo, a_open, open_dues) = (
	SELECT count(*), coalesce(sum(status IN ('done', 'verified')), 0), coalesce(sum(status = 'verified'), 0),
		coalesce(sum(status = 'wont_do'), 0), coalesce(sum(status IN ('proposed', 'accepted', 'in_progress')), 0),
		coalesce(group_concat(CASE WHEN status IN ('proposed', 'accepted', 'in_progress') AND due <> '' THEN due END, ','), '')
	FROM action_items WHERE pm = postmortems.pk AND removed = 0);

-- open_due_counts: how many open items fall due on each date ('' for none),
-- kept by triggers; the open-items view counts overdue items from it.
CREATE TABLE open_due_counts (
	due TEXT PRIMARY KEY,
	n   INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO open_due_counts (due, n)
	SELECT due, count(*) FROM action_items
	WHERE removed = 0 AND status IN ('proposed', 'accepted', 'in_progress') GROUP BY due;

CREATE TRIGGER action_items_open_insert AFTER INSERT ON action_items
	WHEN NEW.removed = 0 AND NEW.status IN ('proposed', 'accepted', 'in_progress')
BEGIN
	INSERT INTO open_due_counts (due, n) VALUES (NEW.due, 1) ON CONFLICT (due) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER action_items_open_update AFTER UPDATE OF status, due, removed ON action_items
BEGIN
	UPDATE open_due_counts SET n = n - 1
		WHERE due = OLD.due AND OLD.removed = 0 AND OLD.status IN ('proposed', 'accepted', 'in_progress');
	INSERT INTO open_due_counts (due, n) SELECT NEW.due, 1
		WHERE NEW.removed = 0 AND NEW.status IN ('proposed', 'accepted', 'in_progress')
		ON CONFLICT (due) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER action_items_open_delete AFTER DELETE ON action_items
	WHEN OLD.removed = 0 AND OLD.status IN ('proposed', 'accepted', 'in_progress')
BEGIN
	UPDATE open_due_counts SET n = n - 1 WHERE due = OLD.due;
END;
