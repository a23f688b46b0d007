package sqlite

import (
	"context"
	"database/sql"
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
	where := []string{"1"}
	var args []any
	if f.Since != "" {
		where, args = append(where, "p.date >= ?"), append(args, f.Since)
	}
	if f.Until != "" {
		where, args = append(where, "p.date <= ?"), append(args, f.Until)
	}
	if f.Service != "" {
		where, args = append(where, "p.pk IN (SELECT pm FROM postmortem_services WHERE service = ?)"), append(args, strings.ToLower(f.Service))
	}
	// The figures of every postmortem, packed by migration 0003, joined
	// into one value inside SQLite: reading values through database/sql
	// costs far more per row than SQLite's own scan.
	var all sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT group_concat(p.stats_line, char(30)) FROM postmortems p WHERE `+strings.Join(where, " AND "), args...).Scan(&all)
	if err != nil {
		return nil, db.txError(err)
	}
	return hindsight.StatsOfLines(all.String, today, runtime.GOMAXPROCS(0))
}

// statsLine is the expression migration 0003 packs a postmortem's figures
// with; refreshStats applies it after every change to the row or its items.
const statsLine = `date || char(31) || services || char(31) || category || char(31) || outcome
	|| char(31) || attempted || char(31) || coalesce(ttd, '') || char(31) || coalesce(tdec, '') || char(31)
	|| coalesce(rb, '') || char(31) || coalesce(ttr, '') || char(31) || a_opened || char(31) || a_done
	|| char(31) || a_verified || char(31) || a_wontdo || char(31) || a_open || char(31) || open_dues`

const refreshStats = `UPDATE postmortems SET stats_line = ` + statsLine + ` WHERE pk = ?`
