package excalidraw_test

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/board/excalidraw"
	"github.com/hindsight-dev/hindsight/board/internal/drawingtest"
)

var update = flag.Bool("update", false, "rewrite the fixtures and golden files under testdata/")

func read(t *testing.T, name string) *board.Board {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := excalidraw.Read(name, data)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return b
}

// TestGolden reads each drawing and compares its lines with the golden
// file; the PNG and SVG exports must read exactly as the scene they embed.
func TestGolden(t *testing.T) {
	tests := []struct{ file, golden string }{
		{"columns.excalidraw", "columns.golden"},
		{"columns.excalidraw.png", "columns.golden"},
		{"columns.excalidraw.svg", "columns.golden"},
		{"legacy-png.excalidraw.png", "columns.golden"},
		{"frames.excalidraw", "frames.golden"},
		{"frames.excalidraw.png", "frames.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := drawingtest.Text(read(t, tt.file))
			path := filepath.Join("testdata", tt.golden)
			if *update && strings.HasSuffix(tt.file, ".excalidraw") {
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

// TestPipeline runs each drawing through the whole pipeline: the sections,
// the timeline in order and the action items with their owners.
func TestPipeline(t *testing.T) {
	for _, file := range []string{"columns.excalidraw", "frames.excalidraw", "columns.excalidraw.svg", "frames.excalidraw.png"} {
		wantDate := ""
		if strings.HasPrefix(file, "columns") {
			wantDate = "2026-11-20"
		}
		t.Run(file, func(t *testing.T) {
			drawingtest.CheckPostmortem(t, read(t, file), wantDate)
		})
	}
}

// TestReadOrderFree checks that the reading order comes from the layout:
// the same drawing with its elements in reverse order reads the same.
func TestReadOrderFree(t *testing.T) {
	want := drawingtest.Text(read(t, "columns.excalidraw"))
	s := columns()
	slices.Reverse(s.els)
	b, err := excalidraw.Read("reversed.excalidraw", s.json())
	if err != nil {
		t.Fatal(err)
	}
	if got := drawingtest.Text(b); got != want {
		t.Errorf("reversed elements read\n%s\nwant\n%s", got, want)
	}
}

func TestReadDetails(t *testing.T) {
	b := read(t, "columns.excalidraw")
	if b.Name != "columns.excalidraw" {
		t.Errorf("Name = %q", b.Name)
	}
	var sawDeleted bool
	for i, bl := range b.Blocks {
		if bl.Line != i+1 || bl.Source != excalidraw.Source {
			t.Errorf("block %d: Line %d Source %q", i, bl.Line, bl.Source)
		}
		if strings.Contains(bl.Text, "deleted") {
			sawDeleted = true
		}
		if strings.HasPrefix(bl.Text, "14:05") && (bl.Color != "#ffec99" || bl.Pos == nil || bl.Pos.W != 280) {
			t.Errorf("sticky note block = %+v, want the sticky's fill and rectangle", bl)
		}
	}
	if sawDeleted {
		t.Error("a deleted element was read")
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		file string
		code string
		want string
	}{
		{"no-text.excalidraw", hindsight.EINVALID, "the board has no text: add text, or export it again"},
		{"photo.png", hindsight.EINVALID, "this PNG has no Excalidraw scene: export with 'Embed scene' on, or read it as a photo"},
		{"svg-no-scene.svg", hindsight.EINVALID, "this SVG has no Excalidraw scene"},
		{"truncated.excalidraw", hindsight.EINVALID, "is cut short"},
		{"damaged.excalidraw.png", hindsight.EINVALID, "is damaged; export it again"},
		{"library.excalidrawlib", hindsight.EINVALID, "is not an Excalidraw drawing (its type is \"excalidrawlib\")"},
		{"not-a-scene.excalidraw", hindsight.EINVALID, "is not an Excalidraw drawing"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = excalidraw.Read(tt.file, data)
			var he *hindsight.Error
			if !errors.As(err, &he) {
				t.Fatalf("Read(%s) error = %v, want a *hindsight.Error", tt.file, err)
			}
			if he.Code != tt.code || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), tt.file) {
				t.Errorf("Read(%s) = %q (%s), want %q (%s)", tt.file, err, he.Code, tt.want, tt.code)
			}
		})
	}
	// An SVG exported with the scene, then cut short or altered, is
	// damaged, not one without a scene.
	t.Run("damaged svg", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("testdata", "columns.excalidraw.svg"))
		if err != nil {
			t.Fatal(err)
		}
		start := strings.Index(string(data), "payload-start")
		for name, bad := range map[string][]byte{
			"cut in half":  data[:len(data)/2],
			"not base64":   []byte(string(data[:start+40]) + "!" + string(data[start+41:])),
			"no end, tail": data[:start+200],
		} {
			if _, err := excalidraw.Read("board.excalidraw.svg", bad); err == nil || !strings.Contains(err.Error(), "is damaged; export it again") {
				t.Errorf("an SVG %s: %v, want the damaged message", name, err)
			}
		}
	})
	t.Run("too large", func(t *testing.T) {
		_, err := excalidraw.Read("big.excalidraw", make([]byte, board.MaxSize+1))
		if hindsight.ErrorCode(err) != hindsight.ETOOLARGE {
			t.Errorf("Read(9 MB) = %v, want %s", err, hindsight.ETOOLARGE)
		}
	})
	t.Run("compressed bomb", func(t *testing.T) {
		// 9 MB of scene in a few KB of PNG.
		var z bytes.Buffer
		w, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
		w.Write([]byte(`{"type":"excalidraw","elements":[],"pad":"`))
		w.Write(bytes.Repeat([]byte("a"), board.MaxSize))
		w.Write([]byte(`"}`))
		w.Close()
		wrapper, _ := json.Marshal(map[string]any{"encoding": "bstring", "compressed": true, "encoded": string(latin1Runes(z.Bytes()))})
		bomb := withChunk(picture(), "tEXt", append([]byte("application/vnd.excalidraw+json\x00"), toLatin1(wrapper)...))
		_, err := excalidraw.Read("bomb.excalidraw.png", bomb)
		if hindsight.ErrorCode(err) != hindsight.ETOOLARGE {
			t.Errorf("Read(bomb) = %v, want %s", err, hindsight.ETOOLARGE)
		}
	})
}

func TestSniff(t *testing.T) {
	for _, f := range []string{"columns.excalidraw", "columns.excalidraw.png", "columns.excalidraw.svg", "frames.excalidraw.png"} {
		data, _ := os.ReadFile(filepath.Join("testdata", f))
		// By content, whatever the name.
		if !excalidraw.Sniff("board", data) {
			t.Errorf("Sniff(%s content) = false, want true", f)
		}
	}
	data, _ := os.ReadFile(filepath.Join("testdata", "photo.png"))
	if excalidraw.Sniff("board.png", data) {
		t.Error("Sniff(a photo) = true, want false")
	}
	if !excalidraw.Sniff("board.excalidraw.png", data) {
		t.Error("Sniff(board.excalidraw.png) = false, want true by its name")
	}
	for _, s := range []string{"Timeline\n14:02 deploy", `{"tldrawFileFormatVersion":1}`, `<svg></svg>`, ""} {
		if excalidraw.Sniff("board", []byte(s)) {
			t.Errorf("Sniff(%q) = true, want false", s)
		}
	}
}

// latin1Runes turns bytes into a byte string: one character per byte.
func latin1Runes(b []byte) []rune {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return r
}

// TestArrowLabels: an arrow's label is read where the arrow is, between
// the notes it joins; it was read after the whole chain.
func TestArrowLabels(t *testing.T) {
	scene := `{"type":"excalidraw","version":2,"elements":[
{"id":"r1","type":"rectangle","x":0,"y":0,"width":250,"height":80},
{"id":"t1","type":"text","x":5,"y":5,"width":240,"height":25,"fontSize":20,"containerId":"r1","text":"14:02 deploy started"},
{"id":"r2","type":"rectangle","x":0,"y":200,"width":250,"height":80},
{"id":"t2","type":"text","x":5,"y":205,"width":240,"height":25,"fontSize":20,"containerId":"r2","text":"14:05 errors rising"},
{"id":"r3","type":"rectangle","x":0,"y":400,"width":250,"height":80},
{"id":"t3","type":"text","x":5,"y":405,"width":240,"height":25,"fontSize":20,"containerId":"r3","text":"14:16 rollback started"},
{"id":"a1","type":"arrow","x":100,"y":80,"width":0,"height":120,"points":[[0,0],[0,120]],"startBinding":{"elementId":"r1"},"endBinding":{"elementId":"r2"},"endArrowhead":"arrow"},
{"id":"l1","type":"text","x":80,"y":130,"width":80,"height":20,"fontSize":16,"containerId":"a1","text":"canary skipped"},
{"id":"a2","type":"arrow","x":100,"y":280,"width":0,"height":120,"points":[[0,0],[0,120]],"startBinding":{"elementId":"r2"},"endBinding":{"elementId":"r3"},"endArrowhead":"arrow"},
{"id":"l2","type":"text","x":80,"y":330,"width":80,"height":20,"fontSize":16,"containerId":"a2","text":"paged Dana"}]}`
	b, err := excalidraw.Read("arrows.excalidraw", []byte(scene))
	if err != nil {
		t.Fatal(err)
	}
	want := "14:02 deploy started\n\ncanary skipped\n\n14:05 errors rising\n\npaged Dana\n\n14:16 rollback started\n"
	if got := drawingtest.Text(b); got != want {
		t.Errorf("read:\n%s\nwant:\n%s", got, want)
	}
}
