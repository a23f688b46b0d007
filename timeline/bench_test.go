package timeline

import (
	"fmt"
	"strings"
	"testing"
)

// boardLines is a realistic 100-line timeline: entries in the styles of
// real postmortems, with prose, versions, addresses and percentages
// between them.
var boardLines = func() []string {
	styles := []string{
		"- %02d:%02d Start the deployment of api v1.14.3 to production",
		"| 2022-07-07 %02d:%02d | [Alerting] Kafka-exporter unavailable on 10.0.32.54:9308 |",
		"* **%02d:%02d** Error rate climbs to 12.30%% on the checkout service",
		"The on-call engineer was paged and joined the incident channel",
		"- 2023-11-01 %02d:%02d: Prometheus logs show the WAL replay took 10 minutes",
		"Around %02d:%02d (CEST), we ran a rollback with helm to revision 41",
		"  - Rolled back the migration; nobody noticed anything wrong for a while",
		"- %02d:%02d–%02d:%02d canary at 5%%, p99 latency 3.14159 s, ratio 3:1",
		"10 minutes later the dashboards were green again",
		"Action: add an alert on kafka-exporter scrape failures (owner: platform team)",
	}
	var lines []string
	for i := 0; len(lines) < 100; i++ {
		style := styles[i%len(styles)]
		h, m := 8+i/12, (i*5)%60
		switch strings.Count(style, "%02d") {
		case 4:
			lines = append(lines, fmt.Sprintf(style, h, m, h, m+1))
		case 2:
			lines = append(lines, fmt.Sprintf(style, h, m))
		default:
			lines = append(lines, style)
		}
	}
	return lines
}()

func BenchmarkFind(b *testing.B) {
	n := 0
	for _, line := range boardLines {
		n += len(Find(line))
	}
	if n < 60 {
		b.Fatalf("Find found %d times on the board, want at least 60", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, line := range boardLines {
			Find(line)
		}
	}
}

func BenchmarkFindLine(b *testing.B) {
	line := "- 2023-11-01 10:41: Prometheus logs show the WAL replay took 10 minutes (v2.3)"
	b.ReportAllocs()
	for b.Loop() {
		Find(line)
	}
}

func BenchmarkFindNoDigits(b *testing.B) {
	line := "The on-call engineer was paged and joined the incident channel to help out"
	b.ReportAllocs()
	for b.Loop() {
		Find(line)
	}
}

func BenchmarkResolve(b *testing.B) {
	var exprs []Expr
	for _, line := range boardLines {
		exprs = append(exprs, Find(line)...)
	}
	b.ReportAllocs()
	for b.Loop() {
		r := Resolver{Year: 2026, Month: 11, Day: 20, Zone: "UTC"}
		for _, e := range exprs {
			r.Resolve(e)
		}
	}
}
