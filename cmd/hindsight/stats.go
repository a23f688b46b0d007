package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/hindsight-dev/hindsight"
)

// statsCommand is "hindsight stats": the trends of the history.
type statsCommand struct {
	stdout, stderr io.Writer
}

const statsUsage = `Usage: hindsight stats [flags]

Prints the history's figures, overall, per month and per service: median
and 90th percentile of time to detect, to decide, rollback and time to
recover (docs/method.md has the formulas; a postmortem counts only for the
durations its notes give); rollback success rate and outcomes; failure
categories; action items opened, done, verified and overdue.

Flags:
      --since WHEN    from a date (YYYY-MM-DD) or a span back (90d, 6m, 1y)
      --until DATE    up to a date (inclusive)
      --service S     only postmortems naming service S
  -f, --format F      text (default) or json
` + storeFlagsUsage

// Run prints the stats.
func (c *statsCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	var since, until, service, format string
	fs.StringVar(&since, "since", "", "")
	fs.StringVar(&until, "until", "", "")
	fs.StringVar(&service, "service", "", "")
	fs.StringVar(&format, "f", "text", "")
	fs.StringVar(&format, "format", "text", "")
	pos, err := parseFlags(fs, args, c.stdout, statsUsage)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("stats: unexpected argument %q", pos[0])
	}
	if err := checkFormat("stats", format, "text", "json"); err != nil {
		return err
	}
	f := hindsight.StatsFilter{Service: service, Today: clock().Format("2006-01-02")}
	if f.Since, err = parseSince(since, clock()); err != nil {
		return err
	}
	if f.Until, err = parseSince(until, clock()); err != nil {
		return err
	}
	s, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Stats(ctx, f)
	if err != nil {
		return err
	}
	if format == "json" {
		return writeJSON(c.stdout, statsJSONOf(st, f))
	}
	writeStats(c.stdout, st)
	return nil
}

func num(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f", *p)
}

func medP90(s hindsight.Summary) string {
	if s.N == 0 {
		return "-"
	}
	return num(s.Median) + " / " + num(s.P90)
}

func writeStats(w io.Writer, st *hindsight.Stats) {
	if st.Postmortems == 0 {
		fmt.Fprintln(w, "No postmortems in the history yet: save one with hindsight save, or import a directory with hindsight import.")
		return
	}
	fmt.Fprintf(w, "%d postmortems\n\n", st.Postmortems)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "DURATION (minutes)\tN\tMEDIAN\tP90\n")
	o := st.Overall
	for _, r := range []struct {
		name string
		s    hindsight.Summary
	}{{"time to detect", o.Detect}, {"time to decide", o.Decide}, {"rollback", o.Rollback}, {"time to recover", o.Recover}} {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", r.name, r.s.N, num(r.s.Median), num(r.s.P90))
	}
	tw.Flush()
	table := func(title, key string, gs []hindsight.Group) {
		fmt.Fprintf(w, "\n%s (median / p90 minutes)\n", title)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\tN\tDETECT\tDECIDE\tROLLBACK\tRECOVER\tROLLBACK OK\tACTIONS OPENED\tDONE\tVERIFIED\tOVERDUE\n", key)
		for _, g := range gs {
			ok := "-"
			if g.Attempted > 0 {
				ok = fmt.Sprintf("%d/%d", g.Succeeded, g.Attempted)
			}
			a := g.Actions
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\n", g.Key, g.Postmortems, medP90(g.Detect), medP90(g.Decide),
				medP90(g.Rollback), medP90(g.Recover), ok, a.Opened, a.Done, a.Verified, a.Overdue)
		}
		tw.Flush()
	}
	table("By month", "MONTH", st.ByMonth)
	table("By service", "SERVICE", st.ByService)
	fmt.Fprintln(w, "\nRollback (first attempt)")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range st.Outcomes {
		fmt.Fprintf(tw, "  %s\t%d\n", c.Value, c.N)
	}
	tw.Flush()
	if st.RollbackSuccessRate != nil {
		fmt.Fprintf(w, "  success rate: %.0f%% of %d attempted\n", *st.RollbackSuccessRate*100, o.Attempted)
	} else {
		fmt.Fprintln(w, "  success rate: - (no rollback attempted)")
	}
	fmt.Fprintln(w, "\nFailure categories")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range st.Categories {
		fmt.Fprintf(tw, "  %s\t%d\n", c.Value, c.N)
	}
	tw.Flush()
	a := st.Actions
	fmt.Fprintf(w, "\nAction items: %d opened, %d done (%d verified), %d won't do, %d open, %d overdue\n",
		a.Opened, a.Done, a.Verified, a.WontDo, a.Open, a.Overdue)
}

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
