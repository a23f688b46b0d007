package render

import "github.com/hindsight-dev/hindsight"

// StatsSchema names the JSON form of stats.
const StatsSchema = "hindsight.stats/v1"

// SummaryJSON is a duration's summary: how many, median and p90 minutes.
type SummaryJSON struct {
	N      int      `json:"n"`
	Median *float64 `json:"median"`
	P90    *float64 `json:"p90"`
}

// ActionCountsJSON counts action items by where they are.
type ActionCountsJSON struct {
	Opened   int `json:"opened"`
	Done     int `json:"done"`
	Verified int `json:"verified"`
	WontDo   int `json:"wont_do"`
	Open     int `json:"open"`
	Overdue  int `json:"overdue"`
}

// GroupJSON is the stats of one group of postmortems (all, a month, a service).
type GroupJSON struct {
	Key         string                 `json:"key"`
	Postmortems int                    `json:"postmortems"`
	Durations   map[string]SummaryJSON `json:"durations_min"`
	Attempted   int                    `json:"rollbacks_attempted"`
	Succeeded   int                    `json:"rollbacks_succeeded"`
	Actions     ActionCountsJSON       `json:"action_items"`
}

// CountJSON is how often a value occurs.
type CountJSON struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

// StatsJSON is the stats in the form "hindsight stats --format json" and
// GET /api/v1/stats write (schema hindsight.stats/v1; see docs/json.md).
type StatsJSON struct {
	Schema              string           `json:"schema"`
	Filter              any              `json:"filter"`
	Postmortems         int              `json:"postmortems"`
	Overall             GroupJSON        `json:"overall"`
	ByMonth             []GroupJSON      `json:"by_month"`
	ByService           []GroupJSON      `json:"by_service"`
	Outcomes            []CountJSON      `json:"rollback_outcomes"`
	RollbackSuccessRate *float64         `json:"rollback_success_rate"`
	Categories          []CountJSON      `json:"failure_categories"`
	Actions             ActionCountsJSON `json:"action_items"`
}

// StatsOf returns st in the JSON form of stats, filtered by f.
func StatsOf(st *hindsight.Stats, f hindsight.StatsFilter) StatsJSON {
	ac := func(a hindsight.ActionCounts) ActionCountsJSON {
		return ActionCountsJSON{a.Opened, a.Done, a.Verified, a.WontDo, a.Open, a.Overdue}
	}
	sm := func(s hindsight.Summary) SummaryJSON { return SummaryJSON{s.N, s.Median, s.P90} }
	gj := func(g hindsight.Group) GroupJSON {
		return GroupJSON{Key: g.Key, Postmortems: g.Postmortems, Attempted: g.Attempted, Succeeded: g.Succeeded, Actions: ac(g.Actions),
			Durations: map[string]SummaryJSON{"time_to_detect": sm(g.Detect), "time_to_decide": sm(g.Decide), "rollback": sm(g.Rollback), "time_to_recover": sm(g.Recover)}}
	}
	out := StatsJSON{Schema: StatsSchema, Postmortems: st.Postmortems, Overall: gj(st.Overall), ByMonth: []GroupJSON{}, ByService: []GroupJSON{},
		Outcomes: []CountJSON{}, Categories: []CountJSON{}, RollbackSuccessRate: st.RollbackSuccessRate, Actions: ac(st.Actions),
		Filter: map[string]string{"since": f.Since, "until": f.Until, "service": f.Service, "today": f.Today}}
	for _, g := range st.ByMonth {
		out.ByMonth = append(out.ByMonth, gj(g))
	}
	for _, g := range st.ByService {
		out.ByService = append(out.ByService, gj(g))
	}
	for _, c := range st.Outcomes {
		out.Outcomes = append(out.Outcomes, CountJSON{c.Value, c.N})
	}
	for _, c := range st.Categories {
		out.Categories = append(out.Categories, CountJSON{c.Value, c.N})
	}
	return out
}
