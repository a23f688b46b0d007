package analysis

import (
	"regexp"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// blame is a pattern of blame-laden wording and a system-focused way to say
// what the team meant.
type blame struct {
	// keys are lower-case words one of which must occur for the pattern to
	// match; they spare the regexp on the many lines that cannot.
	keys       []string
	re         *regexp.Regexp
	suggestion string
	// negatable is set when the words just before the phrase can deny it:
	// "nobody is to blame", "no blame", "not about fault of anyone".
	negatable bool
}

var blames = []blame{
	{[]string{"forgot"}, regexp.MustCompile(`(?i)\b(?:[a-z][\w.-]*|the [a-z-]+(?: engineer| dev| developer| operator| team)?) forgot(?: to)?\b`),
		"Describe the step that depended on someone remembering it, and what would make it automatic or checked (e.g. \"the deploy checklist did not include X\").", false},
	{[]string{"human error", "operator error", "user error", "engineer error", "developer error"}, regexp.MustCompile(`(?i)\b(?:human|operator|user|engineer|developer) error\b`),
		"Name the condition that made the action easy to get wrong (a missing guard, a confusing tool, no review), not the person.", false},
	{[]string{"should", "could have just"}, regexp.MustCompile(`(?i)\bshould(?:n'?t| not)? have (?:been |had )?[a-z-]+(?:ed|en|wn|ne|ght|un|ck)\b|\bshould'?ve\b|\bcould have just\b`),
		"Say what the system made likely at the time, with what was known then, and what would make the right action the easy one.", false},
	{[]string{"careless", "sloppy", "negligen", "lazy", "incompeten", "stupid", "dumb", "idiot", "reckless"}, regexp.MustCompile(`(?i)\b(?:careless(?:ly|ness)?|sloppy|sloppiness|negligen(?:t|ce)|lazy|incompeten(?:t|ce)|stupid|dumb|idiot(?:ic)?|reckless(?:ly)?)\b`),
		"Drop the judgement of the person; describe the action and the condition that allowed it.", false},
	{[]string{"messed up", "screwed up", "dropped the ball", "finger", "botched"}, regexp.MustCompile(`(?i)\b(?:messed up|screwed up|dropped the ball|fat[- ]finger(?:ed)?|botched)\b`),
		"Describe what happened and which guard was missing.", false},
	{[]string{"fault", "blame"}, regexp.MustCompile(`(?i)\b[a-z]+'s fault\b|\bfault of\b|\bto blame\b|\bblamed?\b`),
		"Look for causes in the system: describe the contributing condition rather than who is at fault.", true},
	{[]string{"thorough", "bother", "ignored the", "not paying attention"}, regexp.MustCompile(`(?i)\bwithout being thorough\b|\bdid(?:n'?t| not) bother\b|\bignored the (?:alert|alarm|warning|page)s?\b|\bnot paying attention\b`),
		"Describe what made the check easy to skip (time pressure, noisy alerts, unclear ownership).", false},
	{[]string{"failed to", "neglected to", "didn", "did not"}, regexp.MustCompile(`(?:\b[A-Z][a-z]+|@[\w.-]+) (?:failed to|neglected to|didn'?t|did not) (?:check|test|verify|review|notice|run|follow|read|validate)\b`),
		"Describe the check the process lacked: \"the process did not require X before Y\".", false},
	{[]string{"mistake"}, regexp.MustCompile(`(?i)\b(?:mistake (?:by|of) [a-z]+|[a-z]+'s mistake|[a-z]+ made a mistake)\b`),
		"Describe the decision in its context and what would have made a different outcome likely.", false},
	{[]string{"junior", "new engineer", "new dev", "new hire", "new guy", "new person", "inexperienced"}, regexp.MustCompile(`(?i)\b(?:the |a )?(?:junior|new|inexperienced) (?:engineer|dev|developer|hire|guy|person)\b`),
		"Describe the access, guard or onboarding that was missing rather than the person's experience.", false},
}

// FindBlame returns the blame-laden phrases in s with their suggestions.
func FindBlame(s string) []hindsight.LanguageFinding {
	var out []hindsight.LanguageFinding
	lower := strings.ToLower(s)
	for _, b := range blames {
		if !containsAny(lower, b.keys) {
			continue
		}
		for _, m := range b.re.FindAllStringIndex(s, -1) {
			if b.negatable && denied(strings.ToLower(s[max(0, m[0]-24):m[0]])) {
				continue
			}
			out = append(out, hindsight.LanguageFinding{Phrase: strings.TrimSpace(s[m[0]:m[1]]), Suggestion: b.suggestion})
		}
	}
	return out
}

// denied reports whether the words before a phrase deny it: "nobody is to
// blame", "no blame", "not anyone's fault".
func denied(before string) bool {
	// Only the phrase's own clause: "The change was not reviewed; Sam's
	// fault" denies nothing.
	if i := strings.LastIndexAny(before, ".;:!?"); i >= 0 {
		before = before[i+1:]
	}
	for _, w := range strings.FieldsFunc(before, func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
		switch w {
		case "no", "not", "nobody", "noone", "nobody's", "never", "without", "isn't", "wasn't", "aren't", "weren't":
			return true
		}
		if w == "one" && strings.Contains(before, "no one") {
			return true
		}
	}
	return false
}

// language finds blame-laden wording anywhere in the notes.
func (a *analyzer) language() {
	check := func(text string, line int) {
		for _, f := range FindBlame(text) {
			f.Line = line
			a.pm.Language = append(a.pm.Language, f)
		}
	}
	check(a.n.Title, 0)
	for _, s := range a.n.Sections {
		if s.Title != a.n.Title { // the title's heading is checked as the title
			check(s.Title, s.Line)
		}
		for _, it := range s.Items {
			if it.Text != a.n.Title { // a board's first line is its title
				check(it.Text, it.Line)
			}
		}
	}
}

func containsAny(s string, keys []string) bool {
	for _, k := range keys {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}
