package timeline

import "time"

// Anchors of relative times.
const (
	// AnchorStart counts from the first timed event of the document (T+5m).
	AnchorStart = "start"
	// AnchorPrevious counts from the previous event (+10 min, 10 minutes later).
	AnchorPrevious = "previous"
)

// maxDelta bounds relative times; longer spans are not timeline steps.
const maxDelta = 1000 * 24 * time.Hour

// units maps the spellings of duration units to their length.
var units = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
}

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
	unit, ok := units[lowerWord(s[j:k])]
	if !ok || k < len(s) && isDigit(s[k]) && k-j > 1 {
		return 0, i, false
	}
	return n*unit + frac*unit/scale, k, true
}

// lowerWord returns a short word in lower case, without allocating when it
// already is.
func lowerWord(w string) string {
	for k := 0; k < len(w); k++ {
		if isUpper(w[k]) {
			if len(w) > 16 {
				return ""
			}
			var b [16]byte
			for n := 0; n < len(w); n++ {
				b[n] = lower(w[n])
			}
			return string(b[:len(w)])
		}
	}
	return w
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
	unit, ok := units[lowerWord(s[k:j])]
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
	j := wordEnd(s, i)
	switch lowerWord(s[i:j]) {
	case "approx", "ca":
		if j < len(s) && s[j] == '.' {
			j++
		} else if j-i == 2 {
			return i, false
		}
	case "approximately", "about", "around", "circa", "roughly":
	default:
		return i, false
	}
	k := skipSpaces(s, j)
	return k, k > j
}
