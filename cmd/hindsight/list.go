package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/hindsight-dev/hindsight"
)

// listCommand is "hindsight list": the postmortems in the history.
type listCommand struct {
	stdout, stderr io.Writer
}

const listUsage = `Usage: hindsight list [flags]

Lists the postmortems in the history, newest first.

Flags:
      --since WHEN    from a date (YYYY-MM-DD) or a span back from today
                      (90d, 12w, 6m, 1y)
      --until DATE    up to a date (inclusive)
      --service S     only postmortems naming service S
      --category C    only failures of category C (migration, config, ...)
      --limit N       at most N (default all)
  -f, --format F      text (default) or json
` + storeFlagsUsage + `
Example:
  hindsight list --since 90d --service checkout
`

// Run lists postmortems.
func (c *listCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	var since, until, service, category, format string
	fs.StringVar(&since, "since", "", "")
	fs.StringVar(&until, "until", "", "")
	fs.StringVar(&service, "service", "", "")
	fs.StringVar(&category, "category", "", "")
	limit := fs.Int("limit", 0, "")
	fs.StringVar(&format, "f", "text", "")
	fs.StringVar(&format, "format", "text", "")
	pos, err := parseFlags(fs, args, c.stdout, listUsage)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("list: unexpected argument %q (filters are flags: --service, --since, ...)", pos[0])
	}
	if err := checkFormat("list", format, "text", "json"); err != nil {
		return err
	}
	if category != "" && !slices.Contains(hindsight.Categories, hindsight.Category(category)) {
		return usagef("list: unknown category %q: use one of %v", category, hindsight.Categories)
	}
	f := hindsight.PostmortemFilter{Service: service, Category: hindsight.Category(category), Limit: *limit}
	if f.Since, f.Until, err = parseRange(since, until); err != nil {
		return err
	}
	s, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	pms, err := s.Postmortems(ctx, f)
	if err != nil {
		return err
	}
	if format == "json" {
		return writeJSON(c.stdout, jsonSummaries(pms))
	}
	if len(pms) == 0 {
		fmt.Fprintln(c.stdout, "No postmortems match. Save one with hindsight save, or import a directory with hindsight import.")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tSERVICES\tCATEGORY\tROLLBACK\tRECOVER\tOPEN\tTITLE")
	for _, p := range pms {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", p.ID, orDash(p.Date), orDash(strings.Join(p.Services, ",")),
			orDash(string(p.Category)), orDash(string(p.Outcome)), minutes(p.TimeToRecover), p.OpenActions, cut(p.Title, 50))
	}
	tw.Flush()
	fmt.Fprintf(c.stdout, "%s\n", count(len(pms), "postmortem"))
	return nil
}

func minutes(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%g min", *v)
}

func checkFormat(cmd, format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return usagef("%s: unknown format %q: use %s", cmd, format, strings.Join(allowed, " or "))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type summaryJSON struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Date          string   `json:"date"`
	Services      []string `json:"services"`
	Category      string   `json:"category"`
	Outcome       string   `json:"rollback_outcome"`
	TimeToRecover *float64 `json:"time_to_recover"`
	Revision      int      `json:"revision"`
	OpenActions   int      `json:"open_actions"`
}

func jsonSummaries(pms []hindsight.PostmortemSummary) []summaryJSON {
	out := []summaryJSON{}
	for _, p := range pms {
		s := p.Services
		if s == nil {
			s = []string{}
		}
		out = append(out, summaryJSON{p.ID, p.Title, p.Date, s, string(p.Category), string(p.Outcome), p.TimeToRecover, p.Revision, p.OpenActions})
	}
	return out
}
