package snap_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/snap"
)

// The levels the pipeline reaches on the hand-labelled set in
// testdata/eval (see docs/EVALUATION.md). The test fails when a change
// drops any field below its level; raise them when the pipeline improves.
var evalFloor = map[string]float64{
	"timed events found":   0.99,
	"timed events precise": 0.98,
	"milestones right":     0.82,
	"rollback attempted":   0.78,
	"rollback outcome":     0.99,
	"category":             0.53,
	"durations right":      0.78,
}

type label struct {
	File        string             `json:"file"`
	TimedEvents []string           `json:"timed_events"`
	Milestones  map[string]*string `json:"milestones"`
	Rollback    struct {
		Attempted bool   `json:"attempted"`
		Outcome   string `json:"outcome"`
	} `json:"rollback"`
	Category  string              `json:"category"`
	Durations map[string]*float64 `json:"durations_min"`
}

// score counts right answers per field.
type score struct{ right, total int }

func (s score) rate() float64 {
	if s.total == 0 {
		return 1
	}
	return float64(s.right) / float64(s.total)
}

func TestEvaluation(t *testing.T) {
	corpus := sharedDir(t, "corpus")
	labels, err := filepath.Glob("../testdata/eval/*.json")
	if err != nil || len(labels) < 20 {
		t.Fatalf("want at least 20 labelled files in testdata/eval, got %d (%v)", len(labels), err)
	}
	scores := map[string]*score{}
	add := func(field string, ok bool) {
		s := scores[field]
		if s == nil {
			s = &score{}
			scores[field] = s
		}
		s.total++
		if ok {
			s.right++
		}
	}
	var misses []string
	for _, path := range labels {
		var l label
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		pm, err := snap.File(filepath.Join(corpus, l.File), nil, snap.Options{})
		if err != nil {
			t.Errorf("snap %s: %v", l.File, err)
			continue
		}
		// Timed events: recall and precision as multisets.
		got := map[string]int{}
		nGot := 0
		for _, e := range pm.Timeline {
			if e.At != nil {
				got[stamp(e.At)]++
				nGot++
			}
		}
		for _, w := range l.TimedEvents {
			ok := takeStamp(got, w)
			add("timed events found", ok)
			if !ok {
				misses = append(misses, fmt.Sprintf("%s: timed event %s not found", l.File, w))
			}
		}
		extra := 0
		for _, n := range got {
			extra += n
		}
		for i := 0; i < nGot; i++ {
			add("timed events precise", i >= extra)
		}
		// Milestones.
		ms := map[string]*hindsight.Time{
			"deploy_start": pm.Milestones.DeployStart, "impact_start": pm.Milestones.ImpactStart,
			"detected": pm.Milestones.Detected, "rollback_decision": pm.Milestones.RollbackDecision,
			"rollback_start": pm.Milestones.RollbackStart, "rollback_end": pm.Milestones.RollbackEnd,
			"recovered": pm.Milestones.Recovered,
		}
		for _, name := range sortedKeys(l.Milestones) {
			ok := sameStamp(ms[name], l.Milestones[name])
			add("milestones right", ok)
			add("  "+name, ok)
			if !ok {
				misses = append(misses, fmt.Sprintf("%s: %s = %s, want %s", l.File, name, show(ms[name]), deref(l.Milestones[name])))
			}
		}
		add("rollback attempted", pm.Rollback.Attempted == l.Rollback.Attempted)
		if l.Rollback.Attempted && pm.Rollback.Attempted {
			ok := string(pm.Rollback.Outcome) == l.Rollback.Outcome
			add("rollback outcome", ok)
			if !ok {
				misses = append(misses, fmt.Sprintf("%s: outcome = %s, want %s", l.File, pm.Rollback.Outcome, l.Rollback.Outcome))
			}
		}
		okCat := string(pm.DeployFailure.Category) == l.Category
		add("category", okCat)
		if !okCat {
			misses = append(misses, fmt.Sprintf("%s: category = %s, want %s", l.File, pm.DeployFailure.Category, l.Category))
		}
		d := map[string]*float64{"time_to_detect": pm.Durations.TimeToDetect, "time_to_decide": pm.Durations.TimeToDecide,
			"rollback": pm.Durations.Rollback, "time_to_recover": pm.Durations.TimeToRecover}
		for _, name := range sortedKeys(l.Durations) {
			want, got := l.Durations[name], d[name]
			add("durations right", (want == nil) == (got == nil) && (want == nil || math.Abs(*want-*got) <= 1))
		}
	}
	for field := range evalFloor {
		if scores[field] == nil {
			t.Errorf("%s: nothing scored", field)
		}
	}
	if testing.Verbose() {
		for _, m := range misses {
			t.Log(m)
		}
	}
	for _, field := range sortedKeys(scores) {
		s := scores[field]
		floor, ok := evalFloor[field]
		if !ok {
			t.Logf("%-22s %5.1f%% (%d/%d)", field, 100*s.rate(), s.right, s.total)
			continue
		}
		t.Logf("%-22s %5.1f%% (%d/%d), floor %.0f%%", field, 100*s.rate(), s.right, s.total, 100*floor)
		if s.rate() < floor {
			t.Errorf("%s dropped to %.1f%%, below the %.0f%% floor", field, 100*s.rate(), 100*evalFloor[field])
		}
	}
}

// stamp writes a time as the labels do: YYYY-MM-DDTHH:MM, or HH:MM when
// the date is not known.
func stamp(t *hindsight.Time) string {
	if t.DateKnown {
		return t.Wall.Format("2006-01-02T15:04")
	}
	return t.Wall.Format("15:04")
}

// takeStamp removes one occurrence of want from got; a label without a
// date matches a found time on any date, and the other way round.
func takeStamp(got map[string]int, want string) bool {
	if got[want] > 0 {
		got[want]--
		return true
	}
	clock := want[max(0, len(want)-5):]
	for k, n := range got {
		if n > 0 && (k == clock || (!strings.Contains(want, "T") && strings.HasSuffix(k, "T"+want))) {
			got[k]--
			return true
		}
	}
	return false
}

func sameStamp(got *hindsight.Time, want *string) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	g := stamp(got)
	if g == *want {
		return true
	}
	if !got.DateKnown || !strings.Contains(*want, "T") {
		return g[max(0, len(g)-5):] == (*want)[max(0, len(*want)-5):]
	}
	return false
}

func show(t *hindsight.Time) string {
	if t == nil {
		return "null"
	}
	return stamp(t)
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sharedDir returns ../../shared/<name>, skipping the test when the shared
// material is not beside the checkout (a user's clone has none). In CI
// (CI=true) its absence is a failure.
func sharedDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", name)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing, and CI=true: CI must run with ../shared beside the checkout", dir)
		}
		t.Skipf("%s not present (it sits beside the repository in development and CI)", dir)
	}
	return dir
}
