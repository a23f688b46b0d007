package tldraw_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board/tldraw"
)

// FuzzRead checks that Read never panics, that every error is a
// *hindsight.Error, and that a board it returns has numbered lines.
func FuzzRead(f *testing.F) {
	// Small seeds: the fuzzer's speed falls with the size of its inputs.
	files, _ := filepath.Glob(filepath.Join("testdata", "*.tldr"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 8<<10 {
			f.Add(filepath.Base(p), data)
		}
	}
	small := &doc{}
	fr := small.frame("Timeline", 0, 0, 400, 300)
	g := small.shape("group", fr, 10, 10, 0.1, obj{})
	a := small.note(g, "14:02 deploy\n@dana", "yellow", 0, 0)
	b := small.geo(fr, "diamond", "14:05 errors", "red", 0, 220, 100, 60)
	small.arrow(fr, a, b, 0, 0, 10, 10)
	small.text(page, "Rollback", "xl", 500, 0)
	f.Add("small.tldr", small.json(1))
	v2 := &doc{v2: true}
	c, d := v2.note(page, "A", "blue", 0, 0), v2.note(page, "B", "blue", 0, 300)
	v2.arrow(page, c, d, 0, 0, 0, 300)
	f.Add("v2.tldr", v2.json(2))
	f.Add("loop.tldr", []byte(`{"tldrawFileFormatVersion":1,"records":[{"typeName":"shape","id":"shape:a","parentId":"shape:b","type":"frame","props":{"name":"A"}},{"typeName":"shape","id":"shape:b","parentId":"shape:a","type":"note","rotation":1e308,"props":{"text":"B","scale":-1}}]}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		bd, err := tldraw.Read(name, data)
		if err != nil {
			var he *hindsight.Error
			if !errors.As(err, &he) {
				t.Fatalf("Read error %T %v, want a *hindsight.Error", err, err)
			}
			return
		}
		if len(bd.Blocks) == 0 {
			t.Fatal("Read returned a board with no blocks")
		}
		for i, bl := range bd.Blocks {
			if bl.Line != i+1 {
				t.Fatalf("block %d has Line %d", i, bl.Line)
			}
		}
		tldraw.Sniff(name, data)
	})
}
