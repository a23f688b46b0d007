package postgres_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/postgres"
	"github.com/hindsight-dev/hindsight/storetest"
	"github.com/jackc/pgx/v5"
)

func open(t *testing.T, now func() time.Time) hindsight.Store {
	t.Helper()
	dsn := storetest.PostgresSchema(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = now
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStore runs the store suite against PostgreSQL, each test in a schema
// of its own.
func TestStore(t *testing.T) { storetest.Run(t, open) }

// TestOpenRefuses checks the clear errors for a server that cannot be
// used, and that a database from a newer hindsight is left untouched.
func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresSchema(t)
	u, _ := url.Parse(dsn)
	wrong := *u
	wrong.User = url.UserPassword(u.User.Username(), "not-the-password")
	for _, tc := range []struct{ name, dsn, want string }{
		{"unreachable", "postgres://hindsight:x@127.0.0.1:1/hindsight?connect_timeout=5", "cannot reach PostgreSQL at 127.0.0.1:1"},
		{"wrong password", wrong.String(), "refused the login: check the user and password"},
		{"bad DSN", "postgres://a:b@host:notaport/db", "the PostgreSQL DSN cannot be read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := postgres.Open(ctx, tc.dsn)
			if err == nil {
				db.Close()
				t.Fatalf("Open succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.want) || hindsight.ErrorCode(err) != hindsight.EINVALID {
				t.Errorf("Open = %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "not-the-password") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
	t.Run("newer", func(t *testing.T) {
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, `UPDATE schema_version SET version = 99`)
		conn.Exec(ctx, `CREATE TABLE future (x int)`)
		_, err = postgres.Open(ctx, dsn)
		if want := fmt.Sprintf("this database was written by a newer hindsight (schema 99 > %d): upgrade hindsight", postgres.SchemaVersion()); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open of a newer database = %v", err)
		}
		var v int
		conn.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v)
		if v != 99 {
			t.Errorf("schema_version = %d after the refused open, want 99 untouched", v)
		}
	})
}

// TestSearchReindex checks migration 0007 on a history written before it:
// the search vectors the english configuration made are recomputed, so a
// word joined to another by punctuation is found.
func TestSearchReindex(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresSchema(t)
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	text := storetest.Board("Gateway config", "2026-09-02", "gateway", "The expand/contract step was skipped.", 2, 2, 10)
	res, err := db.Save(ctx, &hindsight.SaveRequest{Postmortem: storetest.Snap(t, "/gw.txt", text), Source: text, SourceName: "/gw.txt", Who: "tester"})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		`UPDATE postmortem_search s SET search = setweight(to_tsvector('english', p.title), 'A') || to_tsvector('english', r.source)
			FROM postmortems p JOIN revisions r ON r.pm = p.pk WHERE s.pm = p.pk`,
		`DROP TEXT SEARCH CONFIGURATION hindsight`,
		`DROP TEXT SEARCH DICTIONARY hindsight_stem`,
		`UPDATE schema_version SET version = 6`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db, err = postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hits, err := db.Search(ctx, "contract", 5)
	if err != nil || len(hits) != 1 || hits[0].ID != res.ID {
		t.Errorf("Search(contract) after the migration = %+v, %v; want %s", hits, err, res.ID)
	}
}
