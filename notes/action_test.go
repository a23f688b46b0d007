package notes

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/hindsight-dev/hindsight"
)

func TestParseAction(t *testing.T) {
	ref := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) // a Friday
	for _, tc := range []struct {
		in   string
		want Action
	}{
		{"Add a canary stage @dana P1 due 2026-12-01",
			Action{Text: "Add a canary stage", Owner: "dana", Priority: "P1", Due: "2026-12-01"}},
		{"Version lock Flux (owner: sam, high, by Dec 1)",
			Action{Text: "Version lock Flux", Owner: "sam", Priority: "P1", Due: "2026-12-01"}},
		{"Alert on 5xx rate (Dana)", Action{Text: "Alert on 5xx rate", Owner: "Dana"}},
		{"Alert on 5xx rate (Dana Lee) P2", Action{Text: "Alert on 5xx rate", Owner: "Dana Lee", Priority: "P2"}},
		{"Rollback test — owner: lee · priority: low · due: 2026-12-18",
			Action{Text: "Rollback test", Owner: "lee", Priority: "P3", Due: "2026-12-18"}},
		{"Runbook update, high priority, assigned to ops-team", Action{Text: "Runbook update", Owner: "ops-team", Priority: "P1"}},
		// The second word of a name is capitalised; "by" is not a surname.
		{"Canary gate, owner: @mike by Fri", Action{Text: "Canary gate", Owner: "mike", Due: "2026-11-27"}},
		{"Canary gate, owner: Dana Smith", Action{Text: "Canary gate", Owner: "Dana Smith"}},
		{"Game day [critical] by Friday", Action{Text: "Game day", Priority: "P0", Due: "2026-11-27"}},
		{"Fix alert routing by EOW", Action{Text: "Fix alert routing", Due: "2026-11-27"}},
		{"Audit configs due end of month", Action{Text: "Audit configs", Due: "2026-11-30"}},
		{"Contract test, next week", Action{Text: "Contract test", Due: "2026-11-27"}},
		{"Contract test next week", Action{Text: "Contract test", Due: "2026-11-27"}},
		{"Plan next week's game day", Action{Text: "Plan next week's game day"}},
		{"Rehearse the rollback due Saturday", Action{Text: "Rehearse the rollback", Due: "2026-11-21"}},
		{"Rehearse the rollback by Sun", Action{Text: "Rehearse the rollback", Due: "2026-11-22"}},
		{"Load test in 2 weeks", Action{Text: "Load test", Due: "2026-12-04"}},
		// "by" before words that are no date is part of the text.
		{"Migrations that rewrite columns must be reviewed by DBA @kai P2 due 2026-10-05",
			Action{Text: "Migrations that rewrite columns must be reviewed by DBA", Owner: "kai", Priority: "P2", Due: "2026-10-05"}},
		{"Schema changes signed off by the platform team @kai due: 2026-12-05",
			Action{Text: "Schema changes signed off by the platform team", Owner: "kai", Due: "2026-12-05"}},
		{"Backfill the column due on Dec 3", Action{Text: "Backfill the column", Due: "2026-12-03"}},
		{"Add dashboards (@dana, due Mon 2026-12-14)", Action{Text: "Add dashboards", Owner: "dana", Due: "2026-12-14"}},
		{"Write the rollback doc, due by 2026-12-20", Action{Text: "Write the rollback doc", Due: "2026-12-20"}},
		{"Fix runbook due ~2026-12-20", Action{Text: "Fix runbook", Due: "2026-12-20"}},
		{"Document restore steps (done)", Action{Text: "Document restore steps", Status: hindsight.StatusDone}},
		{"Add lint rule (in progress) @ana", Action{Text: "Add lint rule", Owner: "ana", Status: hindsight.StatusInProgress}},
		{"Drop the legacy flag (won't do)", Action{Text: "Drop the legacy flag", Status: hindsight.StatusWontDo}},
		{"Pin Traefik to 2.4 due 20 Jan 2027 p0", Action{Text: "Pin Traefik to 2.4", Priority: "P0", Due: "2027-01-20"}},
		{"Move cron to working hours, Dec 18", Action{Text: "Move cron to working hours", Due: "2026-12-18"}},
		// Numeric dates without a year, by the rule for those with one: day
		// first unless only the second number can be the day.
		{"Alert on pool > 80% due 3/21", Action{Text: "Alert on pool > 80%", Due: "2027-03-21"}},
		{"Alert on pool > 80% by 21/3", Action{Text: "Alert on pool > 80%", Due: "2027-03-21"}},
		{"Alert on pool > 80%, due: 4/12 @dana", Action{Text: "Alert on pool > 80%", Owner: "dana", Due: "2026-12-04"}},
		{"Canary gate, 30/11", Action{Text: "Canary gate", Due: "2026-11-30"}},
		{"Reduce replicas, 1/2", Action{Text: "Reduce replicas, 1/2"}},
		{"Add reconciliation alert (owned by mei, medium)", Action{Text: "Add reconciliation alert", Owner: "mei", Priority: "P2"}},
		// An owner in brackets after the due date.
		{"Alert on pool usage due 2026-12-10 (Lee)", Action{Text: "Alert on pool usage", Owner: "Lee", Due: "2026-12-10"}},
		{"Add dashboard by Friday (Dana)", Action{Text: "Add dashboard", Owner: "Dana", Due: "2026-11-27"}},
		{"Upgrade the driver, target 2.4", Action{Text: "Upgrade the driver, target 2.4"}},
		{"Split shards 1/32 by hash", Action{Text: "Split shards 1/32 by hash"}},
		{"Cut the pool by 3/4", Action{Text: "Cut the pool by 3/4"}},
		{"Cut the pool, due 3/4", Action{Text: "Cut the pool", Due: "2027-04-03"}},
		{"Runbook due 31/2", Action{Text: "Runbook due 31/2"}},
		{"Setup more Fluentd alerts", Action{Text: "Setup more Fluentd alerts"}},
		{"Check the owner field of the CRD", Action{Text: "Check the owner field of the CRD"}},
		{"Email support@example.com about the outage", Action{Text: "Email support@example.com about the outage"}},
		{"Deploy by hand only (Monday)", Action{Text: "Deploy by hand only (Monday)"}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := ParseAction(tc.in, ref)
			if tc.want.Status == "" {
				tc.want.Status = hindsight.StatusProposed
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreFields(Action{}, "Raw", "Line", "Section")); diff != "" {
				t.Errorf("ParseAction(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParseActionNoReferenceDate(t *testing.T) {
	got := ParseAction("Canary @dana by Friday, Dec 1", time.Time{})
	if got.Due != "" {
		t.Errorf("without a date for the notes, due = %q; want none (a weekday or a date without a year cannot be placed)", got.Due)
	}
	got = ParseAction("Canary @dana due 3/21", time.Time{})
	if got.Due != "" {
		t.Errorf("without a date for the notes, due = %q; want none (a weekday or a date without a year cannot be placed)", got.Due)
	}
}

// TestParseActionUnicode: lower-casing some letters changes their length in
// bytes; the fields must still be cut at the right places.
func TestParseActionUnicode(t *testing.T) {
	ref := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	got := ParseAction("İİİ ÅNGSTRÖM check İstanbul region due 2026-12-01 @ayşe", ref)
	if got.Due != "2026-12-01" || got.Owner != "ayşe" || got.Text != "İİİ ÅNGSTRÖM check İstanbul region" {
		t.Errorf("ParseAction = %+v", got)
	}
}

// TestActionsFromTrackerTable: a table pasted from Jira keeps its
// priorities (Highest to Lowest) and an "Unassigned" item has no owner.
func TestActionsFromTrackerTable(t *testing.T) {
	n := parse(t, "notes.md", "# Ledger deploy 2026-06-09\n\n## Action items\n\n"+
		"| Key | Summary | Assignee | Priority | Due date |\n|---|---|---|---|---|\n"+
		"| LED-403 | Rollback rehearsal | Wei Chen | Highest | 2026-06-16 |\n"+
		"| LED-404 | Runbook for pausing the batch | Unassigned | Lowest | 2026-06-20 |\n\n"+
		"| # | Action | Owner | Jira | Due |\n|---|---|---|---|---|\n| 1 | Add canary stage | @tom | ORD-991 | Sprint 12 (2026-06-30) |\n")
	var got []string
	for _, a := range n.Actions {
		got = append(got, a.Text+"/"+a.Owner+"/"+string(a.Priority)+"/"+a.Due)
	}
	// The row's number is no text; the tracker's key follows it.
	if want := []string{"Rollback rehearsal (LED-403)/Wei Chen/P0/2026-06-16", "Runbook for pausing the batch (LED-404)//P3/2026-06-20",
		"Add canary stage (ORD-991)/tom//2026-06-30"}; !cmp.Equal(got, want) {
		t.Errorf("owners/priorities %q, want %q", got, want)
	}
}
