package snap_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hindsight-dev/hindsight/render"
	"github.com/hindsight-dev/hindsight/snap"
)

// TestSnapDocument: a Hindsight document given to snap (the example
// postmortems, as snap -o pm.md wrote them) is read as the document it is,
// so snapping it again gives the postmortem it holds, not a board made of
// its tables and headings (which had no action items and the rollback
// ending before it started).
func TestSnapDocument(t *testing.T) {
	docs, _ := filepath.Glob("../examples/*.postmortem.md")
	if len(docs) == 0 {
		t.Fatal("no example postmortems")
	}
	for _, path := range docs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			pm, err := snap.File(path, nil, snap.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := render.Write(&got, pm, "json"); err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(path, ".md") + ".json")
			if err != nil {
				t.Fatal(err)
			}
			// The source lines are the document's, not the board's.
			if d := cmp.Diff(withoutLines(t, want), withoutLines(t, got.Bytes())); d != "" {
				t.Errorf("snap of the document differs from the postmortem it was written from (-want +got):\n%s", d)
			}
		})
	}
}

func withoutLines(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var strip func(any)
	strip = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			delete(v, "line")
			for _, x := range v {
				strip(x)
			}
		case []any:
			for _, x := range v {
				strip(x)
			}
		}
	}
	strip(v)
	return v
}

// TestSnapNotesUnderFrontMatter: notes typed under front matter that names
// a template are snapped as notes, in that template, not read as an empty
// document.
func TestSnapNotesUnderFrontMatter(t *testing.T) {
	notes := "---\ntitle: Orders migration\ndate: 2026-03-04\ntemplate: database\n---\n\nTimeline\n" +
		"10:00 migration 0042 started\n10:05 orders failing with 500s\n10:08 alert fired, on-call paged\n\n" +
		"Action items\n- add a migration canary @kai P1\n"
	pm, err := snap.Bytes("notes.md", []byte(notes), snap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pm.Timeline) != 3 || len(pm.ActionItems) != 1 || pm.Template != "database" {
		t.Errorf("%d timeline entries, %d action items, template %q; want 3, 1, database", len(pm.Timeline), len(pm.ActionItems), pm.Template)
	}
}

// TestSnapDocumentUnknownKind: a document whose timeline names a kind
// Hindsight does not know is refused, with its line, rather than written
// out in JSON outside the contract.
func TestSnapDocumentUnknownKind(t *testing.T) {
	data, err := os.ReadFile("../examples/migration-bad-state.postmortem.md")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "| deploy finished | deploy end |", "| deploy finished | degraded |", 1)
	_, err = snap.Bytes("pm.md", []byte(bad), snap.Options{})
	if err == nil || !strings.Contains(err.Error(), `pm.md:38: unknown event kind "degraded"`) {
		t.Errorf("snap of a document with kind 'degraded' = %v; want it refused at line 38", err)
	}
}
