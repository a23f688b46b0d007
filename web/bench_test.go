package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight/storetest"
)

// BenchmarkPages measures the postmortem and list pages in process, over
// 2,000 generated postmortems (HINDSIGHT_BENCH_SCALE=1: 100,000).
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	db := openBenchSQLite(b)
	if err := storetest.Populate(ctx, db, 0, storetest.ScaleN(b), 1000); err != nil {
		b.Fatal(err)
	}
	srv, err := New(Config{Store: db, Loopback: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return testNow }})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	for _, p := range []struct{ name, path string }{
		{"postmortem", "/postmortems/gen-000500"},
		{"list", "/postmortems"},
		{"search", "/postmortems?q=migration"},
		{"json", "/api/v1/postmortems/gen-000500"},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest("GET", p.path, nil))
				if w.Code != 200 {
					b.Fatalf("%s: %d", p.path, w.Code)
				}
			}
		})
	}
}
