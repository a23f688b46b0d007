package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/render"
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
	if f.Since, f.Until, err = parseRange(since, until); err != nil {
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
	fmt.Fprintf(w, "%s\n\n", count(st.Postmortems, "postmortem"))
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

// statsJSONOf is the JSON form of the stats (render.StatsOf).
func statsJSONOf(st *hindsight.Stats, f hindsight.StatsFilter) render.StatsJSON {
	return render.StatsOf(st, f)
}
