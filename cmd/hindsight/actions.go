package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/hindsight-dev/hindsight"
)

// actionsCommand is "hindsight actions": action items followed to done.
type actionsCommand struct {
	stdout, stderr io.Writer
}

const actionsUsage = `Usage: hindsight actions [flags]
       hindsight actions show ID
       hindsight actions accept|start|done|verify|reopen ID [--note TEXT]
       hindsight actions wontdo ID --note REASON
       hindsight actions set ID STATUS [--note TEXT]

Without a verb, lists open action items, overdue first, then by due date.
The verbs move an item along its lifecycle:

  proposed → accepted → in_progress → done → verified
  any open status → wont_do (a reason is required)
  done → in_progress, wont_do → proposed (reopen)

Every change is recorded with who made it, when, and the note.

Flags of the list:
      --all           closed and removed items too
      --overdue       only overdue items (open, due before today)
      --stale N       only open items unchanged for N days
      --owner NAME    only items owned by NAME (@name or Name finds name too)
      --status S      only items with status S
      --postmortem ID only the items of one postmortem
      --limit N       at most N (default 50; 0 for all)
  -f, --format F      text (default) or json
Flags of the verbs:
      --note TEXT     why, or what was done ("expand/contract check in CI, PR 5123")
` + storeFlagsUsage + `
Examples:
  hindsight actions
  hindsight actions done A-17 --note "expand/contract check in CI, PR 5123"
  hindsight actions verify A-17
`

var verbs = map[string]hindsight.Status{
	"accept": hindsight.StatusAccepted, "start": hindsight.StatusInProgress, "done": hindsight.StatusDone,
	"verify": hindsight.StatusVerified, "wontdo": hindsight.StatusWontDo, "wont_do": hindsight.StatusWontDo,
	"wont-do": hindsight.StatusWontDo, "reopen": "", "set": "",
}

// Run lists action items, shows one, or changes one's status.
func (c *actionsCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("actions", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	all := fs.Bool("all", false, "")
	overdue := fs.Bool("overdue", false, "")
	stale := fs.Int("stale", 0, "")
	var owner, status, pmID, note, format string
	fs.StringVar(&owner, "owner", "", "")
	fs.StringVar(&status, "status", "", "")
	fs.StringVar(&pmID, "postmortem", "", "")
	fs.StringVar(&note, "note", "", "")
	fs.StringVar(&format, "f", "text", "")
	fs.StringVar(&format, "format", "text", "")
	limit := fs.Int("limit", 50, "")
	pos, err := parseFlags(fs, args, c.stdout, actionsUsage)
	if err != nil {
		return err
	}
	if err := checkFormat("actions", format, "text", "json"); err != nil {
		return err
	}
	if len(pos) > 0 {
		verb := pos[0]
		to, isVerb := verbs[verb]
		switch {
		case verb == "show":
			if len(pos) != 2 {
				return usagef("actions show: give one action item ID, e.g. A-17")
			}
		case !isVerb:
			return usagef("actions: unknown verb %q: use show, accept, start, done, verify, wontdo, reopen or set", verb)
		case verb == "set" && len(pos) != 3:
			return usagef("actions set: give an ID and a status, e.g. actions set A-17 in_progress")
		case verb != "set" && len(pos) != 2:
			return usagef("actions %s: give one action item ID, e.g. actions %s A-17", verb, verb)
		}
		if _, err := hindsight.ActionNumber(pos[1]); err != nil {
			return usagef("actions %s: %q is not an action item ID: use the form A-17", verb, pos[1])
		}
		if verb == "set" {
			to = hindsight.Status(pos[2])
			if !hindsight.ValidStatus(to) {
				return usagef("actions set: unknown status %q: use proposed, accepted, in_progress, done, verified or wont_do", pos[2])
			}
		}
		if to == hindsight.StatusWontDo && note == "" {
			return usagef("actions %s: wont_do needs a reason: add --note \"why it will not be done\"", verb)
		}
		s, _, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		if verb == "show" {
			a, err := s.ActionItem(ctx, pos[1])
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(c.stdout, actionJSONOf(*a, clock().Format("2006-01-02")))
			}
			writeAction(c.stdout, a, clock().Format("2006-01-02"))
			return nil
		}
		var from hindsight.Status
		if verb == "reopen" {
			a, err := s.ActionItem(ctx, pos[1])
			if err != nil {
				return err
			}
			from, to = a.Status, hindsight.StatusInProgress
			switch a.Status {
			case hindsight.StatusWontDo:
				to = hindsight.StatusProposed
			case hindsight.StatusDone, hindsight.StatusVerified:
			default:
				return hindsight.Errorf(hindsight.EINVALID, "%s is %s, not closed: nothing to reopen (reopen takes a done or won't-do item back; "+
					"to move it on, use actions start, done or set)", a.ID, a.Status)
			}
		}
		a, err := s.SetStatus(ctx, &hindsight.StatusChange{ID: pos[1], From: from, To: to, Who: sf.who(), Note: note})
		if err != nil {
			return err
		}
		last := a.History[len(a.History)-1]
		fmt.Fprintf(c.stdout, "%s: %s → %s (by %s)\n  %s\n", a.ID, last.From, last.To, last.Who, cut(a.Text, 100))
		return nil
	}

	today := clock().Format("2006-01-02")
	s, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if status != "" && !hindsight.ValidStatus(hindsight.Status(status)) {
		return usagef("actions: unknown status %q: use proposed, accepted, in_progress, done, verified or wont_do", status)
	}
	f := hindsight.ActionFilter{All: *all || (status != "" && !hindsight.Status(status).Open()), Postmortem: pmID, Owner: owner,
		Status: hindsight.Status(status), Overdue: *overdue, StaleDays: *stale, Today: today, Limit: *limit}
	list, err := s.ActionItems(ctx, f)
	if err != nil {
		return err
	}
	if format == "json" {
		out := actionListJSON{Total: list.Total, Open: list.Open, Overdue: list.Overdue, Items: []actionJSON{}}
		for _, a := range list.Items {
			out.Items = append(out.Items, actionJSONOf(a, today))
		}
		return writeJSON(c.stdout, out)
	}
	if list.Total == 0 {
		fmt.Fprintln(c.stdout, "No action items match.")
		return nil
	}
	writeActions(c.stdout, list.Items, today)
	more := ""
	if len(list.Items) < list.Total {
		more = fmt.Sprintf("; showing %d (--limit 0 for all)", len(list.Items))
	}
	fmt.Fprintf(c.stdout, "%d items, %d open, %d overdue%s\n", list.Total, list.Open, list.Overdue, more)
	return nil
}

func writeAction(w io.Writer, a *hindsight.TrackedAction, today string) {
	fmt.Fprintf(w, "%s  %s\n", a.ID, a.Text)
	due := orDash(a.Due)
	if a.Overdue(today) {
		due += " (OVERDUE)"
	}
	fmt.Fprintf(w, "  postmortem  %s (%s)\n  status      %s\n  owner       %s\n  priority    %s\n  due         %s\n  bucket      %s\n",
		a.Postmortem, a.Title, a.Status, orDash(a.Owner), orDash(string(a.Priority)), due, orDash(string(a.Bucket)))
	if a.Removed {
		fmt.Fprintln(w, "  (no longer in the postmortem's current revision)")
	}
	fmt.Fprintf(w, "  history\n    %s  proposed (saved)\n", a.Created.Format("2006-01-02 15:04"))
	for _, h := range a.History {
		note := ""
		if h.Note != "" {
			note = ": " + h.Note
		}
		fmt.Fprintf(w, "    %s  %s → %s by %s%s\n", h.At.Format("2006-01-02 15:04"), h.From, h.To, orDash(h.Who), note)
	}
}

type actionListJSON struct {
	Total   int          `json:"total"`
	Open    int          `json:"open"`
	Overdue int          `json:"overdue"`
	Items   []actionJSON `json:"items"`
}

type changeJSON struct {
	From string    `json:"from"`
	To   string    `json:"to"`
	Who  string    `json:"who"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

type actionJSON struct {
	hindsight.ActionItem
	Postmortem string       `json:"postmortem"`
	Note       string       `json:"note,omitempty"`
	Overdue    bool         `json:"overdue"`
	Removed    bool         `json:"removed,omitempty"`
	Updated    time.Time    `json:"updated"`
	History    []changeJSON `json:"history,omitempty"`
}

func actionJSONOf(a hindsight.TrackedAction, today string) actionJSON {
	j := actionJSON{ActionItem: a.ActionItem, Postmortem: a.Postmortem, Note: a.Note, Overdue: a.Overdue(today), Removed: a.Removed, Updated: a.Updated}
	for _, h := range a.History {
		j.History = append(j.History, changeJSON{string(h.From), string(h.To), h.Who, h.At, h.Note})
	}
	return j
}
