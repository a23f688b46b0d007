package main

import (
	"context"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight/storetest"
)

// BenchmarkImport measures "hindsight import" (read, snap and save, each
// file in its own transaction) of 1,000 generated boards into a new
// database, and reports postmortems per second.
//
//	go test ./cmd/hindsight -run '^$' -bench Import -benchtime 3x
func BenchmarkImport(b *testing.B) {
	const files = 1000
	dir := writeBoards(b, files)
	fixClock(b, time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC))
	for _, be := range []struct {
		name string
		db   func(b *testing.B) string
	}{
		{"sqlite", func(b *testing.B) string { return filepath.Join(b.TempDir(), "history.db") }},
		{"postgres", func(b *testing.B) string { return storetest.PostgresSchema(b) }},
	} {
		b.Run(be.name, func(b *testing.B) {
			var total time.Duration
			cpu0 := processCPU()
			for b.Loop() {
				b.StopTimer()
				db := be.db(b)
				b.StartTimer()
				start := time.Now()
				code := run(context.Background(), []string{"import", "--db", db, dir}, nil, io.Discard, io.Discard)
				total += time.Since(start)
				if code != 0 {
					b.Fatalf("import: exit %d", code)
				}
			}
			b.ReportMetric(float64(files*b.N)/total.Seconds(), "postmortems/s")
			// CPU per postmortem: what the work costs when other jobs
			// share the cores (the wall-time rate depends on them).
			b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(files*b.N), "cpu-µs/postmortem")
		})
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
