package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/hindsight-dev/hindsight"
)

var _ hindsight.AuthStore = (*DB)(nil)

// PutUser creates a user, or changes an existing user's role and password.
func (db *DB) PutUser(ctx context.Context, u *hindsight.User, passwordHash string) error {
	now := fmtTime(db.now())
	_, err := db.db.ExecContext(ctx, `INSERT INTO users (name, role, password, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET role = excluded.role, password = excluded.password, updated_at = excluded.updated_at`,
		u.Name, string(u.Role), passwordHash, now, now)
	return err
}

// User returns a user and its password hash.
func (db *DB) User(ctx context.Context, name string) (*hindsight.User, string, error) {
	var u hindsight.User
	var role, pw, created, updated string
	err := db.db.QueryRowContext(ctx, `SELECT name, role, password, created_at, updated_at FROM users WHERE name = ?`, name).
		Scan(&u.Name, &role, &pw, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", hindsight.Errorf(hindsight.ENOTFOUND, "no user %q: add one with hindsight users add", name)
	} else if err != nil {
		return nil, "", err
	}
	u.Role, u.Created, u.Updated = hindsight.Role(role), parseTime(created), parseTime(updated)
	return &u, pw, nil
}

// Users lists the users by name.
func (db *DB) Users(ctx context.Context) ([]hindsight.User, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT name, role, created_at, updated_at FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.User
	for rows.Next() {
		var u hindsight.User
		var role, created, updated string
		if err := rows.Scan(&u.Name, &role, &created, &updated); err != nil {
			return nil, err
		}
		u.Role, u.Created, u.Updated = hindsight.Role(role), parseTime(created), parseTime(updated)
		out = append(out, u)
	}
	return out, rows.Err()
}

// DeleteUser removes a user with its sessions and tokens.
func (db *DB) DeleteUser(ctx context.Context, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE name = ?`, name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return hindsight.Errorf(hindsight.ENOTFOUND, "no user %q (hindsight users list shows them)", name)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM credentials WHERE user_name = ? AND kind IN ('session', 'token')`, name); err != nil {
		return err
	}
	return tx.Commit()
}

// PutCredential stores a new credential.
func (db *DB) PutCredential(ctx context.Context, c *hindsight.Credential) error {
	if c.Created.IsZero() {
		c.Created = db.now()
	}
	exp := ""
	if !c.Expires.IsZero() {
		exp = fmtTime(c.Expires)
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO credentials (hash, kind, user_name, postmortem, label, created_at, expires_at, revoked)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Hash, string(c.Kind), c.User, c.Postmortem, c.Label, fmtTime(c.Created), exp, c.Revoked)
	return err
}

const credCols = `hash, kind, user_name, postmortem, label, created_at, expires_at, revoked`

func scanCred(sc interface{ Scan(...any) error }) (*hindsight.Credential, error) {
	var c hindsight.Credential
	var kind, created, exp string
	if err := sc.Scan(&c.Hash, &kind, &c.User, &c.Postmortem, &c.Label, &created, &exp, &c.Revoked); err != nil {
		return nil, err
	}
	c.Kind, c.Created = hindsight.CredentialKind(kind), parseTime(created)
	if exp != "" {
		c.Expires = parseTime(exp)
	}
	return &c, nil
}

// Credential returns the credential with this hash.
func (db *DB) Credential(ctx context.Context, hash string) (*hindsight.Credential, error) {
	c, err := scanCred(db.db.QueryRowContext(ctx, `SELECT `+credCols+` FROM credentials WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hindsight.Errorf(hindsight.ENOTFOUND, "no such credential")
	}
	return c, err
}

// Credentials lists credentials, newest first.
func (db *DB) Credentials(ctx context.Context, f hindsight.CredentialFilter) ([]hindsight.Credential, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+credCols+` FROM credentials
		WHERE (? = '' OR kind = ?) AND (? = '' OR user_name = ?) AND (? = '' OR postmortem = ?)
		ORDER BY created_at DESC, hash`, string(f.Kind), string(f.Kind), f.User, f.User, f.Postmortem, f.Postmortem)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.Credential
	for rows.Next() {
		c, err := scanCred(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// RevokeCredential revokes a credential.
func (db *DB) RevokeCredential(ctx context.Context, hash string) error {
	res, err := db.db.ExecContext(ctx, `UPDATE credentials SET revoked = 1 WHERE hash = ?`, hash)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return hindsight.Errorf(hindsight.ENOTFOUND, "no such credential")
	}
	return nil
}

// DeleteExpired deletes credentials that expired before now.
func (db *DB) DeleteExpired(ctx context.Context, now time.Time) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM credentials WHERE expires_at <> '' AND expires_at < ?`, fmtTime(now))
	return err
}
