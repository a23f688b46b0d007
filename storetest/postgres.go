package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// PostgresDSN returns the test server's DSN from HINDSIGHT_TEST_POSTGRES
// (.ci/run sets it). Without it, or when the server cannot be reached, the
// test is skipped, and fails when CI=true: CI never passes by skipping.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("HINDSIGHT_TEST_POSTGRES")
	skip := func(why string) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL tests must run in CI: %s (scripts/ci-deps.sh starts the server and sets HINDSIGHT_TEST_POSTGRES)", why)
		}
		t.Skipf("skipping PostgreSQL: %s (set HINDSIGHT_TEST_POSTGRES=postgres://..., or run make test as root)", why)
	}
	if dsn == "" {
		skip("HINDSIGHT_TEST_POSTGRES is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		skip("cannot reach it: " + err.Error())
	}
	conn.Close(ctx)
	return dsn
}

// PostgresSchema creates a schema of the test's own in the test server, drops
// it when the test ends, and returns a DSN whose search_path is that
// schema, so tests running at once never see each other's tables.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	dsn := PostgresDSN(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return WithSearchPath(dsn, schema)
}

// WithSearchPath returns dsn with its search_path set to schema.
func WithSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}
