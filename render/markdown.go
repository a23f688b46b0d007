package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// unverified marks a claim the notes do not support.
const unverified = "[UNVERIFIED]"

// bucketTitle names each bucket in documents.
var bucketTitle = map[hindsight.Bucket]string{
	hindsight.BucketDeploySafety:  "Safer deploys (gates, canary, progressive rollout)",
	hindsight.BucketRollbackTrust: "Trustworthy rollback (tested rollback, forward-fix readiness, schema compatibility)",
	hindsight.BucketDetection:     "Detection",
	hindsight.BucketOther:         "Other",
}

// writtenKinds are the section kinds the template shows in their own place;
// every other section is kept under "Notes as written".
var writtenKinds = map[hindsight.SectionKind]bool{
	hindsight.SectionTimeline: true, hindsight.SectionImpact: true, hindsight.SectionDetection: true,
	hindsight.SectionContributing: true, hindsight.SectionLessons: true, hindsight.SectionWentWell: true,
	hindsight.SectionQuestions: true, hindsight.SectionActions: true, hindsight.SectionRunbook: true,
	hindsight.SectionFailure: true, hindsight.SectionRollback: true,
}

// Markdown renders pm in the deployment template.
func Markdown(pm *hindsight.Postmortem) string {
	w := &mdWriter{}
	w.header(pm)
	w.summary(pm)
	w.impact(pm)
	w.durations(pm)
	w.timelines(pm)
	w.deployFailure(pm)
	w.rollbackFailure(pm)
	w.trustGap(pm)
	w.list("Contributing factors", pm.ContributingFactors, "the conditions that made this possible or worse")
	w.actions(pm)
	w.runbook(pm)
	w.list("Lessons", pm.Lessons, "what the team learned")
	if len(pm.WentWell) > 0 {
		w.list("What went well", pm.WentWell, "")
	}
	w.written(pm)
	w.openQuestions(pm)
	w.language(pm)
	return w.String()
}

type mdWriter struct{ strings.Builder }

func (w *mdWriter) p(format string, args ...any) { fmt.Fprintf(w, format, args...) }

func (w *mdWriter) h2(title string) { w.p("\n## %s\n\n", title) }

// missing writes the sentence that says a part is not in the notes.
func (w *mdWriter) missing(what string) { w.p("_Not in the notes: %s._\n", what) }

func (w *mdWriter) header(pm *hindsight.Postmortem) {
	w.p("# %s\n\n", oneLine(pm.Title))
	var facts []string
	if pm.Date != "" {
		facts = append(facts, "**Date:** "+pm.Date)
	}
	if pm.Timezone != "" {
		facts = append(facts, "**Times:** "+pm.Timezone)
	} else {
		facts = append(facts, "**Times:** as written (no zone stated)")
	}
	if len(pm.Services) > 0 {
		facts = append(facts, "**Services:** "+strings.Join(pm.Services, ", "))
	}
	if pm.Severity != "" {
		facts = append(facts, "**Severity:** "+pm.Severity)
	}
	facts = append(facts, "**Status:** "+orDefault(pm.Status, "draft"))
	w.p("%s\n", strings.Join(facts, " · "))
}

func (w *mdWriter) summary(pm *hindsight.Postmortem) {
	w.h2("Summary")
	w.p("%s\n", pm.Summary)
}

func (w *mdWriter) impact(pm *hindsight.Postmortem) {
	w.h2("Impact")
	if pm.Impact != "" {
		w.p("%s\n", pm.Impact)
	} else {
		w.missing("who was affected, how, and for how long")
	}
	if pm.Detection != "" {
		w.p("\n**Detection:** %s\n", pm.Detection)
	}
}

func (w *mdWriter) durations(pm *hindsight.Postmortem) {
	m, d := pm.Milestones, pm.Durations
	w.h2("Key durations")
	w.p("| Measure | Minutes | From | To |\n|---|---:|---|---|\n")
	row := func(name string, v *float64, fromName string, from *hindsight.Time, toName string, to *hindsight.Time) {
		w.p("| %s | %s | %s | %s |\n", name, minutes(v), milestone(fromName, from), milestone(toName, to))
	}
	row("Time to detect", d.TimeToDetect, "impact start", m.ImpactStart, "detected", m.Detected)
	row("Time to decide", d.TimeToDecide, "detected", m.Detected, "rollback decision", m.RollbackDecision)
	row("Rollback", d.Rollback, "rollback start", m.RollbackStart, "rollback end", m.RollbackEnd)
	row("Time to recover", d.TimeToRecover, "impact start", m.ImpactStart, "recovered", m.Recovered)
	w.p("\nDeploy started: %s. Formulas: time to detect = detected − impact start; time to decide = rollback decision − detected; "+
		"rollback = rollback end − rollback start; time to recover = recovered − impact start. "+
		"A duration is shown only when both times are in the notes.\n", clockOr(m.DeployStart, "not in the notes"))
}

func minutes(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func milestone(name string, t *hindsight.Time) string {
	if t == nil {
		return name + ": not in the notes"
	}
	return name + " " + t.Clock()
}

func clockOr(t *hindsight.Time, or string) string {
	if t == nil {
		return or
	}
	if t.DateKnown {
		return t.Date() + " " + t.Clock()
	}
	return t.Clock()
}

func (w *mdWriter) timelines(pm *hindsight.Postmortem) {
	var deploy, rollback []hindsight.Event
	for _, e := range pm.Timeline {
		if e.Phase == hindsight.PhaseRollback {
			rollback = append(rollback, e)
		} else {
			deploy = append(deploy, e)
		}
	}
	multiDay := spansDays(pm.Timeline)
	w.h2("Deploy timeline")
	if len(pm.Timeline) == 0 {
		w.missing("a timeline (write entries such as \"14:32 — initiated rollback\")")
	} else {
		w.p("_From the change to the rollback decision: how the deploy degraded._\n\n")
		w.events(deploy, multiDay)
	}
	w.h2("Rollback timeline")
	switch {
	case len(rollback) > 0:
		if pm.Milestones.RollbackDecision != nil {
			w.p("_From the rollback decision at %s: the rollback attempt and recovery._\n\n", pm.Milestones.RollbackDecision.Clock())
		} else {
			w.p("_From the first rollback attempt (the notes do not record when the team decided to roll back)._\n\n")
		}
		w.events(rollback, multiDay)
	case pm.Rollback.Attempted:
		w.p("The notes say a rollback happened but give it no time: %s\n", oneLine(pm.Rollback.Attempts[0].Method))
	default:
		w.p("_No rollback decision in the notes: the whole response is on the deploy timeline above._\n")
	}
}

func spansDays(evs []hindsight.Event) bool {
	day := ""
	for _, e := range evs {
		if e.At != nil && e.At.DateKnown {
			if day != "" && e.At.Date() != day {
				return true
			}
			day = e.At.Date()
		}
	}
	return false
}

func (w *mdWriter) events(evs []hindsight.Event, multiDay bool) {
	if len(evs) == 0 {
		w.p("_No entries._\n")
		return
	}
	w.p("| Time | What happened | Kind |\n|---|---|---|\n")
	for _, e := range evs {
		at := "—"
		if e.At != nil {
			at = e.At.Clock()
			if multiDay && e.At.DateKnown {
				at = e.At.Date() + " " + at
			}
			if e.End != nil {
				at += "–" + e.End.Clock()
			}
			if e.AsWritten != "" && !strings.Contains(e.AsWritten, at) && e.At.Clock() != e.AsWritten {
				at += " (" + cell(e.AsWritten) + ")"
			}
		}
		text := cell(e.Text)
		if e.Unverified {
			text = unverified + " " + text + " — _" + cell(strings.Join(e.Reasons, "; ")) + "_"
		}
		w.p("| %s | %s | %s |\n", at, text, strings.ReplaceAll(string(e.Kind), "_", " "))
	}
}

func (w *mdWriter) deployFailure(pm *hindsight.Postmortem) {
	df := pm.DeployFailure
	w.h2("Deploy failure")
	if df.FailurePoint != "" {
		w.p("- **Failure point:** %s\n", oneLine(df.FailurePoint))
	} else {
		w.p("- **Failure point:** _not in the notes: what broke, and why_\n")
	}
	w.p("- **Category:** %s\n", df.Category)
	if df.MissedGate != "" {
		w.p("- **Gate that should have caught it:** %s\n", oneLine(df.MissedGate))
	} else {
		w.p("- **Gate that should have caught it:** _not in the notes: which gate or check should have caught this before users did?_\n")
	}
	if df.Evidence != "" {
		w.p("- **The change:** %s\n", oneLine(df.Evidence))
	}
	w.fromNotes(pm, hindsight.SectionFailure)
}

// fromNotes writes the team's own words from sections of the kind.
func (w *mdWriter) fromNotes(pm *hindsight.Postmortem, kind hindsight.SectionKind) {
	for _, s := range pm.Sections {
		if s.Kind != kind || len(s.Lines) == 0 {
			continue
		}
		w.p("\n**From the notes (%s):**\n\n", orDefault(s.Title, "notes"))
		for _, l := range s.Lines {
			w.p("- %s\n", oneLine(l))
		}
	}
}

var outcomeText = map[hindsight.Outcome]string{
	hindsight.OutcomeSucceeded:        "succeeded",
	hindsight.OutcomeFailedToTrigger:  "failed to trigger",
	hindsight.OutcomeFailedToComplete: "failed to complete",
	hindsight.OutcomeRestoredBadState: "restored a bad state",
	hindsight.OutcomeCausedNewHarm:    "caused new harm",
	hindsight.OutcomeNotAttempted:     "not attempted",
}

func (w *mdWriter) rollbackFailure(pm *hindsight.Postmortem) {
	rb := pm.Rollback
	w.h2("Rollback failure")
	if !rb.Attempted {
		w.p("No rollback was attempted.\n")
		if !hasSection(pm, hindsight.SectionRollback) {
			w.missing("why rollback was or was not used")
		}
		w.fromNotes(pm, hindsight.SectionRollback)
		return
	}
	if rb.Outcome == hindsight.OutcomeSucceeded && len(rb.Attempts) == 1 {
		w.p("The rollback succeeded: there is no rollback failure to analyse, only its duration.\n\n")
	} else {
		w.p("The rollback is analysed as its own failure, with its own root cause.\n\n")
	}
	for i, at := range rb.Attempts {
		span := ""
		switch {
		case at.Start != nil && at.End != nil && at.End != at.Start:
			span = at.Start.Clock() + "–" + at.End.Clock()
			if d := at.End.Sub(*at.Start); d >= 0 {
				span += fmt.Sprintf(" (%s min)", strconv.FormatFloat(hindsight.Minutes(d), 'f', -1, 64))
			}
		case at.Start != nil:
			span = at.Start.Clock()
		case at.End != nil:
			span = "ended " + at.End.Clock()
		default:
			span = "no time in the notes"
		}
		w.p("%d. **Attempt %d** (%s): %s — **%s**\n", i+1, i+1, span, oneLine(at.Method), outcomeText[at.Outcome])
		if at.Evidence != "" {
			w.p("   - Evidence: %s\n", oneLine(at.Evidence))
		}
	}
	w.fromNotes(pm, hindsight.SectionRollback)
}

func hasSection(pm *hindsight.Postmortem, kind hindsight.SectionKind) bool {
	for _, s := range pm.Sections {
		if s.Kind == kind {
			return true
		}
	}
	return false
}

func (w *mdWriter) trustGap(pm *hindsight.Postmortem) {
	w.h2("Trust gap")
	tg := pm.Rollback.TrustGap
	switch {
	case tg.Found:
		w.p("Rollback was assumed safe without being tested under these conditions. The notes say: %s\n", oneLine(tg.Evidence))
	case pm.Rollback.Outcome.Failed():
		w.missing("whether this rollback path had ever been tested under these conditions. A rollback that fails is usually one that was assumed to work")
	case pm.Rollback.Attempted:
		w.p("The notes give no sign that rollback was assumed safe without testing.\n")
	default:
		w.p("No rollback was attempted, so there is no rollback trust to assess.\n")
	}
}

func (w *mdWriter) list(title string, items []string, what string) {
	w.h2(title)
	if len(items) == 0 {
		w.missing(what)
		return
	}
	for _, it := range items {
		w.p("- %s\n", oneLine(it))
	}
}

func (w *mdWriter) actions(pm *hindsight.Postmortem) {
	w.h2("Action items")
	if len(pm.ActionItems) == 0 {
		w.missing("action items. Each failure needs at least one, with an owner, a priority and a due date")
		return
	}
	for _, b := range hindsight.Buckets {
		var items []hindsight.ActionItem
		for _, it := range pm.ActionItems {
			if it.Bucket == b {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			if b == hindsight.BucketDeploySafety || b == hindsight.BucketRollbackTrust {
				w.p("### %s\n\n_No action item in this bucket._\n\n", bucketTitle[b])
			}
			continue
		}
		w.p("### %s\n\n", bucketTitle[b])
		for _, it := range items {
			w.p("%s\n", ActionLine(it))
		}
		w.p("\n")
	}
}

// ActionLine writes an action item as a Markdown task line:
// "- [ ] Add a canary stage — owner: dana · priority: P1 · due: 2026-12-01".
func ActionLine(it hindsight.ActionItem) string {
	box := "[ ]"
	if !it.Status.Open() && it.Status != "" {
		box = "[x]"
	}
	fields := []string{
		"owner: " + orDefault(it.Owner, "_missing_"),
		"priority: " + orDefault(string(it.Priority), "_missing_"),
		"due: " + orDefault(it.Due, "_missing_"),
	}
	if it.Status != "" && it.Status != hindsight.StatusProposed {
		fields = append(fields, "status: "+string(it.Status))
	}
	return fmt.Sprintf("- %s %s — %s", box, oneLine(it.Text), strings.Join(fields, " · "))
}

func (w *mdWriter) runbook(pm *hindsight.Postmortem) {
	w.h2("Runbook updates")
	if len(pm.RunbookUpdates) == 0 {
		w.missing("a runbook change. If the runbook was accurate, say so; if not, list the steps to add or fix")
		return
	}
	for _, r := range pm.RunbookUpdates {
		w.p("- [ ] %s\n", oneLine(r))
	}
}

// written keeps every section the template has no place for, as written.
func (w *mdWriter) written(pm *hindsight.Postmortem) {
	var keep []hindsight.Section
	for _, s := range pm.Sections {
		if !writtenKinds[s.Kind] && len(s.Lines) > 0 {
			keep = append(keep, s)
		}
	}
	if len(keep) == 0 {
		return
	}
	w.h2("Notes as written")
	for _, s := range keep {
		w.p("### %s\n\n", oneLine(orDefault(s.Title, "Notes")))
		for _, l := range s.Lines {
			w.p("- %s\n", oneLine(l))
		}
		w.p("\n")
	}
}

func (w *mdWriter) openQuestions(pm *hindsight.Postmortem) {
	w.h2("Open questions and unverified")
	if len(pm.OpenQuestions)+len(pm.Unverified)+len(pm.Missing) == 0 {
		w.p("Nothing is marked uncertain and nothing the method asks for is missing.\n")
		return
	}
	for _, q := range pm.OpenQuestions {
		w.p("- %s\n", oneLine(q))
	}
	for _, u := range pm.Unverified {
		where := ""
		if u.Line > 0 {
			where = fmt.Sprintf("line %d: ", u.Line)
		}
		w.p("- %s %s%s — _%s_\n", unverified, where, oneLine(u.Text), oneLine(u.Reason))
	}
	for _, m := range pm.Missing {
		w.p("- Missing from the notes: %s\n", m)
	}
}

func (w *mdWriter) language(pm *hindsight.Postmortem) {
	if len(pm.Language) == 0 {
		return
	}
	w.h2("Blameless language")
	w.p("_Postmortems analyse the system, not the person who pulled the lever. Suggested rewording:_\n\n")
	for _, f := range pm.Language {
		where := ""
		if f.Line > 0 {
			where = fmt.Sprintf("line %d: ", f.Line)
		}
		w.p("- %s\"%s\" → %s\n", where, oneLine(f.Phrase), f.Suggestion)
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
