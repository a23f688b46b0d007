package document_test

import (
	"os"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/snap"
)

// base is the migration example as a document, the starting point of every
// edit below.
func base(t *testing.T) string {
	t.Helper()
	pm, err := snap.File("../examples/migration-bad-state.txt", nil, snap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return string(document.Render(pm, nil))
}

func replace(t *testing.T, doc, old, new string) string {
	t.Helper()
	if !strings.Contains(doc, old) {
		t.Fatalf("the document has no %q to edit", old)
	}
	return strings.Replace(doc, old, new, 1)
}

func parsed(t *testing.T, doc string) *hindsight.Postmortem {
	t.Helper()
	d, err := document.Parse("pm.md", []byte(doc), nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return d.PM
}

func action(pm *hindsight.Postmortem, prefix string) *hindsight.ActionItem {
	for i := range pm.ActionItems {
		if strings.HasPrefix(pm.ActionItems[i].Text, prefix) {
			return &pm.ActionItems[i]
		}
	}
	return nil
}

func event(pm *hindsight.Postmortem, prefix string) (int, *hindsight.Event) {
	for i := range pm.Timeline {
		if strings.HasPrefix(pm.Timeline[i].Text, prefix) {
			return i, &pm.Timeline[i]
		}
	}
	return -1, nil
}

// TestEdits makes the edits people make to a draft and checks each is read
// back as edited.
func TestEdits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(t *testing.T, doc string) string
		check func(t *testing.T, pm *hindsight.Postmortem)
	}{
		{"change an owner",
			func(t *testing.T, d string) string { return replace(t, d, "owner: lee", "owner: priya") },
			func(t *testing.T, pm *hindsight.Postmortem) {
				if a := action(pm, "Canary new releases"); a == nil || a.Owner != "priya" {
					t.Errorf("owner = %+v, want priya", a)
				}
			}},
		{"tick a checkbox",
			func(t *testing.T, d string) string {
				return replace(t, d, "- [ ] Add a test that rolls back", "- [x] Add a test that rolls back")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				if a := action(pm, "Add a test that rolls back"); a == nil || a.Status != hindsight.StatusDone {
					t.Errorf("status = %+v, want done", a)
				}
			}},
		{"untick a done item",
			func(t *testing.T, d string) string {
				d = replace(t, d, "- [ ] Add a test that rolls back against a migrated database — owner: sam · priority: P1 · due: 2026-12-11",
					"- [x] Add a test that rolls back against a migrated database — owner: sam · priority: P1 · due: 2026-12-11 · status: done")
				return replace(t, d, "- [x] Add a test", "- [ ] Add a test")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				if a := action(pm, "Add a test that rolls back"); a == nil || !a.Status.Open() {
					t.Errorf("status = %+v, want open again", a)
				}
			}},
		{"type a pipe into a timeline cell",
			func(t *testing.T, d string) string {
				return replace(t, d, "| 14:04 | deploy finished |", "| 14:04 | deploy finished | status: ok |")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				for _, e := range pm.Timeline {
					if e.At != nil && e.At.Clock() == "14:04" && (e.Text != "deploy finished | status: ok" || e.Kind != hindsight.KindDeployEnd) {
						t.Errorf("14:04 = %q (%s), want the text with its pipe and kind deploy end", e.Text, e.Kind)
					}
				}
			}},
		{"write a time as approximate",
			func(t *testing.T, d string) string {
				return replace(t, d, "| 14:04 | deploy finished |", "| around 14:04 | deploy finished |")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				for _, e := range pm.Timeline {
					if e.Text == "deploy finished" && (!e.Unverified || len(e.Reasons) != 1 || !strings.HasPrefix(e.Reasons[0], "approximate time")) {
						t.Errorf("'around 14:04': unverified %v, reasons %q; want an approximate time", e.Unverified, e.Reasons)
					}
				}
			}},
		{"add an action item by hand",
			func(t *testing.T, d string) string {
				return replace(t, d, "### Detection\n\n", "### Detection\n\n- [ ] Page on NOT NULL violations @ana P1 due 2026-12-01\n")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				a := action(pm, "Page on NOT NULL violations")
				if a == nil || a.Owner != "ana" || a.Priority != hindsight.P1 || a.Due != "2026-12-01" || a.Bucket != hindsight.BucketDetection {
					t.Errorf("new item = %+v", a)
				}
				if len(pm.ActionItems) != 6 {
					t.Errorf("%d action items, want 6", len(pm.ActionItems))
				}
			}},
		{"set a status and a due date",
			func(t *testing.T, d string) string {
				return replace(t, d, "not only the service total — owner: sam · priority: P2 · due: _missing_",
					"not only the service total — owner: sam · priority: P2 · due: 2026-12-15 · status: in progress")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				a := action(pm, "Alert on per-endpoint")
				if a == nil || a.Due != "2026-12-15" || a.Status != hindsight.StatusInProgress {
					t.Errorf("item = %+v", a)
				}
				for _, m := range pm.Missing {
					if strings.Contains(m, "due date") {
						t.Errorf("missing still lists %q", m)
					}
				}
			}},
		{"delete an action item",
			func(t *testing.T, d string) string {
				return replace(t, d, "- [ ] Canary new releases at 5% for 10 minutes before full rollout — owner: lee · priority: P2 · due: 2026-12-18\n", "")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				if len(pm.ActionItems) != 4 || action(pm, "Canary") != nil {
					t.Errorf("action items = %d, canary still there: %v", len(pm.ActionItems), action(pm, "Canary") != nil)
				}
			}},
		{"retime the detection",
			func(t *testing.T, d string) string { return replace(t, d, "| 14:08 | alert:", "| 14:06 | alert:") },
			func(t *testing.T, pm *hindsight.Postmortem) {
				if d := pm.Durations.TimeToDetect; d == nil || *d != 1 {
					t.Errorf("time to detect = %v, want 1 (recomputed from the edited time)", d)
				}
				if d := pm.Durations.TimeToDecide; d == nil || *d != 9 {
					t.Errorf("time to decide = %v, want 9", d)
				}
			}},
		{"reorder events",
			func(t *testing.T, d string) string {
				row1 := "| 13:48 | PR #5123 merged (adds tax_id column, NOT NULL, with code that fills it) | merge |  |  |\n"
				row2 := "| 13:55 | CI green, promoted to staging | ci |  |  |\n"
				return replace(t, d, row1+row2, row2+row1)
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				i, _ := event(pm, "CI green")
				j, _ := event(pm, "PR #5123")
				if i != 0 || j != 1 {
					t.Errorf("order: CI at %d, PR at %d; want 0 and 1", i, j)
				}
			}},
		{"add an event and move the milestone to it",
			func(t *testing.T, d string) string {
				d = replace(t, d, "| 14:05 | error rate on POST /orders starts climbing (~2%) | impact start | impact start |  |",
					"| 14:03 | first checkout errors in the logs | impact start | impact start |  |\n| 14:05 | error rate on POST /orders starts climbing (~2%) | impact start |  |  |")
				return d
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				if m := pm.Milestones.ImpactStart; m == nil || m.Clock() != "14:03" {
					t.Errorf("impact start = %v, want 14:03", m)
				}
				if d := pm.Durations.TimeToRecover; d == nil || *d != 39 {
					t.Errorf("time to recover = %v, want 39", d)
				}
			}},
		{"mark an event verified",
			func(t *testing.T, d string) string {
				return replace(t, d, "| 14:10 | [UNVERIFIED] investigating: new pods healthy, errors only on older replicas? | investigate |  | the notes mark this uncertain (\"?\") |",
					"| 14:10 | investigating: new pods healthy, errors only on older replicas | investigate |  |  |")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				if _, e := event(pm, "investigating"); e == nil || e.Unverified || len(e.Reasons) != 0 {
					t.Errorf("event = %+v, want verified", e)
				}
			}},
		{"correct the rollback outcome",
			func(t *testing.T, d string) string {
				return replace(t, d, "— **restored a bad state**", "— **caused new harm**")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				if pm.Rollback.Outcome != hindsight.OutcomeCausedNewHarm || pm.Rollback.Attempts[0].Outcome != hindsight.OutcomeCausedNewHarm {
					t.Errorf("outcome = %s", pm.Rollback.Outcome)
				}
			}},
		{"change the category and the front matter",
			func(t *testing.T, d string) string {
				d = replace(t, d, "- **Category:** migration", "- **Category:** code")
				d = replace(t, d, "status: draft", "status: in_review")
				return replace(t, d, "services: [checkout]", "services: [checkout, orders]")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				if pm.DeployFailure.Category != hindsight.CategoryCode || pm.Status != "in_review" || len(pm.Services) != 2 {
					t.Errorf("category %s, status %s, services %v", pm.DeployFailure.Category, pm.Status, pm.Services)
				}
			}},
		{"rewrite the summary and add a lesson",
			func(t *testing.T, d string) string {
				i := strings.Index(d, "## Summary\n\n") + len("## Summary\n\n")
				j := strings.Index(d, "\n\n## Impact")
				d = d[:i] + "Checkout lost orders for 37 minutes after a database change." + d[j:]
				return replace(t, d, "- Schema and code must be able to roll back independently.\n",
					"- Schema and code must be able to roll back independently.\n- Test the rollback, not only the deploy.\n")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				if pm.Summary != "Checkout lost orders for 37 minutes after a database change." {
					t.Errorf("summary = %q", pm.Summary)
				}
				if len(pm.Lessons) != 3 || pm.Lessons[2] != "Test the rollback, not only the deploy." {
					t.Errorf("lessons = %q", pm.Lessons)
				}
			}},
		{"add a section the template does not know",
			func(t *testing.T, d string) string {
				return replace(t, d, "## Lessons\n", "## Customer follow-up\n\n- Support emailed the 40 largest merchants.\n\n## Lessons\n")
			},
			func(t *testing.T, pm *hindsight.Postmortem) {
				for _, s := range pm.Sections {
					if s.Title == "Customer follow-up" && len(s.Lines) == 1 {
						return
					}
				}
				t.Errorf("sections = %+v, want the new one kept", pm.Sections)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.edit(t, base(t))
			pm := parsed(t, doc)
			tc.check(t, pm)
			// What was read back renders and reads back the same again.
			again := document.Render(pm, nil)
			if pm2 := parsed(t, string(again)); len(pm2.Timeline) != len(pm.Timeline) || len(pm2.ActionItems) != len(pm.ActionItems) {
				t.Errorf("the edited document does not survive another round trip")
			}
		})
	}
}

// TestRunbookTicksFollowActions: a runbook update that is also an action
// item is ticked in the document once that item is done, and only then.
func TestRunbookTicksFollowActions(t *testing.T) {
	data, err := os.ReadFile("../examples/migration-bad-state.postmortem.json")
	if err != nil {
		t.Fatal(err)
	}
	pm, _, err := hindsight.ReadJSON("pm.json", data)
	if err != nil {
		t.Fatal(err)
	}
	var step string
	for _, r := range pm.RunbookUpdates {
		for i, a := range pm.ActionItems {
			if hindsight.NormalizeAction(a.Text) == hindsight.NormalizeAction(r) {
				step = r
				if !strings.Contains(string(document.Render(pm, nil)), "- [ ] "+step+"\n") {
					t.Fatalf("open item's runbook step %q is not an open box", step)
				}
				pm.ActionItems[i].Status = hindsight.StatusDone
			}
		}
		if step != "" {
			break
		}
	}
	if step == "" {
		t.Fatal("the example has no runbook update that is an action item")
	}
	if doc := string(document.Render(pm, nil)); !strings.Contains(doc, "- [x] "+step+"\n") {
		t.Errorf("done item's runbook step %q is not ticked", step)
	}
}
