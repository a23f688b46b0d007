package photo

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Correcting misread words from the board's vocabulary.
//
// A whiteboard postmortem uses a small vocabulary, and the words that
// carry its meaning (migration, rollback, initiated, canary) are the
// ones the analysis looks for: "WWGRATION 0042 STARTED" loses the deploy
// start that "MIGRATION 0042 STARTED" gives, and "collwck to v7" the
// rollback that "rollback to v7" gives. correctWords replaces a word
// Tesseract was unsure of with a word of the vocabulary in two ways:
//
//   - By the LSTM's evidence, when Tesseract gave its character
//     probabilities for the word: the vocabulary word the timesteps are
//     most likely to spell (ctcInput.score, as the clock pass scores times), when
//     it is not far less likely than what Tesseract read (lexiconFit) and
//     clearly ahead of every other vocabulary word (lexiconMargin).
//     "collwck" is read so because the LSTM weighed "r" against "c" and
//     "ba" against "w"; "rollback" keeps most of that weight.
//   - Else by spelling: the one vocabulary word closest to it, when it is
//     close enough (at most one edit in six letters, two in nine).
//
// A corrected word keeps Tesseract's confidence, so its line stays marked
// for review.

// Settings of the correction by evidence; docs/photo.md has the
// measurements behind them.
const (
	// lexiconFit is how much less likely (log) the vocabulary word may be
	// than what Tesseract read, per letter of the word: a letter the LSTM
	// gave no weight at all (stepFloor, log 0.002 = -6.2) is allowed in a
	// word of seven letters or more ("collwck" for "rollback"), not in a
	// shorter one ("wrote" is not "write").
	lexiconFit = -0.9
	// lexiconMargin is how much more likely (log) it must be than any
	// other vocabulary word (its plural or singular aside).
	lexiconMargin = 2.5
	// lexiconMinLen is the shortest word corrected by evidence: shorter
	// words ("@lee", "leak") are too easily taken for a longer one.
	lexiconMinLen = 5
)

// vocabulary is what postmortem boards say. The correction by spelling
// uses its words of six letters or more (shorter words are too easily one
// edit from another), the correction by evidence those of five or more.
var vocabulary = strings.Fields(`
	migration migrations rollback rollbacks rolled rolling initiated started complete completed
	deploy deployed deploying deployment release released rollout canary errors latency alerts
	alerted paged oncall config configuration database databases timeline broke checkout orders
	payments restore restored restart restarted queries batched healthy stable memory autoscaler
	consumers consumer backlog drained schema compatible versioned version message messages queue
	kubectl limits ignored metrics dashboards dashboard resize image clients client storm
	redeploy timeout jitter incident outage recovered recovery resolved mitigated investigating
	identified customers traffic requests replica replicas primary failover certificate expired
	feature service services production staging reverted hotfix monitoring threshold capacity
	exhausted connection connections health always default flipped skipped alerting runbook
	postmortem decided decision detected impact climbs maxed paused cleared spiked dropped
	timeouts throttled upstream downstream gateway cluster worker workers pipeline nightly
	writes reads locked indexes blocked retries thundering
	error alert order request payment metric customer limit query write read index retry`)

// plural is w's plural, "" for a word that takes none (a past tense, a
// word already ending in s): "retry" "retries", "index" "indexes".
func plural(w string) string {
	switch {
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ed"):
		return ""
	case strings.HasSuffix(w, "x"):
		return w + "es"
	case len(w) > 1 && strings.HasSuffix(w, "y") && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// vocabularyByLen indexes vocabulary by length, for the candidates of a
// word (lengths within two of it).
// Each word is there with its plural ("upstreams") too.
var vocabularyByLen = func() map[int][]string {
	m := map[int][]string{}
	seen := map[string]bool{}
	add := func(w string) {
		if len(w) >= 6 && !seen[w] {
			seen[w] = true
			m[len(w)] = append(m[len(w)], w)
		}
	}
	for _, w := range vocabulary {
		add(w)
		if p := plural(w); p != "" {
			add(p)
		}
	}
	return m
}()

// lexicon is the vocabulary for the correction by evidence: each word with
// its plural as one entry ("rollback", "rollbacks"), and every form in a
// set.
var lexicon, lexiconForms = func() ([][]string, map[string]bool) {
	forms := map[string]bool{}
	singular := map[string]string{}
	for _, w := range vocabulary {
		forms[w] = true
		if p := plural(w); p != "" {
			forms[p] = true
			singular[p] = w
		}
	}
	var entries [][]string
	seen := map[string]bool{}
	for _, w := range vocabulary {
		if s, ok := singular[w]; ok {
			w = s // "consumers" is the plural of "consumer"
		}
		if seen[w] {
			continue
		}
		seen[w] = true
		e := []string{w}
		if p := plural(w); p != "" {
			e = append(e, p)
		}
		entries = append(entries, e)
	}
	return entries, forms
}()

// headings are the column headings of postmortem boards, as the notes
// parser knows them (notes/sections.go).
var headings = []string{"timeline", "what broke", "rollback", "fixes", "action items", "root cause", "impact",
	"detection", "lessons", "next steps", "follow ups", "todo", "what went well", "what went wrong", "runbook",
	"summary", "recovery", "questions", "notes"}

// Settings of the heading correction; docs/photo.md has the measurements.
const (
	// headingFit is how much less likely (log), per letter, the heading
	// may be than what Tesseract read: more than for a word, since the
	// candidates are few and a heading decides a whole column's reading.
	headingFit = -2.5
	// headingMargin is how much more likely (log) it must be than any
	// other heading.
	headingMargin = 4
)

// correctHeadings replaces the first line of each column, when it is a
// short line not led by a time, with the board heading its timesteps hold
// the evidence for (scored as one string over all its words, spaces left
// out): "FOES" is "FIXES", "WHAT BR" and "WH BROKE" are "WHAT BROKE". A
// misread heading costs the whole column: the action items under "FOES"
// are not action items. Tesseract is often sure of a heading it misreads
// ("ROOT CAU E"), so confidence does not decide; the evidence does, and a
// heading of the board's own ("NUMBERS") is far from every one of the
// list. The line keeps its confidence.
func correctHeadings(cols [][]*line) {
	for _, col := range cols {
		if len(col) == 0 {
			continue
		}
		l := col[0]
		if len(l.words) == 0 || len(l.words) > 3 || clockStart.MatchString(l.words[0].text) {
			continue
		}
		var steps []step
		for _, w := range l.words {
			if len(w.steps) == 0 {
				steps = nil
				break
			}
			steps = append(steps, w.steps...)
		}
		if steps == nil {
			continue
		}
		text := l.text()
		if h, ok := likeliestHeading(text, steps); ok {
			l.words = []word{{box: l.box, conf: l.conf(), text: h}}
		}
	}
}

// headingEntries are the headings as candidates for likeliest: one form
// each, spelt without spaces.
var headingEntries = func() [][]string {
	e := make([][]string, len(headings))
	for i, h := range headings {
		e[i] = []string{strings.ReplaceAll(h, " ", "")}
	}
	return e
}()

// likeliestHeading returns the heading, in text's case, that steps (the
// timesteps of all of text's words) hold the evidence for, when there is a
// clear one that is not text already.
func likeliestHeading(text string, steps []step) (string, bool) {
	read := strings.ReplaceAll(text, " ", "")
	i, _, ok := likeliest(newCTCInput(steps), read, "", headingEntries, headingFit, headingMargin)
	if !ok || strings.EqualFold(text, headings[i]) {
		return "", false
	}
	// Also when only the spaces differ: "TIMEL INE" is no heading the
	// notes know, "TIMELINE" is.
	return inCase(headings[i], read), true
}

// likeliest returns the form, and the index of its entry, among entries
// (each a word's forms, scored with tail after them) that in's timesteps
// are most likely to spell, when it is at most fit per letter less likely
// than read (what Tesseract read) and margin more likely than the best form
// of every other entry.
func likeliest(in *ctcInput, read, tail string, entries [][]string, fit, margin float64) (int, string, bool) {
	at, best, first, second := -1, "", math.Inf(-1), math.Inf(-1)
	for i, e := range entries {
		form, score := "", math.Inf(-1)
		for _, f := range e {
			if v := in.score(f + tail); v > score {
				form, score = f, v
			}
		}
		switch {
		case score > first:
			at, best, first, second = i, form, score, first
		case score > second:
			second = score
		}
	}
	ref := in.score(read)
	if math.IsInf(ref, -1) {
		// A reading the timesteps cannot hold at all is no license for any
		// word: measure against the best path, Tesseract's own reading.
		ref = 0
	}
	if best == "" || first-ref < fit*float64(utf8.RuneCountInString(best)) || first-second < margin {
		return -1, "", false
	}
	return at, best, true
}

// correctWords replaces the unsure words of the lines with vocabulary
// words (see above), keeping their case (all capitals stay capitals).
func correctWords(cols [][]*line, sure float64) {
	for _, col := range cols {
		for _, l := range col {
			for i := range l.words {
				w := &l.words[i]
				if w.conf >= sure {
					continue
				}
				if fixed, ok := likeliestWord(w.text, w.steps); ok {
					w.text = fixed
				} else if fixed, ok := closestWord(w.text); ok {
					w.text = fixed
				}
			}
		}
	}
}

// likeliestWord returns the vocabulary word, in s's case, that the
// timesteps of s hold the evidence for (see above), when there is one.
// Only letters are compared, as in closestWord.
func likeliestWord(s string, steps []step) (string, bool) {
	core := strings.TrimRightFunc(s, unicode.IsPunct)
	tail := s[len(core):]
	if len(steps) == 0 || utf8.RuneCountInString(core) < lexiconMinLen ||
		strings.IndexFunc(core, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
		return "", false
	}
	if lower := strings.ToLower(core); lexiconForms[lower] || lexiconForms[lower+"s"] {
		return "", false // a word already, or the singular of one
	}
	_, best, ok := likeliest(newCTCInput(steps), s, tail, lexicon, lexiconFit, lexiconMargin)
	if !ok {
		return "", false
	}
	return inCase(best, core) + tail, true
}

// closestWord returns the vocabulary word s is a misreading of, in s's
// case, when there is exactly one close enough. Only letters are compared:
// a word with digits or marks inside ("v2.31", "p99", "->") is left alone,
// and trailing punctuation is kept.
func closestWord(s string) (string, bool) {
	core := strings.TrimRightFunc(s, unicode.IsPunct)
	tail := s[len(core):]
	if len(core) < 6 || strings.IndexFunc(core, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
		return "", false
	}
	lower := strings.ToLower(core)
	n := utf8.RuneCountInString(lower)
	limit := 1
	if n >= 9 {
		limit = 2
	}
	best, bestD, ties := "", limit+1, 0
	for k := n - limit; k <= n+limit; k++ {
		for _, v := range vocabularyByLen[k] {
			d := editDistance(lower, v, bestD)
			switch {
			case d == 0:
				return "", false // a word already
			case d < bestD:
				best, bestD, ties = v, d, 1
			case d == bestD:
				ties++
			}
		}
	}
	if best == "" || ties != 1 {
		return "", false
	}
	return inCase(best, core) + tail, true
}

// inCase writes the lower-case word w in the case of like: all capitals
// when like is mostly capitals ("TiMELIWE" is block capitals), an initial
// capital when like has one.
func inCase(w, like string) string {
	upper, n := 0, 0
	for _, r := range like {
		n++
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if 2*upper > n {
		return strings.ToUpper(w)
	}
	if r, _ := utf8.DecodeRuneInString(like); unicode.IsUpper(r) {
		return strings.ToUpper(w[:1]) + w[1:]
	}
	return w
}

// editDistance is the Levenshtein distance between a and b, or any value
// over max once it is sure to exceed max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
