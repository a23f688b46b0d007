package lint

import (
	"fmt"
	"time"

	"github.com/hindsight-dev/hindsight"
)

var _ = register(&Rule{
	ID: "HS002", Name: "action-owner", Severity: Error,
	Doc: "An action item has no owner: nobody will do it.",
	Check: func(in *Input, report func(int, string, string)) {
		for _, it := range in.PM.ActionItems {
			if it.Owner == "" {
				report(it.Line, fmt.Sprintf("action item %q has no owner", short(it.Text)), "add one: owner: NAME, or @name")
			}
		}
	},
})

var _ = register(&Rule{
	ID: "HS003", Name: "action-priority", Severity: Warning,
	Doc: "An action item has no priority (P0–P3).",
	Check: func(in *Input, report func(int, string, string)) {
		for _, it := range in.PM.ActionItems {
			if it.Priority == "" {
				report(it.Line, fmt.Sprintf("action item %q has no priority", short(it.Text)), "add one: priority: P1 (P0 most urgent … P3)")
			}
		}
	},
})

var _ = register(&Rule{
	ID: "HS004", Name: "action-due", Severity: Warning,
	Doc: "An action item has no due date.",
	Check: func(in *Input, report func(int, string, string)) {
		for _, it := range in.PM.ActionItems {
			if it.Due == "" {
				report(it.Line, fmt.Sprintf("action item %q has no due date", short(it.Text)), "add one: due: YYYY-MM-DD")
			}
		}
	},
})

var _ = register(&Rule{
	ID: "HS005", Name: "action-overdue", Severity: Warning,
	Doc: "An open action item's due date has passed.",
	Check: func(in *Input, report func(int, string, string)) {
		today := in.Now.Format("2006-01-02")
		for _, it := range in.PM.ActionItems {
			if it.Due == "" || !it.Status.Open() {
				continue
			}
			if _, err := time.Parse("2006-01-02", it.Due); err != nil {
				report(it.Line, fmt.Sprintf("action item %q: due date %q is not YYYY-MM-DD", short(it.Text), it.Due), "write it as 2026-12-01")
				continue
			}
			if it.Due < today {
				report(it.Line, fmt.Sprintf("action item %q was due %s and is still %s", short(it.Text), it.Due, it.Status),
					"do it, move the date, or mark it won't do with a reason")
			}
		}
	},
})

var _ = register(&Rule{
	ID: "HS006", Name: "rollback-trust-action", Severity: Error,
	Doc: "The rollback failed but no action item makes rollback trustworthy.",
	Check: func(in *Input, report func(int, string, string)) {
		rb := in.PM.Rollback
		if !rb.Outcome.Failed() {
			return
		}
		for _, it := range in.PM.ActionItems {
			if it.Bucket == hindsight.BucketRollbackTrust {
				return
			}
		}
		report(blockLine(in, "actions"), fmt.Sprintf("the rollback %s, but no action item is in the trustworthy-rollback bucket",
			outcomeWords(rb.Outcome)), "add one: test the rollback under these conditions, expand/contract migrations, a forward-fix plan")
	},
})

func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "…"
	}
	return s
}

func outcomeWords(o hindsight.Outcome) string {
	switch o {
	case hindsight.OutcomeFailedToTrigger:
		return "failed to trigger"
	case hindsight.OutcomeFailedToComplete:
		return "failed to complete"
	case hindsight.OutcomeRestoredBadState:
		return "restored a bad state"
	case hindsight.OutcomeCausedNewHarm:
		return "caused new harm"
	}
	return string(o)
}
