package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/postgres"
	"github.com/hindsight-dev/hindsight/sqlite"
	"github.com/hindsight-dev/hindsight/storetest"
)

// buildHindsight builds the command into a temporary directory.
func buildHindsight(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hindsight")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeBoards writes n generated boards into a new directory.
func writeBoards(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	services := []string{"checkout", "search", "payments", "auth", "edge"}
	for i := 0; i < n; i++ {
		b := storetest.Board(fmt.Sprintf("Incident %d on %s", i, services[i%5]), fmt.Sprintf("2026-%02d-%02d", 1+i%12, 1+i%28),
			services[i%5], fmt.Sprintf("migration %d broke writes", i), 1+i%9, 1+i%7, 20+i%50,
			fmt.Sprintf("Gate %d in CI @dev%d P1 due 2026-12-%02d", i, i%7, 1+i%28),
			fmt.Sprintf("Test rollback %d @ops%d P2", i, i%5),
			fmt.Sprintf("Alert on %d @sre P3 due 2027-01-15", i))
		sub := filepath.Join(dir, services[i%5])
		os.MkdirAll(sub, 0o755)
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("pm-%04d.md", i)), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkWhole checks that postmortems in the history are whole: the
// current revision is there with the timeline events and the action items
// its document holds. With sample > 0 it checks the sample most recently
// saved (the kill falls among them) and as many others at random; with 0,
// all of them.
func checkWhole(t *testing.T, s hindsight.Store, sample int, rng *rand.Rand) int {
	t.Helper()
	ctx := context.Background()
	pms, err := s.Postmortems(ctx, hindsight.PostmortemFilter{})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	check := pms
	if sample > 0 && len(pms) > 2*sample {
		sorted := append([]hindsight.PostmortemSummary(nil), pms...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i].UpdatedAt.After(sorted[j].UpdatedAt) })
		check = sorted[:sample]
		for i := 0; i < sample; i++ {
			check = append(check, sorted[sample+rng.Intn(len(sorted)-sample)])
		}
	}
	for _, p := range check {
		sp, err := s.Postmortem(ctx, p.ID, 0)
		if err != nil {
			t.Fatalf("postmortem %s listed but cannot be read: %v", p.ID, err)
		}
		revs, err := s.Revisions(ctx, p.ID)
		if err != nil || len(revs) != sp.Latest || len(revs) == 0 {
			t.Fatalf("%s: %d revisions (%v), current %d", p.ID, len(revs), err, sp.Latest)
		}
		last := revs[len(revs)-1]
		if len(sp.Postmortem.Timeline) != last.Events || last.Events < 5 {
			t.Fatalf("%s: %d timeline events, revision says %d", p.ID, len(sp.Postmortem.Timeline), last.Events)
		}
		if len(sp.Actions) != last.Actions || len(sp.Postmortem.ActionItems) != 3 || len(sp.Actions) != 3 {
			t.Fatalf("%s: %d tracked action items, document %d, revision says %d; want 3", p.ID, len(sp.Actions), len(sp.Postmortem.ActionItems), last.Actions)
		}
		if res, err := s.Search(ctx, p.Title, 3); err != nil || len(res) == 0 {
			t.Fatalf("%s: not found by its title (%v): the search index is not whole", p.ID, err)
		}
	}
	return len(pms)
}

// crashBackends are the databases the import crash and interrupt tests
// run on: a new one from db, opened by open.
var crashBackends = []struct {
	name string
	db   func(t *testing.T) string
	open func(dsn string) (hindsight.Store, error)
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "history.db") },
		func(p string) (hindsight.Store, error) { return sqlite.Open(context.Background(), p) }},
	{"postgres", func(t *testing.T) string { return storetest.PostgresSchema(t) },
		func(p string) (hindsight.Store, error) { return postgres.Open(context.Background(), p) }},
}

// TestImportCrash kills "hindsight import" with SIGKILL at random points,
// 20 times, and checks each time that the database opens clean and holds
// only whole postmortems; then an import to the end completes the set.
func TestImportCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and kills it 20 times")
	}
	bin := buildHindsight(t)
	const boards = 200
	dir := writeBoards(t, boards)
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	for _, be := range crashBackends {
		t.Run(be.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			// Time a whole import once, into a scratch database, to spread
			// the kills over it.
			start := time.Now()
			if out, err := exec.Command(bin, "import", "--db", be.db(t), dir).CombinedOutput(); err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			span := time.Since(start)
			db := be.db(t)
			// 20 kills; an import that ends before its kill does not count,
			// and the span shrinks to what it took.
			killed := 0
			for attempt := 0; killed < 20; attempt++ {
				if attempt == 60 {
					t.Fatalf("only %d of 60 imports were killed before they ended", killed)
				}
				cmd := exec.Command(bin, "import", "--db", db, dir)
				began := time.Now()
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(rng.Int63n(int64(span))))
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
				if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
					killed++
				} else {
					span = max(time.Since(began)*9/10, 10*time.Millisecond)
				}
				s, err := be.open(db)
				if err != nil {
					t.Fatalf("after kill %d: the database does not open: %v", killed, err)
				}
				if sq, ok := s.(*sqlite.DB); ok {
					checkIntegrity(t, sq.Path(), "quick_check")
				}
				n := checkWhole(t, s, 15, rng)
				s.Close()
				t.Logf("attempt %d, %d kills (span %v): %d whole postmortems", attempt+1, killed, span, n)
				if n == boards {
					db = be.db(t) // all in: start again on a new database
				}
			}
			out, err := exec.Command(bin, "import", "--db", db, dir).CombinedOutput()
			if err != nil || !strings.Contains(string(out), fmt.Sprintf("imported %d files", boards)) || !strings.Contains(string(out), "0 new revisions") {
				t.Fatalf("final import: %v\n%s", err, out)
			}
			s, err := be.open(db)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if sq, ok := s.(*sqlite.DB); ok {
				checkIntegrity(t, sq.Path(), "integrity_check")
			}
			if n := checkWhole(t, s, 0, nil); n != boards {
				t.Errorf("after the final import, %d postmortems, want %d", n, boards)
			}
		})
	}
}

// checkIntegrity runs SQLite's integrity_check or quick_check (cheaper: no
// index-against-table comparison) and looks for rows of half-saved
// postmortems.
func checkIntegrity(t *testing.T, path, pragma string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA ` + pragma).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("%s = %q, %v", pragma, res, err)
	}
	var orphans int
	db.QueryRow(`SELECT (SELECT count(*) FROM postmortems WHERE revision = 0 OR pk NOT IN (SELECT pm FROM revisions))
		+ (SELECT count(*) FROM events WHERE rev NOT IN (SELECT pk FROM revisions))
		+ (SELECT count(*) FROM action_items WHERE pm NOT IN (SELECT pk FROM postmortems))`).Scan(&orphans)
	if orphans != 0 {
		t.Fatalf("%d rows of half-saved postmortems", orphans)
	}
}

// TestImportInterrupt stops "hindsight import" with Ctrl-C (SIGINT) half
// way, on SQLite and PostgreSQL: it says how many files it imported and
// what to do, the history holds exactly those, and the same import run
// again finishes the job.
func TestImportInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := buildHindsight(t)
	const boards = 1500
	dir := writeBoards(t, boards)
	for _, be := range crashBackends {
		t.Run(be.name, func(t *testing.T) {
			start := time.Now()
			if out, err := exec.Command(bin, "import", "--db", be.db(t), dir).CombinedOutput(); err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			span := time.Since(start)
			db := be.db(t)
			var stdout, stderr strings.Builder
			for attempt := 0; ; attempt++ {
				if attempt == 10 {
					t.Fatalf("10 imports ended before their Ctrl-C")
				}
				stdout.Reset()
				stderr.Reset()
				cmd := exec.Command(bin, "import", "--db", db, dir)
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(span / 2)
				cmd.Process.Signal(os.Interrupt)
				if err := cmd.Wait(); err != nil {
					break // interrupted
				}
				span = span * 3 / 4
				db = be.db(t)
			}
			m := regexp.MustCompile(`import interrupted with (\d+) of 1500 files imported, each whole; run the same import again to finish`).FindStringSubmatch(stderr.String())
			if m == nil || !strings.Contains(stdout.String(), "before it stopped, imported "+m[1]+" files") {
				t.Fatalf("interrupted import printed:\n%s\n%s", stdout.String(), stderr.String())
			}
			s, err := be.open(db)
			if err != nil {
				t.Fatal(err)
			}
			pms, _ := s.Postmortems(context.Background(), hindsight.PostmortemFilter{})
			s.Close()
			if fmt.Sprint(len(pms)) != m[1] {
				t.Errorf("the history holds %d postmortems; the import said %s", len(pms), m[1])
			}
			out, err := exec.Command(bin, "import", "--db", db, dir).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "imported 1500 files into ") ||
				!strings.Contains(string(out), fmt.Sprintf(": %d new, 0 new revisions, %s unchanged", 1500-len(pms), m[1])) {
				t.Errorf("the import run again: %v\n%s", err, out)
			}
		})
	}
}
