package notes

import (
	"strings"
	"unicode"

	"github.com/hindsight-dev/hindsight"
)

// sectionTitles maps normalised section titles, exactly as people write
// them, to what the section is about.
var sectionTitles = map[string]hindsight.SectionKind{}

// sectionWords are checked in order when no exact title matches: the first
// phrase the title contains decides.
var sectionWords = []struct {
	phrase string
	kind   hindsight.SectionKind
}{
	{"action item", hindsight.SectionActions},
	{"follow up", hindsight.SectionActions},
	{"followup", hindsight.SectionActions},
	{"corrective", hindsight.SectionActions},
	{"improvement", hindsight.SectionActions},
	{"next step", hindsight.SectionActions},
	{"remediation", hindsight.SectionActions},
	{"preventi", hindsight.SectionActions},
	{"do better", hindsight.SectionActions},
	{"to do", hindsight.SectionActions},
	{"todo", hindsight.SectionActions},
	{"fixes", hindsight.SectionActions},
	{"runbook", hindsight.SectionRunbook},
	{"playbook", hindsight.SectionRunbook},
	{"rollback", hindsight.SectionRollback},
	{"roll back", hindsight.SectionRollback},
	{"revert", hindsight.SectionRollback},
	{"timeline", hindsight.SectionTimeline},
	{"key event", hindsight.SectionTimeline},
	{"chronolog", hindsight.SectionTimeline},
	{"sequence of event", hindsight.SectionTimeline},
	{"contributing", hindsight.SectionContributing},
	{"root cause", hindsight.SectionFailure},
	{"what broke", hindsight.SectionFailure},
	{"failure", hindsight.SectionFailure},
	{"went well", hindsight.SectionWentWell},
	{"went right", hindsight.SectionWentWell},
	{"went wrong", hindsight.SectionWentWrong},
	{"could be improved", hindsight.SectionWentWrong},
	{"didnt go well", hindsight.SectionWentWrong},
	{"lesson", hindsight.SectionLessons},
	{"learning", hindsight.SectionLessons},
	{"takeaway", hindsight.SectionLessons},
	{"impact", hindsight.SectionImpact},
	{"detect", hindsight.SectionDetection},
	{"alerting", hindsight.SectionDetection},
	{"resolution", hindsight.SectionResolution},
	{"recovery", hindsight.SectionResolution},
	{"mitigation", hindsight.SectionResolution},
	{"open question", hindsight.SectionQuestions},
	{"unverified", hindsight.SectionQuestions},
	{"summary", hindsight.SectionSummary},
	{"overview", hindsight.SectionSummary},
}

func init() {
	for kind, titles := range map[hindsight.SectionKind][]string{
		hindsight.SectionSummary: {"summary", "overview", "tldr", "tl dr", "incident summary", "description",
			"what happened", "background", "executive summary", "abstract", "synopsis", "incident"},
		hindsight.SectionTimeline: {"timeline", "events", "key events", "timeline of events", "sequence of events",
			"what happened when", "chronology", "log", "incident log", "deploy timeline", "context", "problems timeline"},
		hindsight.SectionFailure: {"what broke", "failure", "failure point", "root cause", "root causes", "cause", "causes",
			"why", "root cause analysis", "rca", "technical details", "analysis", "what how when and why", "the problem",
			"problem", "problems", "deploy failure", "what failed", "why it happened", "trigger"},
		hindsight.SectionRollback: {"rollback", "roll back", "rollbacks", "revert", "rollback steps", "rollback attempt",
			"rollback analysis", "why rollback was or was not used", "rollback failure"},
		hindsight.SectionActions: {"action items", "actions", "fixes", "fix", "improvements", "follow ups", "followups",
			"follow up", "next steps", "todo", "to do", "corrective actions", "remediation", "review actions",
			"preventive measures", "prevention", "process improvements", "proposals", "tasks", "action plan",
			"process and tooling changes", "how are we going to do better in the future", "what we will do", "going forward"},
		hindsight.SectionImpact: {"impact", "user impact", "customer impact", "business impact", "who was affected",
			"blast radius", "affected", "scope", "severity"},
		hindsight.SectionDetection: {"detection", "detection and alerting", "how was it detected", "identified",
			"how we found out", "alerting", "monitoring", "discovery"},
		hindsight.SectionLessons: {"lessons", "lessons learned", "lessons learnt", "learnings", "takeaways", "key takeaways",
			"what we learned", "what we learnt", "conclusion", "conclusions", "retrospective"},
		hindsight.SectionWentWell: {"what went well", "went well", "the good", "positives", "what worked", "good"},
		hindsight.SectionWentWrong: {"what went wrong", "what could be improved", "what didnt go well", "went wrong",
			"the bad", "what could have gone better", "negatives", "bad"},
		hindsight.SectionContributing: {"contributing factors", "contributing causes", "factors", "what made it worse",
			"latent conditions"},
		hindsight.SectionRunbook: {"runbook", "runbook updates", "runbook changes", "checklist", "playbook", "runbook update checklist"},
		hindsight.SectionResolution: {"resolution", "recovery", "mitigation", "immediate mitigation", "recovery and validation",
			"how it was fixed", "fix applied", "resolved", "repair", "response", "the fix"},
		hindsight.SectionQuestions: {"open questions", "questions", "unknowns", "unverified", "to verify", "parking lot",
			"open questions unverified", "open questions and unverified"},
		hindsight.SectionLucky: {"where we got lucky", "lucky", "near misses", "near miss", "what went lucky"},
	} {
		for _, t := range titles {
			sectionTitles[t] = kind
		}
	}
}

// Classify returns what a section title is about, or "" when the title is
// not one Hindsight knows (the section is then kept as "other").
func Classify(title string) hindsight.SectionKind {
	n := normTitle(title)
	if n == "" {
		return ""
	}
	if k, ok := sectionTitles[n]; ok {
		return k
	}
	if len(n) > 48 {
		return ""
	}
	for _, w := range sectionWords {
		if strings.Contains(n, w.phrase) {
			return w.kind
		}
	}
	return ""
}

// normTitle lowercases a title and keeps only letters and single spaces.
func normTitle(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			space = true
		}
	}
	return b.String()
}
