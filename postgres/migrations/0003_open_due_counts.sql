-- 0003: how many open action items fall due on each date ('' for none),
-- so the open-items view counts overdue items without scanning them.
-- Save and SetStatus apply their changes to it in due-date order, last in
-- their transaction, so concurrent writers never deadlock on its rows.
CREATE TABLE open_due_counts (
	due text PRIMARY KEY,
	n   integer NOT NULL
);

INSERT INTO open_due_counts (due, n)
	SELECT due, count(*) FROM action_items
	WHERE NOT removed AND status IN ('proposed', 'accepted', 'in_progress') GROUP BY due;
