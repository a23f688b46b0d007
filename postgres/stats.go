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
	// hindsight.ParseStatsLine), joined by the server into one value
	// (decoding fifteen columns of 100,000 rows costs the client far more),
	// in a range of postmortems per core, read at once on as many
	// connections so that as many server processes do the work.
	var lo, hi *int64
	if err := db.pool.QueryRow(ctx, `SELECT min(pk), max(pk) FROM postmortems`).Scan(&lo, &hi); err != nil {
		return nil, err
	}
	from, to := a.add(0), a.add(0)
	q := `SELECT string_agg(p.stats_line, chr(30)) FROM postmortems p WHERE ` + strings.Join(where, " AND ") + ` AND ` + todayArg +
		`::text IS NOT NULL AND p.pk >= ` + from + ` AND p.pk < ` + to
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
