package hindsight_test

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hindsight-dev/hindsight"
)

// TestStatsQuantiles checks the median and p90 that stats print against
// a sort, on many random sets, and a few by hand.
func TestStatsQuantiles(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 1; n < 300; n++ {
		rows := make([]hindsight.StatsRow, n)
		vals := make([]float64, n)
		for i := range rows {
			v := float64(r.Intn(50)) + float64(r.Intn(10))/10
			vals[i] = v
			rows[i].Durations[0] = &vals[i]
		}
		sorted := append([]float64(nil), vals...)
		sort.Float64s(sorted)
		st := hindsight.ComputeStats(rows)
		d := st.Overall.Detect
		if d.N != n || *d.Median != hindsight.Percentile(sorted, 0.5) || *d.P90 != hindsight.Percentile(sorted, 0.9) {
			t.Fatalf("n=%d: median %v p90 %v, want %v %v", n, *d.Median, *d.P90, hindsight.Percentile(sorted, 0.5), hindsight.Percentile(sorted, 0.9))
		}
	}
	for _, tc := range []struct {
		vs       []float64
		med, p90 float64
	}{
		{[]float64{1, 2, 3, 10}, 2.5, 7.9},
		{[]float64{5}, 5, 5},
		{[]float64{0, 1, 2, 4, 4, 5, 5, 6, 10, 38, 50}, 5, 38},
	} {
		if got := hindsight.Percentile(tc.vs, 0.5); got != tc.med {
			t.Errorf("median of %v = %v, want %v", tc.vs, got, tc.med)
		}
		if got := hindsight.Percentile(tc.vs, 0.9); got != tc.p90 {
			t.Errorf("p90 of %v = %v, want %v", tc.vs, got, tc.p90)
		}
	}
}

func TestTransition(t *testing.T) {
	for _, tc := range []struct {
		from, to hindsight.Status
		note     string
		ok       bool
	}{
		{"proposed", "accepted", "", true},
		{"proposed", "done", "", true},
		{"accepted", "proposed", "", false},
		{"in_progress", "verified", "", false},
		{"done", "verified", "", true},
		{"done", "in_progress", "", true},
		{"verified", "done", "", false},
		{"accepted", "wont_do", "", false},
		{"accepted", "wont_do", "no longer needed", true},
		{"done", "wont_do", "x", false},
		{"wont_do", "proposed", "", true},
		{"wont_do", "done", "", false},
		{"proposed", "proposed", "", false},
		{"proposed", "finished", "", false},
	} {
		err := hindsight.Transition(tc.from, tc.to, tc.note)
		if (err == nil) != tc.ok {
			t.Errorf("Transition(%s → %s, %q) = %v, want ok %v", tc.from, tc.to, tc.note, err, tc.ok)
		}
	}
}

func TestDeriveID(t *testing.T) {
	for _, tc := range []struct{ title, date, want string }{
		{"Checkout 5xx after migration 0042", "2026-11-20", "2026-11-20-checkout-5xx-after-migration-0042"},
		{"Checkout 5xx after migration 0042 — 2026-11-20", "2026-11-20", "2026-11-20-checkout-5xx-after-migration-0042"},
		{"Ünïcode: ça marche!", "", "undated-n-code-a-marche"},
		{"", "2026-01-02", "2026-01-02-postmortem"},
	} {
		if got := hindsight.DeriveID(&hindsight.Postmortem{Title: tc.title, Date: tc.date}); got != tc.want {
			t.Errorf("DeriveID(%q, %q) = %q, want %q", tc.title, tc.date, got, tc.want)
		}
	}
}

func TestParseStatsLine(t *testing.T) {
	var sc hindsight.StatsScratch
	r, err := hindsight.ParseStatsLine("2026-11-20\x1fcheckout\npayments\x1fmigration\x1frestored_bad_state\x1f1\x1f3.0\x1f\x1f4.5\x1f37.25\x1f5\x1f1\x1f0\x1f1\x1f3\x1f2026-11-01,2026-12-20", "2026-12-10", &sc)
	if err != nil {
		t.Fatal(err)
	}
	if r.Date != "2026-11-20" || len(r.Services) != 2 || r.Category != "migration" || !r.Attempted ||
		*r.Durations[0] != 3 || r.Durations[1] != nil || *r.Durations[2] != 4.5 || *r.Durations[3] != 37.25 ||
		r.Actions != (hindsight.ActionCounts{Opened: 5, Done: 1, WontDo: 1, Open: 3, Overdue: 1}) {
		t.Errorf("ParseStatsLine = %+v", r)
	}
	if _, err := hindsight.ParseStatsLine("2026\x1fx", "", &sc); err == nil {
		t.Errorf("a short line parsed without error")
	}
}

// TestDocumentStatuses checks which status changes a saved document makes:
// only statuses new to the item, and only along the lifecycle.
func TestDocumentStatuses(t *testing.T) {
	const (
		P, A, I, D, V, W = hindsight.StatusProposed, hindsight.StatusAccepted, hindsight.StatusInProgress,
			hindsight.StatusDone, hindsight.StatusVerified, hindsight.StatusWontDo
	)
	type S = []hindsight.Status
	for _, tc := range []struct {
		name    string
		stored  hindsight.Status
		had     S // every status the item has been in, the stored one too
		doc     hindsight.Status
		want    bool // a change to doc
		wantErr bool
	}{
		{"unchanged", P, S{P}, P, false, false},
		{"ticked in the notes", P, S{P}, D, true, false},
		{"ticked in an export made while accepted", A, S{P, A}, D, true, false},
		{"old notes after 'actions done'", D, S{P, A, D}, P, false, false},
		{"an export of in progress, done meanwhile", D, S{P, I, D}, I, false, false},
		{"old notes after won't do", W, S{P, W}, P, false, false},
		{"unticked, never in progress: reopened", D, S{P, D}, I, true, false},
		{"unticking a verified item", V, S{P, A, D, V}, I, false, true},
		{"verifying an open item", A, S{P, A}, V, false, true},
		{"won't do needs a reason", A, S{P, A}, W, false, true},
		{"an unknown status", P, S{P}, "blocked", false, false},
		{"ticked again after a reopen: said, not applied", I, S{P, D, I}, D, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			existing := []hindsight.TrackedAction{{ActionItem: hindsight.ActionItem{ID: "A-7", Text: "Add a lag alert", Status: tc.stored}}}
			doc := []hindsight.ActionItem{{ID: "A-7", Text: "Add a lag alert", Status: tc.doc}}
			calls := 0
			had := func(ids []string) (map[string][]hindsight.Status, error) {
				calls++
				if len(ids) != 1 || ids[0] != "A-7" {
					t.Errorf("had(%v); want A-7 only", ids)
				}
				return map[string][]hindsight.Status{"A-7": tc.had}, nil
			}
			got, err := hindsight.DocumentStatuses(doc, existing, hindsight.PlanActions(existing, doc), had)
			if tc.wantErr {
				if hindsight.ErrorCode(err) != hindsight.EINVALID || !strings.Contains(err.Error(), "A-7") {
					t.Fatalf("err = %v; want invalid, naming A-7", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var changes, kept []hindsight.DocumentStatus
			for _, d := range got {
				if d.Kept {
					kept = append(kept, d)
				} else {
					changes = append(changes, d)
				}
			}
			if tc.want != (len(changes) == 1) || (tc.want && (changes[0].From != tc.stored || changes[0].To != tc.doc || changes[0].Index != 0)) {
				t.Errorf("DocumentStatuses = %+v; want a change %v", got, tc.want)
			}
			// A status the document shows but the history keeps is said.
			wantKept := !tc.want && tc.doc != tc.stored && slices.Contains(tc.had, tc.doc)
			// Its note gives the command to change it only where the
			// lifecycle allows the change ("set A-7 proposed" after done is
			// refused).
			allowed := hindsight.Transition(tc.stored, tc.doc, "a reason") == nil
			if wantKept != (len(kept) == 1) || (wantKept && allowed != strings.Contains(kept[0].Note(), "hindsight actions set A-7 "+string(tc.doc))) {
				t.Errorf("DocumentStatuses = %+v; want a kept status %v (with a command: %v)", got, wantKept, allowed)
			}
			if tc.doc == tc.stored && calls != 0 {
				t.Errorf("asked for the item's past %d times when nothing differs", calls)
			}
		})
	}
}

// TestStatsOfLines checks that parsing the stats lines on several
// goroutines gives the figures one goroutine gives, and the figures of
// the rows added one by one.
func TestStatsOfLines(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	services := []string{"checkout", "payments\nledger", "search", ""}
	outcomes := []string{"succeeded", "failed_to_trigger", "restored_bad_state", ""}
	var lines []string
	acc := hindsight.NewStatsAccumulator()
	var sc hindsight.StatsScratch
	for i := 0; i < 3000; i++ {
		dur := func() string {
			if r.Intn(5) == 0 {
				return ""
			}
			return fmt.Sprint(float64(r.Intn(900)) / 10)
		}
		line := strings.Join([]string{fmt.Sprintf("20%02d-%02d-%02d", 19+r.Intn(8), 1+r.Intn(12), 1+r.Intn(28)),
			services[r.Intn(len(services))], "migration", outcomes[r.Intn(len(outcomes))], fmt.Sprint(r.Intn(2)),
			dur(), dur(), dur(), dur(), "3", "1", "0", "0", "2", "2026-11-01,2027-01-01"}, "\x1f")
		lines = append(lines, line)
		row, err := hindsight.ParseStatsLine(line, "2026-12-10", &sc)
		if err != nil {
			t.Fatal(err)
		}
		acc.Add(&row)
	}
	all := strings.Join(lines, "\x1e")
	if len(all) < 1<<16 {
		t.Fatalf("the test lines are %d bytes: too few to be split", len(all))
	}
	want := acc.Stats()
	for _, workers := range []int{1, 2, 3, 7} {
		got, err := hindsight.StatsOfLines(all, "2026-12-10", workers)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d workers: stats differ from adding the rows one by one (-want +got):\n%s", workers, diff)
		}
	}
	if _, err := hindsight.StatsOfLines(all+"\x1e2026\x1fbroken", "2026-12-10", 2); err == nil {
		t.Error("a damaged line gave no error")
	}
}

// TestStatsRanges checks that the ranges a store reads cover every key
// from lo to hi once.
func TestStatsRanges(t *testing.T) {
	for _, tc := range []struct {
		lo, hi int64
		n      int
	}{{0, 0, 2}, {1, 1, 2}, {1, 2, 2}, {1, 3, 2}, {1, 100000, 2}, {5, 17, 3}, {1, 10, 0}, {1, 3, 8}} {
		rs := hindsight.StatsRanges(tc.lo, tc.hi, tc.n)
		if len(rs) == 0 || len(rs) > max(tc.n, 1) || rs[0][0] != tc.lo || rs[len(rs)-1][1] != tc.hi+1 {
			t.Errorf("StatsRanges(%d, %d, %d) = %v", tc.lo, tc.hi, tc.n, rs)
			continue
		}
		for i := 1; i < len(rs); i++ {
			if rs[i][0] != rs[i-1][1] || rs[i][0] >= rs[i][1] {
				t.Errorf("StatsRanges(%d, %d, %d) = %v: not contiguous", tc.lo, tc.hi, tc.n, rs)
			}
		}
	}
	if rs := hindsight.StatsRanges(1, 100000, 2); len(rs) != 2 {
		t.Errorf("StatsRanges(1, 100000, 2) = %v; want two ranges", rs)
	}
}

// TestContentHashStable checks that the content hash of a postmortem is
// what earlier versions computed. The store saves a new revision when the
// hash differs from the latest one's, so a change of the hash (such as
// hashing a key the JSON gained, like milestone_clocks) would make every
// saved postmortem's next save, and every re-import, a new revision of
// unchanged content. A change of the Postmortem fields themselves changes
// it too; then this value is updated, on purpose.
func TestContentHashStable(t *testing.T) {
	clock := func(h, m int) *hindsight.Time {
		return &hindsight.Time{Wall: time.Date(1, 1, 1, h, m, 0, 0, time.UTC)}
	}
	pm := hindsight.Postmortem{
		Schema: hindsight.Schema, ID: "ignored", Title: "Checkout 5xx", Template: "deployment",
		Timeline: []hindsight.Event{{At: clock(14, 32), AsWritten: "14:32", Text: "initiated rollback",
			Kind: hindsight.KindRollbackStart, Phase: hindsight.PhaseRollback, Line: 5}},
		Milestones: hindsight.Milestones{RollbackStart: clock(14, 32), RollbackEnd: clock(14, 47)},
		Rollback: hindsight.Rollback{Attempted: true, Outcome: hindsight.OutcomeSucceeded,
			Attempts: []hindsight.RollbackAttempt{{Start: clock(14, 32), End: clock(14, 47), Method: "helm rollback",
				Outcome: hindsight.OutcomeSucceeded, Line: 5}}},
		ActionItems: []hindsight.ActionItem{{ID: "A-1", Text: "add canary gate", Status: hindsight.StatusProposed}},
	}
	const want = "4c64867286794474b02fbf27681363d5cdfc4f1f59458aae9740f4800fdd6fc4"
	if got := hindsight.ContentHash(&pm, "TIMELINE\n14:32 initiated rollback\n"); got != want {
		t.Errorf("ContentHash = %s, want %s as before", got, want)
	}
}
