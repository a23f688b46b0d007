package timeline

import "strings"

const hour = 3600

// zones maps the zone abbreviations Hindsight knows to their offsets in
// seconds east of UTC. Ambiguous names take the meaning most common in
// deployment notes: CST is US Central, IST is India, BST is British Summer
// Time.
var zones = map[string]int{
	"UTC": 0, "GMT": 0,
	"PST": -8 * hour, "PDT": -7 * hour,
	"MST": -7 * hour, "MDT": -6 * hour,
	"CST": -6 * hour, "CDT": -5 * hour,
	"EST": -5 * hour, "EDT": -4 * hour,
	"AKST": -9 * hour, "AKDT": -8 * hour,
	"HST": -10 * hour,
	"WET": 0, "WEST": 1 * hour,
	"BST": 1 * hour,
	"CET": 1 * hour, "CEST": 2 * hour,
	"EET": 2 * hour, "EEST": 3 * hour,
	"MSK": 3 * hour,
	"IST": 5*hour + 30*60,
	"SGT": 8 * hour, "HKT": 8 * hour,
	"JST": 9 * hour, "KST": 9 * hour,
	"AEST": 10 * hour, "AEDT": 11 * hour,
	"NZST": 12 * hour, "NZDT": 13 * hour,
}

// Zone returns the offset (seconds east of UTC) of a zone as written: an
// abbreviation from the list in the package documentation ("UTC", "PST",
// "CEST", "IST"), "Z", a numeric offset ("+02:00", "+0200", "-07:00") or
// UTC/GMT with an offset ("UTC+2", "GMT-8", "UTC+05:30"). Surrounding
// whitespace and parentheses are ignored and letters may be in any case. ok
// is false when the zone is unknown.
func Zone(s string) (offset int, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "Z" || s == "z" {
		return 0, true
	}
	u := strings.ToUpper(s)
	_, offset, n, ok := readZone(u, 0, true)
	if !ok || n != len(u) {
		return 0, false
	}
	return offset, true
}

// readZone reads a zone starting at s[i]: an abbreviation (upper case, or
// "utc"/"gmt" in any case), UTC/GMT with an offset, or a numeric offset. It
// returns the normalised name, the offset and the end of the zone. minus
// allows "-07:00"; otherwise a hyphen before HH:MM starts a range end and
// only "-0700" is an offset.
func readZone(s string, i int, minus bool) (name string, offset, end int, ok bool) {
	if i >= len(s) {
		return "", 0, i, false
	}
	if s[i] == '+' || s[i] == '-' {
		return readOffset(s, i, minus)
	}
	j := i
	for j < len(s) && j-i < 5 && isLetter(s[j]) {
		j++
	}
	if j == i || (j < len(s) && isWordByte(s[j])) {
		return "", 0, i, false
	}
	word := s[i:j]
	if strings.EqualFold(word, "UTC") || strings.EqualFold(word, "GMT") {
		word = strings.ToUpper(word)
		// "UTC+2", "GMT-8", "UTC+05:30": a signed offset glued to the name.
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			if h, m, k, ok := readHourOffset(s, j+1); ok {
				off := h*hour + m*60
				if s[j] == '-' {
					off = -off
				}
				if validOffset(off) {
					return word + s[j:k], off, k, true
				}
			}
		}
		return word, 0, j, true
	}
	off, known := zones[word]
	if !known {
		return "", 0, i, false
	}
	return word, off, j, true
}

// readOffset reads "+02:00", "+0200" or "-07:00" at s[i] and returns it as
// "+02:00". A hyphen followed by HH:MM is read only when minus is set.
func readOffset(s string, i int, minus bool) (name string, offset, end int, ok bool) {
	sign := 1
	if s[i] == '-' {
		sign = -1
	}
	h, ok := twoDigits(s, i+1)
	if !ok {
		return "", 0, i, false
	}
	j := i + 3
	if j < len(s) && s[j] == ':' {
		if sign < 0 && !minus {
			return "", 0, i, false
		}
		j++
	}
	m, ok := twoDigits(s, j)
	if !ok {
		return "", 0, i, false
	}
	j += 2
	off := sign * (h*hour + m*60)
	if j < len(s) && (isDigit(s[j]) || s[j] == ':') || m > 59 || !validOffset(off) {
		return "", 0, i, false
	}
	return formatOffset(off), off, j, true
}

// readHourOffset reads the "2", "02", "05:30" or "0530" after "UTC+".
func readHourOffset(s string, i int) (h, m, end int, ok bool) {
	j := i
	for j < len(s) && isDigit(s[j]) && j-i < 4 {
		j++
	}
	switch n := j - i; {
	case n == 1 || n == 2:
		h = atoi(s[i:j])
		if j+2 < len(s) && s[j] == ':' {
			if mm, ok := twoDigits(s, j+1); ok {
				m, j = mm, j+3
			}
		}
	case n == 4:
		h, m = atoi(s[i:i+2]), atoi(s[i+2:j])
	default:
		return 0, 0, i, false
	}
	if j < len(s) && isDigit(s[j]) || h > 14 || m > 59 {
		return 0, 0, i, false
	}
	return h, m, j, true
}

// validOffset reports whether off is a real offset: -12:00 to +14:00.
func validOffset(off int) bool { return -12*hour <= off && off <= 14*hour }

// formatOffset writes an offset as "+02:00".
func formatOffset(off int) string {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	h, m := off/hour, off%hour/60
	return string([]byte{sign, byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10)})
}
