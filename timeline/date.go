package timeline

var monthNames = [...]string{"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"}

// readMonth reads a month name at s[i]: the full name or its first three
// letters ("Sept" too), in any case, optionally followed by a dot.
func readMonth(s string, i int) (month, end int, ok bool) {
	j := wordEnd(s, i)
	n := j - i
	if n < 3 || n > 9 || j < len(s) && isDigit(s[j]) {
		return 0, i, false
	}
	for m, name := range monthNames {
		if n != 3 && n != len(name) && !(m == 8 && n == 4) {
			continue
		}
		if hasPrefixFold(name, s[i:j]) {
			if j < len(s) && s[j] == '.' {
				j++
			}
			return m + 1, j, true
		}
	}
	return 0, i, false
}

// hasPrefixFold reports whether name (lower case) begins with w in any case.
func hasPrefixFold(name, w string) bool {
	if len(w) > len(name) {
		return false
	}
	for k := 0; k < len(w); k++ {
		if lower(w[k]) != name[k] {
			return false
		}
	}
	return true
}

// daysIn returns the number of days of month in year; year 0 (unknown)
// allows 29 February.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year == 0 || year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func validDate(y, m, d int) bool {
	return (y == 0 || 1900 <= y && y <= 2199) && 1 <= m && m <= 12 && 1 <= d && d <= daysIn(y, m)
}

// readYear reads a four-digit year at s[i] not followed by a digit or a
// colon (so "2026" is a year but "20:26" is not).
func readYear(s string, i int) (year, end int, ok bool) {
	j, ok := digitRun(s, i, 4)
	if !ok || j-i != 4 || j < len(s) && (s[j] == ':' || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1])) {
		return 0, i, false
	}
	y := atoi(s[i:j])
	if y < 1900 || y > 2199 {
		return 0, i, false
	}
	return y, j, true
}

// date is a calendar date read from text; year 0 when not written.
type date struct {
	year, month, day int
	// end is the offset just past the date.
	end int
	// named reports a month written as a capitalised name ("Nov", not
	// "nov"); only such dates may lack a year in FindDate.
	named bool
}

// readISODate reads "2026-11-20" or "2026/11/20" at s[i].
func readISODate(s string, i int) (date, bool) {
	j, ok := digitRun(s, i, 4)
	if !ok || j-i != 4 || j+1 >= len(s) || (s[j] != '-' && s[j] != '/') {
		return date{}, false
	}
	sep := s[j]
	y := atoi(s[i:j])
	m, k, ok := readNumberSep(s, j+1, sep)
	if !ok {
		return date{}, false
	}
	e, ok := digitRun(s, k, 2)
	if !ok || !validDate(y, m, atoi(s[k:e])) {
		return date{}, false
	}
	return date{year: y, month: m, day: atoi(s[k:e]), end: e}, true
}

// readNumberSep reads one or two digits at s[i] followed by sep.
func readNumberSep(s string, i int, sep byte) (n, end int, ok bool) {
	j, ok := digitRun(s, i, 2)
	if !ok || j >= len(s) || s[j] != sep {
		return 0, i, false
	}
	return atoi(s[i:j]), j + 1, true
}

// readDMY reads a numeric date with the year last: "20/11/2026",
// "28-07-2017", "27.11.2023". When the first number is over 12 it is the
// day; when only the second is over 12 the date is month-first ("11/20/2026");
// when both are 12 or under the date is read day-first ("06/04/2023" is
// 6 April), as European notes write it.
func readDMY(s string, i int) (date, bool) {
	j, ok := digitRun(s, i, 2)
	if !ok || j >= len(s) || (s[j] != '/' && s[j] != '-' && s[j] != '.') {
		return date{}, false
	}
	a, sep := atoi(s[i:j]), s[j]
	b, k, ok := readNumberSep(s, j+1, sep)
	if !ok {
		return date{}, false
	}
	y, e, ok := readYear(s, k)
	if !ok {
		return date{}, false
	}
	d, m := dayFirst(a, b)
	if !validDate(y, m, d) {
		return date{}, false
	}
	return date{year: y, month: m, day: d, end: e}, true
}

// dayFirst reads the two numbers of a numeric date as day and month: day
// first, unless only the second can be the day ("11/20" is 20 November).
func dayFirst(a, b int) (day, month int) {
	if a <= 12 && b > 12 {
		return b, a
	}
	return a, b
}

// DayMonth reads all of s as a numeric date without a year, "21/3" or
// "3/21", by the rule for numeric dates with one (dayFirst). It takes a
// slash only: "2.4" is more often a version than a date.
func DayMonth(s string) (month, day int, ok bool) {
	a, i, ok := readNumberSep(s+"/", 0, '/')
	if !ok || i == len(s)+1 {
		return 0, 0, false
	}
	b, j, ok := readNumberSep(s+"/", i, '/')
	if !ok || j != len(s)+1 {
		return 0, 0, false
	}
	day, month = dayFirst(a, b)
	return month, day, validDate(0, month, day)
}

// readMonthDay reads the log-style "03-26" (month first, no year).
func readMonthDay(s string, i int) (date, bool) {
	m, ok1 := twoDigits(s, i)
	d, ok2 := exactTwoDigits(s, i+3)
	if !ok1 || !ok2 || s[i+2] != '-' || !validDate(0, m, d) {
		return date{}, false
	}
	return date{month: m, day: d, end: i + 5}, true
}

// readOrdinalDay reads a day of the month with an optional ordinal suffix:
// "20", "1st", "23rd".
func readOrdinalDay(s string, i int) (day, end int, ok bool) {
	j, ok := digitRun(s, i, 2)
	if !ok {
		return 0, i, false
	}
	day = atoi(s[i:j])
	if j+1 < len(s) {
		if isOrdinal(lower(s[j]), lower(s[j+1])) && (j+2 == len(s) || !isLetter(s[j+2])) {
			j += 2
		}
	}
	if j < len(s) && isWordByte(s[j]) || day < 1 || day > 31 {
		return 0, i, false
	}
	return day, j, true
}

// readYearAfter reads an optional year after a day or month: ", 2026" or
// " 2026". It returns 0 and i when none is written.
func readYearAfter(s string, i int) (year, end int) {
	j := i
	if j < len(s) && s[j] == ',' {
		j++
	}
	k := skipSpaces(s, j)
	if k == j {
		return 0, i
	}
	if y, e, ok := readYear(s, k); ok && (e == len(s) || !isWordByte(s[e])) {
		return y, e
	}
	return 0, i
}

// readMonthFirst reads "Nov 20", "November 20th, 2026", "Nov. 20 2026".
func readMonthFirst(s string, i int) (date, bool) {
	m, j, ok := readMonth(s, i)
	if !ok {
		return date{}, false
	}
	k := skipSpaces(s, j)
	if k == j {
		return date{}, false
	}
	d, k, ok := readOrdinalDay(s, k)
	if !ok {
		return date{}, false
	}
	y, k := readYearAfter(s, k)
	if !validDate(y, m, d) {
		return date{}, false
	}
	return date{year: y, month: m, day: d, end: k, named: isUpper(s[i])}, true
}

// readDayFirst reads "20 Nov", "20 Nov 2026", "20th of November 2026",
// and the Scandinavian "3. February 2020".
func readDayFirst(s string, i int) (date, bool) {
	d, j, ok := readOrdinalDay(s, i)
	if !ok {
		return date{}, false
	}
	if j < len(s) && s[j] == '.' && isDigit(s[j-1]) {
		j++
	}
	k := skipSpaces(s, j)
	if k == j {
		return date{}, false
	}
	if hasWordFold(s, k, "of") {
		k = skipSpaces(s, k+2)
	}
	named := k < len(s) && isUpper(s[k])
	m, k, ok := readMonth(s, k)
	if !ok {
		return date{}, false
	}
	y, k := readYearAfter(s, k)
	if !validDate(y, m, d) {
		return date{}, false
	}
	return date{year: y, month: m, day: d, end: k, named: named}, true
}

func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

// FindDate returns the first calendar date in s; no clock is needed. It
// reads "2026-11-20", "2026/11/20", numeric dates with the year last
// ("28-07-2017", "20/11/2026", "27.11.2023"; see the package documentation
// for the day-first rule), and dates with a month name ("Nov 20, 2026",
// "November 20th 2026", "20 Nov 2026", "20th of November 2026",
// "3. February 2020"). A date with a capitalised month name may lack its
// year ("15th of February"): year is then 0. Dates glued to letters or digits ("PM2021-002") or inside
// dotted numbers (versions, addresses) are not dates; a date at the start
// of a file name ("2018-03-23-post-mortem.md") is.
func FindDate(s string) (year, month, day int, ok bool) {
	for i := 0; i < len(s); i++ {
		if i > 0 && blocksDate(s[i-1]) {
			continue
		}
		if d, ok := dateAt(s, i); ok {
			return d.year, d.month, d.day, true
		}
	}
	return 0, 0, 0, false
}

// DateAt reads a calendar date, as FindDate does, that starts s (after
// spaces): "Dec 1 — dashboards" holds one, "DBA due 2026-10-05" does not.
func DateAt(s string) (year, month, day int, ok bool) {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	if s == "" {
		return 0, 0, 0, false
	}
	d, ok := dateAt(s, 0)
	return d.year, d.month, d.day, ok
}

// blocksDate reports whether a date may not start right after b.
func blocksDate(b byte) bool { return isWordByte(b) && b != '_' || b == '.' || b == '-' || b == ':' }

// dateAt reads a date at s[i] for FindDate.
func dateAt(s string, i int) (date, bool) {
	switch b := s[i]; {
	case isDigit(b):
		if d, ok := readISODate(s, i); ok && endsDate(s, d.end) {
			return d, true
		}
		if d, ok := readDMY(s, i); ok && endsDate(s, d.end) {
			return d, true
		}
		if d, ok := readDayFirst(s, i); ok && (d.year != 0 || d.named) {
			return d, true
		}
	case isLetter(b):
		if d, ok := readMonthFirst(s, i); ok && (d.year != 0 || d.named) {
			return d, true
		}
	}
	return date{}, false
}

// endsDate reports whether a numeric date may end at s[e]: not inside a
// longer dotted, dashed or slashed number.
func endsDate(s string, e int) bool {
	if e == len(s) {
		return true
	}
	switch b := s[e]; {
	case isDigit(b):
		return false
	case b == '.' || b == '/' || b == '-' || b == ':':
		return e+1 == len(s) || !isDigit(s[e+1])
	}
	return true
}

// isOrdinal reports whether ab is an English ordinal suffix.
func isOrdinal(a, b byte) bool {
	return a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h'
}
