package document_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/snap"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestTemplatesGolden renders the same board in every built-in template and
// compares with testdata/templates/NAME.md.
func TestTemplatesGolden(t *testing.T) {
	pm, err := snap.File("../examples/migration-bad-state.txt", nil, snap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := document.Builtin()
	if got := strings.Join(ts.Names(), " "); got != "database deployment general" {
		t.Fatalf("built-in templates = %q", got)
	}
	for _, name := range ts.Names() {
		t.Run(name, func(t *testing.T) {
			tpl, _ := ts.Get(name)
			out := document.Render(pm, tpl)
			golden := filepath.Join("testdata", "templates", name+".md")
			if *update {
				os.WriteFile(golden, out, 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./document -update)", err)
			}
			if diff := cmp.Diff(string(want), string(out)); diff != "" {
				t.Errorf("%s template (-want +got):\n%s", name, diff)
			}
			// Every section of the template is there, in order.
			at := 0
			for _, s := range tpl.Sections {
				i := strings.Index(string(out[at:]), "\n## "+s.Title+"\n")
				if i < 0 {
					t.Errorf("section %q missing or out of order", s.Title)
					continue
				}
				at += i + 1
			}
			// And the document reads back with its template.
			d, err := document.Parse(golden, out, ts)
			if err != nil || d.Template.Name != name || len(d.PM.Timeline) != len(pm.Timeline) || len(d.PM.ActionItems) != len(pm.ActionItems) {
				t.Errorf("Parse: %v; template %v", err, d)
			}
		})
	}
}

func TestDatabaseTemplateHasTheFourteenSections(t *testing.T) {
	tpl, _ := document.Builtin().Get("database")
	want := []string{"Incident Summary", "Impact", "Timeline of Events", "Detection and Alerting", "Root Cause Analysis",
		"Contributing Factors", "Immediate Mitigation", "Why Rollback Was or Was Not Used", "Recovery and Validation",
		"What Went Well", "What Could Be Improved", "Action Items", "Lessons Learned"}
	for i, w := range want { // 1. the title is the document's H1
		if tpl.Sections[i].Title != w {
			t.Errorf("section %d = %q, want %q", i+2, tpl.Sections[i].Title, w)
		}
	}
}

func TestUserTemplates(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "short.yaml"), []byte(`name: short
description: What the weekly review reads.
sections:
  - {title: What happened, part: summary, required: true}
  - {title: When, part: timeline, required: true}
  - {title: Rollback, part: rollback}
  - {title: Fixes, part: actions, required: true}
`), 0o644)
	ts, err := document.LoadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := ts.Get("short")
	if err != nil {
		t.Fatal(err)
	}
	pm, _ := snap.File("../examples/migration-bad-state.txt", nil, snap.Options{})
	pm.Template = "short"
	out := document.Render(pm, tpl)
	if !strings.Contains(string(out), "template: short") || !strings.Contains(string(out), "## Fixes\n") {
		t.Errorf("rendered:\n%s", out)
	}
	d, err := document.Parse("short.md", out, ts)
	if err != nil || len(d.PM.ActionItems) != 5 || d.PM.Rollback.Outcome != pm.Rollback.Outcome {
		t.Errorf("Parse = %v, %+v", err, d)
	}
	// A document in an unknown template says how to get it.
	if _, err := document.Parse("x.md", out, document.Builtin()); err == nil || !strings.Contains(err.Error(), "--templates") {
		t.Errorf("unknown template: %v", err)
	}
	for name, bad := range map[string]string{
		"unknown part": "name: x\nsections:\n  - {title: A, part: weather}\n",
		"no sections":  "name: x\n",
		"twice":        "name: x\nsections:\n  - {title: A, part: summary}\n  - {title: a, part: impact}\n",
		"unknown key":  "name: x\nsections:\n  - {title: A, part: summary, colour: red}\n",
	} {
		d := t.TempDir()
		os.WriteFile(filepath.Join(d, "x.yaml"), []byte(bad), 0o644)
		if _, err := document.LoadTemplates(d); err == nil {
			t.Errorf("%s: LoadTemplates accepted %q", name, bad)
		}
	}
}
