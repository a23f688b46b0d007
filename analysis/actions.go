package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

var (
	rollbackTrustWords = cues{"rollback", "roll back", "rolled back", "rolls back", "rolling back", "revert", "forward fix", "forward-fix",
		"fix forward", "roll forward", "expand/contract", "expand-contract", "expand and contract",
		"backward compatible", "backwards compatible", "backward-compatible", "backwards-compatible",
		"schema compat", "down migration", "down-migration", "reversible", "restore", "backup", "recovery drill",
		"game day", "gameday", "disaster recovery", "dr test", "kill switch", "kill-switch", "undo", "downgrade",
		"fallback", "fall back"}
	deploySafetyWords = cues{"canary", "gate", "progressive", "staged rollout", "phased", "blue/green", "blue-green",
		"staging", "pre-prod", "preprod", "ci ", "ci check", "ci job", "lint", "dry run", "dry-run", "review",
		"approval", "version lock", "pin ", "pinned", "lock the version", "version pin", "change management",
		"deploy window", "freeze", "rollout", "feature flag", "integration test", "migration check",
		"pair programming", "pairing", "four eyes", "4 eyes"}
	detectionWords = cues{"alert", "alerting", "monitor", "monitoring", "dashboard", "metric", "slo", "sli", "page ",
		"paging", "pager", "uptime", "observability", "logging", "log ", "logs", "notification", "synthetic", "probe",
		"health check", "healthcheck", "detect", "pingdom", "prometheus", "grafana"}
	deploySafetyWeak = cues{"test", "check", "validate", "validation", "checklist", "verify", "deploy", "release",
		"pipeline", "migration", "automate", "automation"}
	runbookWords = cues{"runbook", "run book", "playbook", "checklist", "procedure", "documentation", "document ",
		"docs", "wiki", "how-to", "sop", "guide"}
)

// Bucket sorts an action item into the failure it addresses.
func Bucket(text string) hindsight.Bucket {
	l := strings.ToLower(text)
	switch {
	case rollbackTrustWords.in(l):
		return hindsight.BucketRollbackTrust
	case deploySafetyWords.in(l):
		return hindsight.BucketDeploySafety
	case detectionWords.in(l):
		return hindsight.BucketDetection
	case deploySafetyWeak.in(l):
		return hindsight.BucketDeploySafety
	}
	return hindsight.BucketOther
}

// actions turns the notes' action items into the postmortem's.
func (a *analyzer) actions() {
	for _, na := range a.n.Actions {
		item := hindsight.ActionItem{
			Text:     na.Text,
			Bucket:   Bucket(na.Text),
			Owner:    na.Owner,
			Priority: na.Priority,
			Due:      na.Due,
			Status:   na.Status,
			Runbook:  runbookWords.in(strings.ToLower(na.Text)),
			Line:     na.Line,
		}
		a.pm.ActionItems = append(a.pm.ActionItems, item)
	}
	// Documents list action items by bucket; keep that order here too, so
	// a postmortem and its document agree.
	slices.SortStableFunc(a.pm.ActionItems, func(x, y hindsight.ActionItem) int {
		return slices.Index(hindsight.Buckets, x.Bucket) - slices.Index(hindsight.Buckets, y.Bucket)
	})
}

// runbook builds the runbook-update checklist: the runbook section's items,
// the action items that change a runbook, and the runbook step the trust gap
// points at.
func (a *analyzer) runbook() {
	pm := a.pm
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			pm.RunbookUpdates = append(pm.RunbookUpdates, s)
		}
	}
	for _, s := range a.items(hindsight.SectionRunbook) {
		add(s)
	}
	for _, it := range pm.ActionItems {
		if it.Runbook {
			add(it.Text)
		}
	}
	if tg := pm.Rollback.TrustGap; tg.Found && strings.Contains(strings.ToLower(tg.Evidence), "runbook") {
		add(fmt.Sprintf("Review the runbook's rollback step for the conditions of this incident (the notes say: %q)", tg.Evidence))
	}
}
