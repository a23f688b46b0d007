package snap_test

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight/render"
	"github.com/hindsight-dev/hindsight/snap"
	"github.com/hindsight-dev/hindsight/timeline"
)

// TestCorpus puts every real postmortem in ../shared/corpus through snap:
// none may fail, each must render, and a file with clock times outside code
// blocks must give a timeline with times in it.
func TestCorpus(t *testing.T) {
	dir := sharedDir(t, "corpus")
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			switch d.Name() {
			case "LICENSE", "SOURCE", "README.md":
			default:
				files = append(files, p)
			}
		}
		return nil
	})
	if len(files) != 109 {
		t.Errorf("found %d corpus files, want 109", len(files))
	}
	for _, f := range files {
		name, _ := filepath.Rel(dir, f)
		t.Run(name, func(t *testing.T) {
			pm, err := snap.File(f, nil, snap.Options{})
			if err != nil {
				t.Fatalf("snap %s: %v", name, err)
			}
			if md := render.Markdown(pm); !strings.HasPrefix(md, "---\n") || !strings.Contains(md, "\n# ") {
				t.Errorf("Markdown of %s lacks front matter or a title: %.80q", name, md)
			}
			if _, err := render.JSON(pm); err != nil {
				t.Errorf("JSON of %s: %v", name, err)
			}
			timed := 0
			for _, e := range pm.Timeline {
				if e.At != nil {
					timed++
				}
			}
			if hasClockTimes(t, f) && timed == 0 {
				t.Errorf("%s has clock times, but its timeline has no timed entry", name)
			}
		})
	}
}

// hasClockTimes reports whether a file has a clock time outside fenced code.
func hasClockTimes(t *testing.T, path string) bool {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	code := false
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "```") || strings.HasPrefix(l, "<pre") || strings.HasPrefix(l, "</pre") {
			code = !code
			continue
		}
		if code {
			continue
		}
		for _, x := range timeline.Find(l) {
			if x.HasClock && !x.Relative {
				return true
			}
		}
	}
	return false
}
