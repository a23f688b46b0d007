// Package postgres is the hindsight.Store for teams: PostgreSQL through
// pgx, the same schema as package sqlite, numbered migrations embedded in
// the binary and applied in a transaction under an advisory lock, and
// PostgreSQL full-text search (tsvector and a GIN index). App servers hold
// no state, so several can share one database.
package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is a hindsight.Store in PostgreSQL.
type DB struct {
	pool *pgxpool.Pool
	// Now is the clock; tests set it.
	Now func() time.Time
}

var _ hindsight.Store = (*DB)(nil)

// Open connects to the database dsn names ("postgres://user:pass@host/db")
// and brings its schema up to date. A database written by a newer
// hindsight is refused before anything is written.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "the PostgreSQL DSN cannot be read (want postgres://USER:PASSWORD@HOST:PORT/DATABASE)", Err: errors.New(redact(err.Error()))}
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, connError(cfg, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, connError(cfg, err)
	}
	db := &DB{pool: pool, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

func redact(s string) string {
	// pgx errors may quote the DSN; keep passwords out of messages.
	if i := strings.Index(s, "://"); i >= 0 {
		if j := strings.Index(s[i:], "@"); j > 0 {
			if k := strings.Index(s[i+3:i+j], ":"); k >= 0 {
				return s[:i+3+k+1] + "xxxxx" + s[i+j:]
			}
		}
	}
	return s
}

// connError says what to check when the server cannot be used.
func connError(cfg *pgxpool.Config, err error) error {
	c := cfg.ConnConfig
	where := fmt.Sprintf("PostgreSQL at %s:%d (database %q, user %q)", c.Host, c.Port, c.Database, c.User)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return &hindsight.Error{Code: hindsight.EINVALID, Message: where + " refused the login: check the user and password in the DSN (or ~/.pgpass) and pg_hba.conf", Err: errors.New(pe.Message)}
		case "3D000":
			return &hindsight.Error{Code: hindsight.EINVALID, Message: where + ": the database does not exist: create it (createdb " + c.Database + ") or fix the name in the DSN", Err: errors.New(pe.Message)}
		case "42501":
			return &hindsight.Error{Code: hindsight.EINVALID, Message: where + ": permission denied: grant the user rights on the database, or use its owner", Err: errors.New(pe.Message)}
		}
	}
	var ne net.Error
	if errors.As(err, &ne) || strings.Contains(err.Error(), "connect") || strings.Contains(err.Error(), "dial") {
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot reach " + where + ": is the server running and accepting TCP connections, and are the host and port in the DSN right?", Err: errors.New(redact(err.Error()))}
	}
	return &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot use " + where, Err: errors.New(redact(err.Error()))}
}

func migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for i, n := range names {
		if !strings.HasPrefix(filepath.Base(n), fmt.Sprintf("%04d_", i+1)) {
			return nil, fmt.Errorf("migration %s is out of sequence: want %04d_*.sql", n, i+1)
		}
	}
	return names, nil
}

// SchemaVersion is the schema this hindsight writes.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrationLock is the advisory lock that serialises migrations.
const migrationLock = 0x68696e64 // "hind"

func (db *DB) migrate(ctx context.Context) error {
	names, err := migrations()
	if err != nil {
		return err
	}
	// Look first, without writing: a newer schema is refused untouched.
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&exists); err != nil {
		return err
	}
	if exists {
		var v int
		err := db.pool.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v)
		if err == nil && v > len(names) {
			return newer(v, len(names))
		}
		if err == nil && v == len(names) {
			return nil
		}
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`); err != nil {
		return permission(err)
	}
	var v int
	err = tx.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if v > len(names) {
		return newer(v, len(names))
	}
	for ; v < len(names); v++ {
		body, err := migrationFS.ReadFile(names[v])
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", names[v], err)
		}
		if step := goSteps[v+1]; step != nil {
			if err := step(ctx, tx); err != nil {
				return fmt.Errorf("migration %s: %w", names[v], err)
			}
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE schema_version SET version = $1`, v); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// goSteps are the parts of migrations that need Go, by migration number,
// run in its transaction after its SQL.
var goSteps = map[int]func(context.Context, pgx.Tx) error{7: reindexSearch}

// reindexSearch recomputes every postmortem's search vector from its
// current revision, a batch at a time (migration 0007).
func reindexSearch(ctx context.Context, tx pgx.Tx) error {
	const batch = 500
	var last int64
	for {
		rows, err := tx.Query(ctx, `SELECT p.pk, r.doc, r.source FROM postmortems p
			JOIN revisions r ON r.pm = p.pk AND r.number = p.revision
			WHERE p.pk > $1 ORDER BY p.pk LIMIT $2`, last, batch)
		if err != nil {
			return err
		}
		var pks []int64
		var titles, bodies []string
		for rows.Next() {
			var pk int64
			var doc, source string
			if err := rows.Scan(&pk, &doc, &source); err != nil {
				rows.Close()
				return err
			}
			var pm hindsight.Postmortem
			if err := json.Unmarshal([]byte(doc), &pm); err != nil {
				rows.Close()
				return fmt.Errorf("postmortem %d: %w", pk, err)
			}
			pks = append(pks, pk)
			titles = append(titles, hindsight.SearchText(pm.Title))
			bodies = append(bodies, searchBody(&pm, source))
			last = pk
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(pks) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE postmortem_search s SET search = setweight(to_tsvector('hindsight', u.title), 'A') || to_tsvector('hindsight', u.body)
			FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(pm, title, body) WHERE s.pm = u.pm`, pks, titles, bodies); err != nil {
			return err
		}
	}
}

func permission(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" {
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "PostgreSQL: permission denied creating hindsight's tables: grant the user CREATE on the database (or its schema), or use the database owner", Err: errors.New(pe.Message)}
	}
	return err
}

func newer(have, want int) error {
	return hindsight.Errorf(hindsight.EINVALID, "this database was written by a newer hindsight (schema %d > %d): upgrade hindsight; nothing was changed", have, want)
}

func (db *DB) now() time.Time { return db.Now().UTC() }
