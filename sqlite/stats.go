package sqlite

import (
	"context"
	"database/sql"
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
	// One row per postmortem; its action-item counts are kept on the row
	// (migration 0002), overdue counted here from its open due dates.
	rows, err := db.db.QueryContext(ctx, `SELECT p.date, p.services, p.category, p.outcome, p.attempted, p.ttd, p.tdec, p.rb, p.ttr,
		p.a_opened, p.a_done, p.a_verified, p.a_wontdo, p.a_open, p.open_dues
		FROM postmortems p WHERE `+strings.Join(where, " AND "), args...)
	if err != nil {
		return nil, db.txError(err)
	}
	defer rows.Close()
	out := make([]hindsight.StatsRow, 0, 1024)
	for rows.Next() {
		var r hindsight.StatsRow
		var services, dues string
		var d [4]sql.NullFloat64
		c := &r.Actions
		if err := rows.Scan(&r.Date, &services, &r.Category, &r.Outcome, &r.Attempted, &d[0], &d[1], &d[2], &d[3],
			&c.Opened, &c.Done, &c.Verified, &c.WontDo, &c.Open, &dues); err != nil {
			return nil, err
		}
		r.Services = splitLines(services)
		for i := range d {
			r.Durations[i] = floatPtr(d[i])
		}
		c.Overdue = hindsight.CountBefore(dues, today)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return hindsight.ComputeStats(out), nil
}
