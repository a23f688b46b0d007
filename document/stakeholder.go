package document

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
)

// Jargon is an engineering term with a plain-language way to say it.
type Jargon struct {
	Term  string // as found in the text
	Plain string
}

// glossary maps engineering terms (lower case, matched at word boundaries)
// to plain words for readers outside engineering. Longer terms come first
// so "p99 latency" wins over "latency".
var glossary = []struct {
	term, plain string
	// swap says the plain words can replace the term in any sentence; the
	// others are flagged by lint but left for a person to reword.
	swap bool
}{
	{"p99 latency", "the slowest responses", true}, {"p95 latency", "the slowest responses", true},
	{"error budget", "our allowance for errors", false}, {"feature flag", "an on/off switch for a feature", false},
	{"forward fix", "a quick fix", false}, {"forward-fix", "a quick fix", false}, {"hotfix", "a quick fix", false},
	{"not null", "a database rule", false}, {"constraint violation", "a database rule being broken", true},
	{"rolled back", "undid the change", false}, {"roll back", "undo the change", false}, {"rollback", "undoing the change", false},
	{"5xx", "server errors", true}, {"500s", "server errors", true}, {"http 500", "server errors", true},
	{"503", "server errors", false}, {"502", "server errors", false}, {"504", "server errors", false},
	{"p99", "the slowest responses", true}, {"p95", "the slowest responses", true},
	{"latency", "response time", true}, {"timeouts", "requests that took too long", false}, {"timeout", "a request that took too long", false},
	{"deployment", "release", false}, {"deploy", "release", false}, {"migration", "database change", false},
	{"schema", "database structure", false}, {"kubernetes", "our hosting platform", true}, {"k8s", "our hosting platform", true},
	{"pods", "service instances", true}, {"pod", "service instance", true}, {"cluster", "group of servers", false},
	{"ingress", "the entry point for traffic", false}, {"dns", "the internet's address book", false},
	{"ci", "automated checks", false}, {"pipeline", "automated release process", false}, {"config", "settings", true},
	{"configuration", "settings", true}, {"canary", "a small trial release", false}, {"mttr", "time to recover", true},
	{"slo", "reliability target", true}, {"api", "the service other programs use", false}, {"endpoint", "part of the service", false},
	{"on-call", "the engineer on duty", false}, {"paged", "alerted", true}, {"replicas", "copies of the service", true},
	{"replica", "copy of the service", true}, {"container", "service instance", false}, {"nodes", "servers", true},
	{"node", "server", true},
}

var jargonRe = func() *regexp.Regexp {
	terms := make([]string, len(glossary))
	for i, g := range glossary {
		terms[i] = regexp.QuoteMeta(g.term)
	}
	return regexp.MustCompile(`(?i)(?:^|[^\w-])(` + strings.Join(terms, "|") + `)(?:$|[^\w-])`)
}()

func plainFor(term string) string {
	t := strings.ToLower(term)
	for _, g := range glossary {
		if g.term == t {
			return g.plain
		}
	}
	return term
}

// swapFor returns the plain words that may replace term in any sentence,
// or term itself.
func swapFor(term string) string {
	t := strings.ToLower(term)
	for _, g := range glossary {
		if g.term == t && g.swap {
			return g.plain
		}
	}
	return term
}

// FindJargon returns the engineering terms in s, each with a plain way to
// say it.
func FindJargon(s string) []Jargon {
	var out []Jargon
	seen := map[string]bool{}
	for _, m := range jargonRe.FindAllStringSubmatch(s, -1) {
		if t := strings.ToLower(m[1]); !seen[t] {
			seen[t] = true
			out = append(out, Jargon{Term: m[1], Plain: plainFor(m[1])})
		}
	}
	return out
}

var (
	reCode   = regexp.MustCompile("`[^`]*`")
	reURL    = regexp.MustCompile(`\b(?:https?|ftp)://\S+`)
	reEmail  = regexp.MustCompile(`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`)
	reHandle = regexp.MustCompile(`@[\w.-]+`)
	reIP     = regexp.MustCompile(`\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b`)
	reHost   = regexp.MustCompile(`\b[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*\.(?:com|net|org|io|dev|internal|local|cloud|uk|de|eu|app|svc|cluster|corp|lan|gov|edu|co)\b(?::\d+)?`)
	reInfra  = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d+\b`) // host-like names such as db-primary-03
	reSpaces = regexp.MustCompile(`\s{2,}`)
)

// plain rewrites text for readers outside engineering: no code or logs, no
// hostnames, addresses or URLs, no people's names or handles, and engineering
// terms in plain words.
func plain(s string, names []string) string {
	s = reCode.ReplaceAllString(s, "")
	s = reURL.ReplaceAllString(s, "")
	s = reEmail.ReplaceAllString(s, "")
	s = reHandle.ReplaceAllString(s, "the team")
	s = reIP.ReplaceAllString(s, "an internal server")
	s = reHost.ReplaceAllString(s, "an internal system")
	s = reInfra.ReplaceAllString(s, "an internal server")
	for _, n := range names {
		if len(n) >= 2 {
			s = regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(n)+`\b`).ReplaceAllString(s, "the team")
		}
	}
	s = jargonRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := jargonRe.FindStringSubmatch(m)
		return strings.Replace(m, sub[1], swapFor(sub[1]), 1)
	})
	s = strings.ReplaceAll(s, "()", "")
	return strings.TrimSpace(reSpaces.ReplaceAllString(s, " "))
}

// people lists the names a stakeholder version must not show: owners,
// authors, and handles.
func people(pm *hindsight.Postmortem) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		n = strings.TrimPrefix(strings.TrimSpace(n), "@")
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			out = append(out, n)
			out = append(out, strings.Fields(n)...)
		}
	}
	for _, it := range pm.ActionItems {
		add(it.Owner)
	}
	for _, a := range pm.Authors {
		add(a)
	}
	for _, f := range pm.Language {
		// "Dana forgot to": the first word of a blame phrase is a person.
		if w := strings.Fields(f.Phrase); len(w) > 1 && strings.ToUpper(w[0][:1]) == w[0][:1] {
			add(w[0])
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// Stakeholder writes the version for readers outside engineering: what
// happened, who was affected and for how long, what we are changing and by
// when — in plain language, without internal hostnames, people's names or
// raw logs.
func Stakeholder(pm *hindsight.Postmortem) []byte {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	names := people(pm)
	p("# %s\n\n", plain(oneLine(pm.Title), names))
	var facts []string
	if d, err := time.Parse("2006-01-02", pm.Date); err == nil {
		facts = append(facts, d.Format("2 January 2006"))
	}
	facts = append(facts, "a summary for readers outside engineering")
	p("_%s_\n", strings.Join(facts, " · "))

	p("\n## What happened\n\n")
	if pm.Summary != "" {
		p("%s\n", plain(pm.Summary, names))
	} else {
		p("The team is still writing up what happened.\n")
	}

	p("\n## Who was affected, and for how long\n\n")
	if pm.Impact != "" {
		p("%s\n\n", plain(pm.Impact, names))
	}
	m := pm.Milestones
	switch {
	case m.ImpactStart != nil && m.Recovered != nil && m.Recovered.Sub(*m.ImpactStart) >= 0:
		zone := ""
		if pm.Timezone != "" {
			zone = " " + pm.Timezone
		}
		p("Customers were affected for about %s, from %s to %s%s.\n", humanMinutes(m.Recovered.Sub(*m.ImpactStart)),
			m.ImpactStart.Clock(), m.Recovered.Clock(), zone)
	default:
		p("How long customers were affected is not yet confirmed.\n")
	}

	p("\n## What we are changing, and by when\n\n")
	if len(pm.ActionItems) == 0 {
		p("The team has not yet agreed its follow-up changes.\n")
	}
	for _, bk := range hindsight.Buckets {
		var items []hindsight.ActionItem
		for _, it := range pm.ActionItems {
			if it.Bucket == bk && it.Status != hindsight.StatusWontDo {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			continue
		}
		p("%s:\n\n", stakeholderBucket[bk])
		for _, it := range items {
			when := "date to be set"
			if d, err := time.Parse("2006-01-02", it.Due); err == nil {
				when = "by " + d.Format("2 January 2006")
			}
			if !it.Status.Open() {
				when = "done"
			}
			p("- %s (%s)\n", plain(it.Text, names), when)
		}
		p("\n")
	}
	open := len(pm.Unverified)
	if open > 0 {
		p("\n_Some details (%d) are still being confirmed; this summary will be updated._\n", open)
	}
	return []byte(strings.TrimRight(b.String(), "\n") + "\n")
}

var stakeholderBucket = map[hindsight.Bucket]string{
	hindsight.BucketDeploySafety:  "To make releases safer",
	hindsight.BucketRollbackTrust: "To make undoing a release dependable",
	hindsight.BucketDetection:     "To notice problems sooner",
	hindsight.BucketOther:         "Other improvements",
}

func humanMinutes(d time.Duration) string {
	mins := int(d.Round(time.Minute).Minutes())
	switch {
	case mins < 1:
		return "less than a minute"
	case mins == 1:
		return "1 minute"
	case mins < 60:
		return fmt.Sprintf("%d minutes", mins)
	}
	h, mm := mins/60, mins%60
	s := fmt.Sprintf("%d hour", h)
	if h > 1 {
		s += "s"
	}
	if mm > 0 {
		s += fmt.Sprintf(" %d minutes", mm)
	}
	return s
}
