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
