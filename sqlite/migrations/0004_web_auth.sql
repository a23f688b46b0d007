-- 0004: the web app's accounts. users: a name, a role (viewer, editor,
-- admin) and an argon2id password hash. credentials: browser sessions, API
-- tokens and stakeholder share links, each kept as the SHA-256 of its
-- secret (the secret itself is never stored), so app servers hold no state.
CREATE TABLE users (
	name       TEXT PRIMARY KEY,
	role       TEXT NOT NULL,
	password   TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE credentials (
	hash       TEXT PRIMARY KEY,           -- hex SHA-256 of the secret
	kind       TEXT NOT NULL,              -- session, token, share
	user_name  TEXT NOT NULL DEFAULT '',   -- whose session or token; who made a share link
	postmortem TEXT NOT NULL DEFAULT '',   -- a share link's postmortem
	label      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL DEFAULT '',   -- '' for never
	revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX credentials_user ON credentials (user_name, kind);
CREATE INDEX credentials_postmortem ON credentials (postmortem, kind);
