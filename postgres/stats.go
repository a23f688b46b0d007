package postgres

import (
	"context"
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
	rows, err := db.pool.Query(ctx, `SELECT p.date, p.services, p.category, p.outcome, p.attempted, p.ttd, p.tdec, p.rb, p.ttr,
		coalesce(a.opened, 0), coalesce(a.done, 0), coalesce(a.verified, 0), coalesce(a.wontdo, 0), coalesce(a.open, 0), coalesce(a.overdue, 0)
		FROM postmortems p LEFT JOIN (SELECT pm, count(*) AS opened,
			count(*) FILTER (WHERE status IN ('done', 'verified')) AS done, count(*) FILTER (WHERE status = 'verified') AS verified,
			count(*) FILTER (WHERE status = 'wont_do') AS wontdo,
			count(*) FILTER (WHERE status IN ('proposed', 'accepted', 'in_progress')) AS open,
			count(*) FILTER (WHERE status IN ('proposed', 'accepted', 'in_progress') AND due <> '' AND due < `+todayArg+`) AS overdue
			FROM action_items WHERE NOT removed GROUP BY pm) a ON a.pm = p.pk
		WHERE `+strings.Join(where, " AND "), a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.StatsRow
	for rows.Next() {
		var r hindsight.StatsRow
		var cat, outcome string
		c := &r.Actions
		if err := rows.Scan(&r.Date, &r.Services, &cat, &outcome, &r.Attempted, &r.Durations[0], &r.Durations[1], &r.Durations[2], &r.Durations[3],
			&c.Opened, &c.Done, &c.Verified, &c.WontDo, &c.Open, &c.Overdue); err != nil {
			return nil, err
		}
		r.Category, r.Outcome = hindsight.Category(cat), hindsight.Outcome(outcome)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return hindsight.ComputeStats(out), nil
}
