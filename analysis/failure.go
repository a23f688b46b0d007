package analysis

import (
	"fmt"
	"strings"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/notes"
)

// categoryWords score the failure category; the category with the highest
// score wins, ties going to the earlier category in hindsight.Categories.
var categoryWords = map[hindsight.Category]cues{
	hindsight.CategoryMigration: {"migration", "migrate", "schema", "alter table", "column", "ddl", "backfill", "index"},
	hindsight.CategoryConfig: {"config", "configuration", "setting", "dns", "nameserver", "certificate", "cert ",
		"password", "credential", "secret", "env var", "environment variable", "feature flag", "flag", "yaml",
		"values file", "rule", "parameter", "tls", "ssl", "token", "key rotation", "rotat", "ingressroute",
		"manifest", "kubeconfig", "kube_config", "context"},
	hindsight.CategoryCode: {"bug", "code change", "regression", "exception", "null pointer", "nil pointer",
		"syntax error", "route", "refactor", "typo in code", "release", "commit", "pull request", "javascript",
		"frontend", "backend code", "application code"},
	hindsight.CategoryInfra: {"node", "cluster", "kubernetes", "k8s", "network", "load balancer", "alb", "elb",
		"ingress", "vm", "instance", "upgrade", "aws", "terraform", "kops", "eks", "server", "infrastructure",
		"storage", "volume", "host", "ami", "kernel", "container", "pod", "daemonset", "helm", "operator"},
	hindsight.CategoryCapacity: {"capacity", "memory", "oom", "out of memory", "cpu", "exhausted", "exhaustion",
		"starvation", "rate limit", "quota", "disk full", "disk space", "diskspace", "scaling", "throttl",
		"too many", "limit reached", "resource", "spike", "load", "performance", "slow", "traffic"},
	hindsight.CategoryDependency: {"third-party", "third party", "vendor", "upstream", "provider", "dockerhub",
		"docker hub", "github outage", "external service", "saas", "library", "dependency", "supplier",
		"cloudflare", "auth0", "npm", "outage at", "gem ", "gems", "gemfile", "bundler", "package update",
		"new version of", "aws outage", "aws issue", "deprecat", "end of life"},
}

// idioms hold a category's word without its sense: notes written "from
// memory" tell nothing of a shortage of memory.
var idioms = strings.NewReplacer("from memory", " ", "if memory serves", " ", "to my memory", " ", "in memory of", " ",
	"under load", " ", "load-bearing", " ")

// specificity weighs a category's score by how telling its words are.
var specificity = map[hindsight.Category]int{
	hindsight.CategoryMigration: 2, hindsight.CategoryCapacity: 2, hindsight.CategoryDependency: 2,
	hindsight.CategoryConfig: 2, hindsight.CategoryCode: 1, hindsight.CategoryInfra: 1,
}

// failure fills the deploy failure: its category, failure point and the
// gate that should have caught it, each only as far as the notes tell.
func (a *analyzer) failure() {
	df := &a.pm.DeployFailure
	failureText := a.text(hindsight.SectionFailure)
	scores := map[hindsight.Category]int{}
	add := func(text string, weight int) {
		l := strings.ToLower(notes.StripEmoji(text)) // ":rotating_light:" is no key rotation
		l = idioms.Replace(l)
		for cat, words := range categoryWords {
			for _, w := range words {
				if (cues{w}).in(l) {
					scores[cat] += weight
				}
			}
		}
	}
	add(a.pm.Title, 3)
	add(failureText, 2)
	add(a.text(hindsight.SectionSummary), 1)
	add(a.text(hindsight.SectionPreamble), 1)
	if a.deployIdx >= 0 {
		add(a.pm.Timeline[a.deployIdx].Text, 2)
		switch a.pm.Timeline[a.deployIdx].Kind {
		case hindsight.KindMigration:
			scores[hindsight.CategoryMigration] += 3
		case hindsight.KindConfigChange, hindsight.KindFlag:
			scores[hindsight.CategoryConfig] += 3
		}
	}
	df.Category = hindsight.CategoryOther
	best := 0
	for _, cat := range hindsight.Categories {
		// Platform words (cluster, node, kubernetes) are everywhere in
		// infrastructure teams' notes; the specific categories weigh more.
		score := scores[cat] * specificity[cat]
		if score > best {
			df.Category, best = cat, score
		}
	}
	// The first thing the section says broke: its first item's first
	// sentence (bullets without full stops are not one run-on sentence).
	// A line that introduces what follows ("There are two issues at
	// play:") takes the next one with it.
	items := a.items(hindsight.SectionFailure)
	for k := 0; k < len(items) && (k == 0 || strings.HasSuffix(df.FailurePoint, ":")); k++ {
		df.FailurePoint = strings.TrimSpace(df.FailurePoint + " " + firstSentence(items[k]))
	}
	if df.FailurePoint == "" && a.impactIdx >= 0 && a.impactIdx != a.deployIdx {
		e := a.pm.Timeline[a.impactIdx]
		df.FailurePoint = e.Text
	}
	if df.FailurePoint == "" && a.deployIdx >= 0 {
		e := a.pm.Timeline[a.deployIdx]
		df.FailurePoint = e.Text
	}
	df.MissedGate = a.missedGate()
	if a.deployIdx >= 0 {
		df.Evidence = fmt.Sprintf("line %d: %s", a.pm.Timeline[a.deployIdx].Line, a.pm.Timeline[a.deployIdx].Text)
	}
}

// gateWords name the check that should have caught a failure, strongest
// first: a sentence saying "no canary stage" beats one mentioning staging.
var gateWords = []cues{{"should have been caught", "would have caught", "could have caught", "not caught",
	"wasn't caught", "was not caught", "didn't catch", "did not catch", "slipped through", "no test", "not tested",
	"untested", "no canary", "without a canary", "without canary", "not in staging", "no check", "missing check",
	"not validated", "skipped", "no gate", "no review", "wasn't reviewed", "was not reviewed"},
	{"staging", "ci ", "gate", "pre-deploy", "dry run", "dry-run", "smoke test", "review", "test coverage",
		"integration test", "unit test", "lint", "validation", "canary", "rollout plan", "progressive"}}

// missedGate returns the sentence of the notes that names the check that
// should have caught the failure, or "".
func (a *analyzer) missedGate() string {
	for _, words := range gateWords {
		if s := a.sentenceWith(words); s != "" {
			return s
		}
	}
	return ""
}

func (a *analyzer) sentenceWith(words cues) string {
	for _, kind := range []hindsight.SectionKind{hindsight.SectionFailure, hindsight.SectionContributing,
		hindsight.SectionWentWrong, hindsight.SectionLessons, hindsight.SectionSummary, hindsight.SectionPreamble} {
		for _, it := range a.items(kind) {
			for _, s := range splitSentences(it) {
				if words.in(strings.ToLower(s)) {
					return strings.TrimSpace(s)
				}
			}
		}
	}
	return ""
}

func firstSentence(s string) string {
	if s == "" {
		return ""
	}
	ss := splitSentences(s)
	out := strings.TrimSpace(ss[0])
	if len(out) > 300 {
		out = out[:strings.LastIndex(out[:300], " ")] + " …"
	}
	return out
}
