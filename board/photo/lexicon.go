package photo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Correcting misread words from the board's vocabulary.
//
// A whiteboard postmortem uses a small vocabulary, and the words that
// carry its meaning (migration, rollback, initiated, canary) are the
// ones the analysis looks for: "WWGRATION 0042 STARTED" loses the deploy
// start that "MIGRATION 0042 STARTED" gives. correctWords replaces a word
// Tesseract was unsure of with the one word of the vocabulary it is
// closest to, when that word is close enough (at most one edit in six
// letters, two in nine) and no other word of the vocabulary is as close.

// vocabulary is what postmortem boards say, six letters or more (shorter
// words are too easily one edit from another).
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
	writes reads locked indexes blocked retries thundering upstream`)

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
		if !strings.HasSuffix(w, "s") {
			add(w + "s")
		}
	}
	return m
}()

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
				if fixed, ok := closestWord(w.text); ok {
					w.text = fixed
				}
			}
		}
	}
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
	upper := 0
	for _, r := range core {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if 2*upper > n { // mostly capitals ("TiMELIWE"): block capitals
		best = strings.ToUpper(best)
	} else if r, _ := utf8.DecodeRuneInString(core); unicode.IsUpper(r) {
		best = strings.ToUpper(best[:1]) + best[1:]
	}
	return best + tail, true
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
