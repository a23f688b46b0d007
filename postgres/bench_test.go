package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/postgres"
	"github.com/hindsight-dev/hindsight/storetest"
	"github.com/jackc/pgx/v5"
)

// BenchmarkStore measures stats, search and the open action items over a
// generated history (see sqlite.BenchmarkStore), kept in the schema
// bench_N of the test server for later runs.
//
//	HINDSIGHT_BENCH_SCALE=1 go test ./postgres -run '^$' -bench Store -benchtime 20x
func BenchmarkStore(b *testing.B) {
	ctx := context.Background()
	n := storetest.ScaleN(b)
	dsn := storetest.PostgresDSN(b)
	schema := fmt.Sprintf("bench_%d", n)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		b.Fatal(err)
	}
	conn.Close(ctx)
	db, err := postgres.Open(ctx, storetest.WithSearchPath(dsn, schema))
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
		conn, _ := pgx.Connect(ctx, storetest.WithSearchPath(dsn, schema))
		conn.Exec(ctx, "VACUUM ANALYZE")
		conn.Close(ctx)
		b.Logf("generated %d postmortems (%d timeline events) in %v: schema %s", n, 10*n, time.Since(start), schema)
	}
	storetest.Bench(b, db)
}
