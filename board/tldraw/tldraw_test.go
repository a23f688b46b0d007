package tldraw_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/board/internal/drawingtest"
	"github.com/hindsight-dev/hindsight/board/tldraw"
)

var update = flag.Bool("update", false, "rewrite the fixtures and golden files under testdata/")

func read(t *testing.T, name string) *board.Board {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := tldraw.Read(name, data)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return b
}

// TestGolden reads each board and compares its lines with the golden file;
// the tldraw 2 file must read as the tldraw 3 one.
func TestGolden(t *testing.T) {
	tests := []struct{ file, golden string }{
		{"columns.tldr", "columns.golden"},
		{"tldraw2.tldr", "columns.golden"},
		{"frames.tldr", "frames.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := drawingtest.Text(read(t, tt.file))
			path := filepath.Join("testdata", tt.golden)
			if *update && tt.file != "tldraw2.tldr" {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("Read(%s) lines differ from %s:\n--- got\n%s--- want\n%s", tt.file, tt.golden, got, want)
			}
		})
	}
}

// TestPipeline runs each board through the whole pipeline: the sections,
// the timeline in order and the action items with their owners.
func TestPipeline(t *testing.T) {
	for _, file := range []string{"columns.tldr", "tldraw2.tldr", "frames.tldr"} {
		t.Run(file, func(t *testing.T) {
			drawingtest.CheckPostmortem(t, read(t, file), "")
		})
	}
}

// TestReadOrderFree checks that the reading order comes from the layout:
// the same board with its records in another order reads the same.
func TestReadOrderFree(t *testing.T) {
	want := drawingtest.Text(read(t, "columns.tldr"))
	for seed := range uint64(5) {
		b, err := tldraw.Read("shuffled.tldr", columns(false).json(100+seed))
		if err != nil {
			t.Fatal(err)
		}
		if got := drawingtest.Text(b); got != want {
			t.Fatalf("records in another order read\n%s\nwant\n%s", got, want)
		}
	}
}

func TestReadDetails(t *testing.T) {
	b := read(t, "frames.tldr")
	for i, bl := range b.Blocks {
		if bl.Line != i+1 || bl.Source != tldraw.Source {
			t.Errorf("block %d: Line %d Source %q", i, bl.Line, bl.Source)
		}
		// The rollback frame is at x 540; its notes are placed relative to it.
		if strings.HasPrefix(bl.Text, "Code rollback") && (bl.Pos == nil || bl.Pos.X != 560 || bl.Pos.Y != 360 || bl.Color != "#4ba1f1") {
			t.Errorf("note in a frame = %+v, want it at the frame's position plus its own, light blue", bl)
		}
	}
}

func TestRichText(t *testing.T) {
	data := []byte(`{"tldrawFileFormatVersion":1,"schema":{},"records":[{"typeName":"shape","id":"shape:a","type":"text","x":0,"y":0,"parentId":"page:p","props":{"size":"m","richText":
		{"type":"doc","content":[
			{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Action "},{"type":"text","marks":[{"type":"bold"}],"text":"items"}]},
			{"type":"bulletList","content":[
				{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Canary stage @dana"}]}]},
				{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Rollback drill"},{"type":"hardBreak"},{"type":"text","text":"@sam P2"}]}]}]},
			{"type":"orderedList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"first"}]}]}]},
			{"type":"paragraph"},
			{"type":"paragraph","content":[{"type":"text","text":"last"}]}]}}}]}`)
	b, err := tldraw.Read("rich.tldr", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "Action items\n- Canary stage @dana\n- Rollback drill\n@sam P2\n1. first\n\nlast\n"
	if got := drawingtest.Text(b); got != want {
		t.Errorf("rich text read as\n%q\nwant\n%q", got, want)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ file, code, want string }{
		{"no-text.tldr", hindsight.EINVALID, "the board has no text"},
		{"corrupt.tldr", hindsight.EINVALID, "is not a tldraw file: the file is not JSON (is it a .tldr saved by tldraw?)"},
		{"truncated.tldr", hindsight.EINVALID, "is not a tldraw file: the JSON is cut short (the file may be truncated) (is it a .tldr saved by tldraw?)"},
		{"wrong-json.tldr", hindsight.EINVALID, "is not a tldraw file: it has no records (is it a .tldr saved by tldraw?)"},
		{"tldraw1.tldr", hindsight.EINVALID, "is a tldraw 1 file: open it at tldraw.com"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = tldraw.Read(tt.file, data)
			var he *hindsight.Error
			if !errors.As(err, &he) {
				t.Fatalf("Read(%s) error = %v, want a *hindsight.Error", tt.file, err)
			}
			if he.Code != tt.code || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), tt.file) {
				t.Errorf("Read(%s) = %q (%s), want %q (%s)", tt.file, err, he.Code, tt.want, tt.code)
			}
		})
	}
	_, err := tldraw.Read("big.tldr", make([]byte, board.MaxSize+1))
	if hindsight.ErrorCode(err) != hindsight.ETOOLARGE {
		t.Errorf("Read(9 MB) = %v, want %s", err, hindsight.ETOOLARGE)
	}
}

func TestSniff(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join("testdata", "columns.tldr"))
	if !tldraw.Sniff("board.json", data) || !tldraw.Sniff("x.TLDR", nil) {
		t.Error("Sniff = false for a tldraw file, want true")
	}
	for _, s := range []string{"Timeline\n14:02 deploy", `{"type":"excalidraw","elements":[]}`, "", "\x89PNG"} {
		if tldraw.Sniff("board", []byte(s)) {
			t.Errorf("Sniff(%q) = true, want false", s)
		}
	}
}

// TestArrowLabels: an arrow's label is read where the arrow is, between
// the notes it joins, in tldraw 3 and tldraw 2 files alike.
func TestArrowLabels(t *testing.T) {
	for _, v2 := range []bool{false, true} {
		d := &doc{v2: v2}
		a := d.note(page, "14:02 deploy started", "yellow", 0, 0)
		b := d.note(page, "14:05 errors rising", "yellow", 0, 300)
		c := d.note(page, "14:16 rollback started", "yellow", 0, 600)
		d.labelledArrow(page, a, b, "canary skipped", 100, 200, 100, 300)
		d.labelledArrow(page, b, c, "paged Dana", 100, 500, 100, 600)
		bd, err := tldraw.Read("arrows.tldr", d.json(5))
		if err != nil {
			t.Fatal(err)
		}
		want := "14:02 deploy started\n\ncanary skipped\n\n14:05 errors rising\n\npaged Dana\n\n14:16 rollback started\n"
		if got := drawingtest.Text(bd); got != want {
			t.Errorf("tldraw 2 %v: read:\n%s\nwant:\n%s", v2, got, want)
		}
	}
}
