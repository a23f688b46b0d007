package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/sqlite"
)

// fixClock sets the history commands' clock for one test.
func fixClock(t testing.TB, at time.Time) {
	t.Helper()
	old := clock
	clock = func() time.Time { return at }
	t.Cleanup(func() { clock = old })
}

func historyDB(t *testing.T) string {
	t.Helper()
	t.Setenv("HINDSIGHT_DB", "")
	t.Setenv("HINDSIGHT_USER", "tester")
	return filepath.Join(t.TempDir(), "history.db")
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("hindsight %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// squash folds runs of spaces, so tests do not depend on column widths.
func squash(s string) string {
	return regexp.MustCompile(` +`).ReplaceAllString(s, " ")
}

// TestHistoryFlow walks the README's history tour on one database: save,
// list, show, search, the action-item lifecycle, a new revision, a stale
// save refused, and export with the statuses written back.
func TestHistoryFlow(t *testing.T) {
	fixClock(t, time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC))
	db := historyDB(t)
	board := filepath.Join(t.TempDir(), "checkout.txt")
	orig, err := os.ReadFile("../../examples/migration-bad-state.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(board, orig, 0o644)

	out := mustRun(t, "save", "--db", db, board)
	id := "2026-11-20-checkout-5xx-after-migration-0042"
	if !strings.Contains(out, id+": saved (new, revision 1") || !strings.Contains(out, "A-1") {
		t.Fatalf("save printed:\n%s", out)
	}
	if out := mustRun(t, "save", "--db", db, board); !strings.Contains(out, "unchanged (revision 1)") {
		t.Errorf("second save printed:\n%s", out)
	}
	if out := mustRun(t, "list", "--db", db, "--since", "90d", "--service", "checkout"); !strings.Contains(out, id) || !strings.Contains(out, "1 postmortem\n") {
		t.Errorf("list printed:\n%s", out)
	}
	if out := mustRun(t, "list", "--db", db, "--since", "10d"); strings.Contains(out, id) {
		t.Errorf("list --since 10d lists a postmortem of 2026-11-20:\n%s", out)
	}
	if out := squash(mustRun(t, "show", "--db", db, "2026-11-20-checkout")); !strings.Contains(out, "revision 1 of 1") || !strings.Contains(out, "A-2 proposed 2026-12-04 OVERDUE dana") {
		t.Errorf("show printed:\n%s", out)
	}
	if out := mustRun(t, "search", "--db", db, "NOT NULL migration"); !strings.Contains(out, id) {
		t.Errorf("search printed:\n%s", out)
	}

	// The lifecycle, with who and notes.
	mustRun(t, "actions", "--db", db, "accept", "A-2", "--as", "dana")
	mustRun(t, "actions", "--db", db, "done", "A-2", "--note", "expand/contract check in CI, PR 5123")
	out = mustRun(t, "actions", "--db", db, "verify", "A-2", "--as", "lee")
	if !strings.Contains(out, "A-2: done → verified (by lee)") {
		t.Errorf("verify printed:\n%s", out)
	}
	code, _, errOut := runCLI(t, "", "actions", "--db", db, "verify", "A-3")
	if code != 1 || !strings.Contains(errOut, "cannot verify an item that is proposed: mark it done first") {
		t.Errorf("verify of a proposed item: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "", "actions", "--db", db, "wontdo", "A-3")
	if code != 2 || !strings.Contains(errOut, "needs a reason") {
		t.Errorf("wontdo without a reason: exit %d, %s", code, errOut)
	}
	mustRun(t, "actions", "--db", db, "wontdo", "A-3", "--note", "covered by A-2")
	out = mustRun(t, "actions", "--db", db, "show", "A-2")
	for _, want := range []string{"proposed → accepted by dana", "accepted → done by tester: expand/contract check in CI, PR 5123", "done → verified by lee"} {
		if !strings.Contains(out, want) {
			t.Errorf("actions show A-2 lacks %q:\n%s", want, out)
		}
	}
	out = squash(mustRun(t, "actions", "--db", db))
	if strings.Contains(out, "A-2 ") || strings.Contains(out, "A-3 ") || !strings.Contains(out, "3 items, 3 open") {
		t.Errorf("open actions:\n%s", out)
	}

	// An edited document is a new revision; statuses carry over.
	edited := strings.Replace(string(orig), "Action items", "Action items\n- Page the database owner on NOT NULL violations @kim P2", 1)
	os.WriteFile(board, []byte(edited), 0o644)
	out = squash(mustRun(t, "save", "--db", db, board))
	if !strings.Contains(out, "saved revision 2") || !strings.Contains(out, "A-2 verified") || !strings.Contains(out, "A-6 proposed kim") {
		t.Errorf("save of the edit printed:\n%s", out)
	}
	code, _, errOut = runCLI(t, "", "save", "--db", db, "--base", "1", board+"x")
	if code != 1 {
		t.Errorf("save of a missing file: exit %d", code)
	}
	os.WriteFile(board, []byte(edited+"\nLessons:\n- rehearse rollbacks\n"), 0o644)
	code, _, errOut = runCLI(t, "", "save", "--db", db, "--base", "1", board)
	if code != 1 || !strings.Contains(errOut, "changed since revision 1 (it is at revision 2 now)") {
		t.Errorf("stale save: exit %d, %s", code, errOut)
	}

	// Export: statuses in the JSON and the Markdown.
	out = mustRun(t, "export", "--db", db, "--format", "json")
	var exp struct {
		Postmortems []struct {
			ID         string
			Revision   int
			Postmortem hindsight.Postmortem
		}
	}
	if err := json.Unmarshal([]byte(out), &exp); err != nil {
		t.Fatal(err)
	}
	if len(exp.Postmortems) != 1 || exp.Postmortems[0].Revision != 2 {
		t.Fatalf("export = %+v", exp)
	}
	statuses := map[string]hindsight.Status{}
	for _, a := range exp.Postmortems[0].Postmortem.ActionItems {
		statuses[a.ID] = a.Status
	}
	if statuses["A-2"] != hindsight.StatusVerified || statuses["A-3"] != hindsight.StatusWontDo || statuses["A-1"] != hindsight.StatusProposed {
		t.Errorf("exported statuses = %v", statuses)
	}
	md := mustRun(t, "export", "--db", db, "--format", "md")
	if !strings.Contains(md, "status: verified") || !strings.Contains(md, "id: A-2") {
		t.Errorf("Markdown export lacks the verified A-2:\n%s", md)
	}
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, "export", "--db", db, "--format", "md", "-o", dir)
	if _, err := os.Stat(filepath.Join(dir, id+".md")); err != nil {
		t.Error(err)
	}
	if out := mustRun(t, "db", "--db", db); !strings.Contains(out, "postmortems: 1") {
		t.Errorf("db printed:\n%s", out)
	}
}

// TestDefaultLocation checks where the history goes without --db.
func TestDefaultLocation(t *testing.T) {
	for _, tc := range []struct{ flag, env, xdg, home, want string }{
		{"/x/f.db", "/y/e.db", "/xdg", "/home/u", "/x/f.db"},
		{"", "/y/e.db", "/xdg", "/home/u", "/y/e.db"},
		{"", "", "/xdg", "/home/u", "/xdg/hindsight/history.db"},
		{"", "", "", "/home/u", "/home/u/.local/share/hindsight/history.db"},
		{"", "", "relative", "/home/u", "/home/u/.local/share/hindsight/history.db"},
	} {
		t.Setenv("HINDSIGHT_DB", tc.env)
		t.Setenv("XDG_DATA_HOME", tc.xdg)
		t.Setenv("HOME", tc.home)
		got, err := (&storeFlags{db: tc.flag}).location()
		if err != nil || got != tc.want {
			t.Errorf("location(flag %q, env %q, xdg %q) = %q, %v; want %q", tc.flag, tc.env, tc.xdg, got, err, tc.want)
		}
	}
}

// TestBadHistory checks the errors for databases that cannot be used.
func TestBadHistory(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HINDSIGHT_DB", "")
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("these are not the pages you are looking for\n", 10)), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"corrupt", []string{"list", "--db", junk}, 1, "not a hindsight database / corrupt: " + junk + ": restore it from a backup, or move it aside"},
		{"unreachable", []string{"list", "--db", "postgres://u:secret@127.0.0.1:1/h?connect_timeout=3"}, 1, "cannot reach PostgreSQL at 127.0.0.1:1"},
		{"other scheme", []string{"list", "--db", "mysql://x"}, 2, "use a file path, or a postgres:// DSN"},
		{"bad since", []string{"list", "--db", filepath.Join(dir, "ok.db"), "--since", "yesterday"}, 2, "use YYYY-MM-DD, or a span"},
		{"bad action ID", []string{"actions", "--db", filepath.Join(dir, "ok.db"), "done", "17x"}, 2, "not an action item ID"},
		{"unknown item", []string{"actions", "--db", filepath.Join(dir, "ok.db"), "done", "A-17"}, 1, "no action item A-17"},
		{"unknown postmortem", []string{"show", "--db", filepath.Join(dir, "ok.db"), "nope"}, 1, "no postmortem \"nope\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(junk)
			code, _, errOut := runCLI(t, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("hindsight %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, errOut, tc.code, tc.want)
			}
			if strings.Contains(errOut, "secret") {
				t.Errorf("the error shows the password: %s", errOut)
			}
			if after, _ := os.ReadFile(junk); string(after) != string(before) {
				t.Errorf("the corrupt file was changed")
			}
		})
	}
}

func corpusFiles(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("../shared/corpus is missing: %v", err)
		}
		t.Skipf("../shared/corpus is absent: %v", err)
	}
	return dir
}

// TestImportCorpus imports every real postmortem in ../shared/corpus: all
// 109, the licence, source and README files skipped and said so; a second
// import adds nothing.
func TestImportCorpus(t *testing.T) {
	dir := corpusFiles(t)
	fixClock(t, time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC))
	db := historyDB(t)
	out := mustRun(t, "import", "--db", db, dir)
	if !strings.Contains(out, "imported 109 files") || !strings.Contains(out, "109 new") || !strings.Contains(out, "skipped 9") ||
		!strings.Contains(out, "LICENSE: licence file") {
		t.Errorf("import printed:\n%s", out)
	}
	out = mustRun(t, "import", "--db", db, dir)
	if !strings.Contains(out, "0 new, 0 new revisions, 109 unchanged") {
		t.Errorf("second import printed:\n%s", out)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pms, _ := s.Postmortems(context.Background(), hindsight.PostmortemFilter{})
	if len(pms) != 109 {
		t.Errorf("%d postmortems in the history, want 109", len(pms))
	}
	if out := mustRun(t, "stats", "--db", db); !strings.Contains(out, "109 postmortems") {
		t.Errorf("stats printed:\n%s", out)
	}
}

// TestStatsGolden imports a fixed set of corpus files and compares stats
// (text and JSON) with testdata/stats/. Run go test ./cmd/hindsight
// -update to rewrite them, and check the figures by hand.
func TestStatsGolden(t *testing.T) {
	dir := corpusFiles(t)
	fixClock(t, time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC))
	db := historyDB(t)
	set := goldenStatsSet(t, dir)
	args := append([]string{"import", "--db", db}, set...)
	mustRun(t, args...)
	for _, format := range []string{"text", "json"} {
		golden := filepath.Join("testdata", "stats", "corpus."+format)
		got := mustRun(t, "stats", "--db", db, "--format", format)
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/hindsight -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("stats --format %s differs from %s (-want +got):\n%s", format, golden, diff)
		}
	}
}

func goldenStatsSet(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadFile(filepath.Join("testdata", "stats", "files.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(list), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, filepath.Join(dir, l))
		}
	}
	return out
}

// TestDocumentTick follows an action item closed in the document: ticked
// in an export and saved, then unticked in an export of it verified, which
// import refuses for that file while it imports the others of the batch.
func TestDocumentTick(t *testing.T) {
	fixClock(t, time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC))
	db := historyDB(t)
	mustRun(t, "save", "--db", db, "../../examples/migration-bad-state.txt")
	mustRun(t, "actions", "--db", db, "accept", "A-2", "--as", "dana")
	dir := t.TempDir()
	mustRun(t, "export", "--db", db, "--format", "md", "-o", dir)
	doc := filepath.Join(dir, "2026-11-20-checkout-5xx-after-migration-0042.md")
	item := regexp.MustCompile(`(?m)^- \[ \] (.*id: A-2.*)$`)
	setBox := func(box string) {
		t.Helper()
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		re := item
		if box == " " {
			re = regexp.MustCompile(`(?m)^- \[x\] (.*id: A-2.*)$`)
		}
		if !re.Match(text) {
			t.Fatalf("no A-2 line to change in the export:\n%s", text)
		}
		os.WriteFile(doc, re.ReplaceAll(text, []byte("- ["+box+"] $1")), 0o644)
	}

	// Marked won't do in the document, its box left as it was: refused,
	// as a ticked one is, for want of a reason (it became in progress).
	orig, _ := os.ReadFile(doc)
	os.WriteFile(doc, regexp.MustCompile(`(status: )accepted( · id: A-2)`).ReplaceAll(orig, []byte("${1}wont do$2")), 0o644)
	if code, _, errOut := runCLI(t, "", "save", "--db", db, doc); code == 0 || !strings.Contains(errOut, "A-2: the document marks it won't do, which needs a reason") {
		t.Errorf("save of an open item marked wont do: exit %d, %q", code, errOut)
	}
	os.WriteFile(doc, orig, 0o644)
	setBox("x")
	if out := squash(mustRun(t, "save", "--db", db, doc)); !strings.Contains(out, "A-2 done dana") {
		t.Errorf("save of the ticked export printed:\n%s", out)
	}
	if out := mustRun(t, "actions", "--db", db, "show", "A-2"); !strings.Contains(out, "accepted → done by tester: "+hindsight.DocumentStatusNote) {
		t.Errorf("A-2's history lacks the change made in the document:\n%s", out)
	}

	// Verified, exported again, and unticked: a reopening the lifecycle
	// refuses.
	mustRun(t, "actions", "--db", db, "verify", "A-2", "--as", "lee")
	mustRun(t, "export", "--db", db, "--format", "md", "-o", dir)
	setBox(" ")
	os.WriteFile(filepath.Join(dir, "other.txt"), []byte("---\ntitle: Search outage\ndate: 2026-10-03\n---\nTIMELINE:\n14:00 deploy of search v3\n14:20 rolled back\n"), 0o644)
	code, out, errOut := runCLI(t, "", "import", "--db", db, dir)
	if code != 1 || !strings.Contains(errOut, doc) || !strings.Contains(errOut, "A-2: the document marks it") || !strings.Contains(out, "1 new") {
		t.Errorf("import with the verified item unticked: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if out := squash(mustRun(t, "actions", "--db", db, "--all")); !strings.Contains(out, "A-2 verified") {
		t.Errorf("after the refused file A-2 is not verified:\n%s", out)
	}

	// A box ticked for an item that was done before and reopened: the
	// save keeps the tracked status and says so.
	os.Remove(filepath.Join(dir, "other.txt"))
	// Reopening an item that is not closed is refused (it moved a
	// proposed item on to in progress).
	if code, _, errOut := runCLI(t, "", "actions", "--db", db, "reopen", "A-3"); code == 0 || !strings.Contains(errOut, "nothing to reopen") {
		t.Errorf("reopen of an open item: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "list", "--db", db, "--category", "bogus"); code != 2 || !strings.Contains(errOut, `unknown category "bogus"`) {
		t.Errorf("list --category bogus: exit %d, %q", code, errOut)
	}
	mustRun(t, "actions", "--db", db, "done", "A-3")
	mustRun(t, "actions", "--db", db, "reopen", "A-3")
	mustRun(t, "export", "--db", db, "--format", "md", "-o", dir)
	text, _ := os.ReadFile(doc)
	a3 := regexp.MustCompile(`(?m)^- \[ \] (.*id: A-3.*)$`)
	if !a3.Match(text) {
		t.Fatalf("no open A-3 line in the export:\n%s", text)
	}
	os.WriteFile(doc, a3.ReplaceAll(text, []byte("- [x] $1")), 0o644)
	code, _, errOut = runCLI(t, "", "save", "--db", db, doc)
	if code != 0 || !strings.Contains(errOut, "note: A-3: the document shows done, a status it had before, and the history keeps in_progress; to change it, run 'hindsight actions set A-3 done'") {
		t.Errorf("save of a box ticked again: exit %d\n%s", code, errOut)
	}
	if out := squash(mustRun(t, "actions", "--db", db)); !strings.Contains(out, "A-3 in_progress") {
		t.Errorf("A-3 is not kept in progress:\n%s", out)
	}
}

// undatedBoard is a whiteboard's timeline with no date, as every photo's is.
const undatedBoard = "TIMELINE\n14:02 deploy v2.41 to prod\n14:09 5xx alerts fire\n" +
	"14:32 - initiated rollback\n14:47 rollback complete\n15:10 all clear\n"

// onlyID is the ID of the one postmortem in the history db.
func onlyID(t *testing.T, db string) string {
	t.Helper()
	return strings.Fields(strings.Split(mustRun(t, "list", "--db", db), "\n")[1])[0]
}

// TestUndatedBoardHistory: a board with no date (every whiteboard photo, and
// typed notes without one) keeps its times in the history: the rollback
// attempt that snap shows from 14:32 to 14:47 is shown so by show.
func TestUndatedBoardHistory(t *testing.T) {
	db := historyDB(t)
	board := filepath.Join(t.TempDir(), "board.txt")
	os.WriteFile(board, []byte(undatedBoard), 0o644)
	const attempt = "**Attempt 1** (14:32–14:47, 15 min)"
	if out := mustRun(t, "snap", board); !strings.Contains(out, attempt) {
		t.Fatalf("snap does not show %q:\n%s", attempt, out)
	}
	mustRun(t, "save", "--quiet", "--db", db, board)
	id := onlyID(t, db)
	if out := mustRun(t, "show", "--db", db, "--format", "md", id); !strings.Contains(out, attempt) {
		t.Errorf("show --format md of the saved board does not show %q:\n%s", attempt, out)
	}
}

// TestPostmortemJSONInput: the JSON snap writes can be given back to the
// commands that take a postmortem, and JSON that is not one is refused.
func TestPostmortemJSONInput(t *testing.T) {
	dir := t.TempDir()
	board := filepath.Join(dir, "board.txt")
	os.WriteFile(board, []byte(undatedBoard), 0o644)
	pmJSON := filepath.Join(dir, "pm.json")
	mustRun(t, "snap", "--format", "json", "-o", pmJSON, board)
	md := mustRun(t, "snap", board)
	if got := mustRun(t, "snap", pmJSON); got != md {
		t.Errorf("snap pm.json differs from snap of its board:\n%s", got)
	}
	dbJSON := filepath.Join(dir, "db.json")
	mustRun(t, "snap", "--template", "database", "--format", "json", "-o", dbJSON, board)
	if got := mustRun(t, "snap", dbJSON); !strings.Contains(got, "template: database") {
		t.Errorf("snap of a postmortem in JSON made with --template database:\n%.200s", got)
	}
	if got := mustRun(t, "render", "--format", "html", pmJSON); !strings.Contains(got, "<html") || !strings.Contains(got, "14:32") {
		t.Errorf("render pm.json printed:\n%.300s", got)
	}
	db := historyDB(t)
	if out := mustRun(t, "save", "--db", db, pmJSON); !strings.Contains(out, "saved (new, revision 1") {
		t.Errorf("save pm.json printed:\n%s", out)
	}
	id := onlyID(t, db)
	if out := mustRun(t, "show", "--db", db, "--format", "md", id); !strings.Contains(out, "**Attempt 1** (14:32–14:47, 15 min)") {
		t.Errorf("show of the saved pm.json:\n%s", out)
	}
	if out := mustRun(t, "save", "--db", db, pmJSON); !strings.Contains(out, "unchanged (revision 1)") {
		t.Errorf("saving pm.json again printed:\n%s", out)
	}
	// Found by what it says, not by the JSON's keys.
	if out := mustRun(t, "search", "--db", db, "rollback", "complete"); !strings.Contains(out, id) {
		t.Errorf("search rollback complete:\n%s", out)
	}
	if out := mustRun(t, "search", "--db", db, "evidence"); strings.Contains(out, id) {
		t.Errorf("search evidence finds the postmortem by a key of its JSON:\n%s", out)
	}
	other := filepath.Join(dir, "package.json")
	os.WriteFile(other, []byte(`{"name": "x", "scripts": {"test": "jest"}}`), 0o644)
	// A directory: its postmortems in JSON are imported, other JSON skipped.
	imp := filepath.Join(dir, "import")
	os.Mkdir(imp, 0o755)
	for _, f := range []string{pmJSON, other} {
		data, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(imp, filepath.Base(f)), data, 0o644)
	}
	if out := mustRun(t, "import", "--db", historyDB(t), imp); !strings.Contains(out, "imported 1 file into") ||
		!strings.Contains(out, "package.json: not a postmortem document (.json)") {
		t.Errorf("import of a directory with pm.json and package.json printed:\n%s", out)
	}
	// One broken by an edit is not skipped as other JSON: import says what is wrong.
	data, _ := os.ReadFile(pmJSON)
	os.WriteFile(filepath.Join(imp, "edited.json"), []byte(strings.Replace(string(data), `"impact": "",`, `"impact": "",,`, 1)), 0o644)
	if code, _, errOut := runCLI(t, "", "import", "--db", historyDB(t), imp); code == 0 || !strings.Contains(errOut, "edited.json is a postmortem in JSON that is no longer valid JSON") {
		t.Errorf("import of a directory with a broken pm.json: exit %d, %q", code, errOut)
	}
	// Over the limit for a postmortem: snap and render refuse it as save
	// does, so what snap takes can be kept.
	big := filepath.Join(dir, "big.json")
	os.WriteFile(big, []byte(strings.Replace(string(data), `"impact": "",`, `"impact": "`+strings.Repeat("x", 9<<20)+`",`, 1)), 0o644)
	if code, _, errOut := runCLI(t, "", "import", "--db", db, big); code == 0 || !strings.Contains(errOut, "the file could not be imported") || strings.Contains(errOut, "the others were") {
		t.Errorf("import of one file that cannot be: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "show", "--db", db, "--revision", "-3", id); code != 2 || !strings.Contains(errOut, "revisions are numbered from 1") {
		t.Errorf("show --revision -3: exit %d, %q", code, errOut)
	}
	for _, args := range [][]string{{"snap", big}, {"render", big}, {"save", "--db", db, big}} {
		if code, _, errOut := runCLI(t, "", args...); code == 0 || !strings.Contains(errOut, "limit for a") {
			t.Errorf("hindsight %s of a 9 MB postmortem in JSON: exit %d, %.300q", args[0], code, errOut)
		}
	}
	for _, args := range [][]string{{"snap", other}, {"save", "--db", db, other}, {"lint", pmJSON}, {"read", pmJSON}} {
		code, _, errOut := runCLI(t, "", args...)
		if code == 0 || !strings.Contains(errOut, "JSON") {
			t.Errorf("hindsight %s: exit %d, %q; want an error about the JSON", strings.Join(args, " "), code, errOut)
		}
	}
}

// TestSaveDrawingAndPhoto: save reads an Excalidraw drawing as snap does
// (it read its JSON as lines of notes), and refuses a photo, saying to
// snap it and check the text first.
func TestSaveDrawingAndPhoto(t *testing.T) {
	db := historyDB(t)
	out := mustRun(t, "save", "--quiet", "--db", db, "../../board/excalidraw/testdata/columns.excalidraw")
	if !strings.Contains(out, "checkout-5xx-after-migration-0042: saved (new") || !strings.Contains(out, "dana") {
		t.Errorf("save of an Excalidraw drawing printed:\n%s", out)
	}
	// A drawing exported as PNG is a drawing, not a photo.
	out = mustRun(t, "save", "--quiet", "--db", db, "../../board/excalidraw/testdata/frames.excalidraw.png")
	if !strings.Contains(out, ": saved (new") {
		t.Errorf("save of an Excalidraw PNG export printed:\n%s", out)
	}
	dir := t.TempDir()
	header := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00")
	small, big := filepath.Join(dir, "board.png"), filepath.Join(dir, "big.png")
	os.WriteFile(small, header, 0o644)
	os.WriteFile(big, append(header, make([]byte, 9<<20)...), 0o644) // over the 8 MB for a document
	for _, png := range []string{small, big} {
		code, _, errOut := runCLI(t, "", "save", "--db", db, png)
		if code == 0 || !strings.Contains(errOut, "is a photo") || !strings.Contains(errOut, "hindsight snap "+png+" -o pm.md") {
			t.Errorf("save of a photo: exit %d, %q", code, errOut)
		}
	}
}

// TestExportImportRoundTrip: a history exported as documents and imported
// into another keeps its durations. Times in UTC came back from the JSON as
// "Z", were written "14:05 Z (14:05)", and were not read back.
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "n.txt")
	os.WriteFile(notes, []byte("Cache outage 2026-11-20\nAll times UTC\n\nTimeline\n14:02 deploy v2 started\n14:05 errors rising\n"+
		"14:08 alert fired\n14:10 decided to roll back\n14:11 rollback started\n14:20 rollback complete\n14:30 all clear\n"), 0o644)
	one, two := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")
	mustRun(t, "save", "--quiet", "--db", one, notes)
	out := filepath.Join(dir, "out")
	mustRun(t, "export", "--db", one, "--format", "md", "-o", out)
	mustRun(t, "import", "--db", two, out)
	a := squash(mustRun(t, "show", "--db", one, "2026-11-20-cache-outage"))
	b := squash(mustRun(t, "show", "--db", two, "2026-11-20-cache-outage"))
	want := "durations detect 3 min, decide 2 min, rollback 9 min, recover 25 min"
	if !strings.Contains(a, want) || !strings.Contains(b, want) {
		t.Errorf("durations before and after the round trip, want %q:\n%s\n---\n%s", want, a, b)
	}
}

// TestExportReplacesPlantedLink: a symbolic link planted in the export
// folder under a postmortem's file name is replaced, not written through.
func TestExportReplacesPlantedLink(t *testing.T) {
	db := historyDB(t)
	mustRun(t, "save", "--db", db, "../../examples/migration-bad-state.txt")
	dir, elsewhere := t.TempDir(), filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(elsewhere, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(dir, "2026-11-20-checkout-5xx-after-migration-0042.md")
	if err := os.Symlink(elsewhere, doc); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "export", "--db", db, "--format", "md", "-o", dir)
	if b, _ := os.ReadFile(elsewhere); string(b) != "keep" {
		t.Errorf("the link's target was written: %.40q", b)
	}
	if fi, err := os.Lstat(doc); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("%s is not a regular file after the export (%v)", doc, err)
	}
}
