package sqlite

import (
	"context"
	"database/sql"
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
	where, args := selectPostmortems(f.Since, f.Until, f.Service, "")
	where = append(where, "p.pk >= ?", "p.pk < ?")
	// The figures of every postmortem, packed by migration 0003, joined
	// into one value inside SQLite (reading values through database/sql
	// costs far more per row than SQLite's own scan), in a range of
	// postmortems per core, read at once on as many connections.
	var lo, hi sql.NullInt64
	if err := db.db.QueryRowContext(ctx, `SELECT min(pk), max(pk) FROM postmortems`).Scan(&lo, &hi); err != nil {
		return nil, db.txError(err)
	}
	q := `SELECT group_concat(p.stats_line, char(30)) FROM postmortems p WHERE ` + strings.Join(where, " AND ")
	ranges := hindsight.StatsRanges(lo.Int64, hi.Int64, runtime.GOMAXPROCS(0))
	return hindsight.StatsOfRanges(ranges, today, func(from, to int64) (string, error) {
		var part sql.NullString
		err := db.db.QueryRowContext(ctx, q, append(slices.Clip(args), from, to)...).Scan(&part)
		return part.String, db.txError(err)
	})
}

// statsLine is the expression migration 0003 packs a postmortem's figures
// with; refreshStats applies it after every change to the row or its items.
const statsLine = `date || char(31) || services || char(31) || category || char(31) || outcome
	|| char(31) || attempted || char(31) || coalesce(ttd, '') || char(31) || coalesce(tdec, '') || char(31)
	|| coalesce(rb, '') || char(31) || coalesce(ttr, '') || char(31) || a_opened || char(31) || a_done
	|| char(31) || a_verified || char(31) || a_wontdo || char(31) || a_open || char(31) || open_dues`

const refreshStats = `UPDATE postmortems SET stats_line = ` + statsLine + ` WHERE pk = ?`
