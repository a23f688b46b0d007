package web

import (
	"bytes"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/lint"
)

// The draft page edits a postmortem part by part: its details and
// sections, the timeline row by row (retime, reword, kind, verified, move,
// delete, add) and the action items (text, owner, priority, due, bucket).
// Every button saves a revision (based on the revision the form shows) and
// comes back to the form, so it works without JavaScript.

// editView is what the draft page shows.
type editView struct {
	SP       *hindsight.StoredPostmortem
	PM       *hindsight.Postmortem
	Events   []eventRow
	Findings []lint.Finding
	Errors   map[string]string
	Raw      map[string]string
	Kinds    []hindsight.Kind
	Buckets  []hindsight.Bucket
	Cats     []hindsight.Category
	Tpls     []string
	Lists    []listField
	// Conflict says why the form came back unsaved when the postmortem
	// moved on from the revision it was opened at.
	Conflict string
}

type eventRow struct {
	Time string
	hindsight.Event
}

type listField struct {
	Name, Label string
	Value       string
}

func (s *Server) editView(sp *hindsight.StoredPostmortem, pm *hindsight.Postmortem, errs, raw map[string]string) *editView {
	v := &editView{SP: sp, PM: pm, Errors: errs, Raw: raw, Kinds: hindsight.Kinds, Buckets: hindsight.Buckets,
		Cats: hindsight.Categories, Tpls: s.templates.Names()}
	for _, e := range pm.Timeline {
		v.Events = append(v.Events, eventRow{Time: clockOf(pm, e.At), Event: e})
	}
	_, v.Findings = s.lintDoc(pm)
	for _, f := range lists(pm) {
		v.Lists = append(v.Lists, listField{Name: f.name, Label: f.label, Value: strings.Join(*f.p, "\n")})
	}
	return v
}

type listRef struct {
	name, label string
	p           *[]string
}

func lists(pm *hindsight.Postmortem) []listRef {
	return []listRef{
		{"contributing", "Contributing factors", &pm.ContributingFactors},
		{"lessons", "Lessons", &pm.Lessons},
		{"went_well", "What went well", &pm.WentWell},
		{"runbook", "Runbook updates", &pm.RunbookUpdates},
		{"questions", "Open questions", &pm.OpenQuestions},
	}
}

// clockOf is the time as the form shows it: the clock, with the date when
// it is not the postmortem's.
func clockOf(pm *hindsight.Postmortem, t *hindsight.Time) string {
	if t == nil {
		return ""
	}
	if d := t.Date(); d != "" && d != pm.Date {
		return d + " " + t.Clock()
	}
	return t.Clock()
}

func (s *Server) editPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	sp, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, id, http.StatusOK, "edit", "Draft: "+sp.Postmortem.Title, s.editView(sp, sp.Postmortem, nil, nil))
	return nil
}

// parseClock reads a time typed in the form ("14:32", "14:32:10",
// "2026-11-21 00:10") onto the old time's date and zone, or the
// postmortem's date.
func parseClock(pm *hindsight.Postmortem, old *hindsight.Time, s string) (*hindsight.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	date := ""
	if d, rest, ok := strings.Cut(s, " "); ok {
		date, s = d, strings.TrimSpace(rest)
	}
	var hh, mm, ss int
	secs := strings.Count(s, ":") == 2
	var err error
	if secs {
		_, err = fmtSscan(s, "%d:%d:%d", &hh, &mm, &ss)
	} else {
		_, err = fmtSscan(s, "%d:%d", &hh, &mm)
	}
	if err != nil || hh > 23 || mm > 59 || ss > 59 || hh < 0 || mm < 0 || ss < 0 {
		return nil, hindsight.Errorf(hindsight.EINVALID, "use HH:MM (24-hour), e.g. 14:32")
	}
	t := hindsight.Time{Seconds: secs}
	loc := time.UTC
	y, mo, d := 1, time.January, 1
	if old != nil {
		t.ZoneKnown, t.Zone, t.DateKnown = old.ZoneKnown, old.Zone, old.DateKnown
		loc = old.Wall.Location()
		y, mo, d = old.Wall.Date()
	} else if pm.Date != "" {
		if pd, err := time.Parse("2006-01-02", pm.Date); err == nil {
			y, mo, d = pd.Date()
			t.DateKnown = true
		}
		if len(pm.Timeline) > 0 && pm.Timeline[0].At != nil {
			f := pm.Timeline[0].At
			t.ZoneKnown, t.Zone, loc = f.ZoneKnown, f.Zone, f.Wall.Location()
		}
	}
	if date != "" {
		pd, err := time.Parse("2006-01-02", date)
		if err != nil {
			return nil, hindsight.Errorf(hindsight.EINVALID, "use YYYY-MM-DD HH:MM for a time on another day")
		}
		y, mo, d = pd.Date()
		t.DateKnown = true
	}
	t.Wall = time.Date(y, mo, d, hh, mm, ss, 0, loc)
	return &t, nil
}

// milestoneRefs returns, for each milestone, the index of the timeline
// event it is read from (-1 for none), as the document marks it.
func milestoneRefs(pm *hindsight.Postmortem) [7]int {
	kinds := milestoneKinds
	var out [7]int
	for i, slot := range milestoneSlots(pm) {
		t := *slot
		out[i] = -1
		if t == nil {
			continue
		}
		for j, e := range pm.Timeline {
			at := e.At
			if i == 5 && e.End != nil {
				at = e.End
			}
			if at != nil && at.ISO() == t.ISO() && at.Clock() == t.Clock() {
				if out[i] < 0 || e.Kind == kinds[i] {
					out[i] = j
				}
				if e.Kind == kinds[i] {
					break
				}
			}
		}
	}
	return out
}

// milestoneSlots are the postmortem's seven milestones, in the order of
// milestoneKinds.
func milestoneSlots(pm *hindsight.Postmortem) [7]**hindsight.Time {
	m := &pm.Milestones
	return [7]**hindsight.Time{&m.DeployStart, &m.ImpactStart, &m.Detected, &m.RollbackDecision, &m.RollbackStart, &m.RollbackEnd, &m.Recovered}
}

// milestoneKinds are the kinds of the rows the milestones are read from,
// in the order of milestoneRefs.
var milestoneKinds = [7]hindsight.Kind{hindsight.KindDeployStart, hindsight.KindImpactStart, hindsight.KindDetect,
	hindsight.KindRollbackDecision, hindsight.KindRollbackStart, hindsight.KindRollbackEnd, hindsight.KindRecover}

// moveMilestones follows the kinds changed in the form: a row newly marked
// with a milestone's kind ("rollback decision") becomes that milestone's
// row, and the split into the two timelines follows the rollback
// decision; a milestone's row marked with another kind, none taking it
// over, leaves the milestone unset. before are the rows' kinds as the form
// showed them.
func moveMilestones(pm *hindsight.Postmortem, refs *[7]int, before []hindsight.Kind) {
	ptrs := milestoneSlots(pm)
	for i, k := range milestoneKinds {
		marked := -1
		for j := range before {
			if pm.Timeline[j].Kind == k && before[j] != k {
				marked = j
				break
			}
		}
		switch ref := refs[i]; {
		case marked >= 0:
			refs[i] = marked
		case ref >= 0 && before[ref] == k && pm.Timeline[ref].Kind != k:
			refs[i], *ptrs[i] = -1, nil
		}
	}
}

// moveDate moves the timeline with the postmortem's date when the form
// changes it: a time the notes gave no date of its own is on the
// postmortem's date, so it keeps its clock and takes the new date (an
// undated timeline takes the date it is given).
func moveDate(pm *hindsight.Postmortem, to string) {
	if to == "" || to == pm.Date {
		return
	}
	newDay, _ := time.Parse("2006-01-02", to)
	oldDay := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC) // where undated times sit
	if pm.Date != "" {
		oldDay, _ = time.Parse("2006-01-02", pm.Date)
	}
	days := int(newDay.Unix()/86400 - oldDay.Unix()/86400) // a Duration cannot span from year 1
	seen := map[*hindsight.Time]bool{}
	shift := func(t *hindsight.Time) {
		if t == nil || seen[t] || (pm.Date != "" && !t.DateKnown) {
			return
		}
		seen[t] = true
		t.Wall, t.DateKnown = t.Wall.AddDate(0, 0, days), true
	}
	for i := range pm.Timeline {
		shift(pm.Timeline[i].At)
		shift(pm.Timeline[i].End)
	}
	for _, slot := range milestoneSlots(pm) {
		shift(*slot)
	}
	for i := range pm.Rollback.Attempts {
		shift(pm.Rollback.Attempts[i].Start)
		shift(pm.Rollback.Attempts[i].End)
	}
}

func setMilestones(pm *hindsight.Postmortem, refs [7]int, pos func(int) int) {
	for i, p := range milestoneSlots(pm) {
		if refs[i] < 0 {
			continue
		}
		j := pos(refs[i])
		if j < 0 {
			*p = nil
			continue
		}
		e := &pm.Timeline[j]
		if i == 5 && e.End != nil {
			*p = e.End
		} else {
			*p = e.At
		}
	}
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func splitList(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// sameDocument reports whether a, an edit not saved yet, is the stored b:
// whether it saves (rendered and read back, as saveDoc does) as b's
// document.
func (s *Server) sameDocument(a, b *hindsight.Postmortem) bool {
	t, err := s.templates.Get(b.Template)
	if err != nil {
		return false
	}
	doc, err := document.Parse("postmortem.md", document.Render(a, t), s.templates)
	if err != nil {
		return false
	}
	// The store gives a new action item its ID.
	render := func(pm *hindsight.Postmortem) []byte {
		c := *pm
		c.ActionItems = slices.Clone(pm.ActionItems)
		for i := range c.ActionItems {
			c.ActionItems[i].ID = ""
		}
		return document.Render(&c, t)
	}
	return bytes.Equal(render(doc.PM), render(b))
}

// newFields are the fields of a new timeline entry and a new action item,
// kept as typed when the form comes back unsaved.
var newFields = []string{"new-time", "new-text", "new-kind", "new-act-text", "new-act-owner", "new-act-priority", "new-act-due", "new-act-bucket"}

// applyEdit applies the draft form to pm; errs holds the fields that could
// not be used, with what to do.
func applyEdit(pm *hindsight.Postmortem, f url.Values) (errs, raw map[string]string) {
	errs, raw = map[string]string{}, map[string]string{}
	bad := func(field, msg string) { errs[field], raw[field] = msg, f.Get(field) }
	text := func(name string) string { return strings.TrimSpace(strings.ReplaceAll(f.Get(name), "\r\n", "\n")) }
	// The times as the form showed them, before a new date moves them: a
	// row whose posted time is the one shown was not retimed.
	shown := make([]string, len(pm.Timeline))
	for i, e := range pm.Timeline {
		shown[i] = clockOf(pm, e.At)
	}
	if _, ok := f["title"]; ok {
		if t := text("title"); t == "" {
			bad("title", "a postmortem needs a title")
		} else {
			pm.Title = t
		}
		if d := text("date"); d == "" || validDate(d) {
			moveDate(pm, d)
			pm.Date = d
		} else {
			bad("date", "use YYYY-MM-DD")
		}
		pm.Services = nil
		for _, sv := range strings.Split(f.Get("services"), ",") {
			if sv = strings.TrimSpace(sv); sv != "" {
				pm.Services = append(pm.Services, sv)
			}
		}
		pm.Severity = text("severity")
		if t := f.Get("template"); t != "" {
			pm.Template = t
		}
		pm.Summary, pm.Impact, pm.Detection = text("summary"), text("impact"), text("detection")
		pm.DeployFailure.FailurePoint, pm.DeployFailure.MissedGate = text("failure_point"), text("missed_gate")
		if c := hindsight.Category(f.Get("category")); c != "" {
			ok := false
			for _, v := range hindsight.Categories {
				ok = ok || v == c
			}
			if ok {
				pm.DeployFailure.Category = c
			} else {
				bad("category", "choose a category from the list")
			}
		}
		for _, l := range lists(pm) {
			*l.p = splitList(f.Get(l.name))
		}
	}

	refs := milestoneRefs(pm)
	kinds := make([]hindsight.Kind, len(pm.Timeline)) // as the form showed them
	for i, e := range pm.Timeline {
		kinds[i] = e.Kind
	}
	// Timeline rows, by their index in the revision the form shows.
	n, _ := strconv.Atoi(f.Get("events"))
	for i := 0; i < n && i < len(pm.Timeline); i++ {
		e := &pm.Timeline[i]
		k := "ev-" + itoa(i) + "-"
		if _, ok := f[k+"text"]; !ok {
			continue
		}
		if t := text(k + "text"); t != "" {
			e.Text = t
		} else {
			bad(k+"text", "an entry needs text (delete the row instead)")
		}
		if kind := hindsight.Kind(f.Get(k + "kind")); kind != "" {
			e.Kind = kind
		}
		if ts := text(k + "time"); ts != shown[i] {
			at, err := parseClock(pm, e.At, ts)
			if err != nil {
				bad(k+"time", message(err))
			} else {
				e.At, e.End, e.AsWritten = at, nil, ts
			}
		}
		if f.Get(k+"verified") == "on" {
			e.Unverified, e.Reasons = false, nil
		} else if !e.Unverified {
			e.Unverified, e.Reasons = true, []string{"marked unverified in review"}
		}
	}
	moveMilestones(pm, &refs, kinds)
	// Action items.
	na, _ := strconv.Atoi(f.Get("actions"))
	for i := 0; i < na && i < len(pm.ActionItems); i++ {
		a := &pm.ActionItems[i]
		k := "act-" + itoa(i) + "-"
		if _, ok := f[k+"text"]; !ok {
			continue
		}
		if t := text(k + "text"); t != "" {
			a.Text = t
		} else {
			bad(k+"text", "an action item needs text (delete it instead)")
		}
		a.Owner = text(k + "owner")
		switch p := hindsight.Priority(text(k + "priority")); p {
		case "", hindsight.P0, hindsight.P1, hindsight.P2, hindsight.P3:
			a.Priority = p
		default:
			bad(k+"priority", "P0 to P3, or empty")
		}
		if d := text(k + "due"); d == "" || validDate(d) {
			a.Due = d
		} else {
			bad(k+"due", "use YYYY-MM-DD")
		}
		if b := hindsight.Bucket(f.Get(k + "bucket")); b != "" {
			a.Bucket = b
		}
	}

	// The row operation of the button pressed. Not with a field in error:
	// nothing is saved then, and the form that comes back must show the
	// rows of the stored revision, which its fields are posted against. A
	// new row or action item typed in stays in its fields.
	op := f.Get("op")
	order := make([]int, len(pm.Timeline)) // order[new] = old index
	for i := range order {
		order[i] = i
	}
	verb, arg, _ := strings.Cut(op, ":")
	idx, _ := strconv.Atoi(arg)
	if len(errs) > 0 {
		verb = ""
	}
	switch verb {
	case "up", "down":
		j := idx - 1
		if verb == "down" {
			j = idx + 1
		}
		if idx >= 0 && idx < len(order) && j >= 0 && j < len(order) {
			pm.Timeline[idx], pm.Timeline[j] = pm.Timeline[j], pm.Timeline[idx]
			order[idx], order[j] = order[j], order[idx]
		}
	case "del-ev":
		if idx >= 0 && idx < len(order) {
			pm.Timeline = append(pm.Timeline[:idx], pm.Timeline[idx+1:]...)
			order = append(order[:idx], order[idx+1:]...)
		}
	case "add-ev":
		t := text("new-text")
		at, err := parseClock(pm, nil, text("new-time"))
		switch {
		case t == "":
			bad("new-text", "write what happened")
		case err != nil:
			bad("new-time", message(err))
		default:
			kind := hindsight.Kind(f.Get("new-kind"))
			if kind == "" {
				kind = hindsight.KindOther
			}
			e := hindsight.Event{At: at, AsWritten: text("new-time"), Text: t, Kind: kind, Phase: hindsight.PhaseDeploy}
			// Insert in time order.
			pos := len(pm.Timeline)
			if at != nil {
				for j, o := range pm.Timeline {
					if o.At != nil && at.Before(*o.At) {
						pos = j
						break
					}
				}
			}
			pm.Timeline = append(pm.Timeline[:pos], append([]hindsight.Event{e}, pm.Timeline[pos:]...)...)
			order = append(order[:pos], append([]int{-1}, order[pos:]...)...)
			raw["new-time"], raw["new-text"] = "", ""
		}
	case "del-act":
		if idx >= 0 && idx < len(pm.ActionItems) {
			pm.ActionItems = append(pm.ActionItems[:idx], pm.ActionItems[idx+1:]...)
		}
	case "add-act":
		a := hindsight.ActionItem{Text: text("new-act-text"), Owner: text("new-act-owner"),
			Priority: hindsight.Priority(text("new-act-priority")), Due: text("new-act-due"),
			Bucket: hindsight.Bucket(f.Get("new-act-bucket")), Status: hindsight.StatusProposed}
		switch {
		case a.Text == "":
			bad("new-act-text", "write what will be done")
		case a.Due != "" && !validDate(a.Due):
			bad("new-act-due", "use YYYY-MM-DD")
		case !slices.Contains([]hindsight.Priority{"", hindsight.P0, hindsight.P1, hindsight.P2, hindsight.P3}, a.Priority):
			bad("new-act-priority", "P0 to P3, or none")
		case a.Bucket != "" && !slices.Contains(hindsight.Buckets, a.Bucket):
			bad("new-act-bucket", "choose a bucket from the list")
		default:
			if a.Bucket == "" {
				a.Bucket = hindsight.BucketOther
			}
			pm.ActionItems = append(pm.ActionItems, a)
		}
	}
	if len(errs) > 0 {
		for _, k := range newFields {
			if _, ok := raw[k]; !ok {
				raw[k] = f.Get(k)
			}
		}
	}
	pos := func(old int) int {
		for i, o := range order {
			if o == old {
				return i
			}
		}
		return -1
	}
	setMilestones(pm, refs, pos)
	// Rows above the rollback decision are the deploy timeline, the rest
	// the rollback timeline.
	if d := pos(refs[3]); refs[3] >= 0 && d >= 0 {
		for i := range pm.Timeline {
			if i < d {
				pm.Timeline[i].Phase = hindsight.PhaseDeploy
			} else {
				pm.Timeline[i].Phase = hindsight.PhaseRollback
			}
		}
	}
	return errs, raw
}

func (s *Server) edit(w http.ResponseWriter, r *http.Request, id *identity) error {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, maxText)
	if err := r.ParseForm(); err != nil {
		return hindsight.Errorf(hindsight.ETOOLARGE, "the form is over the %d MB limit", maxText>>20)
	}
	sp, err := s.load(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	if base != 0 && base != sp.Revision {
		// The same form sent again (a second tap on Save or Add once the
		// first was saved): what it makes of the revision it was opened at
		// is the current revision. Its answer is the first one's.
		if again, err := s.store.Postmortem(ctx, sp.Postmortem.ID, base); err == nil {
			if errs, _ := applyEdit(again.Postmortem, r.PostForm); len(errs) == 0 && s.sameDocument(again.Postmortem, sp.Postmortem) {
				http.Redirect(w, r, "/postmortems/"+url.PathEscape(sp.Postmortem.ID)+"/edit?done=saved", http.StatusSeeOther)
				return nil
			}
		}
		// The form comes back as the user filled it in, on the revision it
		// was opened at (so saving it again is refused again), for them to
		// copy their change over to the current one.
		old, err := s.store.Postmortem(ctx, sp.Postmortem.ID, base)
		if err != nil {
			return webConflict(sp, base)
		}
		// Without the row operation of the button pressed: the rows shown
		// must stay those of the revision the fields are posted against.
		f := maps.Clone(r.PostForm)
		f.Del("op")
		errs, raw := applyEdit(old.Postmortem, f)
		for _, k := range newFields {
			if _, ok := raw[k]; !ok {
				raw[k] = f.Get(k)
			}
		}
		v := s.editView(old, old.Postmortem, errs, raw)
		v.Conflict = message(webConflict(sp, base))
		s.render(w, r, id, http.StatusConflict, "edit", "Draft: "+old.Postmortem.Title, v)
		return nil
	}
	pm := sp.Postmortem
	errs, raw := applyEdit(pm, r.PostForm)
	if len(errs) > 0 {
		s.render(w, r, id, http.StatusBadRequest, "edit", "Draft: "+pm.Title, s.editView(sp, pm, errs, raw))
		return nil
	}
	res, _, err := s.saveDoc(ctx, pm, sp.Revision, id.User)
	if err != nil {
		return err
	}
	done := "saved"
	if res.Unchanged {
		done = "unchanged"
	}
	anchor := ""
	if op := r.PostFormValue("op"); strings.Contains(op, "act") {
		anchor = "#actions"
	} else if op != "" && op != "save" {
		anchor = "#timeline"
	}
	http.Redirect(w, r, "/postmortems/"+url.PathEscape(res.ID)+"/edit?done="+done+anchor, http.StatusSeeOther)
	return nil
}
