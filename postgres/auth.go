package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/jackc/pgx/v5"
)

var _ hindsight.AuthStore = (*DB)(nil)

// PutUser creates a user, or changes an existing user's role and password.
func (db *DB) PutUser(ctx context.Context, u *hindsight.User, passwordHash string) error {
	now := db.Now().UTC()
	_, err := db.pool.Exec(ctx, `INSERT INTO users (name, role, password, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (name) DO UPDATE SET role = excluded.role, password = excluded.password, updated_at = excluded.updated_at`,
		u.Name, string(u.Role), passwordHash, now)
	return err
}

// User returns a user and its password hash.
func (db *DB) User(ctx context.Context, name string) (*hindsight.User, string, error) {
	var u hindsight.User
	var role, pw string
	err := db.pool.QueryRow(ctx, `SELECT name, role, password, created_at, updated_at FROM users WHERE name = $1`, name).
		Scan(&u.Name, &role, &pw, &u.Created, &u.Updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", hindsight.Errorf(hindsight.ENOTFOUND, "no user %q: add one with hindsight users add", name)
	} else if err != nil {
		return nil, "", err
	}
	u.Role = hindsight.Role(role)
	return &u, pw, nil
}

// Users lists the users by name.
func (db *DB) Users(ctx context.Context) ([]hindsight.User, error) {
	rows, err := db.pool.Query(ctx, `SELECT name, role, created_at, updated_at FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.User
	for rows.Next() {
		var u hindsight.User
		var role string
		if err := rows.Scan(&u.Name, &role, &u.Created, &u.Updated); err != nil {
			return nil, err
		}
		u.Role = hindsight.Role(role)
		out = append(out, u)
	}
	return out, rows.Err()
}

// DeleteUser removes a user with its sessions and tokens.
func (db *DB) DeleteUser(ctx context.Context, name string) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `DELETE FROM users WHERE name = $1`, name)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return hindsight.Errorf(hindsight.ENOTFOUND, "no user %q (hindsight users list shows them)", name)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM credentials WHERE user_name = $1 AND kind IN ('session', 'token')`, name); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// PutCredential stores a new credential.
func (db *DB) PutCredential(ctx context.Context, c *hindsight.Credential) error {
	if c.Created.IsZero() {
		c.Created = db.Now().UTC()
	}
	var exp *time.Time
	if !c.Expires.IsZero() {
		e := c.Expires.UTC()
		exp = &e
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO credentials (hash, kind, user_name, postmortem, label, created_at, expires_at, revoked)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.Hash, string(c.Kind), c.User, c.Postmortem, c.Label, c.Created.UTC(), exp, c.Revoked)
	return err
}

const credCols = `hash, kind, user_name, postmortem, label, created_at, expires_at, revoked`

func scanCred(sc pgx.Row) (*hindsight.Credential, error) {
	var c hindsight.Credential
	var kind string
	var exp *time.Time
	if err := sc.Scan(&c.Hash, &kind, &c.User, &c.Postmortem, &c.Label, &c.Created, &exp, &c.Revoked); err != nil {
		return nil, err
	}
	c.Kind, c.Created = hindsight.CredentialKind(kind), c.Created.UTC()
	if exp != nil {
		c.Expires = exp.UTC()
	}
	return &c, nil
}

// Credential returns the credential with this hash.
func (db *DB) Credential(ctx context.Context, hash string) (*hindsight.Credential, error) {
	c, err := scanCred(db.pool.QueryRow(ctx, `SELECT `+credCols+` FROM credentials WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, hindsight.Errorf(hindsight.ENOTFOUND, "no such credential")
	}
	return c, err
}

// Credentials lists credentials, newest first.
func (db *DB) Credentials(ctx context.Context, f hindsight.CredentialFilter) ([]hindsight.Credential, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+credCols+` FROM credentials
		WHERE ($1 = '' OR kind = $1) AND ($2 = '' OR user_name = $2) AND ($3 = '' OR postmortem = $3)
		ORDER BY created_at DESC, hash`, string(f.Kind), f.User, f.Postmortem)
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
	tag, err := db.pool.Exec(ctx, `UPDATE credentials SET revoked = true WHERE hash = $1`, hash)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return hindsight.Errorf(hindsight.ENOTFOUND, "no such credential")
	}
	return nil
}

// DeleteExpired deletes credentials that expired before now.
func (db *DB) DeleteExpired(ctx context.Context, now time.Time) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM credentials WHERE expires_at IS NOT NULL AND expires_at < $1`, now.UTC())
	return err
}
