-- 0001: postmortems with revisions, timeline events, tracked action items
-- with their status history, and full-text search. Never edit a shipped
-- migration: add the next number.

CREATE TABLE postmortems (
	pk          bigserial PRIMARY KEY,
	id          text NOT NULL UNIQUE,
	source_name text NOT NULL DEFAULT '',
	title       text NOT NULL,
	date        text NOT NULL DEFAULT '',
	services    text[] NOT NULL DEFAULT '{}',
	category    text NOT NULL DEFAULT '',
	outcome     text NOT NULL DEFAULT '',
	attempted   boolean NOT NULL DEFAULT false,
	ttd         double precision, -- durations_min of the current revision
	tdec        double precision,
	rb          double precision,
	ttr         double precision,
	revision    integer NOT NULL, -- the current revision
	search      tsvector,
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL
);
CREATE INDEX postmortems_date ON postmortems (date);
CREATE INDEX postmortems_category ON postmortems (category, date);
CREATE INDEX postmortems_search ON postmortems USING gin (search);

CREATE TABLE postmortem_services (
	service text NOT NULL,
	pm      bigint NOT NULL REFERENCES postmortems (pk) ON DELETE CASCADE,
	PRIMARY KEY (service, pm)
);
CREATE INDEX postmortem_services_pm ON postmortem_services (pm);

CREATE TABLE revisions (
	pk       bigserial PRIMARY KEY,
	pm       bigint NOT NULL REFERENCES postmortems (pk) ON DELETE CASCADE,
	number   integer NOT NULL,
	hash     text NOT NULL,
	doc      text NOT NULL, -- the JSON contract, action items with their IDs
	source   text NOT NULL,
	saved_at timestamptz NOT NULL,
	saved_by text NOT NULL,
	events   integer NOT NULL,
	actions  integer NOT NULL,
	UNIQUE (pm, number)
);

CREATE TABLE events (
	rev        bigint NOT NULL REFERENCES revisions (pk) ON DELETE CASCADE,
	seq        integer NOT NULL,
	at         text,
	clock      text NOT NULL,
	kind       text NOT NULL,
	phase      text NOT NULL,
	text       text NOT NULL,
	unverified boolean NOT NULL,
	PRIMARY KEY (rev, seq)
);

CREATE TABLE action_items (
	pk         bigserial PRIMARY KEY, -- the number in A-17
	pm         bigint NOT NULL REFERENCES postmortems (pk) ON DELETE CASCADE,
	text       text NOT NULL,
	bucket     text NOT NULL,
	owner      text NOT NULL,
	priority   text NOT NULL,
	due        text NOT NULL,
	status     text NOT NULL,
	note       text NOT NULL DEFAULT '',
	runbook    boolean NOT NULL,
	removed    boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX action_items_pm ON action_items (pm);
CREATE INDEX action_items_open ON action_items (due, pk)
	WHERE NOT removed AND status IN ('proposed', 'accepted', 'in_progress');

CREATE TABLE action_changes (
	pk      bigserial PRIMARY KEY,
	item    bigint NOT NULL REFERENCES action_items (pk) ON DELETE CASCADE,
	from_st text NOT NULL,
	to_st   text NOT NULL,
	who     text NOT NULL,
	at      timestamptz NOT NULL,
	note    text NOT NULL
);
CREATE INDEX action_changes_item ON action_changes (item);
