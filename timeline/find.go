package timeline

import (
	"strings"
	"time"
)

// Expr is a time expression found in text.
type Expr struct {
	// Start and End are the byte offsets of the expression in the searched
	// string.
	Start, End int
	// Text is the expression as written: s[Start:End].
	Text string
	// Year, Month and Day are the date parts as written; 0 when not written
	// (a date may lack a year: "Nov 20 14:32").
	Year, Month, Day int
	// HasClock reports a clock time; relative times have none.
	HasClock bool
	// Hour, Minute and Second are on the 24-hour clock, after am/pm.
	Hour, Minute, Second int
	// Meridiem reports whether am or pm was written (on either end of a
	// range).
	Meridiem bool
	// InProse is set by the caller for a time found inside a sentence
	// rather than leading an entry ("assuming its end at 11AM"): its am/pm
	// says nothing of how the timeline's clocks are written.
	InProse bool
	// HasSeconds reports whether seconds were written.
	HasSeconds bool
	// Zone is the zone as written in normalised spelling ("UTC", "PST",
	// "+02:00", "Z", "UTC+2"); "" when none.
	Zone string
	// Offset is the zone's offset in seconds east of UTC, valid when HasZone.
	Offset int
	// HasZone reports whether a zone was written. A zone written after a
	// range ("14:32–14:45 UTC") belongs to both ends.
	HasZone bool
	// RangeEnd is the end of a range ("14:32–14:45", "14:32 to 14:45",
	// "2:30–2:45pm"): a clock, maybe with a date or zone.
	RangeEnd *Expr
	// Relative reports a time counted from another: T+5m, +10 min,
	// 10 minutes later.
	Relative bool
	// Delta is the span of a relative time.
	Delta time.Duration
	// Anchor is what a relative time counts from: AnchorStart (T+5m, the
	// first timed event) or AnchorPrevious (+10 min, 10 minutes later).
	Anchor string
	// Approx reports a time marked approximate: "~14:30", "approx 14:30",
	// "around 14:30", "about 10 minutes later", "14:30?", "ca. 14:30".
	Approx bool
}

// Find returns the time expressions in s, left to right, not overlapping.
func Find(s string) []Expr {
	// Only "an hour later" and the like have no digit; "ater" also matches
	// "water", which costs a little work and finds nothing.
	later := strings.Contains(s, "ater")
	if !later && !hasDigit(s) {
		return nil
	}
	var out []Expr
	next := 0 // the next digit at or after i, len(s) when none
	for i := 0; i < len(s); {
		if next < i {
			if next = nextDigit(s, i); next == len(s) && !later {
				break
			}
		}
		if mayStart(s, i, next, later) {
			if e, ok := scan(s, i, false); ok {
				out = append(out, e)
				i = e.End
				continue
			}
		}
		if isWordByte(s[i]) {
			i = wordEndAll(s, i) // no time starts inside a word
			continue
		}
		i++
	}
	return out
}

// mayStart is the cheap test before scanning at s[i]: a time begins at a
// word boundary, with a digit, "~" or "+" near a digit, or a word that can
// start a time (a month, a mark of approximation, "T" of "T+5m", "an" of
// "an hour later"). next is the offset of the next digit.
func mayStart(s string, i, next int, later bool) bool {
	if i > 0 && blocksTime(s[i-1]) {
		return false
	}
	switch b := s[i]; {
	case isDigit(b):
		return true
	case b == '~' || b == '+':
		return next-i <= maxLead
	case isLetter(b):
		return (next-i <= maxLead || later) && startWord(s[i:wordEnd(s, i)])
	}
	return false
}

// maxLead is how far a word may stand before the digits of its time
// ("approximately November 20th, 2026 at 14:32").
const maxLead = 24

// startWord reports whether the word w can begin a time: a month, a mark
// of approximation, "T" of "T+5m", "a", "an" or "half" of "an hour later".
func startWord(w string) bool {
	if len(w) == 0 || len(w) > len("approximately") {
		return false
	}
	switch lower(w[0]) {
	case 't':
		return w == "T"
	case 'a':
		return oneOf(w, "a", "an", "about", "around", "approx", "approximately") || isMonth(w)
	case 'c':
		return oneOf(w, "ca", "circa")
	case 'r':
		return oneOf(w, "roughly")
	case 'h':
		return oneOf(w, "half")
	case 'j', 'f', 'm', 's', 'o', 'n', 'd':
		return isMonth(w)
	}
	return false
}

// oneOf reports whether w is one of words, in any case.
func oneOf(w string, words ...string) bool {
	for _, x := range words {
		if len(w) == len(x) && strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}

func isMonth(w string) bool {
	_, end, ok := readMonth(w, 0)
	return ok && end >= len(w)
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

func nextDigit(s string, i int) int {
	for i < len(s) && !isDigit(s[i]) {
		i++
	}
	return i
}

// wordEndAll returns the end of the run of word bytes at s[i].
func wordEndAll(s string, i int) int {
	for i < len(s) && isWordByte(s[i]) {
		i++
	}
	return i
}

// blocksTime reports whether a time may not start right after b: inside a
// word ("x86_64", "go1.26"), a dotted number ("1.14.3", "10.0.0.1"), a
// port (":8080"), a price ("$14.99"), an issue ("#1432") or a path.
func blocksTime(b byte) bool {
	return isWordByte(b) || b == '.' || b == ':' || b == '$' || b == '#' || b == '/' || b == '+' || b == '@'
}

// scan reads one time expression at s[i]. With lead, s[i] starts an entry
// (Leading, Parse), where the log-style "03-26 02:50" is also a date.
func scan(s string, i int, lead bool) (Expr, bool) {
	if i >= len(s) {
		return Expr{}, false
	}
	e := Expr{Start: i}
	j := i
	if k, ok := readApprox(s, i); ok && k < len(s) {
		e.Approx, j = true, k
	}
	end, ok := readRelative(s, j, &e)
	if !ok {
		mmdd := lead && j == i || j > 0 && s[j-1] == '['
		end, ok = readAbsolute(s, j, mmdd, true, &e)
	}
	if !ok {
		return Expr{}, false
	}
	if end < len(s) && s[end] == '?' {
		e.Approx = true
		end++
	}
	if !endsTime(s, end) {
		return Expr{}, false
	}
	e.End, e.Text = end, s[i:end]
	return e, true
}

// endsTime reports whether a time may end at s[j]: not glued to a word or
// continued as a longer number ("14:32.5", "12.30%").
func endsTime(s string, j int) bool {
	if j >= len(s) {
		return true
	}
	switch b := s[j]; {
	case isWordByte(b) || b == '%':
		return false
	case b == '.' || b == ':' || b == ',':
		return j+1 == len(s) || !isDigit(s[j+1])
	}
	return true
}

// readAbsolute reads a clock time at s[i], with its date, zone and range
// end when written.
func readAbsolute(s string, i int, mmdd, ranges bool, e *Expr) (int, bool) {
	c, j, ok := readDated(s, i, mmdd, e)
	if !ok {
		c, j, ok = readTimed(s, i, ranges, e)
	}
	if !ok {
		return i, false
	}
	if ranges {
		if k, ok := readRange(s, j, &c, e); ok {
			j = k
		}
	}
	if c.bare {
		return i, false
	}
	setClock(e, c)
	return j, true
}

// readDated reads a date followed by a clock: "2026-11-20 14:32",
// "2026-11-20T14:32:05+02:00", "20/11/2026 14:32", "Nov 20, 14:32",
// "20 Nov 2026 at 14:32", and with mmdd the log style "03-26 02:50".
func readDated(s string, i int, mmdd bool, e *Expr) (clock, int, bool) {
	d, iso, ok := readAnyDate(s, i, mmdd)
	if !ok {
		return clock{}, i, false
	}
	j, ok := dateClockSep(s, d.end, iso)
	if !ok {
		return clock{}, i, false
	}
	c, k, ok := readClockZone(s, j, false, iso && s[j-1] == 'T', e)
	if !ok {
		return clock{}, i, false
	}
	e.Year, e.Month, e.Day = d.year, d.month, d.day
	return c, k, true
}

// readAnyDate reads the dates that may precede a clock; iso reports
// "2026-11-20", which may be followed by "T".
func readAnyDate(s string, i int, mmdd bool) (d date, iso, ok bool) {
	if isLetter(s[i]) {
		d, ok = readMonthFirst(s, i)
		return d, false, ok
	}
	if d, ok = readISODate(s, i); ok {
		return d, true, true
	}
	if d, ok = readDMY(s, i); ok {
		return d, false, true
	}
	if mmdd {
		if d, ok = readMonthDay(s, i); ok {
			return d, false, true
		}
	}
	d, ok = readDayFirst(s, i)
	return d, false, ok
}

// dateClockSep reads what stands between a date and its clock: "T" after
// an ISO date, or an optional comma, spaces and an optional "at".
func dateClockSep(s string, i int, iso bool) (int, bool) {
	if iso && i < len(s) && s[i] == 'T' {
		return i + 1, true
	}
	j := i
	if j < len(s) && s[j] == ',' {
		j++
	}
	k := skipSpaces(s, j)
	if k == j {
		return i, false
	}
	if hasWordFold(s, k, "at") {
		if m := skipSpaces(s, k+2); m > k+2 {
			k = m
		}
	}
	return k, k < len(s) && isDigit(s[k])
}

// readTimed reads a clock without a date: "14:32", "2pm", "1432Z", with
// its zone. With bare, an hour alone is read for "2–3pm".
func readTimed(s string, i int, bare bool, e *Expr) (clock, int, bool) {
	if !isDigit(s[i]) {
		return clock{}, i, false
	}
	if c, j, ok := readMilitary(s, i); ok {
		// four digits are a time only with a UTC marker
		if k := readZoneInto(s, j, false, e); k > j && isUTC(e.Zone) {
			return c, k, true
		}
		return clock{}, i, false
	}
	return readClockZone(s, i, bare, false, e)
}

// isUTC reports whether zone names UTC itself ("Z", "UTC", "GMT", "UTC+2").
func isUTC(zone string) bool {
	return zone == "Z" || strings.HasPrefix(zone, "UTC") || strings.HasPrefix(zone, "GMT")
}

// readClockZone reads a clock and the zone after it. minus allows an
// attached "-07:00" (after an ISO date, where no range can follow).
func readClockZone(s string, i int, bare, minus bool, e *Expr) (clock, int, bool) {
	c, j, ok := readClock(s, i, bare)
	if !ok {
		return clock{}, i, false
	}
	if !c.bare {
		j = readZoneInto(s, j, minus, e)
	}
	return c, j, true
}

// readZoneInto reads the zone after a clock ending at s[i] into e and
// returns its end, or i when none is written: "Z" (attached or not), " UTC",
// " (UTC)", "CEST", " +02:00", "-0700", " UTC+2", " (GMT+1)".
func readZoneInto(s string, i int, minus bool, e *Expr) int {
	if i >= len(s) {
		return i
	}
	if s[i] == 'Z' {
		if i+1 == len(s) || !isWordByte(s[i+1]) {
			e.Zone, e.Offset, e.HasZone = "Z", 0, true
			return i + 1
		}
		return i
	}
	j := i
	if s[j] == ' ' {
		j++
	}
	if j > i && j < len(s) && s[j] == 'Z' && (j+1 == len(s) || !isWordByte(s[j+1])) {
		// " Z", as Hindsight's own documents write a UTC time read from JSON.
		e.Zone, e.Offset, e.HasZone = "Z", 0, true
		return j + 1
	}
	paren := j < len(s) && s[j] == '('
	if paren {
		j++
	}
	name, off, k, ok := readZone(s, j, minus || paren)
	if paren {
		ok = ok && k < len(s) && s[k] == ')'
		k++
	}
	if !ok {
		return i
	}
	e.Zone, e.Offset, e.HasZone = name, off, true
	return k
}

// setClock stores c in e.
func setClock(e *Expr, c clock) {
	e.HasClock = true
	e.Hour, e.Minute, e.Second, e.HasSeconds = c.hour24(), c.minute, c.second, c.seconds
	e.Meridiem = c.meridiem != 0
}

// readRange reads the end of a range after a start clock c ending at s[i]:
// "–14:45", "-14:45", " - 14:45", " to 14:45", " -> 14:45", "–2:45pm". The end may
// carry a date and a zone. Am/pm and zones written on one end only apply
// to both.
func readRange(s string, i int, c *clock, e *Expr) (int, bool) {
	j, ok := rangeSep(s, i)
	if !ok || j >= len(s) || !isLetter(s[j]) && !isDigit(s[j]) {
		return i, false
	}
	end := Expr{Start: j}
	c2, k, ok := readDated(s, j, false, &end)
	if !ok {
		c2, k, ok = readTimed(s, j, false, &end)
	}
	if !ok || !endsTime(s, k) && s[k] != '?' || c.bare && c2.meridiem == 0 {
		return i, false
	}
	shareMeridiem(c, &c2)
	setClock(&end, c2)
	shareZone(e, &end)
	end.End, end.Text = k, s[j:k]
	e.RangeEnd = &end
	c.bare = false
	return k, true
}

// rangeSep reads the dash, arrow or word between the ends of a range. An
// arrow between two times is read as a range, the way a whiteboard says
// "14:00 → 14:30 errors elevated"; readRange still needs a time after it,
// so "14:11 -> pods OOMKilled" is one time.
func rangeSep(s string, i int) (int, bool) {
	j := skipSpaces(s, i)
	switch {
	case strings.HasPrefix(s[j:], "-->"):
		j += len("-->")
	case strings.HasPrefix(s[j:], "->") || strings.HasPrefix(s[j:], "=>"):
		j += len("->")
	case strings.HasPrefix(s[j:], "→"):
		j += len("→")
	case j < len(s) && s[j] == '-':
		j++
	case strings.HasPrefix(s[j:], "–") || strings.HasPrefix(s[j:], "—"):
		j += len("–")
	case j > i && (hasWordFold(s, j, "to") || hasWordFold(s, j, "till")):
		j = wordEnd(s, j)
		if k := skipSpaces(s, j); k > j {
			return k, true
		}
		return i, false
	case j > i && hasWordFold(s, j, "until"):
		j += len("until")
		if k := skipSpaces(s, j); k > j {
			return k, true
		}
		return i, false
	default:
		return i, false
	}
	return skipSpaces(s, j), true
}

// shareMeridiem lends the am/pm of one end of a range to the other
// ("2:30–2:45pm", "11am–1:30"), choosing the reading where the range runs
// forwards.
func shareMeridiem(start, end *clock) {
	switch {
	case start.meridiem == 0 && end.meridiem != 0 && 1 <= start.hour && start.hour <= 12:
		start.meridiem = end.meridiem
		if start.minutes() > end.minutes() {
			start.meridiem = other(end.meridiem)
		}
		start.bare = false
	case end.meridiem == 0 && start.meridiem != 0 && 1 <= end.hour && end.hour <= 12:
		end.meridiem = start.meridiem
		if end.minutes() < start.minutes() {
			end.meridiem = other(start.meridiem)
		}
	}
}

func other(meridiem byte) byte {
	if meridiem == 'a' {
		return 'p'
	}
	return 'a'
}

// shareZone gives a zone written on one end of a range to the other.
func shareZone(start, end *Expr) {
	switch {
	case start.HasZone && !end.HasZone:
		end.Zone, end.Offset, end.HasZone = start.Zone, start.Offset, true
	case end.HasZone && !start.HasZone:
		start.Zone, start.Offset, start.HasZone = end.Zone, end.Offset, true
	}
}
