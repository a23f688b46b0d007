package notes

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
)

func parse(t *testing.T, name, text string) *Notes {
	t.Helper()
	b, err := board.Read(name, []byte(text))
	if err != nil {
		t.Fatalf("board.Read: %v", err)
	}
	return Parse(b, Options{})
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		title string
		want  hindsight.SectionKind
	}{
		{"Timeline", hindsight.SectionTimeline}, {"TIMELINE", hindsight.SectionTimeline},
		{"4. Timeline of Events", hindsight.SectionTimeline}, {"Timeline (UTC)", hindsight.SectionTimeline},
		{"Key events", hindsight.SectionTimeline}, {"Problems/Timeline", hindsight.SectionTimeline},
		{"What broke", hindsight.SectionFailure}, {"Root Causes", hindsight.SectionFailure},
		{"Root cause analysis", hindsight.SectionFailure}, {"Why", hindsight.SectionFailure},
		{"Rollback", hindsight.SectionRollback}, {"9. Why Rollback Was or Was Not Used", hindsight.SectionRollback},
		{"Action Items", hindsight.SectionActions}, {"Fixes", hindsight.SectionActions},
		{"Follow-ups", hindsight.SectionActions}, {"Corrective actions", hindsight.SectionActions},
		{"How are we going to do better in the future?", hindsight.SectionActions},
		{"Improvements", hindsight.SectionActions}, {"Next steps", hindsight.SectionActions},
		{"Impact", hindsight.SectionImpact}, {"Customer impact", hindsight.SectionImpact},
		{"Detection and Alerting", hindsight.SectionDetection}, {"Lessons Learned", hindsight.SectionLessons},
		{"What went well", hindsight.SectionWentWell}, {"What went wrong", hindsight.SectionWentWrong},
		{"Contributing Factors", hindsight.SectionContributing}, {"Runbook updates", hindsight.SectionRunbook},
		{"Recovery and Validation", hindsight.SectionResolution}, {"Open questions", hindsight.SectionQuestions},
		{"TL;DR", hindsight.SectionSummary}, {"Overview", hindsight.SectionSummary},
		{"Stats", ""}, {"Notes to the owner", ""}, {"Call recording", ""},
	} {
		if got := Classify(tc.title); got != tc.want {
			t.Errorf("Classify(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

// TestHeadingStyles checks every way of writing a heading gives a section.
func TestHeadingStyles(t *testing.T) {
	for _, board := range []string{
		"# Timeline\n14:32 deploy\n",
		"#### Timeline\n14:32 deploy\n",
		"== Timeline ==\n14:32 deploy\n",
		"TIMELINE:\n14:32 deploy\n",
		"Timeline:\n14:32 deploy\n",
		"Timeline\n14:32 deploy\n",
		"**Timeline**\n14:32 deploy\n",
		"Timeline\n========\n14:32 deploy\n",
		"Timeline\n--------\n14:32 deploy\n",
		"## 4. Timeline of Events\n14:32 deploy\n",
	} {
		n := parse(t, "b.md", board)
		s := n.Section(hindsight.SectionTimeline)
		if s == nil {
			t.Errorf("Parse(%q): no timeline section; sections %+v", board, n.Sections)
			continue
		}
		if len(n.Entries) != 1 || n.Entries[0].Text != "deploy" || n.Entries[0].Line != strings.Count(board, "\n") {
			t.Errorf("Parse(%q): entries %+v, want one 'deploy' on the last line", board, n.Entries)
		}
	}
}

func TestLabelledLines(t *testing.T) {
	n := parse(t, "b.txt", "Impact: 31% of searches timed out\nRoot cause: migration 0042\n- **Resolution**: reverted\n- **Time to repair**: 1h\nFixes:\n- canary @dana")
	got := map[hindsight.SectionKind]string{}
	for _, s := range n.Sections {
		var items []string
		for _, it := range s.Items {
			items = append(items, it.Text)
		}
		got[s.Kind] = strings.Join(items, "|")
	}
	want := map[hindsight.SectionKind]string{
		hindsight.SectionPreamble:   "",
		hindsight.SectionImpact:     "31% of searches timed out",
		hindsight.SectionFailure:    "migration 0042",
		hindsight.SectionResolution: "reverted",
		hindsight.SectionActions:    "canary @dana",
	}
	// "**Time to repair**" is an unknown label: it goes back to the section
	// the labelled bullets were in, here the preamble.
	want[hindsight.SectionPreamble] = "**Time to repair**: 1h"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
}

func TestUnknownSectionsKept(t *testing.T) {
	n := parse(t, "b.md", "# Title\n## Call recording\nhttps://example.com/rec\n## Stats\n- Category: Observability\n")
	var titles []string
	for _, s := range n.Sections {
		if s.Kind == hindsight.SectionOther && len(s.Items) > 0 {
			titles = append(titles, s.Title+"="+s.Items[0].Text)
		}
	}
	want := []string{"Call recording=https://example.com/rec", "Stats=Category: Observability"}
	if diff := cmp.Diff(want, titles); diff != "" {
		t.Errorf("unknown sections (-want +got):\n%s", diff)
	}
}

func TestEntries(t *testing.T) {
	n := parse(t, "2018-03-23-post-mortem.md", `# Outage
All times in CET.

## Timeline
| Time | Event |
| --- | --- |
| 2021-02-15 | 06:05 | pipeline failed |
| 06:45 | issue detected |
- 07:00 — back to normal
- an entry with no time


07:10 alerts quiet. Paged Dana

## What happened
At 15:10 we deployed. The app went down around 15:40, and was back at 15:52.

`+"```"+`
14:00 a log line in a code block
`+"```"+`

## Action items
- 14:00 is not an event here @dana
`)
	type entry struct {
		At, Text string
		Prose    bool
	}
	var got []entry
	for _, e := range n.Entries {
		got = append(got, entry{e.AsWritten, e.Text, e.Prose})
	}
	want := []entry{
		{"2021-02-15 06:05", "pipeline failed", false},
		{"06:45", "issue detected", false},
		{"07:00", "back to normal", false},
		{"", "an entry with no time", false},
		{"07:10", "alerts quiet. Paged Dana", false}, // a line of notes: the time is the whole line's
		{"15:10", "At 15:10 we deployed.", true},
		{"around 15:40", "The app went down around 15:40", true},
		{"15:52", "was back at 15:52.", true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if n.Zone != "CET" {
		t.Errorf("zone = %q, want CET (from 'All times in CET.')", n.Zone)
	}
	if n.Year != 2018 || n.Month != 3 || n.Day != 23 || n.DateSource != "file name" {
		t.Errorf("date = %d-%d-%d from %q, want 2018-3-23 from the file name", n.Year, n.Month, n.Day, n.DateSource)
	}
}

func TestDateSources(t *testing.T) {
	for _, tc := range []struct {
		name, text, src string
		opt             Options
	}{
		{"b.md", "---\ndate: 2026-11-20\n---\n14:00 x\n", "front matter", Options{}},
		{"b.md", "# Deploy on 20 Nov 2026\n14:00 x\n", "title", Options{}},
		{"b.md", "Checkout deploy\n**Date**: 20.11.2026\n14:00 x\n", "date line", Options{}},
		{"2026-11-20-pm.md", "14:00 x\n", "file name", Options{}},
		{"b.md", "# Deploy on 1 Jan 2020\n14:00 x\n", "--date", Options{Year: 2026, Month: 11, Day: 20}},
	} {
		n := parse(t, tc.name, tc.text)
		if tc.opt.Year > 0 {
			b, _ := board.Read(tc.name, []byte(tc.text))
			n = Parse(b, tc.opt)
		}
		if n.Year != 2026 || n.Month != 11 || n.Day != 20 || n.DateSource != tc.src {
			t.Errorf("%s %q: date %d-%d-%d from %q, want 2026-11-20 from %q", tc.name, tc.text, n.Year, n.Month, n.Day, n.DateSource, tc.src)
		}
	}
}

func TestActionTable(t *testing.T) {
	n := parse(t, "b.md", "---\ndate: 2026-10-07\n---\n## Action items\n| Action | Owner | Priority | Due | Status |\n|---|---|---|---|---|\n| Canary config pushes | @priya | P1 | 2026-10-21 | in progress |\n| Diff-check overlays | marco | high | Oct 28 | |\n")
	want := []Action{
		{Text: "Canary config pushes", Owner: "priya", Priority: "P1", Due: "2026-10-21", Status: hindsight.StatusInProgress},
		{Text: "Diff-check overlays", Owner: "marco", Priority: "P1", Due: "2026-10-28", Status: hindsight.StatusProposed},
	}
	for i := range n.Actions {
		n.Actions[i].Raw, n.Actions[i].Line, n.Actions[i].Section = "", 0, 0
	}
	if diff := cmp.Diff(want, n.Actions); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
}

// TestLineOfNotes: a line of notes led by a time is one entry even with a
// full stop inside, counted in characters (not bytes), while a summary that
// retells a timeline time is still matched against the timeline, not
// counted again.
func TestLineOfNotes(t *testing.T) {
	n := parse(t, "b.md", `# Rollback
## Summary
At 14:02 we deployed v2.41. Errors rose.

## Timeline

14:02 deploy v2.41

14:20 Lösung für Störung geprüft. Änderung zurückgerollt, Überwachung grün, ok
`)
	var got []string
	for _, e := range n.Entries {
		got = append(got, e.AsWritten+" "+e.Text)
	}
	want := []string{"14:02 deploy v2.41", "14:20 Lösung für Störung geprüft. Änderung zurückgerollt, Überwachung grün, ok"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

// TestBareHeading: a line that is a section title is a heading; a line of a
// section that mentions another section's word is not.
func TestBareHeading(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"TIMELINE", true}, {"Timeline:", true}, {"**Root cause**", true}, {"WHAT BROKE", true},
		{"Rollback notes", true}, {"NUMBERS:", true}, {"The following action items are already completed:", true},
		{"Our CI didn't warn about any failure.", false},
		{"3. runbook for rollback", false}, {"3.n xx for rollback", false}, {"helm rollback api 41", false},
		{"we talked about the rollback plan and the timeline after the incident", false},
	} {
		if _, _, got := bareHeading(tc.line); got != tc.want {
			t.Errorf("bareHeading(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestActionsThatMentionASection: a plain line under Action items that
// mentions a section ("Test rollback in staging") is an action item, where
// it used to open a Rollback section and take the next items with it. After
// a blank line a short line that names a section still opens it; in a
// drawing, the layout's "## " marks the headings, so a note is a note.
func TestActionsThatMentionASection(t *testing.T) {
	n := parse(t, "a.txt", "Action items\nAdd canary gate\nTest rollback in staging\nFix alerting on pool usage\n\nRollback notes\ntook 15 min\n")
	var got []string
	for _, s := range n.Sections {
		if s.Kind == hindsight.SectionActions {
			for _, it := range s.Items {
				got = append(got, it.Text)
			}
		}
	}
	if want := []string{"Add canary gate", "Test rollback in staging", "Fix alerting on pool usage"}; !cmp.Equal(got, want) {
		t.Errorf("action items %q, want %q", got, want)
	}
	if last := n.Sections[len(n.Sections)-1]; last.Kind != hindsight.SectionRollback || last.Title != "Rollback notes" {
		t.Errorf("after a blank line, %q (%s) is not the Rollback notes section", last.Title, last.Kind)
	}

	pos := &board.Rect{}
	b := &board.Board{Blocks: []board.Block{
		{Text: "## Action items", Pos: pos, Source: "excalidraw"}, {Source: "excalidraw"},
		{Text: "Add canary gate", Pos: pos, Source: "excalidraw"}, {Source: "excalidraw"},
		{Text: "Rollback drill", Pos: pos, Source: "excalidraw"}, {Text: "  @sam P2", Pos: pos, Source: "excalidraw"},
	}}
	for i := range b.Blocks {
		b.Blocks[i].Line = i + 1
	}
	n = Parse(b, Options{})
	if k := n.Sections[len(n.Sections)-1]; k.Kind != hindsight.SectionActions || len(k.Items) != 2 || !strings.HasPrefix(k.Items[1].Text, "Rollback drill") {
		t.Errorf("a drawing's note 'Rollback drill' under Action items: last section %q (%s) with %d items", k.Title, k.Kind, len(k.Items))
	}
}

// TestTitleNotALabel: a "Label: value" line under the title opens a section
// of that kind but is not the title; the title, and the date in it, stay.
func TestTitleNotALabel(t *testing.T) {
	for _, label := range []string{"Impact: 12% of orders failed", "Root cause: migration 0042", "**Impact**: 12% of orders failed"} {
		n := parse(t, "notes.txt", "Orders DB migration 2026-07-08\n\n"+label+"\nTimeline\n15:00 — deploy started\n15:05 — errors rising\n")
		if n.Title != "Orders DB migration 2026-07-08" || n.Year != 2026 || n.Month != 7 || n.Day != 8 {
			t.Errorf("with %q: title %q, date %d-%d-%d; want the first line and its date", label, n.Title, n.Year, n.Month, n.Day)
		}
	}
}

// TestTitleFirstLine: a board's first line is its title, however long,
// and is not joined with the line under it; "Incident:" or "Title:" before
// it names the board.
func TestTitleFirstLine(t *testing.T) {
	for _, tc := range []struct{ text, title string }{
		{"Payments API 5xx after rate limit config push — 2026-11-21\nService: payments-api\n", "Payments API 5xx after rate limit config push — 2026-11-21"},
		{"Checkout config push — rollback made it worse — 2026-11-21\nAll times UTC\n", "Checkout config push — rollback made it worse — 2026-11-21"},
		{"Incident: Search indexer config push broke autocomplete\nDate: 2026-11-21\n", "Search indexer config push broke autocomplete"},
		{"Title: Payments outage after config push\nDate: 2026-11-21\n", "Payments outage after config push"},
	} {
		n := parse(t, "notes.txt", tc.text+"\nTimeline\n14:00 — deploy started\n14:05 — errors rising\n")
		if n.Title != tc.title || n.Day != 21 {
			t.Errorf("title %q, day %d; want %q on the 21st", n.Title, n.Day, tc.title)
		}
	}
	// A sentence after "Incident:" is the summary, not the title; a
	// paragraph wrapped at 60 characters is still one item.
	n := parse(t, "notes.txt", "Incident: On May 12 a config push broke autocomplete for all users.\n\nTimeline\n14:00 — deploy started\n")
	if strings.HasPrefix(n.Title, "On May 12") {
		t.Errorf("title %q; want no sentence", n.Title)
	}
	// A paragraph that opens the board, wrapped mid-phrase, stays one.
	n = parse(t, "notes.txt", "On 2026-03-04 the deploy of checkout v42 broke the payment flow for\nEU customers for about twenty minutes.\n\nTimeline\n10:00 deploy started\n")
	if strings.HasSuffix(n.Title, "for") {
		t.Errorf("title %q: a wrapped paragraph's first line", n.Title)
	}
	n = parse(t, "notes.txt", "Orders DB migration 2026-07-08\n\nThe migration added a column to the orders table and then made it\nNOT NULL while the old code still wrote rows without it.\n")
	if got := n.Sections[0].Items; len(got) != 2 || !strings.HasSuffix(got[1].Text, "without it.") {
		t.Errorf("preamble items %+v; want the title and one paragraph", got)
	}
}

// TestReadOutputOfNotes: the notes of a board as `hindsight read` prints
// them, a blank line between each, stay action items when one that
// mentions a section's word names an owner; they moved to a Rollback
// section.
func TestReadOutputOfNotes(t *testing.T) {
	n := parse(t, "board.txt", "# Action items\n\nAdd canary gate @dana\n\nTest rollback in staging @sam\n\n"+
		"Alert on pool usage due 2026-12-10 (Lee)\n\nAdd dashboard P1 @kim\n")
	var got []string
	for _, s := range n.Sections {
		for _, it := range s.Items {
			got = append(got, string(s.Kind)+": "+it.Text)
		}
	}
	want := []string{"actions: Add canary gate @dana", "actions: Test rollback in staging @sam",
		"actions: Alert on pool usage due 2026-12-10 (Lee)", "actions: Add dashboard P1 @kim"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	// Typed notes: a line that mentions a section after a blank line is
	// still that section's heading, after bullets or plain lines.
	for _, typed := range []string{"Action items\n- add canary\n\nRollback notes\n- helm was slow\n",
		"Action items\n\nAdd a canary gate @dana\n\nRollback notes\n\nhelm rollback took 20 minutes because the chart was pinned\n"} {
		n = parse(t, "notes.txt", typed)
		if k := n.Sections[len(n.Sections)-1].Kind; k != hindsight.SectionRollback {
			t.Errorf("\"Rollback notes\" after action items in %q: section %s, want rollback", typed, k)
		}
	}
}

// TestChatThread: a thread pasted from Slack, each message under its
// author and time or after them on one line, is a timeline of messages.
// Its messages were lost ("ok let's roll back" even became a Rollback
// heading).
func TestChatThread(t *testing.T) {
	n := parse(t, "thread.txt", "Payments rollout thread\nDate: 2026-05-04\n\nPriya Raman  10:02 AM\n:rocket: deploying payments-svc v4.12.0 to prod\n"+
		"Grafana  10:09 AM\n[FIRING] payments p99 latency > 2s\nand climbing\nPriya Raman  10:14 AM\nok let's roll back\n"+
		"jmiller  10:22 AM  rollback done :white_check_mark:\n")
	got := entries(n, func(e Entry) string { return e.AsWritten + " | " + e.Text })
	want := []string{"10:02 AM | Priya Raman: deploying payments-svc v4.12.0 to prod",
		"10:09 AM | Grafana: [FIRING] payments p99 latency > 2s and climbing",
		"10:14 AM | Priya Raman: ok let's roll back", "10:22 AM | jmiller: rollback done"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	for _, s := range n.Sections {
		if s.Kind == hindsight.SectionRollback {
			t.Errorf("a message became the Rollback heading %q", s.Title)
		}
	}
	// Notes that only end a line with a time are not a chat.
	n = parse(t, "notes.txt", "TIMELINE\nrollback complete 14:32\nerrors gone\n")
	if len(n.Entries) == 0 || strings.Contains(n.Entries[0].Text, "complete:") {
		t.Errorf("typed notes read as a chat: %+v", n.Entries)
	}
}

// TestTimesThatPointBack: a time inside a timed entry that names when
// something it refers to was ("restore from 01:55 snapshot", "no logs since
// 13:45") is no event of its own; one that tells an event still is.
func TestTimesThatPointBack(t *testing.T) {
	n := parse(t, "n.txt", "TIMELINE\n02:45 DB restore from 01:55 snapshot started\n"+
		"14:27 user says Kibana has had no logs since 13:45\n10:37 planned to roll back a change made around 10 am\n"+
		"11:50 restore finished, but we lost all signups between 09:00 and 10:35\n12:10 logs from 11:40 to 11:55 replayed\n"+
		"12:20 page from PagerDuty and 12:22 on-call acked\n")
	got := entries(n, func(e Entry) string { return e.AsWritten })
	if want := []string{"02:45", "14:27", "10:37", "around 10 am", "11:50", "12:10", "12:20", "12:22"}; !cmp.Equal(got, want) {
		t.Errorf("entries at %q, want %q", got, want)
	}
}

func TestStripEmoji(t *testing.T) {
	for in, want := range map[string]string{
		":rotating_light: deploy started": " deploy started", "errors :fire: :fire:": "errors  ", "redis:6379:db": "redis:6379:db",
		"Root cause: config": "Root cause: config", "host:db:x": "host:db:x", "done :white_check_mark:": "done ",
	} {
		if got := StripEmoji(in); got != want {
			t.Errorf("StripEmoji(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestClausesOfTimes: a sentence with two times gives each its clause,
// split at "and" between them; after the last time the clause runs on
// ("we had our standup meeting and we informed the team").
func TestClausesOfTimes(t *testing.T) {
	n := parse(t, "n.md", "# Images outage 2026-01-20\n\n## What happened\n\nThe hotfix 1.9.1 went out at 12:25 and images were working again by 12:31.\n\n"+
		"Between 11:00am and 11:15am we had our standup meeting and we informed the team.\n")
	got := entries(n, func(e Entry) string { return e.Text })
	want := []string{"The hotfix 1.9.1 went out at 12:25", "images were working again by 12:31.", "Between 11:00am",
		"11:15am we had our standup meeting and we informed the team."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

// entries lists a field of every entry of n.
func entries(n *Notes, field func(Entry) string) []string {
	var out []string
	for _, e := range n.Entries {
		out = append(out, field(e))
	}
	return out
}

// TestLongTimedLineKept: a timeline line longer than a line of notes is
// read sentence by sentence, and its sentences without a time stay with
// the entry before them; the time that starts it is not repeated.
func TestLongTimedLineKept(t *testing.T) {
	n := parse(t, "notes.txt", "Deploy notes 2026-11-20\n\nTimeline:\n14:02 deploy started\n"+
		"14:05 errors rising on checkout, maybe the cache? The team then checked the dashboards and the logs carefully.\n"+
		"14:10 alert fired. Paged Dana at 14:12, and Sam, who both joined the bridge call within two minutes of the page. Bridge opened.\n")
	got := entries(n, func(e Entry) string { return e.AsWritten + " " + strings.TrimSpace(e.Text+" "+e.More) })
	want := []string{"14:02 deploy started",
		"14:05 errors rising on checkout, maybe the cache? The team then checked the dashboards and the logs carefully.",
		"14:10 alert fired.",
		"14:12 Paged Dana at 14:12, and Sam, who both joined the bridge call within two minutes of the page. Bridge opened."}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("entries (-want +got):\n%s", d)
	}
}

// TestZoneInTitle: a zone that ends a dated title is the zone of the notes'
// times; a zone-like word elsewhere in a title is not.
func TestZoneInTitle(t *testing.T) {
	for title, want := range map[string]string{
		"Kafka consumer deploy — 2026-08-12 UTC":       "UTC",
		"Auth login loop after v9.4 — 2026-01-20, UTC": "UTC",
		"Accounts DB restore — 2026-09-21 (CET)":       "CET",
		"EST billing job failed — 2026-09-21":          "",
		"Kafka consumer deploy UTC":                    "",
	} {
		n := parse(t, "notes.txt", title+"\n\nTimeline\n16:00 deploy started\n")
		if n.Zone != want {
			t.Errorf("%q: zone %q, want %q", title, n.Zone, want)
		}
	}
}

// TestTimelineTableEmptyCells: a "-" in a timeline table's cell is
// nothing, not text of the entry.
func TestTimelineTableEmptyCells(t *testing.T) {
	n := parse(t, "notes.md", "# Orders 2026-03-04\n\n## Timeline\n\n| Time | Event | Who |\n|---|---|---|\n"+
		"| 14:20 | deploy started | tom |\n| 14:26 | 502 rate climbs to 8% | - |\n")
	got := entries(n, func(e Entry) string { return e.Text })
	if want := []string{"deploy started — tom", "502 rate climbs to 8%"}; !cmp.Equal(got, want) {
		t.Errorf("entries %q, want %q", got, want)
	}
}
