package postgres

import (
	"context"
	"runtime"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// Stats reads one row per postmortem (its durations, outcome, category and
// action-item counts) and computes the figures with hindsight.ComputeStats.
func (db *DB) Stats(ctx context.Context, f hindsight.StatsFilter) (*hindsight.Stats, error) {
	today := f.Today
	if today == "" {
		today = db.now().Format("2006-01-02")
	}
	var a args
	todayArg := a.add(today)
	where := []string{"p.revision > 0"}
	if f.Since != "" {
		where = append(where, "p.date >= "+a.add(f.Since))
	}
	if f.Until != "" {
		where = append(where, "p.date <= "+a.add(f.Until))
	}
	if f.Service != "" {
		where = append(where, "p.pk IN (SELECT pm FROM postmortem_services WHERE service = "+a.add(strings.ToLower(f.Service))+")")
	}
	// Each postmortem's figures packed in one line (migration 0004, read by
	// hindsight.ParseStatsLine), all joined by the server into one value:
	// decoding fifteen columns of 100,000 rows costs the client far more.
	var all *string
	err := db.pool.QueryRow(ctx, `SELECT string_agg(p.stats_line, chr(30)) FROM postmortems p WHERE `+strings.Join(where, " AND ")+` AND `+todayArg+`::text IS NOT NULL`, a.v...).Scan(&all)
	if err != nil {
		return nil, err
	}
	return hindsight.StatsOfLines(deref(all), today, runtime.GOMAXPROCS(0))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
