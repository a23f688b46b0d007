// Package analysis turns Notes into a Postmortem by the method in
// docs/method.md: event kinds and milestones, the four durations, the
// rollback decision as the hinge between two timelines, the deploy failure,
// every rollback attempt and its outcome, the trust gap, action items in
// buckets, the runbook checklist, blame-laden language and everything the
// notes mark uncertain or contradict. It is deterministic: no network, no
// clock, the same notes always give the same postmortem.
package analysis

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/notes"
	"github.com/hindsight-dev/hindsight/timeline"
)

// Analyze builds the postmortem the notes support, and nothing more.
func Analyze(n *notes.Notes) *hindsight.Postmortem {
	pm := &hindsight.Postmortem{
		Schema:   hindsight.Schema,
		Title:    n.Title,
		Timezone: n.Zone,
		Template: "deployment",
		Status:   "draft",
	}
	if n.Year > 0 {
		pm.Date = fmt.Sprintf("%04d-%02d-%02d", n.Year, n.Month, n.Day)
	}
	if t, ok := n.Meta["template"].(string); ok && strings.TrimSpace(t) != "" {
		pm.Template = strings.TrimSpace(t) // notes under front matter that names one
	}
	a := &analyzer{n: n, pm: pm}
	a.sections()
	a.events()
	if pm.Date == "" {
		// No date for the document, but dated entries ("2026-11-20 14:02
		// deploy started"): the incident's date is the first of them.
		for _, e := range pm.Timeline {
			if e.At != nil && e.At.DateKnown {
				pm.Date = e.At.Date()
				break
			}
		}
	}
	a.milestones()
	a.durations()
	a.phases()
	a.rollback()
	a.addMore()
	a.failure()
	a.actions()
	a.runbook()
	a.language()
	a.uncertainClaims()
	pm.Missing = Missing(pm)
	if pm.Title == "" {
		pm.Title = defaultTitle(pm)
	}
	pm.Summary = summary(pm)
	Normalise(pm)
	return pm
}

type analyzer struct {
	n  *notes.Notes
	pm *hindsight.Postmortem
	// more holds each event's notes.Entry.More, added to its text once
	// the kinds, milestones and rollback have been read without it.
	more []string
	// idx holds the event index of each milestone, -1 when absent.
	deployIdx, impactIdx, detectIdx, decisionIdx, rbStartIdx, rbEndIdx, recoverIdx int
}

// sections copies every section as written and fills the free-text parts.
func (a *analyzer) sections() {
	pm := a.pm
	for _, s := range a.n.Sections {
		switch s.Kind {
		case hindsight.SectionFailure:
			for _, it := range s.Items {
				pm.DeployFailure.Notes = append(pm.DeployFailure.Notes, it.Text)
			}
			continue
		case hindsight.SectionRollback:
			for _, it := range s.Items {
				pm.Rollback.Notes = append(pm.Rollback.Notes, it.Text)
			}
			continue
		}
		if placed[s.Kind] {
			continue
		}
		sec := hindsight.Section{Title: s.Title, Kind: s.Kind, Line: s.Line}
		for _, it := range s.Items {
			if s.Kind == hindsight.SectionPreamble && strings.TrimRight(it.Text, ".:") == pm.Title {
				continue // the title line, already the document's title
			}
			if s.Kind == hindsight.SectionPreamble {
				a.serviceLine(it.Text)
			}
			sec.Lines = append(sec.Lines, it.Text)
		}
		if len(sec.Lines) == 0 {
			continue
		}
		pm.Sections = append(pm.Sections, sec)
	}
	pm.Impact = a.text(hindsight.SectionImpact)
	pm.Detection = a.text(hindsight.SectionDetection)
	pm.ContributingFactors = a.items(hindsight.SectionContributing)
	pm.Lessons = a.items(hindsight.SectionLessons)
	pm.WentWell = a.items(hindsight.SectionWentWell)
	pm.OpenQuestions = a.items(hindsight.SectionQuestions)
	if services, ok := a.n.Meta["services"].([]any); ok {
		for _, s := range services {
			pm.Services = append(pm.Services, fmt.Sprint(s))
		}
	} else if s, ok := a.n.Meta["service"].(string); ok && s != "" {
		pm.Services = []string{s}
	}
	if s, ok := a.n.Meta["severity"].(string); ok {
		pm.Severity = s
	}
}

// placed are the section kinds whose content has a place of its own in the
// postmortem (the timeline, the impact, the action items, …).
var placed = map[hindsight.SectionKind]bool{
	hindsight.SectionTimeline: true, hindsight.SectionImpact: true, hindsight.SectionDetection: true,
	hindsight.SectionContributing: true, hindsight.SectionLessons: true, hindsight.SectionWentWell: true,
	hindsight.SectionQuestions: true, hindsight.SectionActions: true, hindsight.SectionRunbook: true,
}

// serviceLine reads "Service: checkout" and "Services: a, b" lines.
func (a *analyzer) serviceLine(s string) {
	l := strings.ToLower(s)
	for _, key := range []string{"services:", "service:"} {
		if strings.HasPrefix(l, key) {
			v := s[len(key):]
			if i := strings.IndexAny(v, "·|;"); i >= 0 {
				v = v[:i]
			}
			for _, name := range strings.Split(v, ",") {
				if name = strings.TrimSpace(name); name != "" && len(a.pm.Services) < 10 {
					a.pm.Services = append(a.pm.Services, name)
				}
			}
			return
		}
	}
}

// items returns the texts of every item in sections of the kind.
func (a *analyzer) items(kind hindsight.SectionKind) []string {
	var out []string
	for _, s := range a.n.SectionsOf(kind) {
		for _, it := range s.Items {
			if t := strings.TrimSpace(it.Text); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// text joins the items of sections of the kind into one paragraph.
func (a *analyzer) text(kind hindsight.SectionKind) string {
	return strings.Join(a.items(kind), " ")
}

// events resolves every entry's time and classifies it.
func (a *analyzer) events() {
	r := &timeline.Resolver{Year: a.n.Year, Month: a.n.Month, Day: a.n.Day, Zone: a.n.Zone}
	var lastDate [3]int
	for _, e := range a.n.Entries {
		ev := hindsight.Event{Text: e.Text, Line: e.Line, AsWritten: e.AsWritten}
		if d := [3]int{e.Year, e.Month, e.Day}; d[0] > 0 && d != lastDate {
			r.SetDate(d[0], d[1], d[2])
			lastDate = d
		}
		if e.Time != nil {
			x := *e.Time
			x.InProse = e.Prose
			start, end, reasons := r.Resolve(x)
			ev.At, ev.End = start, end
			ev.Reasons = append(ev.Reasons, reasons...)
		} else {
			ev.Reasons = append(ev.Reasons, "no time given, placed by its position in the notes")
		}
		if e.Uncertain {
			ev.Reasons = append(ev.Reasons, "the board reader was unsure of this line; check it against the board")
		}
		if reason := uncertainty(e.Text); reason != "" {
			ev.Reasons = append(ev.Reasons, reason)
		}
		// Reasons are listed with "; " between them in documents.
		for i, r := range ev.Reasons {
			ev.Reasons[i] = strings.ReplaceAll(r, "; ", ", ")
		}
		ev.AsWritten = strings.Join(strings.Fields(ev.AsWritten), " ")
		ev.Unverified = len(ev.Reasons) > 0
		ev.Kind = Classify(e.Text)
		a.pm.Timeline = append(a.pm.Timeline, ev)
		a.more = append(a.more, e.More)
	}
	a.rollbackContext()
}

// addMore adds to each event the sentences that follow it in its
// paragraph (notes.Entry.More): what the notes say of it, for the failure
// point, the language check and the reader, but not for its kind, the
// milestones or how the rollback ended.
func (a *analyzer) addMore() {
	for i, m := range a.more {
		if m != "" {
			a.pm.Timeline[i].Text += " " + m
		}
	}
}

// rollbackContext reads entries in the light of an open rollback: while a
// rollback runs, "Pipeline run completed" is the rollback finishing.
func (a *analyzer) rollbackContext() {
	open := false
	done := cues{"completed", "complete", "finished", "done", "succeeded", "successful", "performed"}
	for i := range a.pm.Timeline {
		e := &a.pm.Timeline[i]
		switch e.Kind {
		case hindsight.KindRollbackStart, hindsight.KindRollbackDecision:
			open = true
		case hindsight.KindRollbackEnd:
			open = false
		case hindsight.KindDeployStart, hindsight.KindDeployEnd, hindsight.KindCI, hindsight.KindOther:
			if open && done.in(strings.ToLower(e.Text)) {
				e.Kind, open = hindsight.KindRollbackEnd, false
			}
		}
	}
}

// uncertainty returns why the notes mark a claim uncertain, or "".
func uncertainty(text string) string {
	s := strings.ToLower(text)
	if cue, ok := uncertainWords.find(s); ok {
		return fmt.Sprintf("the notes mark this uncertain (%q)", cue)
	}
	if questionMark(s) {
		return "the notes mark this uncertain (\"?\")"
	}
	return ""
}

// questionMark reports a "?" that ends a word or clause, not one in a URL.
func questionMark(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '?' {
			continue
		}
		if strings.Contains(s[:i], "://") && !strings.ContainsAny(s[strings.LastIndex(s[:i], "://"):i], " \t") {
			continue
		}
		if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == ')' || s[i+1] == ',' || s[i+1] == '?' {
			return true
		}
	}
	return false
}

// first returns the index of the first event at or after from whose kind
// satisfies ok, or -1.
func (a *analyzer) first(from int, ok func(hindsight.Event) bool) int {
	if from < 0 {
		from = 0
	}
	for i := from; i < len(a.pm.Timeline); i++ {
		if ok(a.pm.Timeline[i]) {
			return i
		}
	}
	return -1
}

func kindIs(kinds ...hindsight.Kind) func(hindsight.Event) bool {
	return func(e hindsight.Event) bool {
		for _, k := range kinds {
			if e.Kind == k {
				return true
			}
		}
		return false
	}
}

// milestones picks the event for each milestone, by the rules in
// docs/method.md.
func (a *analyzer) milestones() {
	tl := a.pm.Timeline
	// The change that started it comes before any symptom or response; it
	// may be the first symptom's own line ("deploy and errors on Errbit").
	symptom := a.first(0, kindIs(hindsight.KindImpactStart, hindsight.KindDetect, hindsight.KindRollbackDecision,
		hindsight.KindRollbackStart, hindsight.KindRollbackEnd, hindsight.KindRecover, hindsight.KindForwardFix))
	a.deployIdx = a.first(0, func(e hindsight.Event) bool {
		return isChange(e.Kind) || (e.Kind == hindsight.KindImpactStart || e.Kind == hindsight.KindDetect) && changeCue(e.Text)
	})
	if symptom >= 0 && a.deployIdx > symptom {
		a.deployIdx = -1 // a change after the trouble began is part of the response
	}
	a.detectIdx = a.first(max(a.deployIdx, 0), kindIs(hindsight.KindDetect))
	// Starting to investigate or respond means someone noticed: when that
	// comes before any recorded detection, it is the detection.
	if resp := a.first(max(a.deployIdx, 0), kindIs(hindsight.KindInvestigate, hindsight.KindCommunicate,
		hindsight.KindMitigate, hindsight.KindRollbackDecision, hindsight.KindRollbackStart)); resp >= 0 && (a.detectIdx < 0 || resp < a.detectIdx) && resp != a.deployIdx {
		a.detectIdx = resp
	}
	a.impactIdx = -1
	for i := max(a.deployIdx, 0); i < len(tl) && (a.detectIdx < 0 || i <= a.detectIdx); i++ {
		if tl[i].Kind == hindsight.KindImpactStart {
			a.impactIdx = i
			break
		}
	}
	a.decisionIdx = a.first(0, kindIs(hindsight.KindRollbackDecision))
	a.rbStartIdx = a.first(max(a.decisionIdx, 0), kindIs(hindsight.KindRollbackStart, hindsight.KindRollbackEnd))
	a.rbEndIdx = -1
	if a.rbStartIdx >= 0 {
		switch {
		case tl[a.rbStartIdx].Kind == hindsight.KindRollbackEnd:
			a.rbEndIdx = a.rbStartIdx // one line said the rollback happened
		case tl[a.rbStartIdx].End != nil:
			// One line said when it ran ("14:05–14:20 rollback to v2"),
			// unless a line after it, before another attempt, says it
			// completed: then the range was its start ("14:05–14:07
			// initiated rollback", "14:30 rollback complete"). A line about
			// what it led to ("rollback introduced cache errors") is none.
			a.rbEndIdx = a.rbStartIdx
			done := a.first(a.rbStartIdx+1, func(e hindsight.Event) bool {
				return e.Kind == hindsight.KindRollbackEnd && completedRollback(strings.ToLower(e.Text))
			})
			if again := a.first(a.rbStartIdx+1, kindIs(hindsight.KindRollbackStart)); done >= 0 && (again < 0 || done < again) {
				a.rbEndIdx = done
			}
		default:
			a.rbEndIdx = a.first(a.rbStartIdx+1, kindIs(hindsight.KindRollbackEnd))
		}
	}
	recovery := func(e hindsight.Event) bool {
		s := strings.ToLower(e.Text)
		return e.At != nil && (e.Kind == hindsight.KindRecover || (recoverWords.in(s) && !impactNow(s) && e.Kind != hindsight.KindDetect))
	}
	// Prefer a recovery after the rollback: one before it was partial.
	a.recoverIdx = -1
	if a.rbStartIdx >= 0 {
		a.recoverIdx = a.first(a.rbStartIdx, recovery)
	}
	if a.recoverIdx < 0 {
		a.recoverIdx = a.first(max(a.detectIdx, a.impactIdx, a.deployIdx, 0), recovery)
	}
	at := func(i int) *hindsight.Time {
		if i < 0 || tl[i].At == nil {
			return nil
		}
		return tl[i].At
	}
	end := func(i int) *hindsight.Time {
		if i >= 0 && tl[i].End != nil {
			return tl[i].End
		}
		return at(i)
	}
	m := &a.pm.Milestones
	m.DeployStart = at(a.deployIdx)
	m.ImpactStart = at(a.impactIdx)
	if m.ImpactStart == nil {
		m.ImpactStart = m.DeployStart
		a.impactIdx = a.deployIdx
	}
	m.Detected = at(a.detectIdx)
	m.RollbackDecision = at(a.decisionIdx)
	if a.rbEndIdx == a.rbStartIdx && a.rbEndIdx >= 0 {
		// One entry says the rollback happened ("rolled back at 14:41"): that
		// is when it ended; when it began is not in the notes.
		m.RollbackEnd = end(a.rbEndIdx)
		if tl[a.rbEndIdx].End != nil {
			m.RollbackStart = at(a.rbStartIdx)
		}
	} else {
		m.RollbackStart = at(a.rbStartIdx)
		m.RollbackEnd = end(a.rbEndIdx)
	}
	m.Recovered = at(a.recoverIdx)
}

// durations computes the four durations by the formulas; a negative one is
// recorded as a contradiction in the notes, not printed.
func (a *analyzer) durations() {
	var contradictions []string
	a.pm.Durations, contradictions = a.pm.Milestones.Durations()
	for _, c := range contradictions {
		a.pm.Unverified = append(a.pm.Unverified, hindsight.Unverified{Text: c,
			Reason: "the notes contradict themselves: this duration would be negative, so it is not shown"})
	}
	// A duration is no surer than its times: one from an entry marked
	// unverified (misread on a photo, approximate, out of order) is too.
	tl, d := a.pm.Timeline, a.pm.Durations
	for _, c := range []struct {
		name     string
		v        *float64
		from, to int
	}{
		{"time to detect", d.TimeToDetect, a.impactIdx, a.detectIdx},
		{"time to decide", d.TimeToDecide, a.detectIdx, a.decisionIdx},
		{"rollback", d.Rollback, a.rbStartIdx, a.rbEndIdx},
		{"time to recover", d.TimeToRecover, a.impactIdx, a.recoverIdx},
	} {
		if c.v == nil {
			continue
		}
		for _, i := range []int{c.from, c.to} {
			if i >= 0 && i < len(tl) && tl[i].Unverified {
				a.pm.Unverified = append(a.pm.Unverified, hindsight.Unverified{Line: tl[i].Line,
					Text:   fmt.Sprintf("%s: %s min", c.name, strconv.FormatFloat(*c.v, 'f', -1, 64)),
					Reason: "computed from a time marked unverified: " + tl[i].AsWritten + " " + tl[i].Text})
				break
			}
		}
	}
}

// phases splits the timeline at the hinge: the rollback decision, or the
// first rollback attempt when the notes do not record the decision.
func (a *analyzer) phases() {
	hinge := a.decisionIdx
	if hinge < 0 {
		hinge = a.rbStartIdx
	}
	for i := range a.pm.Timeline {
		if hinge >= 0 && i >= hinge {
			a.pm.Timeline[i].Phase = hindsight.PhaseRollback
		} else {
			a.pm.Timeline[i].Phase = hindsight.PhaseDeploy
		}
	}
}

// Normalise makes a postmortem's empty lists empty rather than nil, so its
// JSON has [] where the contract has a list.
func Normalise(pm *hindsight.Postmortem) {
	for _, l := range []*[]string{&pm.ContributingFactors, &pm.RunbookUpdates, &pm.Lessons, &pm.WentWell,
		&pm.OpenQuestions, &pm.Missing} {
		if *l == nil {
			*l = []string{}
		}
	}
	if pm.Timeline == nil {
		pm.Timeline = []hindsight.Event{}
	}
	if pm.ActionItems == nil {
		pm.ActionItems = []hindsight.ActionItem{}
	}
	if pm.Language == nil {
		pm.Language = []hindsight.LanguageFinding{}
	}
	if pm.Unverified == nil {
		pm.Unverified = []hindsight.Unverified{}
	}
	if pm.Sections == nil {
		pm.Sections = []hindsight.Section{}
	}
	if pm.DeployFailure.Notes == nil {
		pm.DeployFailure.Notes = []string{}
	}
	if pm.Rollback.Notes == nil {
		pm.Rollback.Notes = []string{}
	}
	if pm.Rollback.Attempts == nil {
		pm.Rollback.Attempts = []hindsight.RollbackAttempt{}
	}
}

func defaultTitle(pm *hindsight.Postmortem) string {
	t := "Deployment postmortem"
	if pm.DeployFailure.Category != "" && pm.DeployFailure.Category != hindsight.CategoryOther {
		t = "Postmortem: failed " + string(pm.DeployFailure.Category) + " change"
	}
	if pm.Date != "" {
		t += " (" + pm.Date + ")"
	}
	return t
}
