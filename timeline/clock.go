package timeline

// clock is a clock time as read, before am/pm is applied (a range such as
// "2:30–2:45pm" lends the meridiem of its end to its start).
type clock struct {
	hour, minute, second int
	seconds              bool
	// meridiem is 'a', 'p', or 0 when no am/pm is written.
	meridiem byte
	// bare reports an hour without minutes and without am/pm ("2" in
	// "2–3pm"); it is a time only as the start of such a range.
	bare bool
}

// hour24 returns the hour on the 24-hour clock. "14:32 PM" and "00:30 am"
// are read leniently as the 24-hour times they already are.
func (c clock) hour24() int {
	switch {
	case c.meridiem == 'a' && c.hour == 12:
		return 0
	case c.meridiem == 'p' && c.hour < 12:
		return c.hour + 12
	}
	return c.hour
}

// minutes returns the time of day in minutes, for ordering range ends.
func (c clock) minutes() int { return c.hour24()*60 + c.minute }

// readClock reads a clock time at s[i]: "14:32", "9:05", "14:32:05",
// "14:32:05.123", "14.32", "14h32", "2pm", "2 p.m.", "2:32 PM", "2.32pm".
// With bare, an hour alone ("2") is read too and marked bare.
func readClock(s string, i int, bare bool) (c clock, end int, ok bool) {
	j, ok := digitRun(s, i, 2)
	if !ok {
		return clock{}, i, false
	}
	c.hour = atoi(s[i:j])
	hourDigits := j - i
	dotted, minutes := false, true
	var sep byte
	if j < len(s) {
		sep = s[j]
	}
	switch {
	case sep == ':':
		if c.minute, ok = exactTwoDigits(s, j+1); !ok {
			return clock{}, i, false
		}
		j += 3
		j, ok = readSeconds(s, j, &c)
		if !ok {
			return clock{}, i, false
		}
	case sep == '.' || sep == 'h':
		m, ok := exactTwoDigits(s, j+1)
		if !ok || !endsDotted(s, j+3) {
			minutes = false
			break
		}
		c.minute, j, dotted = m, j+3, sep == '.'
	default:
		minutes = false
	}
	if k, mer, ok := readMeridiem(s, j); ok {
		c.meridiem, j = mer, k
	}
	c.bare = !minutes && c.meridiem == 0
	if !validClock(c, minutes, hourDigits, dotted) || c.bare && !bare {
		return clock{}, i, false
	}
	return c, j, true
}

// readSeconds reads ":05" and an optional fraction ".123" (dropped).
func readSeconds(s string, j int, c *clock) (int, bool) {
	if j+1 >= len(s) || s[j] != ':' || !isDigit(s[j+1]) {
		return j, true
	}
	sec, ok := exactTwoDigits(s, j+1)
	if !ok {
		return j, false
	}
	c.second, c.seconds = sec, true
	j += 3
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		j, _ = digitRun(s, j+1, len(s))
	}
	if j+1 < len(s) && s[j] == ':' && isDigit(s[j+1]) {
		return j, false // "1:23:45:67" is not a time
	}
	return j, true
}

// endsDotted reports whether a dotted time "14.32" may end at s[j]: not
// a percentage ("12.30%") or part of a longer dotted number ("1.14.30").
func endsDotted(s string, j int) bool {
	if j >= len(s) {
		return true
	}
	switch s[j] {
	case '%':
		return false
	case '.', ',':
		return j+1 == len(s) || !isDigit(s[j+1])
	}
	return true
}

// validClock checks the ranges: hours 0-23 (1-12 with am/pm), minutes and
// seconds 0-59, and a dotted time has a two-digit hour or am/pm ("2.32" is
// a decimal, "2.32pm" a time).
func validClock(c clock, minutes bool, hourDigits int, dotted bool) bool {
	if c.minute > 59 || c.second > 59 {
		return false
	}
	switch {
	case c.meridiem == 'a':
		return 1 <= c.hour && c.hour <= 12 || c.hour == 0 && minutes
	case c.meridiem == 'p':
		return 1 <= c.hour && c.hour <= 12 || 13 <= c.hour && c.hour <= 23 && minutes
	case c.bare:
		return 1 <= c.hour && c.hour <= 12
	}
	return c.hour <= 23 && (!dotted || hourDigits == 2)
}

// readMeridiem reads "am", "pm", "a.m.", "P.M." after an optional space.
func readMeridiem(s string, i int) (end int, meridiem byte, ok bool) {
	j := i
	if j < len(s) && s[j] == ' ' {
		j++
	}
	if j >= len(s) {
		return i, 0, false
	}
	mer := lower(s[j])
	if mer != 'a' && mer != 'p' {
		return i, 0, false
	}
	j++
	dots := j < len(s) && s[j] == '.'
	if dots {
		j++
	}
	if j >= len(s) || lower(s[j]) != 'm' {
		return i, 0, false
	}
	j++
	if dots && j < len(s) && s[j] == '.' {
		j++
	}
	if j < len(s) && isWordByte(s[j]) {
		return i, 0, false
	}
	return j, mer, true
}

// readMilitary reads the four digits of "1432Z" or "1432 UTC"; the caller
// requires the UTC marker.
func readMilitary(s string, i int) (c clock, end int, ok bool) {
	j, ok := digitRun(s, i, 4)
	if !ok || j-i != 4 {
		return clock{}, i, false
	}
	c.hour, c.minute = atoi(s[i:i+2]), atoi(s[i+2:j])
	if c.hour > 23 || c.minute > 59 {
		return clock{}, i, false
	}
	return c, j, true
}
