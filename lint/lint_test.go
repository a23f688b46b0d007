package lint_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/lint"
)

var update = flag.Bool("update", false, "rewrite the lint fixtures under testdata/")

// today is the date the fixtures are checked on.
var today = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func check(t *testing.T, name string, data []byte) []lint.Finding {
	t.Helper()
	d, err := document.Parse(name, data, nil)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return lint.Run(&lint.Input{Name: name, PM: d.PM, Doc: d, Now: today})
}

// edit is a text change made to the clean document.
type edit struct{ old, new string }

func apply(t *testing.T, doc string, edits []edit) string {
	t.Helper()
	for _, e := range edits {
		if !strings.Contains(doc, e.old) {
			t.Fatalf("fixture edit: %q is not in the document", e.old)
		}
		doc = strings.Replace(doc, e.old, e.new, 1)
	}
	return doc
}

// fixtures gives every rule a failing and a passing document, each made
// from testdata/clean.md (which passes every rule) by a few edits, and kept
// under testdata/ as HSnnn-fail.md and HSnnn-pass.md.
var fixtures = map[string]struct{ fail, pass []edit }{
	"HS001": {fail: []edit{{"Some searches were slow or timed out for 15 minutes.", "_Not in the notes: who was affected._"}}},
	"HS002": {fail: []edit{{"owner: priya", "owner: _missing_"}}},
	"HS003": {fail: []edit{{"priority: P1", "priority: _missing_"}}},
	"HS004": {fail: []edit{{"due: 2026-12-20", "due: _missing_"}}},
	"HS005": {
		fail: []edit{{"due: 2026-12-20", "due: 2026-11-01"}},
		pass: []edit{{"- [ ] Canary config pushes to two nodes first — owner: priya · priority: P1 · due: 2026-12-20",
			"- [x] Canary config pushes to two nodes first — owner: priya · priority: P1 · due: 2026-11-01 · status: done"}},
	},
	"HS006": {
		fail: []edit{{"rollback started — **succeeded**", "rollback started — **failed to complete**"},
			{"- [ ] Rehearse the settings rollback in the monthly game day — owner: marco · priority: P3 · due: 2027-01-10", ""}},
		pass: []edit{{"rollback started — **succeeded**", "rollback started — **failed to complete**"}},
	},
	"HS007": {fail: []edit{{"| 10:06 | search responses", "| 10:01 | search responses"}}},
	"HS008": {fail: []edit{{"| 10:21 | search healthy again", "| 10:03 | search healthy again"}}},
	"HS009": {fail: []edit{{"| 10:09 | alert:", "| 10:00 | alert:"}}},
	"HS010": {fail: []edit{{"- **Attempted:** yes. It succeeded: there is no rollback failure to analyse, only its duration.", "- **Attempted:** no"},
		{"1. **Attempt 1** (10:15–10:18, 3 min): rollback started — **succeeded**\n", ""},
		{"- The config pipeline keeps the last five versions; rollback is rehearsed every month.\n", ""}}},
	"HS011": {
		fail: []edit{{"- The staging and production overlays look alike.", "- Marco forgot to check which overlay he edited."}},
		pass: []edit{{"- The staging and production overlays look alike.", "- Nothing checked which overlay a change edits."}},
	},
	"HS012": {
		fail: []edit{{"status: draft", "status: published"}, {"| 10:02 | config push to the search fleet started | config change | deploy start |  |",
			"| 10:02 | [UNVERIFIED] config push to the search fleet started | config change | deploy start | not confirmed |"}},
		pass: []edit{{"status: draft", "status: published"}},
	},
	"HS013": {fail: []edit{{"status: draft", "status: finished"}}},
	"HS014": {fail: []edit{{"| merge |  |  |", "| explosion |  |  |"}}},
	"HS015": {fail: []edit{{"caused problems for users.", "caused 5xx errors and p99 latency spikes for users."}}},
}

func TestRulesHaveFixtures(t *testing.T) {
	clean, err := os.ReadFile("testdata/clean.md")
	if err != nil {
		t.Fatal(err)
	}
	if fs := check(t, "clean.md", clean); len(fs) != 0 {
		t.Fatalf("testdata/clean.md should pass every rule, got %v", fs)
	}
	for _, r := range lint.Rules {
		fx, ok := fixtures[r.ID]
		if !ok {
			t.Errorf("rule %s (%s) has no fixtures", r.ID, r.Name)
			continue
		}
		if r.Doc == "" || r.Name == "" || (r.Severity != lint.Error && r.Severity != lint.Warning) {
			t.Errorf("rule %s: name %q, doc %q, severity %q; every rule needs all three", r.ID, r.Name, r.Doc, r.Severity)
		}
		for _, kind := range []string{"fail", "pass"} {
			path := filepath.Join("testdata", fmt.Sprintf("%s-%s.md", r.ID, kind))
			edits := fx.fail
			if kind == "pass" {
				edits = fx.pass
			}
			if *update {
				if err := os.WriteFile(path, []byte(apply(t, string(clean), edits)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./lint -update)", err)
			}
			found := false
			for _, f := range check(t, path, data) {
				if f.Rule == r.ID {
					found = true
				}
			}
			if kind == "fail" && !found {
				t.Errorf("%s: rule %s did not fire on its failing fixture", path, r.ID)
			}
			if kind == "pass" && found {
				t.Errorf("%s: rule %s fired on its passing fixture", path, r.ID)
			}
		}
	}
}

// TestBrokenDocument plants one problem per rule in a document and checks
// each is reported at the right line.
func TestBrokenDocument(t *testing.T) {
	data, err := os.ReadFile("testdata/broken.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	lineOf := func(substr string) int {
		for i, l := range lines {
			if strings.Contains(l, substr) {
				return i + 1
			}
		}
		t.Fatalf("broken.md has no line with %q", substr)
		return 0
	}
	want := []struct {
		rule string
		line int
	}{
		{"HS001", lineOf("## Impact")},
		{"HS001", lineOf("# Search latency")}, // the missing "Deploy failure" section
		{"HS002", lineOf("Canary config pushes")},
		{"HS003", lineOf("Alert on search timeouts")},
		{"HS004", lineOf("Alert on search timeouts")},
		{"HS005", lineOf("Canary config pushes")},
		{"HS006", lineOf("## Action items")},
		{"HS007", lineOf("| 10:01 |")},
		{"HS008", lineOf("## Key durations")},
		{"HS009", lineOf("| 10:00 | alert")},
		{"HS011", lineOf("Marco forgot")},
		{"HS012", lineOf("[UNVERIFIED] config push")},
		{"HS013", lineOf("date: ")},
		{"HS014", lineOf("| explosion |")},
		{"HS015", lineOf("## Summary")},
	}
	got := map[string]bool{}
	for _, f := range check(t, "broken.md", data) {
		got[fmt.Sprintf("%s:%d", f.Rule, f.Line)] = true
	}
	for _, w := range want {
		if !got[fmt.Sprintf("%s:%d", w.rule, w.line)] {
			t.Errorf("broken.md: no %s at line %d; findings: %v", w.rule, w.line, got)
		}
	}
}

// TestRollbackAnalysisRule is HS010 on a document of its own: a timeline
// that mentions a rollback, and no analysis of it.
func TestRollbackAnalysisRule(t *testing.T) {
	data, _ := os.ReadFile("testdata/HS010-fail.md")
	for _, f := range check(t, "HS010-fail.md", data) {
		if f.Rule == "HS010" {
			if !strings.Contains(string(data), "rollback") || f.Line == 0 {
				t.Errorf("HS010 at line %d", f.Line)
			}
			return
		}
	}
	t.Error("HS010 not reported")
}
