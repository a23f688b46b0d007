package excalidraw_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board/excalidraw"
)

// FuzzRead checks that Read never panics, that every error is a
// *hindsight.Error, and that a board it returns has text and numbered
// lines.
func FuzzRead(f *testing.F) {
	// Small seeds: the fuzzer's speed falls with the size of its inputs.
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 8<<10 {
			f.Add(filepath.Base(p), data)
		}
	}
	small := &scene{seed: 5}
	small.text("Timeline", 0, 0, 28)
	a := small.shape("rectangle", "14:02 deploy", yellow, 0, 50, 200, 80)
	b := small.shape("ellipse", "14:05 errors\n@dana", yellow, 0, 150, 200, 80)
	small.arrow(a, b)
	small.frame("Rollback", 300, 0, 300, 300, func() { small.shape("diamond", "rolled back", blue, 310, 20, 200, 80) })
	scene := small.json()
	f.Add("small.excalidraw", scene)
	f.Add("small.excalidraw.png", pngTEXt(scene))
	f.Add("small.excalidraw.png", pngITXt(scene))
	f.Add("small.excalidraw.svg", svgExport(scene))
	f.Add("a.excalidraw", []byte(`{"type":"excalidraw","elements":[{"type":"text","text":"x","frameId":"f"},{"id":"f","type":"frame","frameId":"f"}]}`))
	f.Add("a.svg", []byte(`<svg><!-- payload-type:application/vnd.excalidraw+json --><!-- payload-version:2 --><!-- payload-start -->eyJ0eXBlIjoiZXhjYWxpZHJhdyJ9<!-- payload-end --></svg>`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		b, err := excalidraw.Read(name, data)
		if err != nil {
			var he *hindsight.Error
			if !errors.As(err, &he) {
				t.Fatalf("Read error %T %v, want a *hindsight.Error", err, err)
			}
			return
		}
		if len(b.Blocks) == 0 {
			t.Fatal("Read returned a board with no blocks")
		}
		for i, bl := range b.Blocks {
			if bl.Line != i+1 {
				t.Fatalf("block %d has Line %d", i, bl.Line)
			}
		}
		excalidraw.Sniff(name, data)
	})
}
