package snap_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/render"
	"github.com/hindsight-dev/hindsight/snap"
)

// FuzzSnap runs the whole pipeline on arbitrary boards. It must never
// panic; the JSON must be valid and keep the contract's invariants: a
// duration is never negative, every event is on one of the two timelines,
// and the enumerations hold only their values.
func FuzzSnap(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(filepath.Base(s), data)
		}
	}
	f.Add("b.txt", []byte("14:02 deploy\n14:01 alert?\n23:59 rollback started\n00:01 rollback failed\n~00:30 healthy"))
	f.Add("pm.json", []byte(`{"schema": "hindsight.postmortem/v1", "rollback": {"attempts": [{"start": null}]}, "attempt_clocks": [{"start": "25:99"}]}`))
	f.Add("b.txt", []byte("T+5m rollback decided\n+10 min rolled back\nRoot cause: migration\nFixes:\n- revert test @x P0"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		pm, err := snap.Bytes(name, data, snap.Options{})
		if err != nil {
			return
		}
		_ = render.Markdown(pm)
		out, err := render.JSON(pm)
		if err != nil {
			t.Fatalf("JSON: %v", err)
		}
		var back map[string]any
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("JSON output is not valid JSON: %v", err)
		}
		if hindsight.JSONSchema(data) != "" {
			return // a postmortem in JSON is read as it is, not made here
		}
		for _, d := range []*float64{pm.Durations.TimeToDetect, pm.Durations.TimeToDecide, pm.Durations.Rollback, pm.Durations.TimeToRecover} {
			if d != nil && *d < 0 {
				t.Errorf("negative duration %v", *d)
			}
		}
		for _, e := range pm.Timeline {
			if e.Phase != hindsight.PhaseDeploy && e.Phase != hindsight.PhaseRollback {
				t.Errorf("event %q has phase %q", e.Text, e.Phase)
			}
			if !contains(hindsight.Kinds, e.Kind) {
				t.Errorf("event %q has kind %q", e.Text, e.Kind)
			}
		}
		if !contains(hindsight.Outcomes, pm.Rollback.Outcome) {
			t.Errorf("rollback outcome %q", pm.Rollback.Outcome)
		}
		if !contains(hindsight.Categories, pm.DeployFailure.Category) {
			t.Errorf("category %q", pm.DeployFailure.Category)
		}
		for _, a := range pm.ActionItems {
			if !contains(hindsight.Buckets, a.Bucket) || !contains(hindsight.Statuses, a.Status) {
				t.Errorf("action item %q: bucket %q, status %q", a.Text, a.Bucket, a.Status)
			}
		}
	})
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
