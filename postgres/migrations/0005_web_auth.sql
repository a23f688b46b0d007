-- 0005: the web app's accounts. users: a name, a role (viewer, editor,
-- admin) and an argon2id password hash. credentials: browser sessions, API
-- tokens and stakeholder share links, each kept as the SHA-256 of its
-- secret (the secret itself is never stored), so app servers hold no state.
CREATE TABLE users (
	name       text PRIMARY KEY,
	role       text NOT NULL,
	password   text NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);

CREATE TABLE credentials (
	hash       text PRIMARY KEY,           -- hex SHA-256 of the secret
	kind       text NOT NULL,              -- session, token, share
	user_name  text NOT NULL DEFAULT '',   -- whose session or token; who made a share link
	postmortem text NOT NULL DEFAULT '',   -- a share link's postmortem
	label      text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	expires_at timestamptz,                -- NULL for never
	revoked    boolean NOT NULL DEFAULT false
);
CREATE INDEX credentials_user ON credentials (user_name, kind);
CREATE INDEX credentials_postmortem ON credentials (postmortem, kind);
