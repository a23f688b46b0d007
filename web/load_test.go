package web

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight/sqlite"
	"github.com/hindsight-dev/hindsight/storetest"
)

// TestLoadDatabase builds the history the load test (scripts/load-web.sh)
// serves: HINDSIGHT_LOAD_N generated postmortems (default 10,000) in the
// SQLite file HINDSIGHT_LOAD_DB, in transactions of 1,000. Skipped unless
// HINDSIGHT_LOAD_DB is set, so make test never runs it.
func TestLoadDatabase(t *testing.T) {
	path := os.Getenv("HINDSIGHT_LOAD_DB")
	if path == "" {
		t.Skip("set HINDSIGHT_LOAD_DB=FILE to build the load test's database (scripts/load-web.sh does)")
	}
	n := 10_000
	if v := os.Getenv("HINDSIGHT_LOAD_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if err := storetest.Populate(ctx, db, 0, n, 1000); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d postmortems in %s (%v)", n, path, time.Since(start).Round(time.Millisecond))
}
