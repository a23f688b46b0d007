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
	// One row per postmortem; its action-item counts are kept on the row
	// (migration 0002), overdue counted here from its open due dates.
	rows, err := db.pool.Query(ctx, `SELECT p.date, p.services, p.category, p.outcome, p.attempted, p.ttd, p.tdec, p.rb, p.ttr,
		p.a_opened, p.a_done, p.a_verified, p.a_wontdo, p.a_open, p.open_dues
		FROM postmortems p WHERE `+strings.Join(where, " AND ")+` AND `+todayArg+`::text IS NOT NULL`, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	acc := hindsight.NewStatsAccumulator()
	for rows.Next() {
		var r hindsight.StatsRow
		var cat, outcome, dues string
		c := &r.Actions
		if err := rows.Scan(&r.Date, &r.Services, &cat, &outcome, &r.Attempted, &r.Durations[0], &r.Durations[1], &r.Durations[2], &r.Durations[3],
			&c.Opened, &c.Done, &c.Verified, &c.WontDo, &c.Open, &dues); err != nil {
			return nil, err
		}
		r.Category, r.Outcome = hindsight.Category(cat), hindsight.Outcome(outcome)
		c.Overdue = hindsight.CountBefore(dues, today)
		acc.Add(&r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return acc.Stats(), nil
}
