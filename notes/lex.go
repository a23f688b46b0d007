package notes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lineKind is the shape of one line of notes.
type lineKind int

const (
	lineBlank lineKind = iota
	lineHeading
	lineItem      // a bullet or numbered item
	lineRow       // a table row
	lineRule      // a table separator row or a horizontal rule
	lineFence     // ``` or ~~~
	lineCode      // inside a fenced block
	lineText      // prose
	lineUnderline // a setext underline (=== or ---) under a heading
)

// token is one lexed line.
type token struct {
	kind  lineKind
	text  string // content without markup (heading title, item text, prose)
	raw   string
	line  int
	level int // heading level (1-6); for items, the indent depth
	// numbered is set for "1." items; task is set for "- [ ]" items and
	// checked for "- [x]".
	numbered, task, checked bool
	cells                   []string // table cells
	uncertain               bool     // the board reader was unsure of this line
	// mention is set for a heading known only by a section's word in a
	// short plain line ("Rollback notes"), not by its whole title, a
	// colon or markup: in a list of action items such a line is an item
	// ("Test rollback in staging").
	mention bool
}

// lexLine classifies one line. Headings in the forms people type them:
// "# Title" (any level), "== Title ==", "TIMELINE:", a bold-only line
// "**Timeline**", and a known section name alone on a line ("Timeline").
// Setext underlines are resolved by the caller, which sees the next line.
func lexLine(raw string) token {
	t := lexShape(raw)
	// Runs of spaces inside a line carry no meaning in notes; one space
	// keeps every later step (and the document round trip) simple.
	t.text = oneSpace(t.text)
	for i, c := range t.cells {
		t.cells[i] = oneSpace(c)
	}
	return t
}

func oneSpace(s string) string {
	if !strings.Contains(s, "  ") && !strings.ContainsAny(s, "\t\u00a0") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// lexShape finds the shape of a line and its content.
func lexShape(raw string) token {
	t := token{raw: raw}
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		t.kind = lineBlank
		return t
	case strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~"):
		t.kind = lineFence
		return t
	}
	if n := headingLevel(s); n > 0 {
		t.kind, t.level = lineHeading, n
		t.text = cleanTitle(strings.TrimSpace(strings.TrimRight(s[n:], "#")))
		return t
	}
	if strings.HasPrefix(s, "==") && strings.HasSuffix(s, "==") && len(s) > 4 {
		inner := strings.Trim(s, "= ")
		if inner != "" {
			t.kind, t.level, t.text = lineHeading, 2, cleanTitle(inner)
			return t
		}
	}
	if isUnderline(s) {
		t.kind = lineUnderline
		return t
	}
	if s[0] == '|' || strings.Count(s, "|") >= 2 && !strings.Contains(s, "||") {
		cells := splitRow(s)
		if isSeparatorRow(cells) {
			t.kind = lineRule
			return t
		}
		t.kind, t.cells = lineRow, cells
		t.text = strings.Join(nonEmpty(cells), " — ")
		return t
	}
	if isRule(s) {
		t.kind = lineRule
		return t
	}
	if text, depth, numbered, ok := itemText(raw); ok {
		t.kind, t.level, t.numbered = lineItem, depth, numbered
		text, t.task, t.checked = taskBox(text)
		t.text = text
		return t
	}
	if title, mention, ok := bareHeading(s); ok {
		t.kind, t.level, t.text, t.mention = lineHeading, 2, title, mention
		return t
	}
	t.kind, t.text = lineText, s
	return t
}

// headingLevel returns the level of an ATX heading ("## Title"), or 0.
func headingLevel(s string) int {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(s) && s[n] != ' ' && s[n] != '\t') {
		return 0
	}
	return n
}

// bareHeading recognises headings without Markdown markup: "TIMELINE:",
// "Timeline:", "**Timeline**", "Timeline". A line that is only a known
// section title (optionally with a colon, bold or underscores) is a heading,
// and so is one with a section's word in it and no digits, when it is short
// ("Rollback notes") or ends in a colon; an all-caps line ending in a colon
// is one whatever it says. mention reports a heading known only by a
// section's word in a plain line, with no colon or markup (see
// token.mention).
func bareHeading(s string) (title string, mention, ok bool) {
	if len(s) > 60 {
		return "", false, false
	}
	plain := strings.TrimSpace(strings.Trim(s, "*_"))
	colon := strings.HasSuffix(plain, ":")
	inner := strings.TrimSpace(strings.Trim(strings.TrimSuffix(plain, ":"), "*_"))
	if inner == "" || strings.ContainsAny(inner, ":|@") {
		// (a line that names an owner, "Test rollback in staging @sam", is
		// an item, never a heading)
		return "", false, false
	}
	if colon && isUpper(inner) && len(strings.Fields(inner)) <= 6 {
		return cleanTitle(inner), false, true
	}
	_, exact := sectionTitles[normTitle(inner)]
	if !exact && (strings.ContainsAny(inner, "0123456789") || len(strings.Fields(inner)) > 5 && !colon) {
		// A line that only mentions a section's word is a line of the
		// section ("helm rollback api 41", "Our CI didn't warn about any
		// failure."), unless it introduces what follows ("The following
		// action items are already completed:").
		return "", false, false
	}
	if kind := Classify(inner); kind != "" && kind != "other" {
		return cleanTitle(inner), !exact && !colon && plain == s, true
	}
	return "", false, false
}

func isUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 3
}

// cleanTitle strips Markdown emphasis and a leading section number
// ("4. Timeline of Events") from a heading.
func cleanTitle(s string) string {
	s = strings.TrimSpace(strings.Trim(s, "*_`"))
	s = strings.TrimSuffix(s, ":")
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9') {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && i+1 < len(s) && s[i+1] == ' ' {
		s = strings.TrimSpace(s[i+1:])
	}
	return strings.TrimSpace(strings.Trim(s, "*_"))
}

func isUnderline(s string) bool {
	if len(s) < 3 {
		return false
	}
	return strings.Trim(s, "=") == "" || (strings.Trim(s, "-") == "")
}

func isRule(s string) bool {
	c := strings.ReplaceAll(s, " ", "")
	if len(c) < 3 {
		return false
	}
	for _, ch := range []string{"-", "*", "_", "="} {
		if strings.Trim(c, ch) == "" {
			return true
		}
	}
	return false
}

// itemText recognises a list item: "- x", "* x", "+ x", "• x", "1. x",
// "1) x", "a) x". depth counts indentation in steps of two spaces.
func itemText(raw string) (text string, depth int, numbered bool, ok bool) {
	indent := 0
	for _, r := range raw {
		if r == ' ' {
			indent++
		} else if r == '\t' {
			indent += 4
		} else {
			break
		}
	}
	s := strings.TrimLeft(raw, " \t")
	depth = indent / 2
	r, size := utf8.DecodeRuneInString(s)
	switch r {
	case '-', '*', '+', '•', '–', '—', '·', '>':
		rest := s[size:]
		if rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			return "", 0, false, false
		}
		if r == '*' && strings.HasPrefix(strings.TrimSpace(rest), "*") {
			return "", 0, false, false
		}
		return strings.TrimSpace(rest), depth, false, true
	}
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 && len(s) > 1 && s[0] >= 'a' && s[0] <= 'z' && s[1] == ')' {
		i = 1
	}
	if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && (s[i+1] == ' ' || s[i+1] == '\t') {
		return strings.TrimSpace(s[i+1:]), depth, true, true
	}
	return "", 0, false, false
}

// taskBox strips a Markdown task box: "[ ] x", "[x] x", "[] x".
func taskBox(s string) (text string, task, checked bool) {
	for _, box := range []string{"[ ]", "[]"} {
		if strings.HasPrefix(s, box) {
			return strings.TrimSpace(s[len(box):]), true, false
		}
	}
	if strings.HasPrefix(s, "[x]") || strings.HasPrefix(s, "[X]") {
		return strings.TrimSpace(s[3:]), true, true
	}
	return s, false, false
}

func splitRow(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	parts := strings.Split(s, "|")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

func isSeparatorRow(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, ":- ") != "" {
			return false
		}
	}
	return true
}

func nonEmpty(cells []string) []string {
	out := make([]string, 0, len(cells))
	for _, c := range cells {
		if c != "" && c != "-" && c != "—" && !strings.EqualFold(c, "n/a") { // "-": nothing in the cell
			out = append(out, c)
		}
	}
	return out
}
