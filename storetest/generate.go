package storetest

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
)

var (
	genServices = []string{"checkout", "search", "payments", "auth", "edge-proxy", "ledger", "orders", "catalog",
		"inventory", "shipping", "notifications", "billing", "accounts", "gateway", "reports", "media", "profile",
		"recommendations", "pricing", "kafka"}
	genWhat = []string{"migration 0042 added a NOT NULL column", "config push changed the rate limit",
		"feature flag flip enabled the new ledger", "connection pool exhausted under load", "DNS resolver change",
		"certificate rotation missed a host", "dependency upgrade changed timeouts", "autoscaler scaled to zero",
		"schema change locked the orders table", "cache key format changed", "queue consumer crashed on a new message",
		"index build saturated the database"}
	genCats = []hindsight.Category{hindsight.CategoryMigration, hindsight.CategoryConfig, hindsight.CategoryConfig,
		hindsight.CategoryCapacity, hindsight.CategoryInfra, hindsight.CategoryInfra, hindsight.CategoryDependency,
		hindsight.CategoryCapacity, hindsight.CategoryMigration, hindsight.CategoryCode, hindsight.CategoryCode,
		hindsight.CategoryMigration}
	genOutcomes = []hindsight.Outcome{hindsight.OutcomeSucceeded, hindsight.OutcomeSucceeded, hindsight.OutcomeSucceeded,
		hindsight.OutcomeFailedToTrigger, hindsight.OutcomeFailedToComplete, hindsight.OutcomeRestoredBadState,
		hindsight.OutcomeCausedNewHarm, hindsight.OutcomeNotAttempted}
	genActions = []string{"Enforce expand/contract migrations in CI", "Canary config pushes to two nodes first",
		"Test rollback against a migrated database", "Alert on per-endpoint error rate", "Add a kill switch read from a local file",
		"Load test the pool size before release", "Pin dependency versions and diff timeouts", "Game day: roll back with the flag service down",
		"Document the rollback command in the runbook", "Rehearse certificate rotation", "Gate deploys on the error budget"}
	genWords = strings.Fields(`latency spike customers retried orders queue backlog dashboard pager on-call engineer noticed
		graph replica primary failover timeout upstream downstream cluster node pod container image registry release
		pipeline staging production traffic region zone shard partition consumer producer topic lag threshold budget`)
)

// Generate returns the i-th postmortem of a generated history: 10
// timeline events and 3 action items each, 20 services, dates from 2019
// to 2026, durations, outcomes and categories spread like real ones. The
// same i always gives the same postmortem.
func Generate(i int) *hindsight.SaveRequest {
	r := rand.New(rand.NewSource(int64(i) + 1))
	day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.Intn(8*365))
	svc := genServices[r.Intn(len(genServices))]
	w := r.Intn(len(genWhat))
	pm := &hindsight.Postmortem{
		Schema: hindsight.Schema, ID: fmt.Sprintf("gen-%06d", i), Date: day.Format("2006-01-02"), Template: "deployment",
		Title:    fmt.Sprintf("%s: %s (%d)", svc, genWhat[w], i),
		Services: []string{svc},
		Timezone: "UTC",
	}
	if r.Intn(5) == 0 {
		pm.Services = append(pm.Services, genServices[r.Intn(len(genServices))])
	}
	pm.DeployFailure = hindsight.DeployFailure{Category: genCats[w], FailurePoint: genWhat[w], MissedGate: "no canary"}
	o := genOutcomes[r.Intn(len(genOutcomes))]
	pm.Rollback = hindsight.Rollback{Attempted: o != hindsight.OutcomeNotAttempted, Outcome: o}
	start := day.Add(time.Duration(8+r.Intn(10)) * time.Hour)
	detect, decide, rb := 1+r.Intn(30), 1+r.Intn(40), 1+r.Intn(20)
	recover := detect + decide + rb + r.Intn(120)
	f := func(v int) *float64 { x := float64(v); return &x }
	pm.Durations = hindsight.Durations{TimeToDetect: f(detect), TimeToDecide: f(decide), Rollback: f(rb), TimeToRecover: f(recover)}
	kinds := []hindsight.Kind{hindsight.KindDeployStart, hindsight.KindImpactStart, hindsight.KindDetect, hindsight.KindInvestigate,
		hindsight.KindInvestigate, hindsight.KindRollbackDecision, hindsight.KindRollbackStart, hindsight.KindRollbackEnd,
		hindsight.KindCommunicate, hindsight.KindRecover}
	offsets := []int{0, 1, 1 + detect, 2 + detect, 3 + detect, 1 + detect + decide, 2 + detect + decide, 2 + detect + decide + rb, 3 + detect + decide + rb, 1 + recover}
	var src strings.Builder
	fmt.Fprintf(&src, "---\nid: %s\ntitle: %s\ndate: %s\nservice: %s\n---\nTimeline:\n", pm.ID, pm.Title, pm.Date, svc)
	for k, kind := range kinds {
		at := hindsight.Time{Wall: start.Add(time.Duration(offsets[k]) * time.Minute), DateKnown: true, ZoneKnown: true, Zone: "UTC"}
		text := fmt.Sprintf("%s %s %s %s", kind, genWords[r.Intn(len(genWords))], genWords[r.Intn(len(genWords))], genWords[r.Intn(len(genWords))])
		phase := hindsight.PhaseDeploy
		if k >= 5 {
			phase = hindsight.PhaseRollback
		}
		pm.Timeline = append(pm.Timeline, hindsight.Event{At: &at, AsWritten: at.Clock(), Text: text, Kind: kind, Phase: phase, Line: 7 + k})
		fmt.Fprintf(&src, "%s — %s\n", at.Clock(), text)
	}
	pm.Summary = fmt.Sprintf("On %s a %s change to %s caused errors; it was detected after %d minutes.", pm.Date, genCats[w], svc, detect)
	src.WriteString("What broke:\n" + genWhat[w] + "\nAction items:\n")
	for k := 0; k < 3; k++ {
		a := hindsight.ActionItem{Text: fmt.Sprintf("%s (%s %d.%d)", genActions[r.Intn(len(genActions))], svc, i, k),
			Bucket: hindsight.Buckets[r.Intn(3)], Owner: fmt.Sprintf("eng%d", r.Intn(200)), Priority: hindsight.Priority(fmt.Sprintf("P%d", r.Intn(4))),
			Status: hindsight.StatusProposed}
		if r.Intn(4) != 0 {
			a.Due = day.AddDate(0, 0, 7+r.Intn(60)).Format("2006-01-02")
		}
		switch r.Intn(6) {
		case 0:
			a.Status = hindsight.StatusDone
		case 1:
			a.Status = hindsight.StatusVerified
		case 2:
			a.Status = hindsight.StatusInProgress
		}
		pm.ActionItems = append(pm.ActionItems, a)
		fmt.Fprintf(&src, "- %s @%s %s due %s\n", a.Text, a.Owner, a.Priority, a.Due)
	}
	return &hindsight.SaveRequest{Postmortem: pm, Source: src.String(), SourceName: "/generated/" + pm.ID + ".md", Who: "generator"}
}

// Populate fills s with postmortems Generate(from) … Generate(to-1), in
// transactions of batch postmortems.
func Populate(ctx context.Context, s hindsight.Store, from, to, batch int) error {
	for i := from; i < to; i += batch {
		end := min(i+batch, to)
		reqs := make([]*hindsight.SaveRequest, 0, end-i)
		for k := i; k < end; k++ {
			reqs = append(reqs, Generate(k))
		}
		if _, err := s.SaveAll(ctx, reqs); err != nil {
			return fmt.Errorf("populate %d-%d: %w", i, end, err)
		}
	}
	return nil
}

// ScaleN is how many postmortems the scale benchmarks use: 100,000 when
// HINDSIGHT_BENCH_SCALE=1, else 2,000 (so go test -bench stays quick).
func ScaleN(tb testing.TB) int {
	if os.Getenv("HINDSIGHT_BENCH_SCALE") == "1" {
		return 100_000
	}
	return 2_000
}

// BenchToday is "today" in the benchmarks: overdue items are those due
// before it.
const BenchToday = "2026-11-21"

// Bench runs the read benchmarks of acceptance item 5 against s, which
// must hold a generated history: stats over everything, a full-text
// search, and the open action items, overdue first (the first page the
// CLI shows, and the counts over all of them).
//
// Besides wall time (ns/op) each reports cpu-ms/op, the CPU time the
// process used per operation (getrusage), which shows the cost of the
// work itself when other jobs share the machine's cores.
func Bench(b *testing.B, s hindsight.Store) {
	ctx := context.Background()
	b.Run("stats", func(b *testing.B) {
		defer cpuPerOp(b)()
		for b.Loop() {
			st, err := s.Stats(ctx, hindsight.StatsFilter{Today: BenchToday})
			if err != nil || st.Postmortems == 0 {
				b.Fatal(st, err)
			}
		}
	})
	b.Run("search", func(b *testing.B) {
		defer cpuPerOp(b)()
		for b.Loop() {
			res, err := s.Search(ctx, "NOT NULL migration", 20)
			if err != nil || len(res) == 0 {
				b.Fatal(res, err)
			}
		}
	})
	b.Run("actions", func(b *testing.B) {
		defer cpuPerOp(b)()
		for b.Loop() {
			l, err := s.ActionItems(ctx, hindsight.ActionFilter{Today: BenchToday, Limit: 50})
			if err != nil || len(l.Items) == 0 || l.Overdue == 0 {
				b.Fatal(l, err)
			}
		}
	})
}

// cpuPerOp reports the process's CPU time per operation when the returned
// function runs.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
