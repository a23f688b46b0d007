package postgres

import (
	"context"
	"runtime"
	"slices"
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
	where := selectPostmortems(&a, f.Since, f.Until, f.Service, "")
	where = append(where, "p.pk >= "+a.add(0), "p.pk < "+a.add(0))
	// Each postmortem's figures packed in one line (migration 0004, read by
	// hindsight.ParseStatsLine), joined by the server into one value
	// (decoding fifteen columns of 100,000 rows costs the client far more),
	// in a range of postmortems per core, read at once on as many
	// connections so that as many server processes do the work.
	var lo, hi *int64
	if err := db.pool.QueryRow(ctx, `SELECT min(pk), max(pk) FROM postmortems`).Scan(&lo, &hi); err != nil {
		return nil, err
	}
	q := `SELECT string_agg(p.stats_line, chr(30)) FROM postmortems p WHERE ` + strings.Join(where, " AND ")
	ranges := hindsight.StatsRanges(deref(lo), deref(hi), runtime.GOMAXPROCS(0))
	return hindsight.StatsOfRanges(ranges, today, func(from, to int64) (string, error) {
		args := slices.Clone(a.v)
		args[len(args)-2], args[len(args)-1] = from, to
		var part *string
		err := db.pool.QueryRow(ctx, q, args...).Scan(&part)
		return deref(part), err
	})
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
