package analysis

import (
	"fmt"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
)

// claimKinds are sections whose statements are claims about what happened.
var claimKinds = map[hindsight.SectionKind]bool{
	hindsight.SectionPreamble: true, hindsight.SectionSummary: true, hindsight.SectionFailure: true,
	hindsight.SectionRollback: true, hindsight.SectionImpact: true, hindsight.SectionDetection: true,
	hindsight.SectionContributing: true, hindsight.SectionResolution: true, hindsight.SectionOther: true,
	hindsight.SectionWentWrong: true,
}

// uncertainClaims collects the events with reasons, the statements the
// notes mark uncertain, and every line the board reader was unsure of (an
// action item too), each with its line and reason.
func (a *analyzer) uncertainClaims() {
	pm := a.pm
	var out []hindsight.Unverified
	seen := map[int]bool{}
	for _, e := range pm.Timeline {
		if e.Unverified {
			out = append(out, hindsight.Unverified{Line: e.Line, Text: e.Text, Reason: strings.Join(e.Reasons, "; ")})
			seen[e.Line] = true
		}
	}
	for _, s := range a.n.Sections {
		for _, it := range s.Items {
			if seen[it.Line] {
				continue
			}
			reason := ""
			if claimKinds[s.Kind] {
				reason = uncertainty(it.Text)
			}
			// A line the board reader was unsure of is to be checked
			// whatever it is: an action item read wrong is followed wrong.
			if it.Uncertain {
				reason = "the board reader was unsure of this line; check it against the board"
			}
			if reason != "" {
				out = append(out, hindsight.Unverified{Line: it.Line, Text: it.Text, Reason: reason})
				seen[it.Line] = true
			}
		}
	}
	pm.Unverified = append(out, pm.Unverified...)
}

// Missing names the parts of the method a postmortem does not cover, so the
// document can say so instead of inventing them. It depends only on the
// postmortem, so an edited document is checked afresh.
func Missing(pm *hindsight.Postmortem) []string {
	missing := []string{}
	add := func(s string) { missing = append(missing, s) }
	timed := 0
	for _, e := range pm.Timeline {
		if e.At != nil {
			timed++
		}
	}
	m := pm.Milestones
	switch {
	case len(pm.Timeline) == 0:
		add("a timeline: no entry has a time (write entries such as \"14:32 — initiated rollback\")")
	case timed == 0:
		add("times on the timeline: no entry has a clock time")
	}
	if pm.Date == "" && timed > 0 {
		add("the date: times carry no date (add a date to the title or front matter, or use --date)")
	}
	if m.DeployStart == nil {
		add("when the deploy (or change) that started it began")
	}
	if m.Detected == nil {
		add("when and how the problem was detected")
	}
	if m.Recovered == nil {
		add("when the service was healthy again")
	}
	if !pm.Rollback.Attempted && m.RollbackDecision == nil && len(pm.Rollback.Notes) == 0 {
		add("whether a rollback was considered, and why it was or was not used")
	}
	if pm.Rollback.Attempted && m.RollbackDecision == nil {
		add("when the team decided to roll back (the hinge between the two timelines)")
	}
	if pm.DeployFailure.FailurePoint == "" {
		add("the failure point: what broke, and why")
	}
	if pm.DeployFailure.MissedGate == "" {
		add("which gate or check would have caught the failure before users did")
	}
	if pm.Rollback.Outcome.Failed() && !pm.Rollback.TrustGap.Found {
		add("whether this rollback path had ever been tested under these conditions (the trust gap)")
	}
	if pm.Impact == "" {
		add("the impact: who was affected, how, and for how long")
	}
	if len(pm.ActionItems) == 0 {
		add("action items")
	} else {
		var noOwner, noPrio, noDue int
		for _, it := range pm.ActionItems {
			if it.Owner == "" {
				noOwner++
			}
			if it.Priority == "" {
				noPrio++
			}
			if it.Due == "" {
				noDue++
			}
		}
		for _, c := range []struct {
			n    int
			what string
		}{{noOwner, "an owner"}, {noPrio, "a priority"}, {noDue, "a due date"}} {
			if c.n > 0 {
				add(fmt.Sprintf("%s for %d of %d action items", c.what, c.n, len(pm.ActionItems)))
			}
		}
		if pm.Rollback.Outcome.Failed() && !hasBucket(pm, hindsight.BucketRollbackTrust) {
			add("an action item to make rollback trustworthy: the rollback failed, but no item addresses it")
		}
	}
	return missing
}

func hasBucket(pm *hindsight.Postmortem, b hindsight.Bucket) bool {
	for _, it := range pm.ActionItems {
		if it.Bucket == b {
			return true
		}
	}
	return false
}

// changePhrase says in plain words what kind of change failed.
var changePhrase = map[hindsight.Category]string{
	hindsight.CategoryMigration:  "a database change",
	hindsight.CategoryConfig:     "a settings change",
	hindsight.CategoryCode:       "a software release",
	hindsight.CategoryInfra:      "an infrastructure change",
	hindsight.CategoryCapacity:   "a shortage of computing resources",
	hindsight.CategoryDependency: "a problem with an outside service",
	hindsight.CategoryOther:      "a change",
}

var outcomePhrase = map[hindsight.Outcome]string{
	hindsight.OutcomeSucceeded:        "Undoing the change worked.",
	hindsight.OutcomeFailedToTrigger:  "The undo could not be started, so the team had to find another way to fix it.",
	hindsight.OutcomeFailedToComplete: "The undo did not finish, which kept the problem going.",
	hindsight.OutcomeRestoredBadState: "Undoing the change did not fix things on its own: it left the system in a mismatched state.",
	hindsight.OutcomeCausedNewHarm:    "Undoing the change caused a new problem of its own.",
}

var bucketPhrase = map[hindsight.Bucket]string{
	hindsight.BucketDeploySafety:  "to make releases safer",
	hindsight.BucketRollbackTrust: "to make undoing a release dependable",
	hindsight.BucketDetection:     "to spot problems sooner",
	hindsight.BucketOther:         "other improvements",
}

// summary writes the plain-language paragraph for readers outside
// engineering, from the facts the analysis found and nothing else.
func summary(pm *hindsight.Postmortem) string {
	var b strings.Builder
	m := pm.Milestones
	when := ""
	if pm.Date != "" {
		if d, err := time.Parse("2006-01-02", pm.Date); err == nil {
			when = "On " + d.Format("2 January 2006") + ", "
		}
	}
	if m.DeployStart != nil || pm.DeployFailure.Category != hindsight.CategoryOther {
		fmt.Fprintf(&b, "%s caused problems for users.", capitalise(when+changePhrase[pm.DeployFailure.Category]))
	} else {
		fmt.Fprintf(&b, "%sthere was a production incident.", capitalise(when))
		if when == "" {
			b.Reset()
			b.WriteString("There was a production incident.")
		}
	}
	if m.ImpactStart != nil && m.Detected != nil {
		if d := m.Detected.Sub(*m.ImpactStart); d >= 0 {
			fmt.Fprintf(&b, " It started at %s and was noticed %s later%s.", m.ImpactStart.Clock(), humanDuration(d),
				unconfirmed(pm, m.ImpactStart, m.Detected))
		}
	} else if m.Detected != nil {
		fmt.Fprintf(&b, " It was noticed at %s%s.", m.Detected.Clock(), unconfirmed(pm, m.Detected))
	}
	if pm.Rollback.Attempted {
		if m.RollbackDecision != nil {
			fmt.Fprintf(&b, " The team decided to undo the change at %s%s.", m.RollbackDecision.Clock(), unconfirmed(pm, m.RollbackDecision))
		} else if m.RollbackStart != nil {
			fmt.Fprintf(&b, " The team undid the change at %s%s.", m.RollbackStart.Clock(), unconfirmed(pm, m.RollbackStart))
		} else {
			b.WriteString(" The team undid the change.")
		}
		if assumedOutcome(pm) {
			b.WriteString(" The notes do not say whether undoing it worked.")
		} else {
			b.WriteString(" " + outcomePhrase[pm.Rollback.Outcome])
		}
	}
	if m.Recovered != nil {
		fmt.Fprintf(&b, " Service was back to normal at %s", m.Recovered.Clock())
		if m.ImpactStart != nil {
			if d := m.Recovered.Sub(*m.ImpactStart); d >= 0 {
				fmt.Fprintf(&b, ", %s after the problem began", humanDuration(d))
			}
		}
		fmt.Fprintf(&b, "%s.", unconfirmed(pm, m.Recovered, m.ImpactStart))
	}
	if n := len(pm.ActionItems); n > 0 {
		counts := map[hindsight.Bucket]int{}
		for _, it := range pm.ActionItems {
			counts[it.Bucket]++
		}
		var parts []string
		for _, bk := range hindsight.Buckets {
			if c := counts[bk]; c > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c, bucketPhrase[bk]))
			}
		}
		fmt.Fprintf(&b, " The team has agreed %d follow-up %s: %s.", n, plural(n, "action", "actions"), strings.Join(parts, ", "))
	}
	return b.String()
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// humanDuration writes a duration as people say it: "40 minutes",
// "1 hour 28 minutes", "2 days 3 hours".
func humanDuration(d time.Duration) string {
	mins := int(d.Round(time.Minute).Minutes())
	switch {
	case mins < 1:
		return "less than a minute"
	case mins < 60:
		return fmt.Sprintf("%d %s", mins, plural(mins, "minute", "minutes"))
	case mins < 48*60:
		h, m := mins/60, mins%60
		s := fmt.Sprintf("%d %s", h, plural(h, "hour", "hours"))
		if m > 0 {
			s += fmt.Sprintf(" %d %s", m, plural(m, "minute", "minutes"))
		}
		return s
	}
	days, h := mins/(24*60), (mins%(24*60))/60
	s := fmt.Sprintf("%d days", days)
	if h > 0 {
		s += fmt.Sprintf(" %d %s", h, plural(h, "hour", "hours"))
	}
	return s
}

// assumedOutcome reports whether the first rollback attempt's outcome was
// taken as succeeded for want of anything in the notes saying how it ended.
func assumedOutcome(pm *hindsight.Postmortem) bool {
	if len(pm.Rollback.Attempts) == 0 {
		return false
	}
	for _, u := range pm.Unverified {
		if u.Line == pm.Rollback.Attempts[0].Line && u.Reason == assumedSucceeded {
			return true
		}
	}
	return false
}

// unconfirmed is " (times not confirmed)" when an entry a time comes from
// is marked unverified (misread on a photo, approximate), and "" otherwise:
// a summary for people outside engineering must not state it as fact.
func unconfirmed(pm *hindsight.Postmortem, ts ...*hindsight.Time) string {
	for _, e := range pm.Timeline {
		for _, t := range ts {
			if e.Unverified && t != nil && (e.At == t || e.End == t) {
				return " (times not confirmed)"
			}
		}
	}
	return ""
}
