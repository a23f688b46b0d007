// Package drawingtest holds what the drawing readers' tests share: every
// reader's fixtures draw the same deployment-postmortem board (Timeline,
// What broke, Rollback and Action items columns), so every reader must give
// the same postmortem from it. Only tests import this package.
package drawingtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/notes"
	"github.com/hindsight-dev/hindsight/snap"
)

// Text returns a board's lines, one per block, each ending in a newline:
// what the golden files hold.
func Text(b *board.Board) string {
	var s strings.Builder
	for _, bl := range b.Blocks {
		s.WriteString(bl.Text)
		s.WriteString("\n")
	}
	return s.String()
}

// CheckPostmortem checks that b, read from one of the fixture boards, gives
// the postmortem drawn on it: the four sections, the seven timeline times in
// order, all seven milestones, the team's notes on the failure and the
// rollback, and the two action items with owner, priority and due date.
// wantDate, when set, is the date the board's title gives.
func CheckPostmortem(t *testing.T, b *board.Board, wantDate string) {
	t.Helper()
	n := notes.Parse(b, notes.Options{})
	var kinds []hindsight.SectionKind
	for _, s := range n.Sections {
		if len(s.Items) > 0 {
			kinds = append(kinds, s.Kind)
		}
	}
	for _, want := range []hindsight.SectionKind{hindsight.SectionTimeline, hindsight.SectionFailure, hindsight.SectionRollback, hindsight.SectionActions} {
		if !slices.Contains(kinds, want) {
			t.Errorf("sections with items = %v, want %s among them", kinds, want)
		}
	}
	pm := snap.Board(b, snap.Options{})
	var times []string
	for _, e := range pm.Timeline {
		if e.At != nil {
			times = append(times, e.At.Clock())
		}
	}
	wantTimes := []string{"14:02", "14:05", "14:08", "14:15", "14:16", "14:20", "14:42"}
	if !slices.Equal(times, wantTimes) {
		t.Errorf("timeline times = %v, want %v", times, wantTimes)
	}
	m := pm.Milestones
	for name, got := range map[string]*hindsight.Time{
		"deploy_start": m.DeployStart, "impact_start": m.ImpactStart, "detected": m.Detected,
		"rollback_decision": m.RollbackDecision, "rollback_start": m.RollbackStart, "rollback_end": m.RollbackEnd, "recovered": m.Recovered,
	} {
		if got == nil {
			t.Errorf("milestone %s missing", name)
		}
	}
	if wantDate != "" && pm.Date != wantDate {
		t.Errorf("date = %q, want %s from the title", pm.Date, wantDate)
	}
	if len(pm.Rollback.Notes) == 0 || len(pm.DeployFailure.Notes) == 0 {
		t.Errorf("rollback notes %q, failure notes %q: want both", pm.Rollback.Notes, pm.DeployFailure.Notes)
	}
	type owned struct{ owner, prio, due string }
	var got []owned
	for _, a := range pm.ActionItems {
		got = append(got, owned{a.Owner, string(a.Priority), a.Due})
	}
	want := []owned{{"dana", "P1", "2026-12-04"}, {"sam", "P2", "2026-12-18"}}
	if !slices.Equal(got, want) {
		t.Errorf("action items (owner, priority, due) = %v, want %v", got, want)
	}
}
