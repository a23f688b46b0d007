package timeline

import (
	"strings"
	"time"
)

// Anchors of relative times.
const (
	// AnchorStart counts from the first timed event of the document (T+5m).
	AnchorStart = "start"
	// AnchorPrevious counts from the previous event (+10 min, 10 minutes later).
	AnchorPrevious = "previous"
)

// maxDelta bounds relative times; longer spans are not timeline steps.
const maxDelta = 1000 * 24 * time.Hour

// readRelative reads a relative time at s[i]: "T+5m", "T + 1h30m", "+10 min",
// "10 minutes later", "an hour later", "half an hour later". A duration
// alone ("took 10 minutes", "for 5m") is not a time.
func readRelative(s string, i int, e *Expr) (end int, ok bool) {
	var d time.Duration
	anchor := AnchorPrevious
	switch b := s[i]; {
	case b == 'T':
		j := skipSpaces(s, i+1)
		if j >= len(s) || s[j] != '+' {
			return i, false
		}
		d, end, ok = readDuration(s, skipSpaces(s, j+1))
		anchor = AnchorStart
	case b == '+':
		d, end, ok = readDuration(s, skipSpaces(s, i+1))
		if ok {
			end = readLater(s, end, end)
		}
	case isDigit(b):
		if d, end, ok = readDuration(s, i); ok {
			end = readLater(s, end, -1)
			ok = end >= 0
		}
	default:
		if d, end, ok = readWordDuration(s, i); ok {
			end = readLater(s, end, -1)
			ok = end >= 0
		}
	}
	if !ok || d <= 0 || d > maxDelta {
		return i, false
	}
	e.Relative, e.Delta, e.Anchor = true, d, anchor
	return end, true
}

// readLater reads " later" at s[i] and returns its end, or missing when it
// is not there.
func readLater(s string, i, missing int) int {
	j := skipSpaces(s, i)
	if j > i && hasWordFold(s, j, "later") {
		return j + len("later")
	}
	return missing
}

// readDuration reads "5m", "1h30m", "1h 30m", "90s", "5 min",
// "2 hours and 10 minutes", "1.5 hours".
func readDuration(s string, i int) (d time.Duration, end int, ok bool) {
	end = i
	for j := i; ; {
		part, k, ok := readDurationPart(s, j)
		if !ok {
			break
		}
		d, end = d+part, k
		j = skipSpaces(s, k)
		if hasWordFold(s, j, "and") {
			j = skipSpaces(s, j+3)
		}
		if j >= len(s) || !isDigit(s[j]) {
			break
		}
	}
	return d, end, end > i
}

// readDurationPart reads one number and its unit: "5m", "10 minutes",
// "1.5 hours".
func readDurationPart(s string, i int) (time.Duration, int, bool) {
	j, ok := digitRun(s, i, 4)
	if !ok {
		return 0, i, false
	}
	n := time.Duration(atoi(s[i:j]))
	frac, scale := time.Duration(0), time.Duration(1)
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		k, ok := digitRun(s, j+1, 3)
		if !ok {
			return 0, i, false
		}
		frac = time.Duration(atoi(s[j+1 : k]))
		for range k - j - 1 {
			scale *= 10
		}
		j = k
	}
	if j < len(s) && s[j] == ' ' {
		j++
	}
	k := wordEnd(s, j)
	unit, ok := unitOf(s[j:k])
	if !ok || k < len(s) && isDigit(s[k]) && k-j > 1 {
		return 0, i, false
	}
	return n*unit + frac*unit/scale, k, true
}

// unitOf returns the length of a unit written in any case: "s", "sec",
// "seconds", "m", "min", "minutes", "h", "hr", "hours", "d", "days".
func unitOf(w string) (time.Duration, bool) {
	if len(w) == 0 || len(w) > len("minutes") {
		return 0, false
	}
	switch lower(w[0]) {
	case 's':
		return time.Second, oneOf(w, "s", "sec", "secs", "second", "seconds")
	case 'm':
		return time.Minute, oneOf(w, "m", "min", "mins", "minute", "minutes")
	case 'h':
		return time.Hour, oneOf(w, "h", "hr", "hrs", "hour", "hours")
	case 'd':
		return 24 * time.Hour, oneOf(w, "d", "day", "days")
	}
	return 0, false
}

// readWordDuration reads "an hour", "a minute", "half an hour".
func readWordDuration(s string, i int) (time.Duration, int, bool) {
	half := hasWordFold(s, i, "half")
	j := i
	if half {
		j = skipSpaces(s, i+4)
	}
	switch {
	case hasWordFold(s, j, "an"):
		j += 2
	case hasWordFold(s, j, "a"):
		j++
	default:
		return 0, i, false
	}
	k := skipSpaces(s, j)
	if k == j {
		return 0, i, false
	}
	j = wordEnd(s, k)
	unit, ok := unitOf(s[k:j])
	if !ok || j-k < 3 {
		return 0, i, false
	}
	if half {
		unit /= 2
	}
	return unit, j, true
}

// readApprox reads a mark of approximation at s[i] and the space after it:
// "~", "approx", "approx.", "approximately", "about", "around", "circa",
// "ca.", "roughly".
func readApprox(s string, i int) (end int, ok bool) {
	if s[i] == '~' {
		return skipSpaces(s, i+1), true
	}
	if !isLetter(s[i]) {
		return i, false
	}
	j := wordEnd(s, i)
	switch w := s[i:j]; {
	case strings.EqualFold(w, "approx") || strings.EqualFold(w, "ca"):
		if j < len(s) && s[j] == '.' {
			j++
		} else if j-i == 2 {
			return i, false
		}
	case strings.EqualFold(w, "approximately") || strings.EqualFold(w, "about") || strings.EqualFold(w, "around") ||
		strings.EqualFold(w, "circa") || strings.EqualFold(w, "roughly"):
	default:
		return i, false
	}
	k := skipSpaces(s, j)
	return k, k > j
}
