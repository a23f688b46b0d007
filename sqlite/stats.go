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
	args := []any{today}
	if f.Since != "" {
		where, args = append(where, "p.date >= ?"), append(args, f.Since)
	}
	if f.Until != "" {
		where, args = append(where, "p.date <= ?"), append(args, f.Until)
	}
	if f.Service != "" {
		where, args = append(where, "p.pk IN (SELECT pm FROM postmortem_services WHERE service = ?)"), append(args, strings.ToLower(f.Service))
	}
	rows, err := db.db.QueryContext(ctx, `SELECT p.date, p.services, p.category, p.outcome, p.attempted, p.ttd, p.tdec, p.rb, p.ttr,
		coalesce(a.opened, 0), coalesce(a.done, 0), coalesce(a.verified, 0), coalesce(a.wontdo, 0), coalesce(a.open, 0), coalesce(a.overdue, 0)
		FROM postmortems p LEFT JOIN (SELECT pm, count(*) AS opened,
			sum(status IN ('done', 'verified')) AS done, sum(status = 'verified') AS verified, sum(status = 'wont_do') AS wontdo,
			sum(status IN ('proposed', 'accepted', 'in_progress')) AS open,
			sum(status IN ('proposed', 'accepted', 'in_progress') AND due <> '' AND due < ?) AS overdue
			FROM action_items WHERE removed = 0 GROUP BY pm) a ON a.pm = p.pk
		WHERE `+strings.Join(where, " AND "), args...)
	if err != nil {
		return nil, db.txError(err)
	}
	defer rows.Close()
	var out []hindsight.StatsRow
	for rows.Next() {
		var r hindsight.StatsRow
		var services string
		var d [4]sql.NullFloat64
		c := &r.Actions
		if err := rows.Scan(&r.Date, &services, &r.Category, &r.Outcome, &r.Attempted, &d[0], &d[1], &d[2], &d[3],
			&c.Opened, &c.Done, &c.Verified, &c.WontDo, &c.Open, &c.Overdue); err != nil {
			return nil, err
		}
		r.Services = splitLines(services)
		for i := range d {
			r.Durations[i] = floatPtr(d[i])
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return hindsight.ComputeStats(out), nil
}
