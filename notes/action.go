package notes

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/timeline"
)

var (
	reAt            = regexp.MustCompile(`(?:^|[\s(\[,])@(\p{L}[\p{L}\p{N}_.-]*[\p{L}\p{N}])`)
	reOwnerKey      = regexp.MustCompile(`(?:\b(?i:owner|assignee|who)\s*[:=]\s*|\b(?i:owned by|assigned to)\s+)@?(\p{L}[\p{L}\p{N}_.-]*(?:\s\p{Lu}\p{Ll}+)?)`)
	reInPeriod      = regexp.MustCompile(`(?i)\bin (\d{1,3}) (days?|weeks?|months?)\b|\bnext week\W*$`)
	reParenName     = regexp.MustCompile(`\((\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)\)`)
	rePriority      = regexp.MustCompile(`\b[Pp]([0-3])\b`)
	rePrioWord      = regexp.MustCompile(`(?i)(?:\bpriority\s*[:=]?\s*(critical|urgent|high|medium|med|normal|low)\b|\b(critical|urgent|high|medium|med|low)\s+priority\b|[(\[](critical|urgent|high|medium|med|low)[)\]])`)
	reEmptyBrackets = regexp.MustCompile(`[(\[][\s,;:/—–-]*[)\]]`)
	reStatus        = regexp.MustCompile(`(?i)[(\[](done|completed|complete|in progress|wip|accepted|won'?t do|wont do|cancelled|verified)[)\]]|✅`)
)

// maxDueLen is the longest due date read ("by end of the month" is 19).
const maxDueLen = 40

// notNames are capitalised words in parentheses that are not owners.
var notNames = map[string]bool{}

// noOwner are what trackers write in an owner column that has none.
var noOwner = map[string]bool{"unassigned": true, "none": true, "nobody": true, "tbd": true, "n/a": true, "-": true, "—": true, "?": true}

func init() {
	for _, w := range []string{"High", "Low", "Medium", "Med", "Critical", "Urgent", "Done", "Completed", "Wip",
		"Optional", "Maybe", "Later", "Todo", "Blocked", "Ongoing", "Accepted", "Verified", "Required", "Tbd", "Unverified",
		"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Staging", "Production", "Prod",
		"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
		"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Tomorrow", "Today", "Next", "Eow", "Eom"} {
		notNames[w] = true
	}
}

// actions reads the items of every action-item section.
func (p *parser) actions() {
	n := p.n
	ref := time.Time{}
	if n.Year > 0 {
		ref = time.Date(n.Year, time.Month(n.Month), n.Day, 0, 0, 0, 0, time.UTC)
	}
	for si, s := range n.Sections {
		if s.Kind != hindsight.SectionActions {
			continue
		}
		for _, it := range s.Items {
			if strings.TrimSpace(it.Text) == "" {
				continue
			}
			a := ParseAction(it.Text, ref)
			if len(it.Cells) > 0 && len(it.Header) == len(it.Cells) {
				a = actionFromRow(it, ref)
			}
			if it.Task && it.Checked {
				a.Status = hindsight.StatusDone
			}
			a.Line, a.Section = it.Line, si
			n.Actions = append(n.Actions, a)
		}
	}
}

// ParseAction reads an action item as people write it: "Add a canary stage
// @dana P1 due 2026-12-01", "Version lock Flux (owner: sam, high, by Dec 1)",
// "Alert on 5xx rate (Dana)". ref is the date of the notes, used for due
// dates without a year or relative to it ("by Friday"); it may be zero.
func ParseAction(s string, ref time.Time) Action {
	a := Action{Raw: s, Status: hindsight.StatusProposed}
	text := s
	lower := asciiLower(s) // for quick "could this field be here" checks only
	bracket := strings.ContainsAny(s, "([")
	cut := func(loc []int) {
		text = text[:loc[0]] + " " + text[loc[1]:]
	}
	// Each regexp runs only when a word it needs is present: most items
	// carry one or two fields, and regexps are the cost of this function.
	if m := status(text, bracket); m != nil {
		word := strings.ToLower(text[m[0]:m[1]])
		switch {
		case strings.Contains(word, "progress"), strings.Contains(word, "wip"):
			a.Status = hindsight.StatusInProgress
		case strings.Contains(word, "accepted"):
			a.Status = hindsight.StatusAccepted
		case strings.Contains(word, "verified"):
			a.Status = hindsight.StatusVerified
		case strings.Contains(word, "won"), strings.Contains(word, "wont"), strings.Contains(word, "cancel"):
			a.Status = hindsight.StatusWontDo
		default:
			a.Status = hindsight.StatusDone
		}
		cut(m[:2])
	}
	if m := ownerKey(text, lower); m != nil {
		a.Owner = text[m[2]:m[3]]
		cut(m[:2])
	} else if m := atHandle(text); m != nil {
		a.Owner = text[m[2]:m[3]]
		cut([]int{m[2] - 1, m[3]})
	}
	if m := priorityCode(text, lower); m != nil {
		a.Priority = hindsight.Priority("P" + text[m[2]:m[3]])
		cut(m[:2])
	} else if m := prioWord(text, lower, bracket); m != nil {
		for g := 2; g < len(m); g += 2 {
			if m[g] >= 0 {
				a.Priority = priorityWord(text[m[g]:m[g+1]])
			}
		}
		cut(m[:2])
	}
	for _, m := range dueKeys(text) {
		// A due date is a few words: looking further would make long items
		// quadratic, one look per "by" or "due".
		rest := text[m[1]:]
		if len(rest) > maxDueLen {
			rest = rest[:maxDueLen]
		}
		end := strings.IndexAny(rest, ",;()[]|")
		if end < 0 {
			end = len(rest)
		}
		if strings.EqualFold(text[m[0]:m[0]+2], "by") && fraction(rest[:end]) {
			continue // "cut the pool by 3/4"
		}
		if due, ok := dueDate(rest[:end], ref); ok {
			a.Due = due
			cut([]int{m[0], m[1] + end})
			break
		}
	}
	if m := inPeriod(text, lower); a.Due == "" && m != nil {
		if due, ok := dueDate(text[m[0]:m[1]], ref); ok {
			a.Due = due
			cut(m)
		}
	}
	if a.Due == "" {
		// A date standing alone in a comma-separated field ("..., Dec 1").
		for _, f := range strings.Split(text, ",") {
			if fraction(f) {
				continue // "Reduce replicas, 1/2"
			}
			if due, ok := dueDate(f, ref); ok && len(strings.Fields(f)) <= 4 {
				a.Due = due
				text = strings.Replace(text, f, " ", 1)
				break
			}
		}
	}
	if a.Owner == "" && bracket {
		for _, m := range reParenName.FindAllStringSubmatchIndex(text, -1) {
			name := text[m[2]:m[3]]
			if !notNames[strings.Fields(name)[0]] {
				a.Owner = name
				cut(m[:2])
				break
			}
		}
	}
	if a.Priority == "" {
		for _, f := range strings.Split(text, ",") {
			// "(owned by mei, medium)": the owner cut, the priority is a
			// field with the bracket that closed them.
			if p := priorityWord(strings.Trim(f, " ()[]")); p != "" {
				a.Priority = p
				text = strings.Replace(text, strings.TrimRight(f, ")]"), " ", 1)
				break
			}
		}
	}
	a.Text = tidy(text)
	if a.Text == "" {
		a.Text = strings.TrimSpace(s)
	}
	return a
}

func status(text string, bracket bool) []int {
	if !bracket && !strings.Contains(text, "✅") {
		return nil
	}
	return reStatus.FindStringSubmatchIndex(text)
}

func ownerKey(text, lower string) []int {
	if !containsAny(lower, "owner", "owned by", "assign", "who") {
		return nil
	}
	return reOwnerKey.FindStringSubmatchIndex(text)
}

func prioWord(text, lower string, bracket bool) []int {
	if !bracket && !strings.Contains(lower, "priority") {
		return nil
	}
	return rePrioWord.FindStringSubmatchIndex(text)
}

func atHandle(text string) []int {
	if !strings.Contains(text, "@") {
		return nil
	}
	return reAt.FindStringSubmatchIndex(text)
}

func priorityCode(text, lower string) []int {
	if !containsAny(lower, "p0", "p1", "p2", "p3") {
		return nil
	}
	return rePriority.FindStringSubmatchIndex(text)
}

func inPeriod(text, lower string) []int {
	if !strings.Contains(lower, "in ") && !strings.Contains(lower, "next week") {
		return nil
	}
	return reInPeriod.FindStringIndex(text)
}

// weekdays are the names of the days of the week, lower case.
var weekdays = map[string]time.Weekday{
	"mon": time.Monday, "monday": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "thu": time.Thursday, "thur": time.Thursday,
	"thurs": time.Thursday, "thursday": time.Thursday, "fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday, "sun": time.Sunday, "sunday": time.Sunday,
}

// dueWords introduce a due date ("due 2026-12-01", "by Friday").
var dueWords = []string{"due date", "due", "by", "deadline", "target", "eta", "until"}

// dueKeys returns the spans of the due words in text (at word boundaries,
// with a following ":" or "=" and spaces), in order: what reDue matches,
// found without a regexp since nearly every action item has one.
func dueKeys(text string) [][]int {
	lower := asciiLower(text) // text has had fields cut: look at it as it is now
	var out [][]int
	for i := 0; i < len(lower); i++ {
		if i > 0 && isWordByte(lower[i-1]) {
			continue
		}
		for _, w := range dueWords {
			if !strings.HasPrefix(lower[i:], w) || (i+len(w) < len(lower) && isWordByte(lower[i+len(w)])) {
				continue
			}
			end := i + len(w)
			for end < len(lower) && (lower[end] == ' ' || lower[end] == '\t') {
				end++
			}
			if end < len(lower) && (lower[end] == ':' || lower[end] == '=') {
				end++
				for end < len(lower) && (lower[end] == ' ' || lower[end] == '\t') {
					end++
				}
			}
			out = append(out, []int{i, end})
			i = end - 1
			break
		}
	}
	return out
}

// asciiLower lower-cases ASCII letters only, so offsets into the result are
// offsets into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func priorityWord(w string) hindsight.Priority {
	switch strings.ToLower(w) {
	case "critical", "urgent", "blocker", "highest": // Jira's five: Highest to Lowest
		return hindsight.P0
	case "high":
		return hindsight.P1
	case "medium", "med", "normal":
		return hindsight.P2
	case "low", "lowest":
		return hindsight.P3
	}
	return ""
}

// dueDate reads a due date: an absolute date in any form FindDate knows
// (the year taken from ref when missing), or one relative to ref: "today",
// "tomorrow", a weekday ("Friday", "next Friday"), "next week", "end of
// week" / "EOW", "end of month" / "EOM", "in 2 weeks".
func dueDate(s string, ref time.Time) (string, bool) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "()[]*_.:"))
	if s == "" || len(s) > 40 {
		return "", false
	}
	// The date starts the words after "due" or "by" ("reviewed by DBA @kai
	// due 2026-10-05" is reviewed by the DBA), after "on", "by", "before",
	// "~" or its weekday: "due on 2026-12-01", "due by Dec 3", "due Mon
	// 2026-03-16", "Wed, Mar 18".
	for {
		l := strings.ToLower(s)
		cut := ""
		for _, p := range []string{"on ", "by ", "before ", "~"} {
			if strings.HasPrefix(l, p) {
				cut = s[len(p):]
				break
			}
		}
		if f := strings.Fields(l); cut == "" && len(f) > 1 {
			if _, day := weekdays[strings.TrimRight(f[0], ",.")]; day {
				cut = s[len(f[0]):]
			}
		}
		if cut == "" {
			break
		}
		s = strings.TrimSpace(cut)
	}
	if y, m, d, ok := timeline.DateAt(s); ok {
		if y == 0 {
			if ref.IsZero() {
				return "", false
			}
			y = ref.Year()
			if time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Before(ref) {
				y++
			}
		}
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), true
	}
	if ref.IsZero() {
		return "", false
	}
	if m, d, ok := timeline.DayMonth(s); ok {
		t := time.Date(ref.Year(), time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Before(ref) {
			t = t.AddDate(1, 0, 0)
		}
		if t.Day() != d {
			return "", false // 29/2 in a year without one
		}
		return t.Format("2006-01-02"), true
	}
	l := strings.ToLower(s)
	l = strings.TrimPrefix(l, "next ")
	day := func(t time.Time) (string, bool) { return t.Format("2006-01-02"), true }
	switch l {
	case "today", "eod", "end of day":
		return day(ref)
	case "tomorrow":
		return day(ref.AddDate(0, 0, 1))
	case "week":
		return day(ref.AddDate(0, 0, 7))
	case "eow", "end of week", "end of the week":
		return day(nextWeekday(ref, time.Friday))
	case "eom", "end of month", "end of the month":
		return day(time.Date(ref.Year(), ref.Month()+1, 0, 0, 0, 0, 0, time.UTC))
	}
	if wd, ok := weekdays[l]; ok {
		return day(nextWeekday(ref, wd))
	}
	var k int
	var unit string
	if n, _ := sscanIn(l, &k, &unit); n == 2 {
		switch strings.TrimSuffix(unit, "s") {
		case "day":
			return day(ref.AddDate(0, 0, k))
		case "week":
			return day(ref.AddDate(0, 0, 7*k))
		case "month":
			return day(ref.AddDate(0, k, 0))
		}
	}
	return "", false
}

// fraction reports whether s is a numeric date without a year that could
// as well be a fraction ("3/4", "1/2"): both numbers 12 or under.
func fraction(s string) bool {
	m, d, ok := timeline.DayMonth(strings.TrimSpace(s))
	return ok && m <= 12 && d <= 12
}

// sscanIn reads "in 2 weeks" into k and unit.
func sscanIn(s string, k *int, unit *string) (int, error) {
	f := strings.Fields(s)
	if len(f) != 3 || f[0] != "in" {
		return 0, nil
	}
	n := 0
	for _, c := range f[1] {
		if c < '0' || c > '9' {
			return 0, nil
		}
		n = n*10 + int(c-'0')
	}
	*k, *unit = n, f[2]
	return 2, nil
}

// nextWeekday returns the first wd strictly after ref.
func nextWeekday(ref time.Time, wd time.Weekday) time.Time {
	d := (int(wd) - int(ref.Weekday()) + 7) % 7
	if d == 0 {
		d = 7
	}
	return ref.AddDate(0, 0, d)
}

// tidy removes the separators and empty brackets left where markup was cut.
func tidy(s string) string {
	fields := strings.Fields(s)
	kept := fields[:0]
	for _, f := range fields {
		// A separator standing alone ("—", "·") is dropped when another
		// one, or the end, follows: it separated fields that were cut.
		if isSeparator(f) && (len(kept) == 0 || isSeparator(kept[len(kept)-1])) {
			continue
		}
		kept = append(kept, f)
	}
	for len(kept) > 0 && isSeparator(kept[len(kept)-1]) {
		kept = kept[:len(kept)-1]
	}
	s = strings.Join(kept, " ")
	s = reEmptyBrackets.ReplaceAllString(s, "")
	for {
		t := strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ",;—–-|:"))
		t = strings.ReplaceAll(t, " ,", ",")
		t = strings.ReplaceAll(t, ",,", ",")
		if t == s {
			break
		}
		s = t
	}
	return strings.Join(strings.Fields(s), " ")
}

func isSeparator(f string) bool {
	return strings.Trim(f, "—–-·•|,;:/") == ""
}

// actionFromRow reads an action item from a table row by its headers.
func actionFromRow(it Item, ref time.Time) Action {
	var text, refs []string
	a := Action{Raw: it.Text, Status: hindsight.StatusProposed}
	for i, h := range it.Header {
		v := strings.TrimSpace(it.Cells[i])
		switch normTitle(h) {
		case "", "no", "nr", "n": // "#": the row's number
			if strings.Trim(v, "0123456789.") != "" {
				text = append(text, v)
			}
		case "key", "jira", "ticket", "issue", "jira ticket", "ticket id", "tracker", "ref", "link":
			if v != "" && v != "-" {
				refs = append(refs, v) // a tracker's key follows the text
			}
		case "owner", "assignee", "who", "responsible", "assigned to":
			if !noOwner[strings.ToLower(v)] {
				a.Owner = strings.TrimPrefix(v, "@")
			}
		case "priority", "prio", "severity":
			if p := rePriority.FindStringSubmatch(v); p != nil {
				a.Priority = hindsight.Priority("P" + p[1])
			} else {
				a.Priority = priorityWord(v)
			}
		case "due", "due date", "deadline", "target", "target date", "by", "eta", "when":
			if d, ok := dueDate(v, ref); ok {
				a.Due = d
			} else if y, m, d, ok := timeline.FindDate(v); ok && y > 0 {
				a.Due = fmt.Sprintf("%04d-%02d-%02d", y, m, d) // the cell is the due date: "Sprint 12 (2026-03-30)"
			} else {
				a.DueText = v
			}
		case "status", "state", "done":
			b := ParseAction("("+v+")", ref)
			a.Status = b.Status
		default:
			if v != "" {
				text = append(text, v)
			}
		}
	}
	a.Text = strings.Join(text, " — ")
	if len(refs) > 0 {
		a.Text += " (" + strings.Join(refs, ", ") + ")"
	}
	return a
}
