package analysis

import (
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// Outcome cues, checked in the order of outcomeRules.
var (
	triggerFailWords = cues{"failed to trigger", "didn't trigger", "did not trigger", "couldn't start", "could not start",
		"wouldn't start", "would not start", "failed to start", "unable to roll back", "unable to rollback",
		"couldn't roll back", "could not roll back", "cannot roll back", "can't roll back", "couldn't rollback",
		"could not rollback", "rollback button", "rollback job failed to", "rollback pipeline failed",
		"rollback pipeline was broken", "rollback pipeline broken", "rollback not possible", "rollback wasn't possible",
		"rollback was not possible", "no previous artifact", "previous image missing", "previous image was gone",
		"artifact was gone", "never started", "did not start", "didn't start", "no rollback path", "no way to roll back",
		"refused to roll back", "rollback was blocked", "rollback blocked"}
	badStateWords = cues{"not null", "schema", "column", "migrat", "incompatible", "inconsistent", "old code",
		"previous code", "didn't know about", "did not know about", "cached", "stale", "mismatch", "already run",
		"already ran", "already applied", "backward compat", "backwards compat", "didn't help", "didnt help", "did not help",
		"no effect", "didn't fix", "did not fix", "still broken", "still failing", "still down", "persisted"}
	errorWords = cues{"fail", "error", "outage", "broke", "violation", "exception", "down", "worse", "didn't help", "didnt help",
		"did not help", "no effect", "didn't fix", "did not fix", "persisted", "still"}
	newHarmWords = cues{"syntax error", "made it worse", "made things worse", "worse than before", "new error",
		"new errors", "new failure", "new outage", "another outage", "introduced", "rollback caused",
		"rollback triggered", "brought down", "took down", "cascad", "data loss", "lost data", "full outage",
		"second outage", "new problem", "new issue", "lost all"}
	incompleteWords = cues{"stuck", "hung", "hang", "timed out", "timeout", "stalled", "aborted", "halfway", "half-way",
		"partial", "partially", "incomplete", "only some", "never finished", "didn't finish", "did not finish",
		"failed to complete", "rollback failed", "revert failed", "couldn't complete", "could not complete",
		"same problem", "same issue", "same error"}
	// trustGapWords are checked strongest first: a sentence saying rollback
	// was never tested is better evidence than one quoting the runbook.
	trustGapWords = []cues{{"never tested", "not tested", "untested", "hadn't been tested", "had not been tested",
		"wasn't tested", "was not tested", "never been tested", "never exercised", "never practised",
		"never practiced", "never rehearsed", "assumed", "assumption", "first time we rolled back", "had ever tested",
		"nobody had tested", "no one had tested", "nobody tested", "no one tested", "never tried",
		"nobody ever tested", "no one ever tested",
		"first time rolling back", "not backward compatible", "not backwards compatible", "wasn't backward",
		"weren't backward", "no rollback plan", "no rollback procedure"},
		{"standard rollback", "runbook said", "runbook says", "runbook didn't", "runbook did not", "runbook was wrong",
			"runbook was out of date", "runbook outdated", "trusted", "believed rollback", "thought rollback",
			"expected the rollback", "expected rollback"}}
	hypothetical = cues{"if ", "should", "would", "could ", "plan to", "need to", "needs to", "consider", "will ",
		"in future", "in the future", "next time", "make sure", "ensure"}
)

// rollback finds every rollback attempt and its outcome, and the trust gap.
func (a *analyzer) rollback() {
	pm := a.pm
	rb := &pm.Rollback
	if a.decisionIdx >= 0 {
		rb.Decision = pm.Timeline[a.decisionIdx].Text
	}
	var cur *hindsight.RollbackAttempt
	ranged := false // cur's end is its start line's range, until a line says it ended
	for _, e := range pm.Timeline {
		switch e.Kind {
		case hindsight.KindRollbackStart:
			if cur != nil && cur.End == nil && !failedAttempt(strings.ToLower(cur.Method)) && !anotherAttempt(strings.ToLower(e.Text)) {
				continue // still the same attempt
			}
			// A range ("14:05–14:20 rollback to v2") is the whole attempt,
			// unless a line after it says when it ended.
			rb.Attempts = append(rb.Attempts, hindsight.RollbackAttempt{Start: e.At, End: e.End, Method: e.Text, Line: e.Line})
			cur, ranged = &rb.Attempts[len(rb.Attempts)-1], e.End != nil
		case hindsight.KindRollbackEnd:
			if cur != nil && cur.End != nil && (!ranged || !completedRollback(strings.ToLower(e.Text))) {
				continue // what the ended attempt led to ("rollback introduced ..."), read by outcome
			}
			if ranged {
				cur.End, ranged = nil, false // its range was its start; this line says when it ended
			}
			if cur == nil {
				// A rollback told in one entry: it ended then; its start is not
				// in the notes unless the entry is a range.
				rb.Attempts = append(rb.Attempts, hindsight.RollbackAttempt{Method: e.Text, Line: e.Line})
				cur = &rb.Attempts[len(rb.Attempts)-1]
				if e.End != nil {
					cur.Start = e.At
				}
			}
			cur.End = e.At
			if e.End != nil {
				cur.End = e.End
			}
		}
	}
	if len(rb.Attempts) == 0 {
		if s, line := a.untimedRollback(); s != "" {
			rb.Attempts = append(rb.Attempts, hindsight.RollbackAttempt{Method: s, Line: line})
		} else if a.decisionIdx >= 0 && a.first(a.decisionIdx, kindIs(hindsight.KindForwardFix)) < 0 {
			// The team decided to roll back; the notes do not tell the
			// rollback itself. Count it, and say it is not confirmed.
			d := pm.Timeline[a.decisionIdx]
			rb.Attempts = append(rb.Attempts, hindsight.RollbackAttempt{Method: d.Text, Line: d.Line})
			pm.Unverified = append(pm.Unverified, hindsight.Unverified{Line: d.Line, Text: d.Text,
				Reason: "the notes record the decision to roll back but not the rollback itself"})
		}
	}
	for k := range rb.Attempts {
		a.outcome(k)
	}
	rb.Attempted = len(rb.Attempts) > 0
	rb.Outcome = hindsight.OutcomeNotAttempted
	if rb.Attempted {
		rb.Outcome = rb.Attempts[0].Outcome
	}
	a.trustGap()
}

// failedAttempt reports whether the line that began a rollback attempt
// also says it failed ("rollback started: argo rollback failed, no previous
// artifact"): the next rollback line that begins one is another attempt.
func failedAttempt(s string) bool {
	return triggerFailWords.in(s) || incompleteWords.in(s) || newHarmWords.in(s)
}

// anotherAttempt reports whether a rollback line says it is a new attempt
// ("second rollback attempt", "retried the rollback").
func anotherAttempt(s string) bool {
	// "again" in "rollback failing again" is the harm going on, not another
	// attempt; "attempt 2" is one whatever came of it.
	cue, ok := againWords.find(s)
	return ok && (cue != "again" || !impactNow(s))
}

// againWords say a rollback line is another attempt.
var againWords = cues{"second", "2nd", "third", "3rd", "another", "retry", "retried", "retrying", "again", "attempt 2",
	"attempt #2", "attempt 3", "attempt #3", "new attempt"}

// untimedRollback finds a rollback the notes tell in prose without a time
// ("We reverted back to Namecheap's name service").
func (a *analyzer) untimedRollback() (string, int) {
	for _, s := range a.n.Sections {
		if noRollbackEvidence[s.Kind] {
			continue
		}
		for _, it := range s.Items {
			for _, sent := range splitSentences(it.Text) {
				l := strings.ToLower(sent)
				told := endedRollback(l) || cues{"we rolled", "we reverted", "was reverted", "were reverted", "was rolled back",
					"were rolled back", "by rolling back", "by reverting", "by downgrading", "i.e. reverting", "re-tag"}.in(l) ||
					s.Kind == hindsight.SectionResolution
				if rollbackWords.in(l) && told && !hypothetical.in(l) {
					return strings.TrimSpace(sent), it.Line
				}
			}
		}
	}
	return "", 0
}

var noRollbackEvidence = map[hindsight.SectionKind]bool{
	hindsight.SectionActions: true, hindsight.SectionLessons: true, hindsight.SectionQuestions: true,
	hindsight.SectionRunbook: true, hindsight.SectionWentWell: true,
}

// outcome reads how attempt k ended from the attempt's own lines, the
// events after it (up to the next attempt or the recovery), and the
// rollback section.
func (a *analyzer) outcome(k int) {
	pm := a.pm
	at := &pm.Rollback.Attempts[k]
	var window []string // lines after the attempt, which tell its effect
	own := []string{at.Method}
	started := false
	for _, e := range pm.Timeline {
		if e.Line == at.Line {
			started = true
			continue
		}
		if !started {
			continue
		}
		if k+1 < len(pm.Rollback.Attempts) && e.Line == pm.Rollback.Attempts[k+1].Line {
			break
		}
		if e.Kind == hindsight.KindRollbackEnd || e.Kind == hindsight.KindRollbackStart {
			own = append(own, e.Text)
			continue
		}
		window = append(window, e.Text)
		if e.Kind == hindsight.KindRecover || e.Kind == hindsight.KindForwardFix {
			break
		}
	}
	if k == 0 {
		for _, s := range a.n.SectionsOf(hindsight.SectionRollback) {
			for _, it := range s.Items {
				own = append(own, it.Text)
			}
		}
	}
	recovered := false
	for _, w := range window {
		w = strings.ToLower(w)
		if (recoverWords.in(w) && !impactNow(w)) || strings.Contains(w, "rollback complete") {
			recovered = true
		}
	}
	ownText := strings.ToLower(strings.Join(own, " \n "))
	after := strings.ToLower(strings.Join(window, " \n "))
	firstAfter, firstAfterText := "", ""
	if len(window) > 0 {
		firstAfter, firstAfterText = strings.ToLower(window[0]), window[0]
	}
	switch {
	case triggerFailWords.in(ownText):
		at.Outcome, at.Evidence = hindsight.OutcomeFailedToTrigger, evidence(own, triggerFailWords)
	case cues{"stuck", "hung", "never finished", "did not finish", "didn't finish", "failed to complete"}.in(ownText):
		// "rollback failed: CRD version mismatch, rollback stuck": it did
		// not finish, whatever it ran into.
		at.Outcome, at.Evidence = hindsight.OutcomeFailedToComplete, evidence(own, incompleteWords)
	case badStateWords.in(ownText) && errorWords.in(ownText):
		at.Outcome, at.Evidence = hindsight.OutcomeRestoredBadState, evidence(own, badStateWords)
	case newHarmWords.in(ownText):
		at.Outcome, at.Evidence = hindsight.OutcomeCausedNewHarm, evidence(own, newHarmWords)
	case incompleteWords.in(ownText):
		at.Outcome, at.Evidence = hindsight.OutcomeFailedToComplete, evidence(own, incompleteWords)
	case k > 0 && pm.Rollback.Attempts[k-1].Outcome.Failed() && cues{"same "}.in(ownText):
		// "tried rollback via the API, same 503": as the attempt before.
		at.Outcome, at.Evidence = pm.Rollback.Attempts[k-1].Outcome, evidence(own, cues{"same "})
	case badStateWords.in(firstAfter) && errorWords.in(firstAfter) && !recoverWords.in(firstAfter):
		at.Outcome, at.Evidence = hindsight.OutcomeRestoredBadState, firstAfterText
	case newHarmWords.in(firstAfter) && !recoverWords.in(firstAfter):
		at.Outcome, at.Evidence = hindsight.OutcomeCausedNewHarm, firstAfterText
	case recovered || cues{"rollback complete", "rollback completed", "rollback succeeded", "rollback successful",
		"rollback was successful", "worked", "success"}.in(ownText):
		at.Outcome = hindsight.OutcomeSucceeded
	case badStateWords.in(after) && errorWords.in(after):
		at.Outcome, at.Evidence = hindsight.OutcomeRestoredBadState, evidence(window, badStateWords)
	default:
		at.Outcome = hindsight.OutcomeSucceeded
		pm.Unverified = append(pm.Unverified, hindsight.Unverified{Line: at.Line, Text: at.Method, Reason: assumedSucceeded})
	}
}

// assumedSucceeded is why an attempt the notes do not say the end of is
// counted as succeeded, and listed for checking.
const assumedSucceeded = "the notes do not say how this rollback ended; taken as succeeded"

// evidence returns the first line containing one of the cues.
func evidence(lines []string, c cues) string {
	for _, l := range lines {
		if c.in(strings.ToLower(l)) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// trustGap looks for evidence that rollback was assumed safe without being
// tested under these conditions. It is found only where the notes say so;
// a failed rollback without such evidence becomes an open question.
func (a *analyzer) trustGap() {
	for _, words := range trustGapWords {
		if a.trustGapWith(words) {
			return
		}
	}
}

func (a *analyzer) trustGapWith(words cues) bool {
	rb := &a.pm.Rollback
	for _, s := range a.n.Sections {
		if s.Kind == hindsight.SectionActions || s.Kind == hindsight.SectionQuestions {
			continue
		}
		inRollback := s.Kind == hindsight.SectionRollback || strings.Contains(strings.ToLower(s.Title), "trust")
		for _, it := range s.Items {
			for _, sent := range splitSentences(it.Text) {
				l := strings.ToLower(sent)
				if !words.in(l) {
					continue
				}
				if inRollback || rollbackWords.in(l) || strings.Contains(l, "runbook") || strings.Contains(l, "down migration") {
					rb.TrustGap = hindsight.TrustGap{Found: true, Evidence: strings.TrimSpace(sent)}
					return true
				}
			}
		}
	}
	for _, e := range a.pm.Timeline {
		l := strings.ToLower(e.Text)
		if words.in(l) && (rollbackWords.in(l) || strings.Contains(l, "runbook")) {
			rb.TrustGap = hindsight.TrustGap{Found: true, Evidence: e.Text}
			return true
		}
	}
	return false
}

// splitSentences splits prose at ". ", "! ", "? " and "; ".
func splitSentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			out = append(out, s[start:i+1])
			start = i + 2
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
