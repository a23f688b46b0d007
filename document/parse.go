package document

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/analysis"
	"github.com/hindsight-dev/hindsight/notes"
	"github.com/hindsight-dev/hindsight/timeline"
)

// Line is one line of a document with its number (1-based).
type Line struct {
	N    int
	Text string
}

// Block is a section of a parsed document: its heading and lines.
type Block struct {
	Title string
	Line  int    // the heading's line
	Part  string // the template part it shows, "" for a section the template does not know
	Lines []Line
}

// Doc is a parsed document: the postmortem it holds, the template it follows,
// and where everything is, for lint.
type Doc struct {
	PM       *hindsight.Postmortem
	Template *Template
	Front    FrontMatter
	// FrontLines maps front matter keys to their lines.
	FrontLines map[string]int
	TitleLine  int
	Blocks     []Block
	Lines      []string // every line of the document, for lint
}

// IsDocument reports whether data is a Hindsight document: it opens with
// front matter naming a template.
func IsDocument(data []byte) bool {
	fm, _, _, err := splitFront(normalise(data))
	return err == nil && fm != nil && fm.Template != ""
}

// Check returns an error for the first kind, category, status or
// priority in d that Hindsight does not know (hindsight.Unknowns): such a
// postmortem would break the JSON contract. Lint lists them all (HS014);
// render, snap and save refuse the document. name is the document's, for
// the message.
func (d *Doc) Check(name string) error {
	u := hindsight.Unknowns(d.PM)
	if len(u) == 0 {
		return nil
	}
	where := name
	if u[0].Line > 0 {
		where += ":" + strconv.Itoa(u[0].Line)
	}
	return hindsight.Errorf(hindsight.EINVALID, "%s: unknown %s %q: fix it there (hindsight lint %s lists every such line)", where, u[0].Field, u[0].Value, name)
}

// Empty reports whether d, read as a document, holds no timeline and no
// action items: notes typed under front matter that names a template
// ("template: database") rather than a document Render wrote, which are
// better snapped as notes.
func Empty(d *Doc) bool {
	return len(d.PM.Timeline) == 0 && len(d.PM.ActionItems) == 0
}

// Parse reads a document written by Render, and edited by people, back into
// a postmortem. Derived parts (the durations, what is missing) are computed
// afresh from what the document says, so an edited timeline gives the
// durations it implies. ts may be nil for the built-in templates.
func Parse(name string, data []byte, ts *Templates) (*Doc, error) {
	if ts == nil {
		ts = Builtin()
	}
	text := normalise(data)
	fm, lines, fmLines, err := splitFront(text)
	if err != nil {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s: the front matter is not valid YAML (%v); fix it, or run hindsight snap on the notes again", name, err)
	}
	if fm == nil || fm.Template == "" {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s is not a Hindsight document (no front matter with a template); make one with: hindsight snap %s -o pm.md", name, name)
	}
	t, err := ts.Get(fm.Template)
	if err != nil {
		return nil, err
	}
	d := &Doc{Template: t, Front: *fm, FrontLines: fmLines, Lines: strings.Split(text, "\n")}
	pm := &hindsight.Postmortem{Schema: hindsight.Schema, ID: fm.ID, Title: fm.Title, Date: fm.Date, Timezone: fm.Timezone,
		Template: t.Name, Status: fm.Status, Services: fm.Services, Severity: fm.Severity, Authors: fm.Authors}
	d.PM = pm
	d.split(lines)
	r := &reader{pm: pm, doc: d, res: newResolver(pm)}
	for i := range d.Blocks {
		r.block(&d.Blocks[i])
	}
	r.finish()
	return d, nil
}

func normalise(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// splitFront separates the front matter from the body. It returns the
// body's lines (with their numbers) and the line of each front matter key.
func splitFront(text string) (*FrontMatter, []Line, map[string]int, error) {
	all := strings.Split(text, "\n")
	var body []Line
	start := 0
	var fm *FrontMatter
	keys := map[string]int{}
	if len(all) > 1 && strings.TrimSpace(all[0]) == "---" {
		for i := 1; i < len(all); i++ {
			if t := strings.TrimSpace(all[i]); t == "---" || t == "..." {
				fm = &FrontMatter{}
				if err := yaml.Unmarshal([]byte(strings.Join(all[1:i], "\n")), fm); err != nil {
					return nil, nil, nil, err
				}
				for j := 1; j < i; j++ {
					if k, _, ok := strings.Cut(all[j], ":"); ok && !strings.HasPrefix(k, " ") {
						keys[strings.TrimSpace(k)] = j + 1
					}
				}
				start = i + 1
				break
			}
		}
	}
	for i := start; i < len(all); i++ {
		body = append(body, Line{N: i + 1, Text: all[i]})
	}
	return fm, body, keys, nil
}

// split cuts the body into the title and one Block per "## " section.
func (d *Doc) split(lines []Line) {
	var cur *Block
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		switch {
		case strings.HasPrefix(t, "# ") && cur == nil && d.TitleLine == 0:
			d.TitleLine = l.N
			if d.PM.Title == "" {
				d.PM.Title = strings.TrimSpace(t[2:])
			}
		case strings.HasPrefix(t, "## "):
			title := strings.TrimSpace(t[3:])
			b := Block{Title: title, Line: l.N}
			if s, ok := d.Template.section(title); ok {
				b.Part = s.Part
			}
			d.Blocks = append(d.Blocks, b)
			cur = &d.Blocks[len(d.Blocks)-1]
		case cur != nil:
			cur.Lines = append(cur.Lines, l)
		}
	}
}

type reader struct {
	pm  *hindsight.Postmortem
	doc *Doc
	res *timeline.Resolver
	// marks records, per milestone name, the first event that marks it.
	marks map[string]int
}

func newResolver(pm *hindsight.Postmortem) *timeline.Resolver {
	r := &timeline.Resolver{Zone: pm.Timezone}
	if d, err := time.Parse("2006-01-02", pm.Date); err == nil {
		r.Year, r.Month, r.Day = d.Year(), int(d.Month()), d.Day()
	}
	return r
}

func (r *reader) block(b *Block) {
	pm := r.pm
	switch b.Part {
	case "summary":
		pm.Summary = paragraph(b.Lines)
	case "impact":
		var rest []Line
		for _, l := range b.Lines {
			if v, ok := strings.CutPrefix(strings.TrimSpace(l.Text), "**Detection:** "); ok {
				pm.Detection = v
				continue
			}
			rest = append(rest, l)
		}
		pm.Impact = paragraph(rest)
	case "detection":
		pm.Detection = paragraph(b.Lines)
	case "timeline":
		phase := hindsight.PhaseDeploy
		for _, l := range b.Lines {
			if h, ok := strings.CutPrefix(strings.TrimSpace(l.Text), "### "); ok {
				if strings.Contains(strings.ToLower(h), "from the rollback") || strings.Contains(strings.ToLower(h), "rollback timeline") {
					phase = hindsight.PhaseRollback
				}
				continue
			}
			r.timelineRow(l, phase)
		}
	case "deploy_timeline", "rollback_timeline":
		phase := hindsight.PhaseDeploy
		if b.Part == "rollback_timeline" {
			phase = hindsight.PhaseRollback
		}
		for _, l := range b.Lines {
			r.timelineRow(l, phase)
		}
	case "failure":
		r.failure(b.Lines)
	case "rollback":
		r.rollback(b.Lines)
	case "trust_gap":
		t := paragraph(b.Lines)
		if strings.HasPrefix(t, "**Found:** yes") {
			pm.Rollback.TrustGap.Found = true
			if _, ev, ok := strings.Cut(t, "The notes say: "); ok {
				pm.Rollback.TrustGap.Evidence = ev
			}
		}
	case "contributing":
		pm.ContributingFactors = bullets(b.Lines)
	case "lessons":
		pm.Lessons = bullets(b.Lines)
	case "went_well":
		pm.WentWell = bullets(b.Lines)
	case "actions":
		r.actions(b.Lines)
	case "runbook":
		for _, it := range bullets(b.Lines) {
			it, _, _ = cutBox(it)
			pm.RunbookUpdates = append(pm.RunbookUpdates, it)
		}
	case "notes":
		r.notes(b.Lines, "")
	case "questions":
		r.questions(b.Lines)
	case "language":
		r.language(b.Lines)
	case "durations", "recovery":
		// Derived from the timeline's milestones.
	default:
		if kind, ok := strings.CutPrefix(b.Part, "notes:"); ok {
			r.notes(b.Lines, hindsight.SectionKind(kind))
			return
		}
		// A section the template does not know is kept as written.
		pm.Sections = append(pm.Sections, hindsight.Section{Title: b.Title, Kind: kindOf(b.Title), Lines: bullets(b.Lines), Line: b.Line})
	}
}

func kindOf(title string) hindsight.SectionKind {
	if title == preambleTitle {
		return hindsight.SectionPreamble
	}
	if k := notes.Classify(title); k != "" {
		return k
	}
	return hindsight.SectionOther
}

// paragraph joins a section's text, keeping paragraph breaks, and reads a
// placeholder as nothing.
func paragraph(lines []Line) string {
	var parts []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			flush()
			continue
		}
		if strings.HasPrefix(t, placeholder) {
			continue
		}
		cur = append(cur, t)
	}
	flush()
	return strings.Join(parts, "\n\n")
}

// bullets returns the text of a section's list items, without markers.
func bullets(lines []Line) []string {
	var out []string
	for _, l := range lines {
		if t, ok := bullet(l.Text); ok {
			out = append(out, t)
		}
	}
	if out == nil {
		return []string{}
	}
	return out
}

func bullet(s string) (string, bool) {
	t := strings.TrimSpace(s)
	for _, m := range []string{"- ", "* ", "+ "} {
		if v, ok := strings.CutPrefix(t, m); ok && !strings.HasPrefix(s, "   ") {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// cutBox strips a task box, reporting whether there was one and its state.
func cutBox(s string) (text string, box, checked bool) {
	switch {
	case strings.HasPrefix(s, "[ ] "):
		return s[4:], true, false
	case strings.HasPrefix(s, "[x] "), strings.HasPrefix(s, "[X] "):
		return s[4:], true, true
	}
	return s, false, false
}

// row splits a table row into cells, honouring escaped pipes.
func row(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	var cells []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			b.WriteByte('|')
			i++
		case s[i] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

// timelineColumns is how many columns a timeline table has (write.go).
const timelineColumns = 5

// timelineRow reads one row of a timeline table.
func (r *reader) timelineRow(l Line, phase hindsight.Phase) {
	t := strings.TrimSpace(l.Text)
	if !strings.HasPrefix(t, "|") {
		return
	}
	cells := row(t)
	if len(cells) == 0 || strings.Trim(strings.Join(cells, ""), ":- ") == "" || strings.EqualFold(cells[0], "time") {
		return
	}
	// The table has five columns (time, what happened, kind, milestone,
	// why unverified). More cells are a "|" typed into the text without
	// its backslash: "status page updated: checkout | degraded".
	if extra := len(cells) - timelineColumns; extra > 0 {
		text := strings.Join(cells[1:2+extra], " | ")
		cells = append([]string{cells[0], text}, cells[2+extra:]...)
	}
	get := func(i int) string {
		if i < len(cells) {
			return cells[i]
		}
		return ""
	}
	e := hindsight.Event{Phase: phase, Line: l.N}
	unsure := r.eventTime(&e, get(0))
	text := get(1)
	if v, ok := strings.CutPrefix(text, Unverified); ok {
		e.Unverified, text = true, strings.TrimSpace(v)
	}
	e.Text = text
	// A kind written by hand is kept as written, so lint can point at one
	// Hindsight does not know; an empty one is read from the text.
	e.Kind = hindsight.Kind(strings.ReplaceAll(strings.TrimSpace(get(2)), " ", "_"))
	if e.Kind == "" {
		e.Kind = analysis.Classify(e.Text)
	}
	if reasons := strings.TrimSpace(get(4)); reasons != "" {
		e.Reasons = strings.Split(reasons, "; ")
		e.Unverified = true
	} else if len(unsure) > 0 {
		// A time edited to "around 14:31", or taken out: unsure, as in notes.
		e.Reasons, e.Unverified = unsure, true
	}
	idx := len(r.pm.Timeline)
	r.pm.Timeline = append(r.pm.Timeline, e)
	for _, m := range strings.Split(get(3), ",") {
		if m = strings.ToLower(strings.TrimSpace(m)); m != "" {
			if r.marks == nil {
				r.marks = map[string]int{}
			}
			if _, seen := r.marks[m]; !seen {
				r.marks[m] = idx
			}
		}
	}
}

// eventTime reads a time cell: "14:32", "14:32–14:45", "2026-11-21 00:10",
// "14:32 PST", "—", each optionally followed by "(as written)".
// It returns why the time is unsure, as the notes' reader says it
// ("approximate time"; no time given).
func (r *reader) eventTime(e *hindsight.Event, s string) (reasons []string) {
	display := s
	if i := strings.Index(s, " ("); i >= 0 && strings.HasSuffix(s, ")") {
		display, e.AsWritten = s[:i], s[i+2:len(s)-1]
	} else if s != "—" {
		e.AsWritten = s
	}
	if display == "—" || display == "" {
		return []string{"no time given, placed by its position in the notes"}
	}
	start, end, _ := strings.Cut(display, "–")
	if x, err := timeline.Parse(strings.TrimSpace(start)); err == nil {
		e.At, _, reasons = r.res.Resolve(x) // in order: the timeline's running date applies
	}
	if end != "" && e.At != nil {
		e.End = r.rangeEnd(e.At, end)
	}
	if e.At == nil && e.AsWritten == display {
		e.AsWritten = s // not a time this reader knows: keep it as written
	}
	return reasons
}

// time reads a time that stands alone, with the document's date and zone
// for what it leaves out.
func (r *reader) time(s string) *hindsight.Time {
	x, err := timeline.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil
	}
	start, _, _ := newResolver(r.pm).Resolve(x)
	return start
}

// rangeEnd reads the end of a range on the start's date (the next day
// when the clock goes back, as a range past midnight does).
func (r *reader) rangeEnd(start *hindsight.Time, s string) *hindsight.Time {
	x, err := timeline.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil
	}
	res := newResolver(r.pm)
	if start.DateKnown && x.Year == 0 {
		res.SetDate(start.Wall.Year(), int(start.Wall.Month()), start.Wall.Day())
	}
	end, _, _ := res.Resolve(x)
	if end != nil && end.Sub(*start) < 0 && x.Year == 0 {
		w := end.Wall.AddDate(0, 0, 1)
		end.Wall = w
	}
	return end
}

var (
	reAttempt  = regexp.MustCompile(`^\d+\.\s+\*\*Attempt \d+\*\*\s+\((.*?)\):\s+(.*?)\s+—\s+\*\*(.+?)\*\*\s*$`)
	reField    = regexp.MustCompile(`^- \*\*(.+?):\*\*\s*(.*)$`)
	reLanguage = regexp.MustCompile(`^(?:line (\d+): )?"(.*)" → (.*)$`)
	reUnverif  = regexp.MustCompile(`^\[UNVERIFIED\] (?:line (\d+): )?(.*?)(?: — _(.*)_)?$`)
)

// field reads "- **Name:** value"; a "_not in the notes…_" value is empty.
func field(s string) (name, value string, ok bool) {
	m := reField.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", "", false
	}
	v := m[2]
	if strings.HasPrefix(v, "_not in the notes") {
		v = ""
	}
	return m[1], v, true
}

// fromTheNotes splits a section at its "**From the notes:**" line into
// the lines before it and the bullets after it (the board's own words).
func fromTheNotes(lines []Line) (body []Line, notes []string) {
	for i, l := range lines {
		if strings.TrimSpace(l.Text) == "**From the notes:**" {
			for _, n := range lines[i+1:] {
				if v, ok := bullet(n.Text); ok {
					notes = append(notes, v)
				}
			}
			return lines[:i], notes
		}
	}
	return lines, nil
}

func (r *reader) failure(lines []Line) {
	df := &r.pm.DeployFailure
	lines, notes := fromTheNotes(lines)
	df.Notes = append(df.Notes, notes...)
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		name, v, ok := field(t)
		if !ok {
			continue
		}
		switch name {
		case "Failure point":
			df.FailurePoint = v
		case "Category":
			df.Category = hindsight.Category(strings.ToLower(v))
		case "Missed gate", "Gate that should have caught it":
			df.MissedGate = v
		case "The change":
			df.Evidence = v
		}
	}
}

func (r *reader) rollback(lines []Line) {
	rb := &r.pm.Rollback
	lines, notes := fromTheNotes(lines)
	rb.Notes = append(rb.Notes, notes...)
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if m := reAttempt.FindStringSubmatch(t); m != nil {
			at := hindsight.RollbackAttempt{Method: m[2], Outcome: outcomeFrom(m[3]), Line: l.N}
			r.span(&at, m[1])
			rb.Attempts = append(rb.Attempts, at)
			continue
		}
		if v, ok := strings.CutPrefix(t, "- Evidence: "); ok && len(rb.Attempts) > 0 && strings.HasPrefix(l.Text, "   ") {
			rb.Attempts[len(rb.Attempts)-1].Evidence = v
			continue
		}
		if name, v, ok := field(t); ok && name == "Decision" {
			rb.Decision = v
		}
	}
}

func outcomeFrom(s string) hindsight.Outcome {
	s = strings.ToLower(strings.TrimSpace(s))
	for o, text := range OutcomeText {
		if text == s || string(o) == strings.ReplaceAll(s, " ", "_") {
			return o
		}
	}
	return hindsight.OutcomeSucceeded
}

// span reads an attempt's times as written by writer.span.
func (r *reader) span(at *hindsight.RollbackAttempt, s string) {
	switch {
	case s == "no time in the notes":
	case strings.HasPrefix(s, "ended "):
		at.End = r.time(strings.TrimPrefix(s, "ended "))
	default:
		s, _, _ = strings.Cut(s, ", ")
		start, end, _ := strings.Cut(s, "–")
		at.Start = r.time(start)
		if end != "" {
			at.End = r.time(end)
		}
	}
}

var reActionFields = regexp.MustCompile(`^(.*) — ((?:owner|priority|due|status|id|runbook)\b.*)$`)

func (r *reader) actions(lines []Line) {
	bucket := hindsight.Bucket("")
	ref, _ := time.Parse("2006-01-02", r.pm.Date)
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if h, ok := strings.CutPrefix(t, "### "); ok {
			bucket = bucketOf(h)
			continue
		}
		v, ok := bullet(l.Text)
		if !ok {
			continue
		}
		text, _, checked := cutBox(v)
		it := hindsight.ActionItem{Status: hindsight.StatusProposed, Line: l.N}
		if m := reActionFields.FindStringSubmatch(text); m != nil {
			it.Text = m[1]
			for _, f := range strings.Split(m[2], " · ") {
				k, val, _ := strings.Cut(f, ": ")
				if val == "_missing_" {
					val = ""
				}
				switch strings.TrimSpace(k) {
				case "owner":
					it.Owner = val
				case "priority":
					it.Priority = hindsight.Priority(strings.ToUpper(val))
				case "due":
					it.Due = val
				case "status":
					it.Status = hindsight.Status(strings.ReplaceAll(val, " ", "_"))
				case "id":
					it.ID = val
				case "runbook":
					it.Runbook = true
				}
			}
		} else {
			// A line someone added by hand: read it as notes are read.
			a := notes.ParseAction(text, ref)
			it.Text, it.Owner, it.Priority, it.Due, it.Status = a.Text, a.Owner, a.Priority, a.Due, a.Status
		}
		switch {
		case checked && it.Status.Open():
			it.Status = hindsight.StatusDone // a ticked box is done
		case !checked && (it.Status == hindsight.StatusDone || it.Status == hindsight.StatusVerified):
			it.Status = hindsight.StatusInProgress // an unticked box is open again
			// (an unticked "status: wont do" stays won't do: the save asks
			// for its reason)
		}
		it.Bucket = bucket
		if it.Bucket == "" {
			it.Bucket = analysis.Bucket(it.Text)
		}
		r.pm.ActionItems = append(r.pm.ActionItems, it)
	}
}

func bucketOf(heading string) hindsight.Bucket {
	h := strings.ToLower(heading)
	for b, title := range BucketTitles {
		if strings.EqualFold(title, heading) {
			return b
		}
	}
	switch {
	case strings.Contains(h, "rollback"):
		return hindsight.BucketRollbackTrust
	case strings.Contains(h, "deploy"):
		return hindsight.BucketDeploySafety
	case strings.Contains(h, "detect"):
		return hindsight.BucketDetection
	}
	return hindsight.BucketOther
}

// notes reads "### Title" sections of the team's own words; kind, when
// set, is the kind of every section here.
func (r *reader) notes(lines []Line, kind hindsight.SectionKind) {
	var cur *hindsight.Section
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if h, ok := strings.CutPrefix(t, "### "); ok {
			k := kind
			title := h
			if k == "" {
				k = kindOf(h)
			}
			if h == preambleTitle {
				title = ""
			}
			r.pm.Sections = append(r.pm.Sections, hindsight.Section{Title: title, Kind: k, Lines: []string{}, Line: l.N})
			cur = &r.pm.Sections[len(r.pm.Sections)-1]
			continue
		}
		if v, ok := bullet(l.Text); ok {
			if cur == nil {
				r.pm.Sections = append(r.pm.Sections, hindsight.Section{Title: "Notes", Kind: orKind(kind), Lines: []string{}, Line: l.N})
				cur = &r.pm.Sections[len(r.pm.Sections)-1]
			}
			cur.Lines = append(cur.Lines, v)
		}
	}
}

func orKind(k hindsight.SectionKind) hindsight.SectionKind {
	if k == "" {
		return hindsight.SectionOther
	}
	return k
}

func (r *reader) questions(lines []Line) {
	pm := r.pm
	for _, l := range lines {
		v, ok := bullet(l.Text)
		if !ok {
			continue
		}
		if strings.HasPrefix(v, "Missing from the notes: ") {
			continue // computed afresh
		}
		if m := reUnverif.FindStringSubmatch(v); m != nil {
			n, _ := strconv.Atoi(m[1])
			pm.Unverified = append(pm.Unverified, hindsight.Unverified{Line: n, Text: m[2], Reason: m[3]})
			continue
		}
		pm.OpenQuestions = append(pm.OpenQuestions, v)
	}
}

func (r *reader) language(lines []Line) {
	for _, l := range lines {
		v, ok := bullet(l.Text)
		if !ok {
			continue
		}
		if m := reLanguage.FindStringSubmatch(v); m != nil {
			n, _ := strconv.Atoi(m[1])
			r.pm.Language = append(r.pm.Language, hindsight.LanguageFinding{Line: n, Phrase: m[2], Suggestion: m[3]})
		}
	}
}

// finish derives what the document does not state: the milestones from
// the timeline's marks, the durations from the milestones, the rollback
// outcome from its attempts, and what is missing.
func (r *reader) finish() {
	pm := r.pm
	m := &pm.Milestones
	for i, name := range milestoneNames {
		idx, ok := r.marks[name]
		if !ok {
			continue
		}
		e := pm.Timeline[idx]
		t := e.At
		if name == "rollback end" && e.End != nil {
			t = e.End
		}
		switch i {
		case 0:
			m.DeployStart = t
		case 1:
			m.ImpactStart = t
		case 2:
			m.Detected = t
		case 3:
			m.RollbackDecision = t
		case 4:
			m.RollbackStart = t
		case 5:
			m.RollbackEnd = t
		case 6:
			m.Recovered = t
		}
	}
	pm.Durations, _ = m.Durations()
	rb := &pm.Rollback
	rb.Attempted = len(rb.Attempts) > 0
	rb.Outcome = hindsight.OutcomeNotAttempted
	if rb.Attempted {
		rb.Outcome = rb.Attempts[0].Outcome
	}
	if pm.DeployFailure.Category == "" {
		pm.DeployFailure.Category = hindsight.CategoryOther
	}
	analysis.Normalise(pm)
	pm.Missing = analysis.Missing(pm)
}
