package document

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/timeline"
)

// Unverified marks a claim the notes do not support.
const Unverified = "[UNVERIFIED]"

// placeholder starts the sentence written where the notes lack a part; the
// reader takes a section holding only such a sentence as empty.
const placeholder = "_Not in the notes"

// BucketTitles names each action-item bucket in documents.
var BucketTitles = map[hindsight.Bucket]string{
	hindsight.BucketDeploySafety:  "Safer deploys (gates, canary, progressive rollout)",
	hindsight.BucketRollbackTrust: "Trustworthy rollback (tested rollback, forward-fix readiness, schema compatibility)",
	hindsight.BucketDetection:     "Detection",
	hindsight.BucketOther:         "Other",
}

// OutcomeText says each rollback outcome in words.
var OutcomeText = map[hindsight.Outcome]string{
	hindsight.OutcomeSucceeded:        "succeeded",
	hindsight.OutcomeFailedToTrigger:  "failed to trigger",
	hindsight.OutcomeFailedToComplete: "failed to complete",
	hindsight.OutcomeRestoredBadState: "restored a bad state",
	hindsight.OutcomeCausedNewHarm:    "caused new harm",
	hindsight.OutcomeNotAttempted:     "not attempted",
}

// milestoneNames are the milestones in order, as the timeline marks them.
var milestoneNames = []string{"deploy start", "impact start", "detected", "rollback decision", "rollback start", "rollback end", "recovered"}

// preambleTitle heads the notes written before their first heading.
const preambleTitle = "Notes before the first heading"

// FrontMatter is the YAML block that opens a document.
type FrontMatter struct {
	ID       string   `yaml:"id,omitempty"`
	Title    string   `yaml:"title"`
	Date     string   `yaml:"date,omitempty"`
	Timezone string   `yaml:"timezone,omitempty"`
	Services []string `yaml:"services,omitempty,flow"`
	Severity string   `yaml:"severity,omitempty"`
	Status   string   `yaml:"status"`
	Authors  []string `yaml:"authors,omitempty,flow"`
	Template string   `yaml:"template"`
}

// Statuses of a document, in order.
var Statuses = []string{"draft", "in_review", "published"}

// Render writes pm as a Markdown document in the template: YAML front
// matter, then the template's sections. Parse reads it back to pm.
func Render(pm *hindsight.Postmortem, t *Template) []byte {
	if t == nil {
		t, _ = Builtin().Get(pm.Template)
		if t == nil {
			t, _ = Builtin().Get("")
		}
	}
	w := &writer{pm: pm, t: t, cur: pm.Date}
	w.frontMatter()
	w.p("# %s\n", oneLine(pm.Title))
	shownKinds := map[hindsight.SectionKind]bool{}
	for _, s := range t.Sections {
		if kind, ok := strings.CutPrefix(s.Part, "notes:"); ok {
			shownKinds[hindsight.SectionKind(kind)] = true
		}
	}
	w.shown = shownKinds
	for _, s := range t.Sections {
		w.section(s)
	}
	return []byte(w.String())
}

type writer struct {
	strings.Builder
	pm    *hindsight.Postmortem
	t     *Template
	shown map[hindsight.SectionKind]bool // kinds a notes:KIND section shows
	// cur and prev are the date and time a reader has in mind at this
	// point of the timeline: what it would give a time written bare.
	cur  string
	prev *hindsight.Time
}

func (w *writer) p(format string, args ...any) { fmt.Fprintf(w, format, args...) }

// missing writes the sentence that says a part is not in the notes.
func (w *writer) missing(what string) { w.p("%s: %s._\n", placeholder, what) }

func (w *writer) frontMatter() {
	pm := w.pm
	fm := FrontMatter{ID: pm.ID, Title: oneLine(pm.Title), Date: pm.Date, Timezone: pm.Timezone, Services: pm.Services,
		Severity: pm.Severity, Status: orDefault(pm.Status, "draft"), Authors: pm.Authors, Template: w.t.Name}
	b, err := yaml.Marshal(fm)
	if err != nil {
		panic(err) // a struct of strings always marshals
	}
	w.p("---\n%s---\n\n", b)
}

func (w *writer) section(s Section) {
	pm := w.pm
	w.p("\n## %s\n\n", s.Title)
	switch s.Part {
	case "summary":
		if pm.Summary == "" {
			w.missing(orDefault(s.Prompt, "a summary"))
		} else {
			w.p("%s\n", pm.Summary)
		}
	case "impact":
		if pm.Impact != "" {
			w.p("%s\n", pm.Impact)
		} else {
			w.missing(orDefault(s.Prompt, "who was affected, how, and for how long"))
		}
		if pm.Detection != "" && !w.t.has("detection") {
			w.p("\n**Detection:** %s\n", pm.Detection)
		}
	case "detection":
		if pm.Detection != "" {
			w.p("%s\n", pm.Detection)
		} else {
			w.missing(orDefault(s.Prompt, "how the problem was detected: an alert, a report, someone noticing"))
		}
	case "durations":
		w.durations()
	case "timeline":
		w.p("### Before the rollback decision\n\n")
		w.timeline(hindsight.PhaseDeploy, s.Prompt)
		w.p("\n### From the rollback decision\n\n")
		w.timeline(hindsight.PhaseRollback, s.Prompt)
	case "deploy_timeline":
		w.timeline(hindsight.PhaseDeploy, s.Prompt)
	case "rollback_timeline":
		w.timeline(hindsight.PhaseRollback, s.Prompt)
	case "failure":
		w.failure()
	case "rollback":
		w.rollback()
	case "recovery":
		w.recovery()
	case "trust_gap":
		w.trustGap()
	case "contributing":
		w.list(pm.ContributingFactors, orDefault(s.Prompt, "the conditions that made this possible or worse"))
	case "actions":
		w.actions()
	case "runbook":
		w.runbook()
	case "lessons":
		w.list(pm.Lessons, orDefault(s.Prompt, "what the team learned"))
	case "went_well":
		w.list(pm.WentWell, orDefault(s.Prompt, "what went well"))
	case "notes":
		w.notes(func(k hindsight.SectionKind) bool { return !w.shown[k] }, s.Prompt)
	case "questions":
		w.questions()
	case "language":
		w.language()
	default:
		kind, _ := strings.CutPrefix(s.Part, "notes:")
		w.notes(func(k hindsight.SectionKind) bool { return k == hindsight.SectionKind(kind) }, s.Prompt)
	}
}

func (w *writer) durations() {
	m, d := w.pm.Milestones, w.pm.Durations
	w.p("| Measure | Minutes | From | To |\n|---|---:|---|---|\n")
	row := func(name string, v *float64, fromName string, from *hindsight.Time, toName string, to *hindsight.Time) {
		w.p("| %s | %s | %s | %s |\n", name, minutes(v), w.milestone(fromName, from), w.milestone(toName, to))
	}
	row("Time to detect", d.TimeToDetect, "impact start", m.ImpactStart, "detected", m.Detected)
	row("Time to decide", d.TimeToDecide, "detected", m.Detected, "rollback decision", m.RollbackDecision)
	row("Rollback", d.Rollback, "rollback start", m.RollbackStart, "rollback end", m.RollbackEnd)
	row("Time to recover", d.TimeToRecover, "impact start", m.ImpactStart, "recovered", m.Recovered)
	deploy := "not in the notes"
	if m.DeployStart != nil {
		deploy = w.time(m.DeployStart)
	}
	w.p("\nDeploy started: %s. Time to detect = detected − impact start; time to decide = rollback decision − detected; "+
		"rollback = rollback end − rollback start; time to recover = recovered − impact start. "+
		"A duration is shown only when both times are in the notes; the milestones are marked on the timeline.\n", deploy)
}

func minutes(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func (w *writer) milestone(name string, t *hindsight.Time) string {
	if t == nil {
		return name + ": not in the notes"
	}
	return name + " " + w.time(t)
}

// time writes a time that stands alone so that, read with the document's
// date and zone, it gives t back: the date only when it is not the
// document's, the zone only when it is not the document's.
func (w *writer) time(t *hindsight.Time) string {
	return w.format(t, t.DateKnown && t.Date() != w.pm.Date)
}

// seqTime writes a time of the timeline, read in order after the times
// before it: the date is written when it changes, and when the clock goes
// back far enough that a reader would take it for the next day.
func (w *writer) seqTime(t *hindsight.Time) string {
	dated := t.DateKnown && (t.Date() != w.cur || (w.prev != nil && t.Sub(*w.prev) < -12*time.Hour))
	if t.DateKnown {
		w.cur = t.Date()
	}
	w.prev = t
	return w.format(t, dated)
}

func (w *writer) format(t *hindsight.Time, dated bool) string {
	s := t.Clock()
	if dated {
		s = t.Date() + " " + s
	}
	if t.ZoneKnown && !sameZone(t.Zone, w.pm.Timezone) {
		s += " " + t.Zone
	}
	return s
}

// sameZone reports whether zone a, as a time has it, is the document's zone
// b: the same name, or the same offset under another ("Z" and "UTC",
// "-08:00" and "PST", as a time read back from the JSON has them).
func sameZone(a, b string) bool {
	if a == b {
		return true
	}
	oa, okA := timeline.Zone(a)
	ob, okB := timeline.Zone(b)
	return okA && okB && oa == ob
}

// eventMilestones returns, for each event, the milestones it marks.
func eventMilestones(pm *hindsight.Postmortem) map[int][]string {
	m := pm.Milestones
	out := map[int][]string{}
	for i, t := range []*hindsight.Time{m.DeployStart, m.ImpactStart, m.Detected, m.RollbackDecision, m.RollbackStart, m.RollbackEnd, m.Recovered} {
		if t == nil {
			continue
		}
		if j := findEvent(pm.Timeline, t, milestoneNames[i]); j >= 0 {
			out[j] = append(out[j], milestoneNames[i])
		}
	}
	return out
}

// findEvent returns the event a milestone time comes from: the same value,
// preferring the very same pointer (as analysis sets it), then an event of
// the milestone's kind.
func findEvent(tl []hindsight.Event, t *hindsight.Time, name string) int {
	at := func(e hindsight.Event) *hindsight.Time {
		if name == "rollback end" && e.End != nil {
			return e.End
		}
		return e.At
	}
	for i, e := range tl {
		if at(e) == t {
			return i
		}
	}
	best := -1
	for i, e := range tl {
		if a := at(e); a != nil && sameTime(a, t) {
			if best < 0 {
				best = i
			}
			if strings.ReplaceAll(string(e.Kind), "_", " ") == name {
				return i
			}
		}
	}
	return best
}

func sameTime(a, b *hindsight.Time) bool {
	return a.ISO() == b.ISO() && a.Clock() == b.Clock() && a.ZoneKnown == b.ZoneKnown && a.DateKnown == b.DateKnown
}

func (w *writer) timeline(phase hindsight.Phase, prompt string) {
	pm := w.pm
	marks := eventMilestones(pm)
	n := 0
	for _, e := range pm.Timeline {
		if e.Phase == phase {
			n++
		}
	}
	if len(pm.Timeline) == 0 {
		w.missing(orDefault(prompt, `a timeline (write entries such as "14:32 — initiated rollback")`))
		return
	}
	if n == 0 {
		if phase == hindsight.PhaseRollback {
			w.p("_No rollback decision in the notes: the whole response is on the first timeline._\n")
		} else {
			w.p("_No entries before the rollback decision._\n")
		}
		return
	}
	w.p("| Time | What happened | Kind | Milestone | Unverified because |\n|---|---|---|---|---|\n")
	for i, e := range pm.Timeline {
		if e.Phase != phase {
			continue
		}
		text := cell(e.Text)
		if e.Unverified {
			text = Unverified + " " + text
		}
		w.p("| %s | %s | %s | %s | %s |\n", w.eventTime(e), text, strings.ReplaceAll(string(e.Kind), "_", " "),
			strings.Join(marks[i], ", "), cell(strings.Join(e.Reasons, "; ")))
	}
}

// eventTime writes an event's time cell: the time (or range), then the time
// as written in parentheses when it differs.
func (w *writer) eventTime(e hindsight.Event) string {
	s := "—"
	if e.At != nil {
		s = w.seqTime(e.At)
		if e.End != nil {
			s += "–" + w.format(e.End, e.End.DateKnown && e.End.Date() != e.At.Date())
		}
	}
	if e.AsWritten != "" && e.AsWritten != s {
		s += " (" + cell(e.AsWritten) + ")"
	}
	return s
}

func (w *writer) failure() {
	df := w.pm.DeployFailure
	field := func(name, value, missing string) {
		if value != "" {
			w.p("- **%s:** %s\n", name, oneLine(value))
		} else {
			w.p("- **%s:** _not in the notes: %s_\n", name, missing)
		}
	}
	field("Failure point", df.FailurePoint, "what broke, and why")
	field("Category", string(df.Category), "what kind of change failed")
	field("Missed gate", df.MissedGate, "which gate or check would have caught this before users did?")
	if df.Evidence != "" {
		w.p("- **The change:** %s\n", oneLine(df.Evidence))
	}
	w.fromNotes(df.Notes)
}

func (w *writer) fromNotes(lines []string) {
	if len(lines) == 0 {
		return
	}
	w.p("\n**From the notes:**\n\n")
	for _, l := range lines {
		w.p("- %s\n", oneLine(l))
	}
}

func (w *writer) rollback() {
	rb := w.pm.Rollback
	if rb.Decision != "" {
		w.p("- **Decision:** %s\n", oneLine(rb.Decision))
	}
	switch {
	case !rb.Attempted:
		w.p("- **Attempted:** no\n")
	case rb.Outcome == hindsight.OutcomeSucceeded && len(rb.Attempts) == 1:
		w.p("- **Attempted:** yes. It succeeded: there is no rollback failure to analyse, only its duration.\n")
	default:
		w.p("- **Attempted:** yes. The rollback is analysed as its own failure, with its own root cause.\n")
	}
	if len(rb.Attempts) > 0 {
		w.p("\n")
	}
	for i, at := range rb.Attempts {
		w.p("%d. **Attempt %d** (%s): %s — **%s**\n", i+1, i+1, w.span(at), oneLine(at.Method), OutcomeText[at.Outcome])
		if at.Evidence != "" {
			w.p("   - Evidence: %s\n", oneLine(at.Evidence))
		}
	}
	if !rb.Attempted && len(rb.Notes) == 0 {
		w.p("\n")
		w.missing("why rollback was or was not used")
	}
	w.fromNotes(rb.Notes)
}

// span writes an attempt's times: "14:16–14:20, 4 min", "14:16",
// "ended 14:20" or "no time in the notes".
func (w *writer) span(at hindsight.RollbackAttempt) string {
	switch {
	case at.Start != nil && at.End != nil:
		s := w.time(at.Start) + "–" + w.time(at.End)
		if d := at.End.Sub(*at.Start); d >= 0 {
			s += ", " + strconv.FormatFloat(hindsight.Minutes(d), 'f', -1, 64) + " min"
		}
		return s
	case at.Start != nil:
		return w.time(at.Start)
	case at.End != nil:
		return "ended " + w.time(at.End)
	}
	return "no time in the notes"
}

func (w *writer) recovery() {
	m := w.pm.Milestones
	if m.Recovered == nil {
		w.missing("when the service was healthy again, and how that was confirmed (error rates, data checks, performance)")
		return
	}
	w.p("Service was healthy again at %s", w.time(m.Recovered))
	if d := w.pm.Durations.TimeToRecover; d != nil {
		w.p(", %s minutes after the impact began", minutes(d))
	}
	w.p(" (the milestone is marked on the timeline).\n")
}

func (w *writer) trustGap() {
	pm := w.pm
	tg := pm.Rollback.TrustGap
	switch {
	case tg.Found:
		w.p("**Found:** yes. Rollback was assumed safe without being tested under these conditions. The notes say: %s\n", oneLine(tg.Evidence))
	case pm.Rollback.Outcome.Failed():
		w.p("**Found:** not in the notes. Had this rollback path ever been tested under these conditions? A rollback that fails is usually one that was assumed to work.\n")
	case pm.Rollback.Attempted:
		w.p("**Found:** no. The notes give no sign that rollback was assumed safe without testing.\n")
	default:
		w.p("**Found:** no. No rollback was attempted, so there is no rollback trust to assess.\n")
	}
}

func (w *writer) list(items []string, what string) {
	if len(items) == 0 {
		w.missing(what)
		return
	}
	for _, it := range items {
		w.p("- %s\n", oneLine(it))
	}
}

func (w *writer) actions() {
	pm := w.pm
	if len(pm.ActionItems) == 0 {
		w.missing("action items. Each failure needs at least one, with an owner, a priority and a due date")
		return
	}
	first := true
	for _, b := range hindsight.Buckets {
		var items []hindsight.ActionItem
		for _, it := range pm.ActionItems {
			if it.Bucket == b {
				items = append(items, it)
			}
		}
		if len(items) == 0 && b != hindsight.BucketDeploySafety && b != hindsight.BucketRollbackTrust {
			continue
		}
		if !first {
			w.p("\n")
		}
		first = false
		w.p("### %s\n\n", BucketTitles[b])
		if len(items) == 0 {
			w.p("_No action item in this bucket._\n")
		}
		for _, it := range items {
			w.p("%s\n", ActionLine(it))
		}
	}
}

// ActionLine writes an action item as a Markdown task line that reads
// naturally and that Parse reads back exactly:
//
//   - [ ] Add a canary stage — owner: dana · priority: P1 · due: 2026-12-01
//
// Status (beyond proposed), id and a runbook mark follow when set.
func ActionLine(it hindsight.ActionItem) string {
	box := "[ ]"
	if it.Status == hindsight.StatusDone || it.Status == hindsight.StatusVerified || it.Status == hindsight.StatusWontDo {
		box = "[x]"
	}
	fields := []string{
		"owner: " + orDefault(it.Owner, "_missing_"),
		"priority: " + orDefault(string(it.Priority), "_missing_"),
		"due: " + orDefault(it.Due, "_missing_"),
	}
	if it.Status != "" && it.Status != hindsight.StatusProposed {
		fields = append(fields, "status: "+strings.ReplaceAll(string(it.Status), "_", " "))
	}
	if it.ID != "" {
		fields = append(fields, "id: "+it.ID)
	}
	if it.Runbook {
		fields = append(fields, "runbook")
	}
	return fmt.Sprintf("- %s %s — %s", box, oneLine(it.Text), strings.Join(fields, " · "))
}

func (w *writer) runbook() {
	if len(w.pm.RunbookUpdates) == 0 {
		w.missing("a runbook change. If the runbook was accurate, say so; if not, list the steps to add or fix")
		return
	}
	// A step that is also an action item is ticked when that item is done:
	// the ticks follow the action items, where a tick is read.
	done := map[string]bool{}
	for _, a := range w.pm.ActionItems {
		if a.Status == hindsight.StatusDone || a.Status == hindsight.StatusVerified {
			done[hindsight.NormalizeAction(a.Text)] = true
		}
	}
	for _, r := range w.pm.RunbookUpdates {
		box := "[ ]"
		if done[hindsight.NormalizeAction(r)] {
			box = "[x]"
		}
		w.p("- %s %s\n", box, oneLine(r))
	}
}

// notes writes the team's sections that keep returns true for, as written.
func (w *writer) notes(keep func(hindsight.SectionKind) bool, prompt string) {
	n := 0
	for _, s := range w.pm.Sections {
		if !keep(s.Kind) || len(s.Lines) == 0 {
			continue
		}
		if n > 0 {
			w.p("\n")
		}
		n++
		title := s.Title
		if s.Kind == hindsight.SectionPreamble {
			title = preambleTitle
		}
		w.p("### %s\n\n", oneLine(orDefault(title, "Notes")))
		for _, l := range s.Lines {
			w.p("- %s\n", oneLine(l))
		}
	}
	if n == 0 {
		if prompt != "" {
			w.missing(prompt)
		} else {
			w.p("_Nothing else in the notes._\n")
		}
	}
}

func (w *writer) questions() {
	pm := w.pm
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
		w.p("- %s %s%s — _%s_\n", Unverified, where, oneLine(u.Text), oneLine(u.Reason))
	}
	for _, m := range pm.Missing {
		w.p("- Missing from the notes: %s\n", m)
	}
}

func (w *writer) language() {
	if len(w.pm.Language) == 0 {
		w.p("No blame-laden wording found.\n")
		return
	}
	w.p("_Postmortems analyse the system, not the person who pulled the lever. Suggested rewording:_\n\n")
	for _, f := range w.pm.Language {
		where := ""
		if f.Line > 0 {
			where = fmt.Sprintf("line %d: ", f.Line)
		}
		w.p("- %s\"%s\" → %s\n", where, oneLine(f.Phrase), f.Suggestion)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cell makes text safe inside a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(oneLine(s), "|", `\|`) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
