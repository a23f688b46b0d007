package web

import "github.com/hindsight-dev/hindsight"

// The stats in the form "hindsight stats --format json" writes
// (schema hindsight.stats/v1), for GET /api/v1/stats.

type summaryStatsJSON struct {
	N      int      `json:"n"`
	Median *float64 `json:"median"`
	P90    *float64 `json:"p90"`
}

type actionCountsJSON struct {
	Opened   int `json:"opened"`
	Done     int `json:"done"`
	Verified int `json:"verified"`
	WontDo   int `json:"wont_do"`
	Open     int `json:"open"`
	Overdue  int `json:"overdue"`
}

type groupJSON struct {
	Key         string                      `json:"key"`
	Postmortems int                         `json:"postmortems"`
	Durations   map[string]summaryStatsJSON `json:"durations_min"`
	Attempted   int                         `json:"rollbacks_attempted"`
	Succeeded   int                         `json:"rollbacks_succeeded"`
	Actions     actionCountsJSON            `json:"action_items"`
}

type countJSON struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

type statsJSON struct {
	Schema              string           `json:"schema"`
	Filter              any              `json:"filter"`
	Postmortems         int              `json:"postmortems"`
	Overall             groupJSON        `json:"overall"`
	ByMonth             []groupJSON      `json:"by_month"`
	ByService           []groupJSON      `json:"by_service"`
	Outcomes            []countJSON      `json:"rollback_outcomes"`
	RollbackSuccessRate *float64         `json:"rollback_success_rate"`
	Categories          []countJSON      `json:"failure_categories"`
	Actions             actionCountsJSON `json:"action_items"`
}

// statsJSONOf is the JSON form of st.
func statsJSONOf(st *hindsight.Stats, f hindsight.StatsFilter) statsJSON {
	ac := func(a hindsight.ActionCounts) actionCountsJSON {
		return actionCountsJSON{a.Opened, a.Done, a.Verified, a.WontDo, a.Open, a.Overdue}
	}
	sm := func(s hindsight.Summary) summaryStatsJSON { return summaryStatsJSON{s.N, s.Median, s.P90} }
	gj := func(g hindsight.Group) groupJSON {
		return groupJSON{Key: g.Key, Postmortems: g.Postmortems, Attempted: g.Attempted, Succeeded: g.Succeeded, Actions: ac(g.Actions),
			Durations: map[string]summaryStatsJSON{"time_to_detect": sm(g.Detect), "time_to_decide": sm(g.Decide), "rollback": sm(g.Rollback), "time_to_recover": sm(g.Recover)}}
	}
	out := statsJSON{Schema: "hindsight.stats/v1", Postmortems: st.Postmortems, Overall: gj(st.Overall), ByMonth: []groupJSON{}, ByService: []groupJSON{},
		Outcomes: []countJSON{}, Categories: []countJSON{}, RollbackSuccessRate: st.RollbackSuccessRate, Actions: ac(st.Actions),
		Filter: map[string]string{"since": f.Since, "until": f.Until, "service": f.Service, "today": f.Today}}
	for _, g := range st.ByMonth {
		out.ByMonth = append(out.ByMonth, gj(g))
	}
	for _, g := range st.ByService {
		out.ByService = append(out.ByService, gj(g))
	}
	for _, c := range st.Outcomes {
		out.Outcomes = append(out.Outcomes, countJSON{c.Value, c.N})
	}
	for _, c := range st.Categories {
		out.Categories = append(out.Categories, countJSON{c.Value, c.N})
	}
	return out
}
