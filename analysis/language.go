package analysis

import (
	"regexp"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// blame is a pattern of blame-laden wording and a system-focused way to say
// what the team meant.
type blame struct {
	re         *regexp.Regexp
	suggestion string
}

var blames = []blame{
	{regexp.MustCompile(`(?i)\b(?:[a-z][\w.-]*|the [a-z-]+(?: engineer| dev| developer| operator| team)?) forgot(?: to)?\b`),
		"Describe the step that depended on someone remembering it, and what would make it automatic or checked (e.g. \"the deploy checklist did not include X\")."},
	{regexp.MustCompile(`(?i)\b(?:human|operator|user|engineer|developer) error\b`),
		"Name the condition that made the action easy to get wrong (a missing guard, a confusing tool, no review), not the person."},
	{regexp.MustCompile(`(?i)\bshould(?:n'?t| not)? have (?:been |had )?[a-z-]+(?:ed|en|wn|ne|ght|un|ck)\b|\bshould'?ve\b|\bcould have just\b`),
		"Say what the system made likely at the time, with what was known then, and what would make the right action the easy one."},
	{regexp.MustCompile(`(?i)\b(?:careless(?:ly|ness)?|sloppy|sloppiness|negligen(?:t|ce)|lazy|incompeten(?:t|ce)|stupid|dumb|idiot(?:ic)?|reckless(?:ly)?)\b`),
		"Drop the judgement of the person; describe the action and the condition that allowed it."},
	{regexp.MustCompile(`(?i)\b(?:messed up|screwed up|dropped the ball|fat[- ]finger(?:ed)?|botched)\b`),
		"Describe what happened and which guard was missing."},
	{regexp.MustCompile(`(?i)\b[a-z]+'s fault\b|\bfault of\b|\bto blame\b|\bblamed?\b`),
		"Look for causes in the system: describe the contributing condition rather than who is at fault."},
	{regexp.MustCompile(`(?i)\bwithout being thorough\b|\bdid(?:n'?t| not) bother\b|\bignored the (?:alert|alarm|warning|page)s?\b|\bnot paying attention\b`),
		"Describe what made the check easy to skip (time pressure, noisy alerts, unclear ownership)."},
	{regexp.MustCompile(`(?:\b[A-Z][a-z]+|@[\w.-]+) (?:failed to|neglected to|didn'?t|did not) (?:check|test|verify|review|notice|run|follow|read|validate)\b`),
		"Describe the check the process lacked: \"the process did not require X before Y\"."},
	{regexp.MustCompile(`(?i)\b(?:mistake (?:by|of) [a-z]+|[a-z]+'s mistake|[a-z]+ made a mistake)\b`),
		"Describe the decision in its context and what would have made a different outcome likely."},
	{regexp.MustCompile(`(?i)\b(?:the |a )?(?:junior|new|inexperienced) (?:engineer|dev|developer|hire|guy|person)\b`),
		"Describe the access, guard or onboarding that was missing rather than the person's experience."},
}

// FindBlame returns the blame-laden phrases in s with their suggestions.
func FindBlame(s string) []hindsight.LanguageFinding {
	var out []hindsight.LanguageFinding
	for _, b := range blames {
		for _, m := range b.re.FindAllString(s, -1) {
			out = append(out, hindsight.LanguageFinding{Phrase: strings.TrimSpace(m), Suggestion: b.suggestion})
		}
	}
	return out
}

// language finds blame-laden wording anywhere in the notes.
func (a *analyzer) language() {
	seen := map[int]bool{}
	check := func(text string, line int) {
		for _, f := range FindBlame(text) {
			f.Line = line
			a.pm.Language = append(a.pm.Language, f)
			seen[line] = true
		}
	}
	check(a.n.Title, 0)
	for _, s := range a.n.Sections {
		check(s.Title, s.Line)
		for _, it := range s.Items {
			check(it.Text, it.Line)
		}
	}
}
