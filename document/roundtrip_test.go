package document_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/snap"
)

// sameTime compares times by what they say, not by how Go holds them.
var sameTime = cmp.Comparer(func(a, b hindsight.Time) bool {
	return a.ISO() == b.ISO() && a.Clock() == b.Clock() && a.DateKnown == b.DateKnown &&
		a.ZoneKnown == b.ZoneKnown && a.Zone == b.Zone && a.Seconds == b.Seconds
})

// positions are where things were in the source they were read from: the
// notes for a snapped postmortem, the document for a parsed one. They are
// not part of what a postmortem says, so equality leaves them out.
var positions = cmpopts.IgnoreFields(hindsight.Event{}, "Line")
var positions2 = cmpopts.IgnoreFields(hindsight.ActionItem{}, "Line")
var positions3 = cmpopts.IgnoreFields(hindsight.RollbackAttempt{}, "Line")
var positions4 = cmpopts.IgnoreFields(hindsight.Section{}, "Line")

// roundTrip checks parse(render(pm)) == pm and render(parse(doc)) == doc.
func roundTrip(t *testing.T, name string, pm *hindsight.Postmortem) {
	t.Helper()
	doc := document.Render(pm, nil)
	d, err := document.Parse(name, doc, nil)
	if err != nil {
		t.Fatalf("Parse(Render(%s)): %v", name, err)
	}
	if diff := cmp.Diff(pm, d.PM, sameTime, positions, positions2, positions3, positions4, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: parse(render(pm)) != pm (-want +got):\n%s", name, diff)
	}
	again := document.Render(d.PM, nil)
	if diff := cmp.Diff(string(doc), string(again)); diff != "" {
		t.Errorf("%s: render(parse(doc)) != doc (-want +got):\n%s", name, diff)
	}
}

func TestRoundTripExamples(t *testing.T) {
	boards, _ := filepath.Glob("../examples/*")
	n := 0
	for _, b := range boards {
		if strings.Contains(b, ".postmortem.") {
			continue
		}
		n++
		t.Run(filepath.Base(b), func(t *testing.T) {
			pm, err := snap.File(b, nil, snap.Options{})
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, b, pm)
		})
	}
	if n < 3 {
		t.Fatalf("%d example boards", n)
	}
}

func TestRoundTripCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s missing under CI=true", dir)
		}
		t.Skip("../shared/corpus not present")
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "LICENSE" || d.Name() == "SOURCE" || d.Name() == "README.md" {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		t.Run(rel, func(t *testing.T) {
			pm, err := snap.File(p, nil, snap.Options{})
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, rel, pm)
		})
		return nil
	})
}
