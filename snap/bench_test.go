package snap_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight/snap"
)

// board returns a realistic typed board of about n lines: a timeline that
// runs across midnight, prose sections and action items.
func board(n int) []byte {
	var b strings.Builder
	b.WriteString("Checkout deploy postmortem — 2026-11-20\nAll times UTC\n\nTIMELINE:\n")
	lines := 4
	kinds := []string{"deploy of checkout v2.%d started", "error rate climbing on POST /orders (~%d%%)",
		"alert: checkout 5xx > 1%% paged on-call (%d)", "investigating replica %d", "decided to roll back (%d)",
		"rollback started (%d)", "rollback complete; writes failing NOT NULL (%d)", "forward fix deployed (%d)",
		"service healthy again (%d)", "status page updated (%d)"}
	minute := 0
	for i := 0; lines < n*3/4; i++ {
		fmt.Fprintf(&b, "%02d:%02d — "+kinds[i%len(kinds)]+"\n", (minute/60)%24, minute%60, i)
		minute += 3
		lines++
	}
	b.WriteString("\nWhat broke:\nMigration 0042 added a NOT NULL column; rollback was assumed safe but never tested.\n\nAction items:\n")
	lines += 4
	for i := 0; lines < n; i++ {
		fmt.Fprintf(&b, "- Add rollback test %d against a migrated database @dana P1 due 2026-12-%02d\n", i, i%28+1)
		lines++
	}
	return []byte(b.String())
}

// BenchmarkSnap measures the whole pipeline (read, parse, analyse) on
// boards of 100, 1,000 and 10,000 lines. Rendering is measured apart.
func BenchmarkSnap(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		data := board(n)
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := snap.Bytes("board.txt", data, snap.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
		})
	}
}
