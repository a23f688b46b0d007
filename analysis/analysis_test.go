package analysis_test

import (
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/analysis"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/notes"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		text string
		want hindsight.Kind
	}{
		{"PR #5123 merged", hindsight.KindMerge},
		{"CI green", hindsight.KindCI},
		{"merged PR 8812, deploy of billing-worker v5.2 started", hindsight.KindDeployStart},
		{"merged and deployed v5.2 to prod", hindsight.KindDeployStart},
		{"CI green, deploying v5.2 to prod", hindsight.KindDeployStart},
		{"CI green, deploying v5.2 to staging", hindsight.KindStaging},
		{"CI pipeline green", hindsight.KindCI},
		{"merged the fix; waiting for CI before deploying", hindsight.KindMerge},
		{"merged PR 123 to fix the deploy pipeline", hindsight.KindMerge},
		{"Merged the fix and deployed in Live", hindsight.KindDeployStart},
		{"CI green, rollout to prod started", hindsight.KindDeployStart},
		{"merged PR 8812, rollout of v5.2 began", hindsight.KindDeployStart},
		{"CI green, deployment to production started", hindsight.KindDeployStart},
		{"PR merged and deployed to prod; waiting for metrics", hindsight.KindDeployStart},
		{"merged PR 8812; deploying the fix now", hindsight.KindDeployStart},
		{"push notifications flowing again", hindsight.KindRecover},
		{":rotating_light: deploy of checkout v2 started", hindsight.KindDeployStart},
		{"gateways up, 429s gone, traffic normal", hindsight.KindRecover},
		{"prices correct again", hindsight.KindRecover},
		{"decided to switch back to old nameservers", hindsight.KindRollbackDecision},
		{"migration 0093 started (drop legacy_email column)", hindsight.KindMigration},
		// A cue that starts a name is not the word: reports-svc is no report.
		{"deploy of reports-svc v7 started", hindsight.KindDeployStart},
		{"jmiller: shipping reports-api 2.0 to prod now", hindsight.KindDeployStart},
		{"pods crash-looping after the deploy", hindsight.KindImpactStart},
		{"5xx-rate climbing", hindsight.KindImpactStart},
		// A decision against rolling back is none; nobody noticing is no detection.
		{"considered rolling back but decided not to roll back: v3 had a CVE", hindsight.KindOther},
		{"we decided against a rollback", hindsight.KindOther},
		{"decided against debugging in prod, decided to roll back to v41", hindsight.KindRollbackDecision},
		{"agreed not to push a hotfix and decided to roll back instead", hindsight.KindRollbackDecision},
		{"sync jobs start writing nulls to sku (nobody noticed)", hindsight.KindOther},
		// A flag killed and data restored from a backup undo the change.
		{"decided to kill the flag", hindsight.KindRollbackDecision},
		{"flag toggled off", hindsight.KindRollbackStart},
		{"deploy of pricing v3 started, flag disabled", hindsight.KindFlag}, // no rollback
		{"maintenance page toggled off, checkout open again", hindsight.KindFlag},
		{"decided to restore the accounts DB from backup", hindsight.KindRollbackDecision},
		{"database restore from backup started", hindsight.KindRollbackStart},
		{"database restore complete", hindsight.KindRollbackEnd},
		{"restore finished, but we lost all signups between 09:00 and 10:35", hindsight.KindRollbackEnd},
		{"homepage latency normal", hindsight.KindRecover},
		{"Argo sync of orders-api v4.12 to prod started", hindsight.KindDeployStart},
		// What users saw is the impact.
		{"users stuck in login redirect loop", hindsight.KindImpactStart},
		{"~40% of clients getting NXDOMAIN", hindsight.KindImpactStart},
		{"orders not being processed", hindsight.KindImpactStart},
		{"autocomplete returning empty results for ~30% of queries", hindsight.KindImpactStart},
		{"rollback attempt 2: restarted gateways with old config, rollback made it worse", hindsight.KindRollbackStart},
		{"rollback started failing: helm timed out", hindsight.KindRollbackEnd},
		{"helm rollback started, stuck at 50% and timed out", hindsight.KindRollbackStart},
		{"promoted to staging", hindsight.KindStaging},
		{"production deploy of checkout v2.31 started", hindsight.KindDeployStart},
		{"deploy finished", hindsight.KindDeployEnd},
		{"migration 0042 started", hindsight.KindMigration},
		{"Config push to production edge-proxy fleet started", hindsight.KindConfigChange},
		{"flag new_ledger_writes enabled for 100%", hindsight.KindFlag},
		{"error rate on POST /orders starts climbing", hindsight.KindImpactStart},
		{"All Kubernetes services returning 404", hindsight.KindImpactStart},
		{"alert: checkout 5xx > 1% paged on-call", hindsight.KindDetect},
		{"Team aware", hindsight.KindDetect},
		{"investigating: new pods healthy, errors only on older replicas", hindsight.KindInvestigate},
		{"Root cause discovered by deleting the IngressRoute", hindsight.KindInvestigate},
		{"decided to roll back to v2.30", hindsight.KindRollbackDecision},
		{"Decision made to restore previous DockerHub password", hindsight.KindRollbackDecision},
		{"rollback started", hindsight.KindRollbackStart},
		{"Roll back to Traefik v1 initiated", hindsight.KindRollbackStart},
		{"flag flip off failed to trigger: flag service returned 503", hindsight.KindRollbackStart},
		{"rollback complete; writes now failing", hindsight.KindRollbackEnd},
		{"DockerHub password changed back to previous value", hindsight.KindRollbackEnd},
		{"CoreDNS deployment manually downgraded, which solved the issue", hindsight.KindRollbackEnd},
		{"Monkey patched strscan from 3.0.2 back to 3.0.1", hindsight.KindRollbackEnd},
		{"forward fix deployed via hotfix pipeline", hindsight.KindForwardFix},
		{"error rate back to normal, checkout healthy", hindsight.KindRecover},
		{"p99 back to 190 ms, timeouts stopped; search healthy", hindsight.KindRecover},
		{"errors back to 0.1%", hindsight.KindRecover},
		{"p99 back to 1.2 s", hindsight.KindRecover},
		{"5xx back to baseline", hindsight.KindRecover},
		{"status page updated", hindsight.KindCommunicate},
		{"restarted the api pods", hindsight.KindMitigate},
		{"we did not roll back; we scaled up", hindsight.KindMitigate},
		{"lunch", hindsight.KindOther},
	} {
		if got := analysis.Classify(tc.text); got != tc.want {
			t.Errorf("Classify(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}

func TestBucket(t *testing.T) {
	for _, tc := range []struct {
		text string
		want hindsight.Bucket
	}{
		{"Canary new releases at 5% for 10 minutes", hindsight.BucketDeploySafety},
		{"Version lock Flux", hindsight.BucketDeploySafety},
		{"Add a lint rule for NOT NULL columns in CI", hindsight.BucketDeploySafety},
		{"Add a test that rolls back against a migrated database", hindsight.BucketRollbackTrust},
		{"Enforce expand/contract migrations", hindsight.BucketRollbackTrust},
		{"Game day: turn off a flag with the flag service down", hindsight.BucketRollbackTrust},
		{"Forward-fix runbook for payments", hindsight.BucketRollbackTrust},
		{"Alert on per-endpoint 5xx rate", hindsight.BucketDetection},
		{"Setup more Fluentd alerts", hindsight.BucketDetection},
		{"Hire another SRE", hindsight.BucketOther},
	} {
		if got := analysis.Bucket(tc.text); got != tc.want {
			t.Errorf("Bucket(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}

func TestFindBlame(t *testing.T) {
	for _, tc := range []struct {
		text  string
		found []string
	}{
		{"Dana forgot to check the migration notes", []string{"Dana forgot to"}},
		{"Root cause: human error during the deploy", []string{"human error"}},
		{"Sam should have waited for the 10% step", []string{"should have waited"}},
		{"It shouldn't have been rushed to production", []string{"shouldn't have been rushed"}},
		{"a careless change to the config", []string{"careless"}},
		{"@aronasorman looked over it without being thorough", []string{"without being thorough"}},
		{"Bob didn't check the dashboard", []string{"Bob didn't check"}},
		{"the new engineer pushed to prod", []string{"the new engineer"}},
		{"We should have a canary stage", nil},
		{"A blameless review of the rollback", nil},
		{"Nobody is to blame: the pipeline allowed it", nil},
		{"No one is to blame here", nil},
		{"This is not about blame", nil},
		{"It was not Sam's fault", nil},
		{"The review blamed the on-call engineer", []string{"blamed"}},
		{"It was Sam's fault", []string{"Sam's fault"}},
		{"The change was not reviewed; Sam's fault", []string{"Sam's fault"}},
		{"Alerts did not fire. Ops are to blame", []string{"to blame"}},
		// Lower-casing the Kelvin sign shortens the text: the window must
		// be taken from the text the match was found in.
		{strings.Repeat("\u212a", 14) + ", nobody to blame", nil},
		{"The deploy checklist did not include the migration step", nil},
	} {
		var got []string
		for _, f := range analysis.FindBlame(tc.text) {
			got = append(got, f.Phrase)
			if f.Suggestion == "" {
				t.Errorf("FindBlame(%q): %q has no suggestion", tc.text, f.Phrase)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.found, "|") {
			t.Errorf("FindBlame(%q) = %q, want %q", tc.text, got, tc.found)
		}
	}
}

func analyze(t *testing.T, text string) *hindsight.Postmortem {
	t.Helper()
	b, err := board.Read("board.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return analysis.Analyze(notes.Parse(b, notes.Options{Year: 2026, Month: 11, Day: 20}))
}

// TestRollbackOutcomes checks each outcome from a small board that tells it.
func TestRollbackOutcomes(t *testing.T) {
	const head = "14:00 deploy v2 started\n14:03 errors rising\n14:05 alert fired\n14:08 decided to roll back\n"
	for _, tc := range []struct {
		name, tail string
		want       hindsight.Outcome
	}{
		{"succeeded", "14:09 rollback started\n14:12 rollback complete\n14:14 service healthy\n", hindsight.OutcomeSucceeded},
		{"failed to trigger", "14:09 rollback failed to trigger: pipeline broken\n14:30 forward fix deployed\n14:35 healthy\n", hindsight.OutcomeFailedToTrigger},
		{"failed to complete", "14:09 rollback started\n14:20 rollback stuck at 3 of 10 nodes, timed out\n14:40 healthy\n", hindsight.OutcomeFailedToComplete},
		{"restored bad state", "14:09 rollback started\n14:12 rollback complete\n14:13 writes failing: NOT NULL violation, old code against new schema\n14:40 healthy\n", hindsight.OutcomeRestoredBadState},
		{"caused new harm", "14:09 rollback started\n14:12 rollback complete\n14:13 rollback introduced a new outage in billing\n14:40 healthy\n", hindsight.OutcomeCausedNewHarm},
		{"none lost", "10:12 rollback started\n10:16 rollback complete, queue draining, none of the queued orders were lost\n10:20 healthy\n", hindsight.OutcomeSucceeded},
		{"restore lost data", "10:30 decided to restore the accounts DB from backup\n10:35 restore from backup started\n" +
			"11:50 restore finished, but we lost all signups between 09:00 and 10:35\n12:30 recovered\n", hindsight.OutcomeCausedNewHarm},
		{"not attempted", "14:09 forward fix deployed\n14:12 healthy\n", hindsight.OutcomeNotAttempted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pm := analyze(t, head+tc.tail)
			if pm.Rollback.Outcome != tc.want {
				t.Errorf("outcome = %s, want %s (attempts %+v)", pm.Rollback.Outcome, tc.want, pm.Rollback.Attempts)
			}
		})
	}
}

func TestMilestonesAndDurations(t *testing.T) {
	pm := analyze(t, `TIMELINE:
23:50 — deploy of api v3 started
23:55 — error rate climbing
00:02 — alert fired, on-call paged
00:10 — decided to roll back
00:11 — rollback started
00:15 — rollback complete
00:20 — service healthy
`)
	m := pm.Milestones
	for _, c := range []struct {
		name string
		got  *hindsight.Time
		want string
	}{
		{"deploy_start", m.DeployStart, "2026-11-20T23:50:00"},
		{"impact_start", m.ImpactStart, "2026-11-20T23:55:00"},
		{"detected", m.Detected, "2026-11-21T00:02:00"},
		{"rollback_decision", m.RollbackDecision, "2026-11-21T00:10:00"},
		{"rollback_start", m.RollbackStart, "2026-11-21T00:11:00"},
		{"rollback_end", m.RollbackEnd, "2026-11-21T00:15:00"},
		{"recovered", m.Recovered, "2026-11-21T00:20:00"},
	} {
		if c.got == nil || c.got.ISO() != c.want {
			t.Errorf("%s = %v, want %s (past midnight the date rolls over)", c.name, c.got, c.want)
		}
	}
	d := pm.Durations
	for _, c := range []struct {
		name string
		got  *float64
		want float64
	}{{"time_to_detect", d.TimeToDetect, 7}, {"time_to_decide", d.TimeToDecide, 8}, {"rollback", d.Rollback, 4}, {"time_to_recover", d.TimeToRecover, 25}} {
		if c.got == nil || *c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	for i, e := range pm.Timeline {
		want := hindsight.PhaseDeploy
		if i >= 3 {
			want = hindsight.PhaseRollback
		}
		if e.Phase != want {
			t.Errorf("%q phase = %s, want %s (the hinge is the rollback decision)", e.Text, e.Phase, want)
		}
	}
}

// TestRollbackRange: a rollback written as a range is the whole attempt,
// its start and its end.
func TestRollbackRange(t *testing.T) {
	pm := analyze(t, "TIMELINE\n14:00 deploy of api v3 started\n14:02 alert fired\n14:05–14:20 rollback to v2\n14:30 all clear\n")
	m := pm.Milestones
	if m.RollbackStart == nil || m.RollbackStart.Clock() != "14:05" || m.RollbackEnd == nil || m.RollbackEnd.Clock() != "14:20" {
		t.Errorf("rollback %v to %v, want 14:05 to 14:20", m.RollbackStart, m.RollbackEnd)
	}
	if d := pm.Durations.Rollback; d == nil || *d != 15 {
		t.Errorf("rollback duration %v, want 15", d)
	}
	if as := pm.Rollback.Attempts; len(as) != 1 || as[0].End == nil || as[0].End.Clock() != "14:20" {
		t.Errorf("attempts %+v, want one ending 14:20", as)
	}
	// A line after the range that says the rollback ended says when.
	pm = analyze(t, "TIMELINE\n14:00 deploy of api v3 started\n14:02 alert fired\n14:05–14:07 initiated rollback via pipeline\n"+
		"14:30 rollback complete\n14:40 all clear\n")
	if m := pm.Milestones; m.RollbackEnd == nil || m.RollbackEnd.Clock() != "14:30" {
		t.Errorf("a range, then rollback complete at 14:30: rollback end %v", m.RollbackEnd)
	}
	if as := pm.Rollback.Attempts; len(as) != 1 || as[0].End == nil || as[0].End.Clock() != "14:30" {
		t.Errorf("a range, then rollback complete at 14:30: attempts %+v, want one ending 14:30", as)
	}
	// A line about what it led to, or that it failed, is no end of it.
	for _, after := range []string{"14:25 rollback introduced cache errors", "14:50 rollback failed, errors continue"} {
		pm = analyze(t, "TIMELINE\n14:00 deploy of api v3 started\n14:02 alert fired\n14:05–14:20 rollback to v2\n"+after+"\n")
		if m := pm.Milestones; m.RollbackEnd == nil || m.RollbackEnd.Clock() != "14:20" {
			t.Errorf("a range to 14:20, then %q: rollback end %v, want 14:20", after, m.RollbackEnd)
		}
		if as := pm.Rollback.Attempts; len(as) != 1 || as[0].End == nil || as[0].End.Clock() != "14:20" {
			t.Errorf("a range to 14:20, then %q: attempts %+v, want one ending 14:20", after, as)
		}
	}
}

func TestContradictionsAreFindings(t *testing.T) {
	pm := analyze(t, "14:10 deploy started\n14:20 errors rising\n14:15 alert fired?\n14:30 healthy\n")
	if pm.Durations.TimeToDetect != nil {
		t.Errorf("time_to_detect = %v, want none: detection is before the impact", *pm.Durations.TimeToDetect)
	}
	var reasons []string
	for _, u := range pm.Unverified {
		reasons = append(reasons, u.Reason)
	}
	all := strings.Join(reasons, "\n")
	for _, want := range []string{"out of order", "uncertain", "negative"} {
		if !strings.Contains(all, want) {
			t.Errorf("unverified reasons %q, want one mentioning %q", reasons, want)
		}
	}
}

func TestMissingIsSaid(t *testing.T) {
	pm := analyze(t, "14:02 deploy started\n14:05 errors\n")
	all := strings.Join(pm.Missing, "\n")
	for _, want := range []string{"detected", "healthy again", "rollback", "action items", "impact"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing = %q, want it to name %q", pm.Missing, want)
		}
	}
}

// TestDurationsFromUnverifiedTimes: a duration computed from a time marked
// unverified is listed as unverified, and the plain-language summary does
// not state it as fact; from sure times it is neither.
func TestDurationsFromUnverifiedTimes(t *testing.T) {
	pm := analyze(t, "TIMELINE\n14:00 deploy of api v3 started\n~14:05 errors rising?\n14:09 alert fired\n14:30 all clear\n")
	var found bool
	for _, u := range pm.Unverified {
		if strings.HasPrefix(u.Text, "time to detect: 4 min") && strings.Contains(u.Reason, "computed from a time marked unverified") {
			found = true
		}
	}
	if !found {
		t.Errorf("no unverified entry for the time to detect from ~14:05: %+v", pm.Unverified)
	}
	if !strings.Contains(pm.Summary, "noticed 4 minutes later (times not confirmed)") {
		t.Errorf("summary states an unverified duration as fact: %s", pm.Summary)
	}
	pm = analyze(t, "TIMELINE\n14:00 deploy of api v3 started\n14:05 errors rising\n14:09 alert fired\n14:30 all clear\n")
	for _, u := range pm.Unverified {
		if strings.Contains(u.Reason, "computed from a time marked unverified") {
			t.Errorf("sure times, yet %+v", u)
		}
	}
	if strings.Contains(pm.Summary, "not confirmed") {
		t.Errorf("sure times, yet the summary says: %s", pm.Summary)
	}
}

// TestUnsureActionItem: an action item on a line the board reader was
// unsure of is listed for checking, as a claim would be.
func TestUnsureActionItem(t *testing.T) {
	b := &board.Board{Blocks: []board.Block{
		{Text: "FIXES", Line: 1, Source: "ocr"},
		{Text: "1. add canary gate", Line: 2, Source: "ocr"},
		{Text: "2. 2-PERSON REVIEW FOR ONS", Line: 3, Source: "ocr", Uncertain: true},
	}}
	pm := analysis.Analyze(notes.Parse(b, notes.Options{}))
	var lines []int
	for _, u := range pm.Unverified {
		lines = append(lines, u.Line)
	}
	if len(pm.ActionItems) != 2 || len(lines) != 1 || lines[0] != 3 {
		t.Errorf("%d action items, unverified lines %v; want 2 items and line 3 alone unverified", len(pm.ActionItems), lines)
	}
}

// TestFailurePointOfBullets: the failure point is the first thing "What
// broke" lists, not its bullets run together; a line that introduces the
// next takes it along.
func TestFailurePointOfBullets(t *testing.T) {
	pm := analyze(t, "WHAT BROKE\n* config flag default flipped\n* DB pool exhausted (max 50)\n* canary stage skipped\n")
	if got := pm.DeployFailure.FailurePoint; got != "config flag default flipped" {
		t.Errorf("failure point %q", got)
	}
	pm = analyze(t, "What broke\nThere are two issues at play:\n- the DNS loop of the studio domain\n- an expired certificate\n")
	if got := pm.DeployFailure.FailurePoint; got != "There are two issues at play: the DNS loop of the studio domain" {
		t.Errorf("failure point %q", got)
	}
}

// TestDateFromDatedEntries: notes with no date of their own but dated
// entries are dated by their first entry (their ID, the stats by month).
func TestDateFromDatedEntries(t *testing.T) {
	b, err := board.Read("d.txt", []byte("Timeline\n2019-11-29 14:02 deploy v2 started\n2019-11-29 14:05 errors rising\n2019-11-30 09:00 all clear\n"))
	if err != nil {
		t.Fatal(err)
	}
	if pm := analysis.Analyze(notes.Parse(b, notes.Options{})); pm.Date != "2019-11-29" {
		t.Errorf("date %q, want 2019-11-29", pm.Date)
	}
}

// TestSecondAttemptAfterFailedStart: an attempt whose own line says it
// failed is over, and the next rollback line is a second attempt; a line
// that tells a rollback from its start to its failure is its start.
func TestSecondAttemptAfterFailedStart(t *testing.T) {
	const head = "TIMELINE\n16:20 deploy of billing-worker v5.2 started\n16:25 errors rising\n16:30 alert fired\n16:34 decided to roll back\n"
	type attempt struct {
		start, end string
		outcome    hindsight.Outcome
	}
	clock := func(t *hindsight.Time) string {
		if t == nil {
			return ""
		}
		return t.Clock()
	}
	for _, tc := range []struct {
		name, tail   string
		want         []attempt
		start, end   string
		rollbackMins float64
	}{
		{"failed to trigger, then a second attempt",
			"16:36 rollback started: argo rollback failed, no previous artifact in registry\n" +
				"16:50 rebuilt v5.1 image and redeployed (second rollback attempt)\n17:02 second rollback complete\n17:10 all healthy\n",
			[]attempt{{"16:36", "", hindsight.OutcomeFailedToTrigger}, {"16:50", "17:02", hindsight.OutcomeSucceeded}}, "16:36", "17:02", 26},
		{"started and timed out, then a second attempt",
			"16:36 helm rollback started, stuck at 50% and timed out\n16:50 second rollback attempt started with kubectl\n" +
				"16:55 rollback complete\n17:10 all healthy\n",
			[]attempt{{"16:36", "", hindsight.OutcomeFailedToComplete}, {"16:50", "16:55", hindsight.OutcomeSucceeded}}, "16:36", "16:55", 19},
		{"one attempt told in two lines",
			"16:36 rollback started\n16:40 rollback still running, 3 of 10 pods\n16:45 rollback complete\n17:10 all healthy\n",
			[]attempt{{"16:36", "16:45", hindsight.OutcomeSucceeded}}, "16:36", "16:45", 9},
		{"a rollback that started failing is one attempt that ended so",
			"16:36 rollback started\n16:51 rollback started failing: helm timed out\n17:10 forward fix deployed\n",
			[]attempt{{"16:36", "16:51", hindsight.OutcomeFailedToComplete}}, "16:36", "16:51", 15},
		{"a stuck rollback that ran into a mismatch did not complete",
			"16:36 helm rollback failed: CRD version mismatch, rollback stuck\n17:10 forward fix deployed\n",
			[]attempt{{"", "16:36", hindsight.OutcomeFailedToComplete}}, "", "16:36", 0},
		{"an attempt that made it worse is an attempt of its own",
			"16:36 config rollback attempt 1: consul kv put of old value, gateways didn't reload\n" +
				"16:44 rollback attempt 2: restarted gateways with old config, rollback made it worse\n17:10 all healthy\n",
			[]attempt{{"16:36", "", hindsight.OutcomeSucceeded}, {"16:44", "", hindsight.OutcomeCausedNewHarm}}, "16:36", "", 0},
		{"a retry that met the same error",
			"16:36 rollback failed to trigger: flag service returned 503\n16:40 tried rollback via the API, same 503\n" +
				"16:50 forward fix deployed\n17:10 all healthy\n",
			[]attempt{{"16:36", "", hindsight.OutcomeFailedToTrigger}, {"16:40", "", hindsight.OutcomeFailedToTrigger}}, "16:36", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pm := analyze(t, head+tc.tail)
			var got []attempt
			for _, a := range pm.Rollback.Attempts {
				got = append(got, attempt{clock(a.Start), clock(a.End), a.Outcome})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("attempts %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("attempt %d: %+v, want %+v", i+1, got[i], tc.want[i])
				}
			}
			m := pm.Milestones
			if clock(m.RollbackStart) != tc.start || clock(m.RollbackEnd) != tc.end {
				t.Errorf("rollback milestones %s to %s, want %s to %s", clock(m.RollbackStart), clock(m.RollbackEnd), tc.start, tc.end)
			}
			if d := pm.Durations.Rollback; tc.start != "" && tc.end != "" && (d == nil || *d != tc.rollbackMins) {
				t.Errorf("rollback duration %v, want %v", d, tc.rollbackMins)
			}
		})
	}
}

// TestBlameInTitleOnce: wording in the title is reported once, not again
// for the heading the title comes from.
func TestBlameInTitleOnce(t *testing.T) {
	for _, title := range []string{"# Outage: Sam's fault", "Outage: Sam's fault"} {
		pm := analyze(t, title+"\n\nTIMELINE\n14:00 deploy of api v3 started\n14:05 errors rising\n")
		n := 0
		for _, f := range pm.Language {
			if f.Phrase == "Sam's fault" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("\"Sam's fault\" in the title %q reported %d times (%+v), want once", title, n, pm.Language)
		}
	}
}

// TestSummaryHedges: the plain-language summary does not state as fact a
// time the notes give as approximate, nor an outcome they do not give.
func TestSummaryHedges(t *testing.T) {
	pm := analyze(t, "TIMELINE\n10:00 deploy of cart v4 started\n~10:04 users start seeing errors\n10:09 alert fired\n"+
		"10:12 decided to roll back\n10:13 rollback started\n10:20 rollback complete\napprox 10:30 cart healthy again\n")
	if s := pm.Summary; !strings.Contains(s, "back to normal at 10:30, 26 minutes after the problem began (times not confirmed).") {
		t.Errorf("summary with approximate times:\n%s", s)
	}
	pm = analyze(t, "TIMELINE\n10:00 deploy of cart v4 started\n10:04 errors rising\n10:09 alert fired\n10:13 rolled back checkout, took forever\n")
	if s := pm.Summary; strings.Contains(s, "Undoing the change worked") || !strings.Contains(s, "The notes do not say whether undoing it worked") {
		t.Errorf("summary of a rollback the notes give no outcome for:\n%s", s)
	}
}

// TestTrustGapWording: the trust gap is found in the ways people say that
// rollback was never tried under these conditions.
func TestTrustGapWording(t *testing.T) {
	for _, said := range []string{"Nobody tested rolling back after data was written.", "Rollback was never tested with a schema change.",
		"No one tested the down migration."} {
		pm := analyze(t, "TIMELINE\n10:00 deploy v2 started\n10:05 errors rising\n10:08 decided to roll back\n10:09 rollback started\n"+
			"10:15 rollback complete\n\nROLLBACK\n"+said+"\n")
		if tg := pm.Rollback.TrustGap; !tg.Found || tg.Evidence != said {
			t.Errorf("%q: trust gap %+v", said, tg)
		}
	}
}

// TestCategoryIdioms: notes written "from memory" tell nothing of a
// shortage of memory.
func TestCategoryIdioms(t *testing.T) {
	pm := analyze(t, "Search outage, notes from memory — 2026-05-30\n\nTimeline\n14:30 deploy of search-api v3 started\n14:40 errors began\n")
	if pm.DeployFailure.Category == hindsight.CategoryCapacity {
		t.Errorf("category %s, want no capacity from 'from memory'", pm.DeployFailure.Category)
	}
	pm = analyze(t, "Search pods out of memory 2026-05-30\n\nTimeline\n14:40 deploy started\n14:50 pods OOMKilled\n")
	if pm.DeployFailure.Category != hindsight.CategoryCapacity {
		t.Errorf("category %s, want capacity", pm.DeployFailure.Category)
	}
}

// TestTrustGapNobodyKnew: "Nobody knew the runbook was wrong" is the
// trust gap's evidence, not its denial.
func TestTrustGapNobodyKnew(t *testing.T) {
	pm := analyze(t, "Checkout 2026-03-04\n\nTimeline\n10:00 deploy started\n10:05 errors\n10:10 rollback started\n10:15 rollback complete\n\n"+
		"Rollback\n- Nobody knew the runbook was wrong about the schema.\n")
	if !pm.Rollback.TrustGap.Found {
		t.Errorf("trust gap not found: %+v", pm.Rollback.TrustGap)
	}
}

// TestMoreIsNotTheOutcome: the sentences kept with a rollback's end tell
// of the deploy's bug, not of harm the rollback did.
func TestMoreIsNotTheOutcome(t *testing.T) {
	pm := analyze(t, "Checkout deploy 2026-03-04\n\nTimeline\n10:00 deploy of checkout v42 started\n10:05 checkout errors rising\n"+
		"10:10 decided to roll back\n10:12 rollback started\n10:18 rollback complete and checkout healthy. The v42 build had "+
		"introduced a null pointer in the cart service, which the team found later that day.\n10:30 incident closed\n")
	if pm.Rollback.Outcome != hindsight.OutcomeSucceeded {
		t.Errorf("outcome %s, want succeeded", pm.Rollback.Outcome)
	}
	if e := pm.Timeline[4]; !strings.HasSuffix(e.Text, "found later that day.") {
		t.Errorf("rollback end's text %q lost its sentences", e.Text)
	}
}
