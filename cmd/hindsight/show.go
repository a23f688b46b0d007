package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/render"
)

// showCommand is "hindsight show": one postmortem from the history.
type showCommand struct {
	stdout, stderr io.Writer
}

const showUsage = `Usage: hindsight show [flags] ID

Shows a postmortem from the history: its facts, durations and action
items with their tracked status. ID may be a unique prefix of the ID.

Flags:
      --revision N    an earlier revision (default the current one)
      --revisions     list the revisions instead
  -f, --format F      text (default); md (the whole postmortem, action
                      items with their current status); json (the
                      contract); source (the document as saved)
` + storeFlagsUsage + `
Examples:
  hindsight show 2026-11-20-checkout
  hindsight show --format md 2026-11-20-checkout > pm.md
`

// Run shows one postmortem.
func (c *showCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	rev := fs.Int("revision", 0, "")
	revs := fs.Bool("revisions", false, "")
	var format string
	fs.StringVar(&format, "f", "text", "")
	fs.StringVar(&format, "format", "text", "")
	pos, err := parseFlags(fs, args, c.stdout, showUsage)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("show: give one postmortem ID (see hindsight list)")
	}
	if *rev < 0 {
		return usagef("show: --revision %d: revisions are numbered from 1 (see hindsight show --revisions ID)", *rev)
	}
	if err := checkFormat("show", format, "text", "md", "markdown", "json", "source"); err != nil {
		return err
	}
	s, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if *revs {
		rs, err := s.Revisions(ctx, pos[0])
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "REVISION\tSAVED\tBY\tEVENTS\tACTIONS\tSHA-256")
		for _, r := range rs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%.12s\n", r.Number, r.SavedAt.Format("2006-01-02 15:04"), orDash(r.SavedBy), r.Events, r.Actions, r.Hash)
		}
		return tw.Flush()
	}
	sp, err := s.Postmortem(ctx, pos[0], *rev)
	if err != nil {
		return err
	}
	pm := sp.Postmortem
	switch format {
	case "json":
		return render.Write(c.stdout, pm, "json")
	case "md", "markdown":
		_, err := io.WriteString(c.stdout, render.Markdown(pm))
		return err
	case "source":
		_, err := io.WriteString(c.stdout, sp.Source)
		return err
	}
	w := c.stdout
	fmt.Fprintf(w, "%s\n%s\n\n", pm.ID, pm.Title)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "date\t%s\n", orDash(pm.Date))
	fmt.Fprintf(tw, "services\t%s\n", orDash(strings.Join(pm.Services, ", ")))
	fmt.Fprintf(tw, "failure\t%s\n", orDash(string(pm.DeployFailure.Category)))
	fmt.Fprintf(tw, "rollback\t%s\n", orDash(string(pm.Rollback.Outcome)))
	d := pm.Durations
	fmt.Fprintf(tw, "durations\tdetect %s, decide %s, rollback %s, recover %s\n", minutes(d.TimeToDetect), minutes(d.TimeToDecide), minutes(d.Rollback), minutes(d.TimeToRecover))
	fmt.Fprintf(tw, "revision\t%d of %d, saved %s by %s\n", sp.Revision, sp.Latest, sp.SavedAt.Format("2006-01-02 15:04 MST"), orDash(sp.SavedBy))
	if sp.SourceName != "" {
		fmt.Fprintf(tw, "source\t%s\n", sp.SourceName)
	}
	tw.Flush()
	if pm.Summary != "" {
		fmt.Fprintf(w, "\n%s\n", pm.Summary)
	}
	fmt.Fprintf(w, "\nAction items (%d):\n", len(sp.Actions))
	writeActions(w, sp.Actions, clock().Format("2006-01-02"))
	fmt.Fprintf(w, "\nThe whole postmortem: hindsight show --format md %s\n", pm.ID)
	return nil
}

// writeActions prints action items as a table.
func writeActions(w io.Writer, items []hindsight.TrackedAction, today string) {
	if len(items) == 0 {
		fmt.Fprintln(w, "  none")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  ID\tSTATUS\tDUE\tOWNER\tPRI\tBUCKET\tTEXT")
	for _, a := range items {
		due := orDash(a.Due)
		if a.Overdue(today) {
			due += " OVERDUE"
		}
		st := string(a.Status)
		if a.Removed {
			st += " (removed)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, st, due, orDash(a.Owner), orDash(string(a.Priority)), orDash(string(a.Bucket)), cut(a.Text, 60))
	}
	tw.Flush()
}
