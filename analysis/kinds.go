package analysis

import (
	"strings"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/notes"
)

// Classify returns the kind of a timeline entry from its text. The rules are
// checked in order, most specific first: an entry about the rollback is a
// rollback event even when it also mentions a deploy; a recovery is a
// recovery even when it mentions the errors that stopped.
func Classify(text string) hindsight.Kind {
	s := strings.ToLower(notes.StripEmoji(text)) // ":rotating_light:" is no key rotation
	rb := rollbackWords.in(s) || versionBack(s)
	switch {
	case rb && declinedWords.in(s):
		return hindsight.KindOther // "considered rolling back but decided not to"
	case rb && decisionWords.in(s) && !forwardFixWords.in(s):
		return hindsight.KindRollbackDecision
	case rb && triggerFailWords.in(s):
		return hindsight.KindRollbackStart // an attempt that began and could not run
	case rb && (newHarmWords.in(s) || incompleteWords.in(s)) &&
		(cues{"started", "starting", "began", "begun", "initiated", "kicked off"}.in(s) || againWords.in(s)) &&
		!cues{"started failing", "started to fail", "started erroring", "started timing out", "began failing", "began to fail"}.in(s):
		return hindsight.KindRollbackStart // an attempt told from its start to its failure
	case rb && (newHarmWords.in(s) || incompleteWords.in(s)):
		return hindsight.KindRollbackEnd // an attempt that ended badly
	case rb && (rollbackEndWords.in(s) || endedRollback(s)):
		return hindsight.KindRollbackEnd
	case rb:
		return hindsight.KindRollbackStart
	case forwardFixWords.in(s):
		return hindsight.KindForwardFix
	case leadingInvestigation(s) || cues{"root cause", "cause identified", "cause found", "cause discovered"}.in(s):
		return hindsight.KindInvestigate
	case recoverWords.in(s) && !impactNow(s):
		return hindsight.KindRecover
	case detectWords.in(s) && !unnoticed.in(s):
		return hindsight.KindDetect
	case communicateWords.in(s):
		return hindsight.KindCommunicate
	case deployEndWords.in(s):
		return hindsight.KindDeployEnd
	case migrationWords.in(s):
		return hindsight.KindMigration
	case flagWords.in(s):
		return hindsight.KindFlag
	case impactWords.in(s):
		return hindsight.KindImpactStart
	case (mergeWords.in(s) || ciWords.in(s)) && strongDeployWords.in(s) && !notYetDeployed.in(s):
		// "merged PR 8812, deploy of v5.2 started", "CI green, deploying to
		// prod": the deploy is the news.
		if stagingWords.in(s) && !strings.Contains(s, "prod") {
			return hindsight.KindStaging
		}
		return hindsight.KindDeployStart
	case mergeWords.in(s):
		return hindsight.KindMerge
	case ciWords.in(s):
		return hindsight.KindCI
	case stagingWords.in(s) && !strings.Contains(s, "prod"):
		return hindsight.KindStaging
	case configWords.in(s):
		return hindsight.KindConfigChange
	case deployWords.in(s):
		return hindsight.KindDeployStart
	case mitigateWords.in(s):
		return hindsight.KindMitigate
	case investigateWords.in(s):
		return hindsight.KindInvestigate
	}
	return hindsight.KindOther
}

// leadingInvestigation reports whether the entry opens with an
// investigation verb ("investigating: new pods healthy ..."), which then
// describes what the team looked at, not a change of state.
func leadingInvestigation(s string) bool {
	for _, p := range []string{"investigat", "looking into", "looked into", "debugging", "checking", "checked", "digging"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return cues{"correlates", "correlated", "traced", "narrowed"}.in(s)
}

// versionBack reports a downgrade told as "from 3.0.2 back to 3.0.1".
func versionBack(s string) bool {
	i := strings.Index(s, " back to ")
	if i < 0 {
		return false
	}
	rest := strings.TrimPrefix(s[i+len(" back to "):], "v")
	// A version has a dot between digits ("3.0.1"), unlike "back to 190 ms".
	n := 0
	for n < len(rest) && (rest[n] >= '0' && rest[n] <= '9' || rest[n] == '.') {
		n++
	}
	v := strings.TrimRight(rest[:n], ".")
	// "back to 0.1%" or "back to 1.5 s" is a measure coming back, not a version.
	if unit := strings.TrimSpace(rest[n:]); strings.HasPrefix(unit, "%") || measureUnit(unit) {
		return false
	}
	return strings.Contains(v, ".") && v[0] != '.'
}

// measureUnit reports whether s starts with a unit of a measured value
// ("ms", "s", "rps", "x"), as the figure before it is not a version.
func measureUnit(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	w = strings.TrimRight(w, ".,;)")
	switch w {
	case "ms", "s", "sec", "secs", "seconds", "min", "mins", "minutes", "x", "rps", "qps", "req/s", "k", "m", "gb", "mb", "kb":
		return true
	}
	return false
}

// endedRollback reports whether the text says a rollback finished or failed
// rather than began ("rollback complete", "rolled back to v1.2").
func endedRollback(s string) bool {
	return cues{"rolled back", "rollback complete", "rollback completed", "rollback finished", "rollback done",
		"rollback succeeded", "rollback failed", "rollback stuck", "rollback timed out", "reverted", "changed back",
		"switched back", "backed out", "rollback was successful", "rollback successful", "revert deployed",
		"revert merged and deployed", "rollback deployed", "restored the previous", "restored previous",
		"restored the old", "downgraded", "performed", "finished", "completed"}.in(s)
}

// completedRollback reports whether the text says a rollback completed
// ("rollback complete", "rolled back to v1.2"), not that it failed or what
// it led to.
func completedRollback(s string) bool {
	return cues{"rolled back", "rollback complete", "rollback completed", "rollback finished", "rollback done",
		"rollback succeeded", "rollback was successful", "rollback successful", "reverted", "completed", "finished"}.in(s) &&
		!cues{"failed", "stuck", "timed out", "introduced", "caused", "broke"}.in(s)
}

// impactNow reports whether a line that mentions recovery words is really
// about ongoing harm ("errors continue; not healthy").
func impactNow(s string) bool {
	return cues{"still failing", "still down", "still broken", "still erroring", "continue", "continued", "worse",
		"again failing", "failing again", "down again", "relapse"}.in(s)
}

// unnoticed says a detection word did not happen: "(nobody noticed)".
var unnoticed = cues{"nobody noticed", "no one noticed", "nobody saw", "no one saw", "went unnoticed", "unnoticed",
	"nobody reported", "no one reported"}

// changeCue reports whether text mentions making a change.
func changeCue(text string) bool {
	s := strings.ToLower(text)
	return cues{"deploy", "deployed", "release", "released", "rollout", "rolled out", "upgrade", "upgraded",
		"migration", "config change", "pushed", "applied", "shipped"}.in(s)
}

// isChange reports whether a kind is the change that can start an incident.
func isChange(k hindsight.Kind) bool {
	switch k {
	case hindsight.KindDeployStart, hindsight.KindMigration, hindsight.KindConfigChange, hindsight.KindFlag:
		return true
	}
	return false
}
