package timeline

import (
	"fmt"
	"strings"
)

// Leading returns the time expression that begins the entry s, and the
// rest of the entry. Before the time it skips whitespace, a bullet ("-",
// "*", "+", "•", "1.", "1)"), a table pipe "|", a bracket "[" or "(",
// bold or code marks ("**", "*", "`", "<b>"), and "At"/"at". A leading "~"
// stays part of the expression and marks it approximate. Between the time
// and the rest it trims arrows ("->", "-->", "=>", "→", "⇒"), "—", "–",
// "-", ":", "|", "]", ")", ",", ".", "**", "`" and whitespace. ok is false when s does not begin with a time
// expression. A date alone does not begin an entry; a dated clock does
// ("2026-11-20 14:32 — deploy"), and so does the log-style "[03-26 02:50]".
func Leading(s string) (e Expr, rest string, ok bool) {
	e, ok = scan(s, skipEntryPrefix(s), true)
	if !ok {
		return Expr{}, "", false
	}
	return e, trimSeparators(s[e.End:]), true
}

// entryPrefixes are the marks skipped before the time of an entry, longest
// first where one is a prefix of another.
var entryPrefixes = []string{"<strong>", "<b>", "**", "__", "*", "|", "[", "(", "`", "•"}

// skipEntryPrefix returns the offset of the first byte of s after the
// marks that may stand before the time of an entry.
func skipEntryPrefix(s string) int {
	i := 0
	for {
		i = skipBlank(s, i)
		j := skipOnePrefix(s, i)
		if j == i {
			return i
		}
		i = j
	}
}

// skipOnePrefix skips one entry mark at s[i], or returns i.
func skipOnePrefix(s string, i int) int {
	rest := s[i:]
	for _, p := range entryPrefixes {
		if strings.HasPrefix(rest, p) {
			return i + len(p)
		}
	}
	switch {
	case rest == "":
		return i
	case (rest[0] == '-' || rest[0] == '+') && len(rest) > 1 && isBlank(rest[1]):
		return i + 1 // a bullet; "+10 min" is a relative time
	case hasWordFold(s, i, "at") && len(rest) > 2 && isBlank(rest[2]):
		return i + 2
	}
	// a numbered item: "1." or "12)" followed by a blank
	if j, ok := digitRun(s, i, 3); ok && j+1 < len(s) && (s[j] == '.' || s[j] == ')') && isBlank(s[j+1]) {
		return j + 1
	}
	return i
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func skipBlank(s string, i int) int {
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	return i
}

// separators are trimmed between the time of an entry and its text; an
// arrow ("14:15 -> paged on-call", common on whiteboards) before its own
// first character.
var separators = []string{"</strong>", "</b>", "-->", "->", "=>", "→", "⇒", "—", "–", "-", ":", "|", "]", ")", ",", ".", "**", "*", "`", "__"}

// trimSeparators trims the separators and blanks that start s.
func trimSeparators(s string) string {
	for {
		t := strings.TrimLeft(s, " \t\r\n")
		for _, p := range separators {
			if strings.HasPrefix(t, p) {
				t = t[len(p):]
				break
			}
		}
		if t == s {
			return s
		}
		s = t
	}
}

// Parse parses s as exactly one time expression, with surrounding
// whitespace allowed, or returns an error saying why it is not one.
func Parse(s string) (Expr, error) {
	i := skipBlank(s, 0)
	t := strings.TrimRight(s, " \t\r\n")
	if i >= len(t) {
		return Expr{}, fmt.Errorf("parse time %q: empty", s)
	}
	e, ok := scan(t, i, true)
	if !ok {
		return Expr{}, fmt.Errorf("parse time %q: %s", s, whyNot(t[i:]))
	}
	if e.End != len(t) {
		return Expr{}, fmt.Errorf("parse time %q: unexpected %q after %q", s, strings.TrimSpace(t[e.End:]), e.Text)
	}
	return e, nil
}

// whyNot explains why s is not a time expression.
func whyNot(s string) string {
	if j, ok := digitRun(s, 0, 2); ok && j+2 < len(s) && (s[j] == ':' || s[j] == '.') {
		h, m := atoi(s[:j]), 0
		if k, ok := digitRun(s, j+1, 2); ok {
			m = atoi(s[j+1 : k])
		}
		switch {
		case h > 23:
			return fmt.Sprintf("hour %d is out of range (0-23)", h)
		case m > 59:
			return fmt.Sprintf("minute %d is out of range (0-59)", m)
		}
	}
	return "not a time expression (want a clock such as 14:32, 2:32pm or 2026-11-20 14:32, or a relative time such as T+5m or 10 minutes later)"
}
