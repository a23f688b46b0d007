package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/sqlite"
	"github.com/hindsight-dev/hindsight/storetest"
)

// BenchmarkStore measures stats, search and the open action items over a
// generated history: 2,000 postmortems, or 100,000 (1,000,000 timeline
// events) with HINDSIGHT_BENCH_SCALE=1. The history is built once with the
// bulk path and kept in $TMPDIR/hindsight-bench-N.db for later runs.
//
//	HINDSIGHT_BENCH_SCALE=1 go test ./sqlite -run '^$' -bench Store -benchtime 20x
func BenchmarkStore(b *testing.B) {
	ctx := context.Background()
	n := storetest.ScaleN(b)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("hindsight-bench-%d.db", n))
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	have, err := db.Postmortems(ctx, hindsight.PostmortemFilter{})
	if err != nil {
		b.Fatal(err)
	}
	if len(have) != n {
		start := time.Now()
		if err := storetest.Populate(ctx, db, len(have), n, 2000); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %d postmortems (%d timeline events) in %v: %s", n, 10*n, time.Since(start), path)
	}
	storetest.Bench(b, db)
}
