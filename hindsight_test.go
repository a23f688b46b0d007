package hindsight_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/snap"
)

func TestTimeISO(t *testing.T) {
	cest := time.FixedZone("CEST", 2*3600)
	for _, tc := range []struct {
		t    hindsight.Time
		iso  string
		clck string
	}{
		{hindsight.Time{Wall: time.Date(2026, 11, 20, 14, 32, 0, 0, time.UTC), DateKnown: true}, "2026-11-20T14:32:00", "14:32"},
		{hindsight.Time{Wall: time.Date(2026, 11, 20, 14, 32, 0, 0, time.UTC), DateKnown: true, ZoneKnown: true, Zone: "UTC"}, "2026-11-20T14:32:00Z", "14:32"},
		{hindsight.Time{Wall: time.Date(2026, 11, 20, 14, 32, 5, 0, cest), DateKnown: true, ZoneKnown: true, Zone: "CEST", Seconds: true}, "2026-11-20T14:32:05+02:00", "14:32:05"},
		{hindsight.Time{Wall: time.Date(1, 1, 1, 9, 5, 0, 0, time.UTC)}, "", "09:05"},
	} {
		if got := tc.t.ISO(); got != tc.iso {
			t.Errorf("ISO() = %q, want %q", got, tc.iso)
		}
		if got := tc.t.Clock(); got != tc.clck {
			t.Errorf("Clock() = %q, want %q", got, tc.clck)
		}
	}
}

func TestTimeSub(t *testing.T) {
	pst := time.FixedZone("PST", -8*3600)
	utc := hindsight.Time{Wall: time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC), DateKnown: true, ZoneKnown: true}
	la := hindsight.Time{Wall: time.Date(2026, 11, 20, 10, 30, 0, 0, pst), DateKnown: true, ZoneKnown: true}
	if d := la.Sub(utc); d != 30*time.Minute {
		t.Errorf("10:30 PST - 18:00 UTC = %v, want 30m (both zones stated: real instants)", d)
	}
	naive := hindsight.Time{Wall: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), DateKnown: true}
	if d := la.Sub(naive); d != 30*time.Minute {
		t.Errorf("10:30 PST - 10:00 (no zone) = %v, want 30m (wall clocks compared)", d)
	}
}

// sameTime compares times as the JSON holds them: the ISO form and the clock.
var sameTime = cmp.Comparer(func(a, b hindsight.Time) bool {
	return a.ISO() == b.ISO() && a.Clock() == b.Clock()
})

func TestEventJSONRoundTrip(t *testing.T) {
	at := hindsight.Time{Wall: time.Date(2026, 11, 20, 14, 32, 0, 0, time.UTC), DateKnown: true, ZoneKnown: true, Zone: "Z"}
	clockOnly := hindsight.Time{Wall: time.Date(1, 1, 1, 14, 45, 0, 0, time.UTC)}
	for _, e := range []hindsight.Event{
		{At: &at, AsWritten: "14:32", Text: "initiated rollback", Kind: hindsight.KindRollbackStart, Phase: hindsight.PhaseRollback, Line: 12},
		{At: &clockOnly, AsWritten: "2:45pm", Text: "healthy", Kind: hindsight.KindRecover, Phase: hindsight.PhaseRollback,
			Unverified: true, Reasons: []string{"approximate"}, Line: 13},
		{Text: "no time", Kind: hindsight.KindOther, Phase: hindsight.PhaseDeploy, Unverified: true, Reasons: []string{"no time given"}, Line: 14},
	} {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back hindsight.Event
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(e, back, sameTime); diff != "" {
			t.Errorf("Event round trip through %s (-want +got):\n%s", b, diff)
		}
	}
}

// TestUndatedMilestonesJSON checks that a postmortem of notes with no date
// (a whiteboard) carries its milestones' clock times in the JSON, beside
// the milestones that are null, and reads back with them.
func TestUndatedMilestonesJSON(t *testing.T) {
	clock := func(h, m int) *hindsight.Time {
		return &hindsight.Time{Wall: time.Date(1, 1, 1, h, m, 0, 0, time.UTC)}
	}
	dated := &hindsight.Time{Wall: time.Date(2026, 11, 20, 15, 10, 0, 0, time.UTC), DateKnown: true}
	pm := hindsight.Postmortem{
		Schema:     hindsight.Schema,
		Milestones: hindsight.Milestones{DeployStart: clock(14, 2), RollbackStart: clock(14, 32), RollbackEnd: clock(14, 47), Recovered: dated},
	}
	b, err := json.Marshal(pm)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Milestones      map[string]*string `json:"milestones"`
		MilestoneClocks map[string]*string `json:"milestone_clocks"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string][2]string{
		"deploy_start": {"null", "14:02"}, "detected": {"null", "null"}, "rollback_start": {"null", "14:32"},
		"rollback_end": {"null", "14:47"}, "recovered": {"2026-11-20T15:10:00", "15:10"},
	} {
		if got := [2]string{str(raw.Milestones[key]), str(raw.MilestoneClocks[key])}; got != want {
			t.Errorf("%s: milestones %s, milestone_clocks %s; want %s, %s", key, got[0], got[1], want[0], want[1])
		}
	}
	if len(raw.MilestoneClocks) != 7 {
		t.Errorf("milestone_clocks has %d keys, want all 7: %v", len(raw.MilestoneClocks), raw.MilestoneClocks)
	}

	var back hindsight.Postmortem
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pm, back, sameTime); diff != "" {
		t.Errorf("Postmortem round trip through JSON (-want +got):\n%s", diff)
	}
}

// str is a JSON string as written, "null" for none.
func str(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

// TestUndatedAttemptsJSON: a rollback attempt's start and end with no date
// are null in the JSON, their clocks are in attempt_clocks, and reading the
// JSON back (the history and the web API do) restores them, past midnight
// too.
func TestUndatedAttemptsJSON(t *testing.T) {
	at := func(day, h, m int, dated bool) *hindsight.Time {
		return &hindsight.Time{Wall: time.Date(1, 1, day, h, m, 0, 0, time.UTC), DateKnown: dated}
	}
	dated := &hindsight.Time{Wall: time.Date(2026, 11, 20, 15, 10, 0, 0, time.UTC), DateKnown: true}
	pm := hindsight.Postmortem{Schema: hindsight.Schema, Rollback: hindsight.Rollback{Attempted: true, Attempts: []hindsight.RollbackAttempt{
		{Start: at(1, 14, 32, false), End: at(1, 14, 47, false), Method: "helm rollback"},
		{Start: at(1, 23, 50, false), End: at(2, 0, 20, false), Method: "past midnight"},
		{Start: dated, Method: "dated, no end"},
		{Method: "no time in the notes"},
	}}}
	b, err := json.Marshal(pm)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Rollback struct {
			Attempts []struct{ Start, End *string } `json:"attempts"`
		} `json:"rollback"`
		AttemptClocks []struct{ Start, End *string } `json:"attempt_clocks"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	want := [][4]string{ // start, end, start clock, end clock
		{"null", "null", "14:32", "14:47"},
		{"null", "null", "23:50", "00:20"},
		{"2026-11-20T15:10:00", "null", "15:10", "null"},
		{"null", "null", "null", "null"},
	}
	if len(raw.Rollback.Attempts) != len(want) || len(raw.AttemptClocks) != len(want) {
		t.Fatalf("%d attempts and %d attempt_clocks, want %d of each:\n%s", len(raw.Rollback.Attempts), len(raw.AttemptClocks), len(want), b)
	}
	for i, w := range want {
		a, c := raw.Rollback.Attempts[i], raw.AttemptClocks[i]
		if got := [4]string{str(a.Start), str(a.End), str(c.Start), str(c.End)}; got != w {
			t.Errorf("attempt %d: start, end, clocks %v; want %v", i+1, got, w)
		}
	}

	var back hindsight.Postmortem
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pm, back, sameTime); diff != "" {
		t.Errorf("Postmortem round trip through JSON (-want +got):\n%s", diff)
	}
	if a := back.Rollback.Attempts[1]; a.Start == nil || a.End == nil || a.End.Sub(*a.Start) != 30*time.Minute {
		t.Errorf("the attempt from 23:50 to 00:20 read back as %v to %v, want 30 minutes", a.Start, a.End)
	}
}

// TestUndatedPastMidnightJSON: an undated board whose timeline passes
// midnight, or runs over a day so that a clock comes round again, reads
// back from its JSON (as the history and the web API read it) with every
// time on its day, so the rollback and the milestones keep their order and
// spans.
func TestUndatedPastMidnightJSON(t *testing.T) {
	for _, notes := range []string{
		"TIMELINE\n23:41 deploy v3 started\n23:52 5xx alerts fire\n23:58 decided to roll back\n" +
			"00:05 rollback to v2 started\n00:20 rollback complete\n00:40 all clear\n",
		"TIMELINE\n10:00 deploy v3 started\n10:20 5xx alerts fire\n18:00 still failing\n02:00 paged again\n" +
			"09:50 decided to roll back\n10:00 initiated rollback\n10:30 rollback complete\n11:00 all clear\n",
	} {
		pm, err := snap.Bytes("board.txt", []byte(notes), snap.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if pm.Milestones.RollbackEnd == nil || pm.Milestones.RollbackEnd.Wall.Day() != 2 {
			t.Fatalf("the notes' rollback end is %v, want it on the day after the reference day", pm.Milestones.RollbackEnd)
		}
		b, err := json.Marshal(pm)
		if err != nil {
			t.Fatal(err)
		}
		var back hindsight.Postmortem
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		sameWall := cmp.Comparer(func(a, b hindsight.Time) bool { return a.Wall.Equal(b.Wall) && a.DateKnown == b.DateKnown })
		if diff := cmp.Diff(pm.Timeline, back.Timeline, sameWall); diff != "" {
			t.Errorf("timeline read back (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(pm.Milestones, back.Milestones, sameWall); diff != "" {
			t.Errorf("milestones read back (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(pm.Rollback.Attempts, back.Rollback.Attempts, sameWall); diff != "" {
			t.Errorf("rollback attempts read back (-want +got):\n%s", diff)
		}
	}
}

// TestReadJSON reads a postmortem back from the JSON snap --format json
// writes, and tells other JSON and other versions apart.
func TestReadJSON(t *testing.T) {
	pm, err := snap.Bytes("board.txt", []byte("TIMELINE\n14:02 deploy v2.41\n14:09 5xx alerts fire\n14:32 rolled back to v2.40\n"), snap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(pm)
	if err != nil {
		t.Fatal(err)
	}
	back, ok, err := hindsight.ReadJSON("pm.json", append([]byte("\xef\xbb\xbf\n"), b...))
	if !ok || err != nil {
		t.Fatalf("ReadJSON(its own JSON) = ok %v, %v", ok, err)
	}
	if diff := cmp.Diff(pm, back, sameTime); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		data   string
		ok     bool
		errHas string
	}{
		{`{"name": "x"}`, false, ""},
		{`{"schema": "other/v1"}`, false, ""},
		{"TIMELINE\n14:02 deploy\n", false, ""},
		{`{"schema": "hindsight.postmortem/v2"}`, true, `this Hindsight reads "hindsight.postmortem/v1"`},
		{`{"schema": "hindsight.postmortem/v1", "timeline": "not a list"}`, true, "cannot read"},
		{"{\n  \"schema\": \"hindsight.postmortem/v1\",\n  \"impact\": \"x\",,\n}", true, "no longer valid JSON (line 3"},
		{`{"schema": "hindsight.postmortem/v1", "title": "cut sh`, true, "no longer valid JSON"},
		{`{"name": "x",,}`, false, ""},
		{"{,\n\"schema\": \"hindsight.postmortem/v1\"}", true, "no longer valid JSON (line 1"},
	} {
		_, ok, err := hindsight.ReadJSON("x.json", []byte(tc.data))
		if ok != tc.ok || (tc.errHas == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.errHas)) {
			t.Errorf("ReadJSON(%s) = ok %v, %v; want ok %v and an error with %q", tc.data, ok, err, tc.ok, tc.errHas)
		}
	}
}
