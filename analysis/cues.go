package analysis

import (
	"strings"
	"unicode"
)

// A cue is a phrase whose presence in an entry signals something. Cues are
// matched on lower-cased text at word boundaries, and a cue preceded closely
// by a negation ("not", "never", "no", "didn't") does not count.
type cues []string

// in reports whether any cue occurs, un-negated, in the lower-cased s.
func (c cues) in(s string) bool {
	_, ok := c.find(s)
	return ok
}

// find returns the first cue that occurs un-negated in the lower-cased s.
func (c cues) find(s string) (string, bool) {
	// Most cues are absent from most lines. A filter of the letter pairs
	// in s rules a cue out at its first missing pair, cheaper than
	// searching for it.
	var pairs bigrams
	pairs.add(s)
	for _, cue := range c {
		if !pairs.mayHold(cue) {
			continue
		}
		for from := 0; ; {
			i := strings.Index(s[from:], cue)
			if i < 0 {
				break
			}
			i += from
			if boundary(s, i, len(cue)) && !negated(s, i) {
				return cue, true
			}
			from = i + 1
		}
	}
	return "", false
}

// bigrams is a Bloom filter of the pairs of adjacent bytes in a text.
type bigrams [16]uint64

func pairHash(a, b byte) uint { return (uint(a)*131 + uint(b)) & 1023 }

func (f *bigrams) add(s string) {
	for i := 0; i+1 < len(s); i++ {
		h := pairHash(s[i], s[i+1])
		f[h>>6] |= 1 << (h & 63)
	}
}

// mayHold reports whether s could contain sub: false means it cannot.
func (f *bigrams) mayHold(sub string) bool {
	for i := 0; i+1 < len(sub); i++ {
		if h := pairHash(sub[i], sub[i+1]); f[h>>6]&(1<<(h&63)) == 0 {
			return false
		}
	}
	return true
}

// boundary reports whether s[i:i+n] starts at a word boundary. The end may
// run into a word, so "deploy" matches "deployed" and "deploying".
func boundary(s string, i, n int) bool {
	if i > 0 {
		r := rune(s[i-1])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' { // "legacy_email" is no mention of email
			return false
		}
	}
	// Nor is a name it starts: "deploy_bot", "alerts.prod", and a service
	// "reports-svc"; "crash-looping" and "5xx-rate" are the words.
	if e := i + n; e+1 < len(s) && isWordByte(s[e+1]) && isWordByte(s[e-1]) {
		switch s[e] {
		case '_', '.':
			return false
		case '-':
			if serviceSuffix(s[e+1:]) {
				return false
			}
		}
	}
	return true
}

// serviceSuffix reports whether s starts with a word that ends a service's
// name ("svc" in "reports-svc").
func serviceSuffix(s string) bool {
	j := 0
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	switch s[:j] {
	case "svc", "service", "api", "etl", "worker", "workers", "web", "app", "db", "server", "job", "jobs", "cron",
		"bot", "gateway", "gw", "proxy", "backend", "frontend", "ui", "consumer", "producer", "queue", "cache", "prod",
		"staging", "v1", "v2", "v3":
		return true
	}
	return false
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b >= 0x80
}

var negators = []string{"not ", "never ", "no ", "n't ", "without ", "nor ", "instead of ", "rather than "}

// negated reports whether a negation stands in the few words before s[i:].
func negated(s string, i int) bool {
	start := i - 16
	if start < 0 {
		start = 0
	}
	before := s[start:i]
	// A sentence or clause break ends the negation's reach.
	if j := strings.LastIndexAny(before, ".;,:—"); j >= 0 {
		before = before[j+1:]
	}
	for _, neg := range negators {
		if strings.Contains(before, neg) || strings.HasSuffix(before, strings.TrimSpace(neg)) {
			return true
		}
	}
	return false
}

// Rollback words: undoing the change, in the many ways teams say it.
var rollbackWords = cues{"roll back", "rollback", "rolled back", "rolling back", "roll-back", "rolled-back", "revert",
	"back out", "backed out", "backing out", "undo the", "undid the", "downgrade", "restore previous", "restored previous",
	"restore the previous", "restored the previous", "changed back", "switched back", "switch back", "set back", "restore the old",
	"restored the old", "back to the previous", "back to previous", "to the previous version", "previous value",
	"previous version", "previous release", "last known good", "last good", "undo", "old image", "previous image",
	"old version", "older version", "re-tag", "retag", "flag off", "flip off", "flipped off", "flag flip off",
	"turn the flag off", "turned the flag off", "disable the flag", "disabled the flag", "kill switch", "kill-switch",
	"kill the flag", "killed the flag", "flag toggled off", "toggled the flag off", "turned off the flag",
	"turn off the flag", "switched off the flag",
	// restoring data from before the change
	"from backup", "from a backup", "from the backup", "restore from snapshot", "restored from snapshot",
	"point-in-time restore", "point in time restore", "database restore", "db restore", "restore finished",
	"restore complete", "restore completed", "restore done"}

// declinedWords decide against a rollback ("decided not to roll back"):
// such an entry is no decision to roll back, whatever rollback words it
// has. They name the rollback, so "decided against a hotfix, decided to
// roll back" is still a decision.
var declinedWords = cues{"not to roll back", "not to rollback", "not to revert", "not roll back", "against rolling back",
	"against a rollback", "against the rollback", "against reverting", "against a revert"}

var decisionWords = cues{"decided", "decide", "decision", "agreed", "chose", "choose", "call to", "made the call",
	"go for", "opted", "plan is to", "we will roll", "let's roll", "lets roll"}

var rollbackEndWords = cues{"complete", "completed", "finished", "done", "rolled back", "reverted", "succeeded",
	"successful", "finished rolling", "changed back", "switched back", "restored", "undid", "backed out",
	"failed", "stuck", "timed out", "aborted", "hung", "performed", "downgraded", "patched"}

var forwardFixWords = cues{"hotfix", "hot fix", "hot-fix", "hot fixed", "hotfixed", "forward fix", "forward-fix",
	"fix forward", "fixed forward", "roll forward", "rolled forward", "rolling forward", "patch deployed",
	"deployed a fix", "deployed the fix", "deployed fix", "fix deployed", "fix was deployed", "shipped a fix",
	"shipped the fix", "fix released", "released a fix", "monkey patch", "patched"}

var recoverWords = cues{"recovered", "recovery complete", "healthy", "back to normal", "resolved", "stabilized",
	"stabilised", "stable again", "up again", "back up", "working again", "works again", "operational", "all clear",
	"incident closed", "service restored", "services restored", "fully restored", "repaired", "fully functional",
	"error rate normal", "errors stopped", "errors dropped", "errors cleared", "error rate back", "latency back",
	"errors back to", "errors back down", "5xx back to", "p99 back to", "p95 back to", "back to baseline",
	"latency normal", "latency is normal", "error rate is normal",
	"recovering", "is back", "are back", "were back", "was back", "back online", "came back", "green again",
	"mitigated", "normal again", "restored service", "functioning", "verified working", "solved the issue",
	"solved the problem", "issue fixed", "problem fixed", "fixed the issue", "working as intended",
	"working as expected", "working normally", "resumed", "back online", "recovered fully", "flowing again",
	"correct again", "consistent again", "healthy again", "back to zero", "errors gone", "5xx gone", "500s gone",
	"502s gone", "503s gone", "429s gone", "alerts cleared", "alert cleared", "alert resolved", "error reports stopped"}

var detectWords = cues{"alert", "alarm", "paged", "pager", "pagerduty", "opsgenie", "noticed", "notice ",
	"detected", "first detected", "reported", "report ", "reports", "spotted", "observed", "complain", "ticket",
	"identified", "flagged", "raised", "escalated", "monitoring showed", "dashboard showed",
	"pingdom", "realized", "realised", "discovered", "found out", "became aware", "saw ", "aware", "informed of",
	"notified of", "made aware", "told us", "got in touch", "reached out to us", "first detected"}

var impactWords = cues{"fail", "fault", "issue started", "problem started", "incident began", "returning 4", "returning 5",
	"404", "500", "users affected", "customers affected", "error rate", "errors", "5xx", "500s", "502", "503",
	"504", "outage", "went down", "is down", "was down", "were down", "go down", "brought down", "unavailable",
	"failing", "failed requests", "failures", "latency", "degraded", "degradation", "broke", "broken", "crash",
	"crashloop", "timeouts", "timing out", "exceptions", "unable to", "could not", "couldn't", "not able to",
	"impact", "downtime", "inaccessible", "unreachable", "stopped working", "stopped", "lost", "dropped",
	"spike", "spiking", "elevated", "disruption", "not working",
	// what users saw
	"users seeing", "users getting", "users stuck", "customers seeing", "customers getting", "clients getting",
	"stuck in", "redirect loop", "login loop", "spinners", "empty results", "not being processed", "nxdomain",
	"blank page", "blank pages", "wrong prices", "stale for"}

var migrationWords = cues{"migration", "migrate", "migrating", "schema change", "alter table", "ddl", "backfill",
	"add column", "added column", "drop column", "dropped column"}

var configWords = cues{"config", "configuration", "setting", "env var", "environment variable", "dns", "nameserver",
	"certificate", "password", "credential", "secret", "yaml", "helm values", "terraform", "parameter", "rotat"}

var flagWords = cues{"feature flag", "flag", "toggle", "toggled", "enabled for", "kill switch", "killswitch"}

var deployWords = cues{"deploy", "deployed", "deploying", "deployment", "release", "released", "rollout",
	"rolled out", "rolling out", "ship", "shipped", "upgrade", "upgraded", "upgrading", "push to prod",
	"pushed to prod", "promoted to prod", "promote to prod", "went live", "go live", "apply", "applied", "pipeline",
	"update", "updated", "bump", "bumped", "install", "installed", "launched", "cutover", "cut over", "switch",
	"switched", "change", "changed", "merged to main and deployed", "argo sync", "argocd sync", "synced to prod",
	"sync to prod"}

var deployEndWords = cues{"deploy complete", "deploy completed", "deploy finished", "deployment complete",
	"deployment completed", "deployment finished", "rollout complete", "rollout completed", "rollout finished",
	"release complete", "deployed to all", "deploy done", "push complete", "push completed", "push finished",
	"complete on all", "completed on all"}

// strongDeployWords say a deploy happened, even on a line that also tells
// the merge or the CI run before it; notYetDeployed says it is still to come
// ("waiting for CI before deploying").
var (
	strongDeployWords = cues{"deploy of", "deploy started", "deploy to", "deployed", "deploying", "deployment of",
		"deployment to", "deployment started", "released", "rollout", "rolled out", "rolling out", "shipped", "went live"}
	notYetDeployed = cues{"before deploy", "before rollout", "waiting for ci", "waiting to deploy", "will deploy", "to deploy",
		"plan to", "planned", "then deploy"}
)

var mergeWords = cues{"merged", "merge", "pull request", "pr #", "pr merged", "code review approved"}

var ciWords = cues{"ci ", "ci passed", "ci green", "build passed", "build green", "tests passed", "tests green",
	"ci run", "ci pipeline", "build started", "build finished", "github actions", "buildkite", "jenkins", "circleci"}

var stagingWords = cues{"staging", "pre-prod", "preprod", "qa environment", "uat"}

var communicateWords = cues{"status page", "statuspage", "comms", "communicat", "announced", "announce",
	"notified", "notify", "posted in", "posted to", "slack", "email", "emailed", "informed", "tweet", "update sent",
	"customer support", "support team", "updated the status"}

var mitigateWords = cues{"mitigat", "scaled", "scale up", "scaling", "restarted", "restart", "failover", "failed over",
	"disabled", "turned off", "switched off", "drained", "blocked", "workaround", "added capacity", "increased",
	"killed", "cordoned", "flushed", "cleared the cache", "purged", "recycled", "redeployed", "re-deployed", "rerun",
	"re-ran", "reran", "retried", "manually", "paused", "stopped the"}

var investigateWords = cues{"investigat", "looking into", "looked into", "debug", "war room", "incident declared",
	"declared", "assumes incident", "root cause", "checking", "checked", "found", "diagnos", "suspect", "confirmed",
	"troubleshoot", "analys", "analyz", "team assembled", "called in", "joined", "started looking", "explanation",
	"traced", "correlat"}

// Uncertainty markers: the notes say a claim is not confirmed.
var uncertainWords = cues{"i think", "we think", "i believe", "we believe", "probably", "maybe", "possibly",
	"not sure", "unsure", "unclear", "unconfirmed", "unverified", "tbd", "tbc", "apparently", "roughly",
	"approx", "approximately", "might have", "may have", "seems", "seemed", "likely",
	"to be confirmed", "needs confirming", "guess"}
