package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under examples/")

// runCLI runs the command line in-process and returns its exit status,
// standard output and standard error.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestExamplesGolden snaps every example board and compares the Markdown
// and JSON with the outputs kept beside it (examples/NAME.postmortem.md and
// .json). Run "go test ./cmd/hindsight -update" to rewrite them, then review
// the diff.
func TestExamplesGolden(t *testing.T) {
	boards, _ := filepath.Glob("../../examples/*")
	n := 0
	for _, b := range boards {
		if strings.Contains(b, ".postmortem.") || strings.HasSuffix(b, "README.md") {
			continue
		}
		n++
		for _, format := range []string{"md", "json"} {
			golden := strings.TrimSuffix(b, filepath.Ext(b)) + ".postmortem." + format
			t.Run(filepath.Base(golden), func(t *testing.T) {
				code, out, stderr := runCLI(t, "", "snap", "--format", format, b)
				if code != 0 {
					t.Fatalf("hindsight snap %s: exit %d: %s", b, code, stderr)
				}
				if *update {
					if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./cmd/hindsight -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), out); diff != "" {
					t.Errorf("hindsight snap --format %s %s differs from %s (-want +got):\n%s", format, b, golden, diff)
				}
			})
		}
	}
	if n < 3 {
		t.Fatalf("found %d example boards, want at least 3", n)
	}
}

// TestExamplesFacts checks what a reader of each example would check first:
// the durations and the rollback outcome the board supports.
func TestExamplesFacts(t *testing.T) {
	for _, tc := range []struct {
		board   string
		outcome string
		trust   bool
		dur     map[string]any
	}{
		{"migration-bad-state.txt", "restored_bad_state", true,
			map[string]any{"time_to_detect": 3.0, "time_to_decide": 7.0, "rollback": 4.0, "time_to_recover": 37.0}},
		{"config-push-clean-rollback.md", "succeeded", false,
			map[string]any{"time_to_detect": 3.0, "time_to_decide": 5.0, "rollback": 3.0, "time_to_recover": 15.0}},
		{"flag-rollback-failed-forward-fix.txt", "failed_to_trigger", true,
			map[string]any{"time_to_detect": 4.0, "time_to_decide": 3.0, "rollback": nil, "time_to_recover": 34.0}},
	} {
		t.Run(tc.board, func(t *testing.T) {
			code, out, stderr := runCLI(t, "", "snap", "-f", "json", "../../examples/"+tc.board)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var pm struct {
				Durations map[string]any `json:"durations_min"`
				Rollback  struct {
					Outcome  string `json:"outcome"`
					TrustGap struct {
						Found bool `json:"found"`
					} `json:"trust_gap"`
				} `json:"rollback"`
			}
			if err := json.Unmarshal([]byte(out), &pm); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.dur, pm.Durations); diff != "" {
				t.Errorf("durations_min (-want +got):\n%s", diff)
			}
			if pm.Rollback.Outcome != tc.outcome {
				t.Errorf("rollback.outcome = %q, want %q", pm.Rollback.Outcome, tc.outcome)
			}
			if pm.Rollback.TrustGap.Found != tc.trust {
				t.Errorf("rollback.trust_gap.found = %v, want %v", pm.Rollback.TrustGap.Found, tc.trust)
			}
		})
	}
}

func TestSnapStdinAndOutputFile(t *testing.T) {
	board := "Deploy of api v3 — 2026-11-20\n14:02 deploy started\n14:05 errors rising\n14:06 alert fired\n14:10 rolled back to v2\n14:12 healthy again\n"
	code, out, stderr := runCLI(t, board, "snap", "-")
	if code != 0 || !strings.Contains(out, "# Deploy of api v3") {
		t.Fatalf("snap - = exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "board.txt")
	os.WriteFile(in, []byte(board), 0o644)
	pm := filepath.Join(dir, "pm.md")
	// Flags after the board, as people type them.
	code, out, stderr = runCLI(t, "", "snap", in, "-o", pm)
	if code != 0 || out != "" {
		t.Fatalf("snap %s -o pm.md = exit %d, stdout %q, stderr %q", in, code, out, stderr)
	}
	got, err := os.ReadFile(pm)
	if err != nil || !strings.Contains(string(got), "## Rollback timeline") {
		t.Fatalf("pm.md = %q, %v", got, err)
	}
	if !strings.Contains(stderr, "wrote "+pm) {
		t.Errorf("stderr = %q, want a note of what was written", stderr)
	}
}

// TestBadInput checks that every kind of bad input gets a clear message and
// the documented exit status, and that nothing is written.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil { // a sparse 200 MB file
		t.Fatal(err)
	}
	f.Close()
	board := write("board.txt", []byte("14:02 deploy\n14:05 errors\n"))

	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string // substrings of stderr
	}{
		{"missing file", []string{"snap", filepath.Join(dir, "nope.txt")}, 1, []string{"no such file", "check the path"}},
		{"directory", []string{"snap", dir}, 1, []string{"is a directory", "give one board file"}},
		{"binary file", []string{"snap", write("tool.bin", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"))}, 1, []string{"binary file"}},
		{"truncated photo", []string{"snap", write("board.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))}, 1, []string{"truncated"}},
		{"text named .jpg", []string{"snap", write("board.jpg", []byte("\xff\xd8\xff\xe0 not really"))}, 1, []string{"board.jpg"}},
		{"invalid UTF-8", []string{"snap", write("latin1.txt", []byte("14:02 deploy\n14:05 caf\xe9 down\n"))}, 1, []string{"latin1.txt:2", "not valid UTF-8", "iconv"}},
		{"empty board", []string{"snap", write("empty.txt", []byte("\n  \n\t\n"))}, 1, []string{"no notes", "14:32 — initiated rollback"}},
		{"200 MB file", []string{"snap", huge}, 1, []string{"200.0 MB", "limit", "8 MB (text)"}},
		{"no board", []string{"snap"}, 2, []string{"no board given"}},
		{"two boards", []string{"snap", board, board}, 2, []string{"one board at a time"}},
		{"unknown format", []string{"snap", "--format", "pdf", board}, 2, []string{`unknown format "pdf"`}},
		{"bad date", []string{"snap", "--date", "20/11/2026", board}, 2, []string{"want YYYY-MM-DD"}},
		{"unknown flag", []string{"snap", "--colour", board}, 2, []string{"flag provided but not defined"}},
		{"overwrite the board", []string{"snap", board, "-o", board}, 2, []string{"would overwrite the board"}},
		{"unknown command", []string{"snapp"}, 2, []string{`unknown command "snapp"`}},
		{"no command", nil, 2, []string{"no command given"}},
		{"output directory missing", []string{"snap", board, "-o", filepath.Join(dir, "no", "such", "pm.md")}, 1, []string{"cannot write"}},
		{"output is a directory", []string{"snap", board, "-o", dir}, 1, []string{"it is a directory; give a file name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit status = %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if tc.code != 0 && strings.Contains(out, "# ") {
				t.Errorf("stdout = %q, want no postmortem on failure", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr = %q, want it to contain %q", stderr, w)
				}
			}
		})
	}
	// Standard input over the limit is refused, not read cut short.
	big := strings.Repeat("14:02 deploy\n", 9<<20/13)
	for _, cmd := range []string{"snap", "render", "lint", "save"} {
		args := []string{cmd, "-"}
		if cmd == "save" {
			args = []string{cmd, "--db", filepath.Join(dir, "h.db"), "-"}
		}
		if code, _, stderr := runCLI(t, big, args...); code == 0 || !strings.Contains(stderr, "standard input is over the") {
			t.Errorf("hindsight %s - with 9 MB on standard input: exit %d, %.200q", cmd, code, stderr)
		}
	}
	if got, _ := os.ReadFile(board); string(got) != "14:02 deploy\n14:05 errors\n" {
		t.Errorf("the board was changed: %q", got)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"help", "snap"}, {"snap", "-h"}} {
		code, out, _ := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "hindsight snap") {
			t.Errorf("hindsight %v = exit %d, %q; want usage on stdout", args, code, out)
		}
	}
	code, out, _ := runCLI(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "hindsight ") {
		t.Errorf("hindsight version = %d, %q", code, out)
	}
}

func TestRenderLintTemplates(t *testing.T) {
	dir := t.TempDir()
	pm := filepath.Join(dir, "pm.md")
	if code, _, stderr := runCLI(t, "", "snap", "../../examples/migration-bad-state.txt", "-o", pm); code != 0 {
		t.Fatalf("snap: %s", stderr)
	}
	// render: HTML, stakeholder Markdown and HTML, another template.
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"render", pm, "--format", "html"}, []string{"<!doctype html>", "<svg", "Content-Security-Policy"}},
		{[]string{"render", pm, "--audience", "stakeholder"}, []string{"## What happened", "## Who was affected, and for how long", "## What we are changing, and by when"}},
		{[]string{"render", pm, "--audience", "stakeholder", "-f", "html"}, []string{"<!doctype html>", "What we are changing"}},
		{[]string{"render", pm, "--template", "database"}, []string{"template: database", "## Why Rollback Was or Was Not Used"}},
		{[]string{"render", "../../examples/flag-rollback-failed-forward-fix.txt", "-f", "json"}, []string{`"schema": "hindsight.postmortem/v1"`}},
		{[]string{"templates"}, []string{"deployment", "database", "general"}},
	} {
		code, out, stderr := runCLI(t, "", tc.args...)
		if code != 0 {
			t.Errorf("hindsight %v: exit %d: %s", tc.args, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("hindsight %v: output lacks %q", tc.args, w)
			}
		}
	}
	// The stakeholder version names no people and no hosts.
	_, out, _ := runCLI(t, "", "render", pm, "--audience", "stakeholder")
	for _, bad := range []string{"dana", "Dana", "sam", "lee", "orders.tax_id"} {
		if strings.Contains(out, bad) {
			t.Errorf("stakeholder version contains %q", bad)
		}
	}

	// lint: a clean example passes (exit 0); a broken document fails (exit 1)
	// with file:line: RULE lines, and JSON is valid.
	if code, _, stderr := runCLI(t, "", "lint", pm); code != 0 {
		t.Errorf("lint on the example: exit %d %s", code, stderr)
	}
	broken := "../../lint/testdata/broken.md"
	code, out, _ := runCLI(t, "", "lint", broken)
	if code != 1 || !strings.Contains(out, broken+":71: HS002 error:") {
		t.Errorf("lint broken.md = exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "lint", "--format", "json", broken)
	var findings []map[string]any
	if err := json.Unmarshal([]byte(out), &findings); code != 1 || err != nil || len(findings) < 15 {
		t.Errorf("lint --format json = exit %d, %d findings, %v", code, len(findings), err)
	}

	// lint --fix sorts an out-of-order timeline in place.
	data, _ := os.ReadFile("../../lint/testdata/HS007-fail.md")
	unsorted := filepath.Join(dir, "unsorted.md")
	os.WriteFile(unsorted, data, 0o644)
	_, out, _ = runCLI(t, "", "lint", unsorted)
	if !strings.Contains(out, "HS007") {
		t.Fatalf("HS007 not found before --fix:\n%s", out)
	}
	code, out, stderr := runCLI(t, "", "lint", "--fix", unsorted)
	if code != 0 || strings.Contains(out, "HS007") || !strings.Contains(stderr, "fixed") {
		t.Errorf("lint --fix = exit %d, %q, %q", code, out, stderr)
	}
	// An entry in the rollback timeline timed before the rollback decision
	// moves to the deploy timeline: sorting within each timeline left it
	// out of order, and its out-of-order finding stayed in the document.
	board := filepath.Join(dir, "crossing.txt")
	os.WriteFile(board, []byte("Cache outage 2026-11-20\n\nTIMELINE\n14:00 deploy of cache v3 started\n14:05 errors rising\n"+
		"14:10 decided to roll back\n14:12 rollback started\n14:08 alert fired\n14:20 rollback complete\n14:30 all healthy\n"), 0o644)
	crossing := filepath.Join(dir, "crossing.md")
	mustRun(t, "snap", board, "-o", crossing)
	if _, out, _ := runCLI(t, "", "lint", crossing); !strings.Contains(out, "HS007") {
		t.Fatalf("HS007 not found before --fix:\n%s", out)
	}
	runCLI(t, "", "lint", "--fix", crossing)
	fixed, _ := os.ReadFile(crossing)
	if _, out, _ := runCLI(t, "", "lint", crossing); strings.Contains(out, "HS007") || strings.Contains(string(fixed), "out of order") {
		t.Errorf("after lint --fix of an entry timed before the decision: %s\n%s", out, fixed)
	}
	// --fix refuses a board: it has no document to rewrite.
	if code, _, stderr := runCLI(t, "", "lint", "--fix", "../../examples/migration-bad-state.txt"); code != 1 || !strings.Contains(stderr, "not a Hindsight document") {
		t.Errorf("lint --fix on a board = %d, %q", code, stderr)
	}
	// A user template from a directory, end to end.
	tdir := t.TempDir()
	os.WriteFile(filepath.Join(tdir, "weekly.yaml"), []byte("name: weekly\nsections:\n  - {title: Story, part: summary, required: true}\n  - {title: Fixes, part: actions, required: true}\n"), 0o644)
	weekly := filepath.Join(dir, "weekly.md")
	if code, _, stderr := runCLI(t, "", "snap", "--templates", tdir, "--template", "weekly", "../../examples/migration-bad-state.txt", "-o", weekly); code != 0 {
		t.Fatalf("snap --template weekly: %s", stderr)
	}
	if code, out, stderr := runCLI(t, "", "lint", "--templates", tdir, weekly); code != 0 {
		t.Errorf("lint weekly.md = %d %s %s", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "lint", weekly); code != 1 || !strings.Contains(stderr, `no template "weekly"`) {
		t.Errorf("lint without the template dir = %d %q", code, stderr)
	}
}

// TestDrawings snaps the Excalidraw and tldraw fixtures (scene files and
// exports with the scene embedded) through the command line.
func TestDrawings(t *testing.T) {
	for _, f := range []string{
		"../../board/excalidraw/testdata/columns.excalidraw",
		"../../board/excalidraw/testdata/columns.excalidraw.png",
		"../../board/excalidraw/testdata/columns.excalidraw.svg",
		"../../board/excalidraw/testdata/frames.excalidraw",
		"../../board/tldraw/testdata/columns.tldr",
		"../../board/tldraw/testdata/frames.tldr",
	} {
		code, out, stderr := runCLI(t, "", "snap", "-f", "json", f)
		if code != 0 {
			t.Errorf("snap %s: exit %d: %s", f, code, stderr)
			continue
		}
		var pm struct {
			Durations map[string]any           `json:"durations_min"`
			Rollback  struct{ Outcome string } `json:"rollback"`
		}
		json.Unmarshal([]byte(out), &pm)
		if pm.Durations["time_to_recover"] != 37.0 || pm.Rollback.Outcome != "restored_bad_state" {
			t.Errorf("snap %s: durations %v, outcome %q", f, pm.Durations, pm.Rollback.Outcome)
		}
		if code, out, _ := runCLI(t, "", "read", f); code != 0 || !strings.Contains(out, "14:15 decided to roll back") {
			t.Errorf("read %s = %d:\n%s", f, code, out)
		}
	}
	// An Excalidraw library is named as one, as the Excalidraw reader's
	// own test has it; it was "JSON, not notes".
	if code, _, stderr := runCLI(t, "", "snap", "../../board/excalidraw/testdata/library.excalidrawlib"); code != 1 || !strings.Contains(stderr, `its type is "excalidrawlib"`) {
		t.Errorf("snap library.excalidrawlib: exit %d, %q", code, stderr)
	}
}

// TestLintExamples: every example, board and postmortem, passes lint (no
// errors; warnings such as overdue items are allowed).
func TestLintExamples(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*")
	if len(files) < 6 {
		t.Fatalf("examples: %v", files)
	}
	var args []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".json") {
			args = append(args, f)
		}
	}
	code, out, stderr := runCLI(t, "", append([]string{"lint"}, args...)...)
	if code != 0 || strings.Contains(out, " error:") {
		t.Errorf("lint examples = exit %d:\n%s%s", code, out, stderr)
	}
}

// TestOutputKeepsFile: -o over an existing file keeps its permissions (a
// private postmortem stays private) and writes through a symbolic link,
// which stays a link.
func TestOutputKeepsFile(t *testing.T) {
	dir := t.TempDir()
	priv := filepath.Join(dir, "priv.md")
	if err := os.WriteFile(priv, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(priv, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{priv, link} {
		if code, _, stderr := runCLI(t, "", "snap", "../../examples/migration-bad-state.txt", "-o", out); code != 0 {
			t.Fatalf("snap -o %s: %s", out, stderr)
		}
		fi, err := os.Lstat(priv)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("after -o %s: %s is %v, %v; want mode 0600", filepath.Base(out), priv, fi.Mode(), err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("after -o %s: link.md is no longer a link (%v, %v)", filepath.Base(out), fi.Mode(), err)
		}
	}
	if data, _ := os.ReadFile(priv); !strings.Contains(string(data), "# Checkout 5xx after migration 0042") {
		t.Errorf("the link's target was not written: %.40q", data)
	}
	// A link to a file not made yet: the file is made, the link stays.
	dangling, target := filepath.Join(dir, "new.md"), filepath.Join(dir, "made.md")
	if err := os.Symlink("made.md", dangling); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "", "snap", "../../examples/migration-bad-state.txt", "-o", dangling); code != 0 {
		t.Fatalf("snap -o dangling link: %s", stderr)
	}
	if fi, err := os.Lstat(dangling); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the dangling link was replaced (%v)", err)
	}
	if _, err := os.Stat(target); err != nil {
		t.Errorf("the link's target was not made: %v", err)
	}
}
