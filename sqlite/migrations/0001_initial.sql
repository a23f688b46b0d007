-- 0001: postmortems with revisions, timeline events, tracked action items
-- with their status history, and full-text search. Never edit a shipped
-- migration: add the next number.

CREATE TABLE postmortems (
	pk          INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	source_name TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL,
	date        TEXT NOT NULL DEFAULT '',
	services    TEXT NOT NULL DEFAULT '', -- one per line
	category    TEXT NOT NULL DEFAULT '',
	outcome     TEXT NOT NULL DEFAULT '',
	attempted   INTEGER NOT NULL DEFAULT 0,
	ttd         REAL, -- durations_min of the current revision
	tdec        REAL,
	rb          REAL,
	ttr         REAL,
	revision    INTEGER NOT NULL, -- the current revision
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX postmortems_date ON postmortems (date);
CREATE INDEX postmortems_category ON postmortems (category, date);

CREATE TABLE postmortem_services (
	service TEXT NOT NULL,
	pm      INTEGER NOT NULL REFERENCES postmortems (pk) ON DELETE CASCADE,
	PRIMARY KEY (service, pm)
) WITHOUT ROWID;
CREATE INDEX postmortem_services_pm ON postmortem_services (pm);

CREATE TABLE revisions (
	pk       INTEGER PRIMARY KEY,
	pm       INTEGER NOT NULL REFERENCES postmortems (pk) ON DELETE CASCADE,
	number   INTEGER NOT NULL,
	hash     TEXT NOT NULL,
	doc      TEXT NOT NULL, -- the JSON contract, action items with their IDs
	source   TEXT NOT NULL,
	saved_at TEXT NOT NULL,
	saved_by TEXT NOT NULL,
	events   INTEGER NOT NULL,
	actions  INTEGER NOT NULL,
	UNIQUE (pm, number)
);

CREATE TABLE events (
	rev        INTEGER NOT NULL REFERENCES revisions (pk) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	at         TEXT,
	clock      TEXT NOT NULL,
	kind       TEXT NOT NULL,
	phase      TEXT NOT NULL,
	text       TEXT NOT NULL,
	unverified INTEGER NOT NULL,
	PRIMARY KEY (rev, seq)
) WITHOUT ROWID;

CREATE TABLE action_items (
	pk         INTEGER PRIMARY KEY AUTOINCREMENT, -- the number in A-17
	pm         INTEGER NOT NULL REFERENCES postmortems (pk) ON DELETE CASCADE,
	text       TEXT NOT NULL,
	bucket     TEXT NOT NULL,
	owner      TEXT NOT NULL,
	priority   TEXT NOT NULL,
	due        TEXT NOT NULL,
	status     TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	runbook    INTEGER NOT NULL,
	removed    INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX action_items_pm ON action_items (pm);
CREATE INDEX action_items_open ON action_items (due, pk)
	WHERE removed = 0 AND status IN ('proposed', 'accepted', 'in_progress');

CREATE TABLE action_changes (
	pk      INTEGER PRIMARY KEY,
	item    INTEGER NOT NULL REFERENCES action_items (pk) ON DELETE CASCADE,
	from_st TEXT NOT NULL,
	to_st   TEXT NOT NULL,
	who     TEXT NOT NULL,
	at      TEXT NOT NULL,
	note    TEXT NOT NULL
);
CREATE INDEX action_changes_item ON action_changes (item);

CREATE VIRTUAL TABLE postmortem_fts USING fts5 (title, body, tokenize = 'porter unicode61');
