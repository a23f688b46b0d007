package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	pmdoc "github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/lint"
)

const lintUsage = `Usage: hindsight lint [flags] FILE...

Checks postmortem documents (and boards) for what is missing or wrong, as
file:line: RULE message. Exits 1 when any finding is an error, so it can run
in CI; warnings are reported without failing.

Flags:
  -f, --format F      text (default) or json
      --fix           apply the safe fixes in place (timeline order, canonical
                      formatting) before checking; documents only
      --rules         list the rules with their IDs, severities and docs
      --templates DIR more templates (or $HINDSIGHT_TEMPLATES)

Examples:
  hindsight lint pm.md
  hindsight lint --format json postmortems/*.md
`

type lintCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
}

// errFindings ends a lint run that found errors: exit 1, nothing more to say.
var errFindings = &hindsight.Error{Code: hindsight.EINVALID, Message: "lint found errors"}

func (c *lintCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("lint")
	var format, tplDir string
	var fix, rules bool
	fs.StringVar(&format, "f", "text", "")
	fs.StringVar(&format, "format", "text", "")
	fs.BoolVar(&fix, "fix", false, "")
	fs.BoolVar(&rules, "rules", false, "")
	fs.StringVar(&tplDir, "templates", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagError("lint", err, c.stdout, lintUsage)
	}
	if rules {
		for _, r := range lint.Rules {
			fixable := ""
			if r.Fixable {
				fixable = " (--fix)"
			}
			fmt.Fprintf(c.stdout, "%s %-22s %-7s %s%s\n", r.ID, r.Name, r.Severity, r.Doc, fixable)
		}
		return nil
	}
	if len(pos) == 0 {
		return usagef("lint: name at least one file")
	}
	if format != "text" && format != "json" {
		return usagef("lint: unknown format %q: use text or json", format)
	}
	ts, err := loadTemplates(tplDir)
	if err != nil {
		return err
	}
	now := time.Now
	if c.now != nil {
		now = c.now
	}
	all := []lint.Finding{}
	for _, path := range pos {
		in, data, err := load(path, c.stdin, ts)
		if err != nil {
			return err
		}
		if hindsight.JSONSchema(data) != "" {
			return hindsight.Errorf(hindsight.EINVALID, "lint: %s is a postmortem in JSON; lint checks the notes or document "+
				"a postmortem is made from, line by line: lint that file instead", path)
		}
		if fix {
			if in.Doc == nil {
				return hindsight.Errorf(hindsight.EINVALID, "lint --fix: %s is not a Hindsight document; make one with hindsight snap %s -o pm.md", path, path)
			}
			fixed := Fix(in.PM, in.Doc.Template)
			if string(fixed) != string(data) {
				if err := writeFileAtomic(path, fixed); err != nil {
					return err
				}
				fmt.Fprintf(c.stderr, "fixed %s\n", path)
				if in, _, err = load(path, c.stdin, ts); err != nil {
					return err
				}
			}
		}
		all = append(all, lint.Run(&lint.Input{Name: path, PM: in.PM, Doc: in.Doc, Now: now()})...)
	}
	if format == "json" {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return err
		}
	} else {
		for _, f := range all {
			fmt.Fprintf(c.stdout, "%s:%d: %s %s: %s", f.File, f.Line, f.Rule, f.Severity, f.Message)
			if f.Suggestion != "" {
				fmt.Fprintf(c.stdout, " (%s)", f.Suggestion)
			}
			fmt.Fprintln(c.stdout)
		}
	}
	if lint.Failed(all) {
		return errFindings
	}
	return nil
}

// Fix applies the safe fixes to a parsed document: the timeline sorted by
// time (untimed entries keep their place among the others), split again
// into the deploy and rollback timelines at the entry that opened the
// rollback timeline (an entry timed before it moves to the deploy timeline,
// one after it to the rollback timeline), the out-of-order findings the
// sort settles dropped, and the canonical formatting of a fresh render.
func Fix(pm *hindsight.Postmortem, t *pmdoc.Template) []byte {
	hinge := slices.IndexFunc(pm.Timeline, func(e hindsight.Event) bool { return e.Phase == hindsight.PhaseRollback })
	order := make([]int, len(pm.Timeline)) // order[new] = old index
	var timed []int
	for i, e := range pm.Timeline {
		order[i] = i
		if e.At != nil {
			timed = append(timed, i)
		}
	}
	sorted := slices.Clone(timed)
	slices.SortStableFunc(sorted, func(a, b int) int { return cmp.Compare(pm.Timeline[a].At.Sub(*pm.Timeline[b].At), 0) })
	for k, i := range timed {
		order[i] = sorted[k]
	}
	events := make([]hindsight.Event, len(pm.Timeline))
	for i, old := range order {
		events[i] = pm.Timeline[old]
	}
	pm.Timeline = events
	if hinge >= 0 {
		at := slices.Index(order, hinge)
		for i := range pm.Timeline {
			pm.Timeline[i].Phase = hindsight.PhaseDeploy
			if i >= at {
				pm.Timeline[i].Phase = hindsight.PhaseRollback
			}
		}
	}
	outOfOrder := func(r string) bool { return strings.HasPrefix(r, "out of order") }
	for i := range pm.Timeline {
		pm.Timeline[i].Reasons = slices.DeleteFunc(pm.Timeline[i].Reasons, outOfOrder)
		pm.Timeline[i].Unverified = len(pm.Timeline[i].Reasons) > 0
	}
	pm.Unverified = slices.DeleteFunc(pm.Unverified, func(u hindsight.Unverified) bool { return outOfOrder(u.Reason) })
	return pmdoc.Render(pm, t)
}
