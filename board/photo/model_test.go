package photo

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// installUnder installs the built-in model and checks it went under base
// (base/hindsight/tessdata-HASH).
func installUnder(t *testing.T, base string) string {
	t.Helper()
	dir, err := installHand()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(filepath.Dir(dir)) != base {
		t.Errorf("model installed in %s, want under %s", dir, base)
	}
	return dir
}

func TestInstallHand(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	dir := installUnder(t, cache)
	path := filepath.Join(dir, HandLanguage+".traineddata")
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, handModel) {
		t.Fatalf("installed model differs from the built-in one (%d bytes, want %d; %v)", len(got), len(handModel), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in %s, want only the model (no temporary file left)", len(entries), dir)
	}

	// A second install reuses the file.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path, old, old)
	if dir2, err := installHand(); err != nil || dir2 != dir {
		t.Fatalf("second install: %s, %v; want %s", dir2, err, dir)
	}
	if fi, _ := os.Stat(path); !fi.ModTime().Equal(old) {
		t.Error("second install rewrote a good model")
	}

	// Half a model (a crash of an older version, a full disk) is replaced.
	if err := os.WriteFile(path, handModel[:100], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := installHand(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Size() != int64(len(handModel)) {
		t.Errorf("a truncated model was kept (%d bytes)", fi.Size())
	}
}

func TestInstallHandFallsBackToTemp(t *testing.T) {
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", blocked) // a file: no folder can be made in it
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	installUnder(t, tmp)
}

func TestLanguage(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	for _, tc := range []struct{ opt, dir, lang string }{
		{"", "built-in", HandLanguage}, {HandLanguage, "built-in", HandLanguage}, {"eng", "", "eng"}, {"eng+deu", "", "eng+deu"},
	} {
		dir, lang, err := language(&Options{Language: tc.opt})
		if err != nil {
			t.Fatal(err)
		}
		if lang != tc.lang || (dir != "") != (tc.dir != "") {
			t.Errorf("Language %q: folder %q, language %q; want %s folder, %q", tc.opt, dir, lang, tc.dir, tc.lang)
		}
	}
}

// TestLanguageReinstalls checks that a read after the model's folder was
// deleted (by a cleaner of old temporary files under a long-running
// hindsight serve, or by a user an error told to) installs the model
// again rather than pointing Tesseract at the missing folder.
func TestLanguageReinstalls(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir, _, err := language(&Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	dir2, _, err := language(&Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir2, HandLanguage+".traineddata")
	if fi, err := os.Stat(path); err != nil || fi.Size() != int64(len(handModel)) {
		t.Fatalf("after its folder was deleted the model is not there again: %v", err)
	}
}
