package notes

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/timeline"
)

// Options change how a board is read.
type Options struct {
	// Year, Month, Day, when set, is the date of the notes (hindsight snap
	// --date); it wins over any date the document implies.
	Year, Month, Day int
}

// Parse reads the notes on a board.
func Parse(b *board.Board, opt Options) *Notes {
	toks := lex(b.Blocks)
	n := &Notes{Meta: b.Meta}
	p := parser{n: n, toks: toks}
	p.sections()
	n.Title = p.title()
	p.date(b.Name, opt)
	p.zone()
	p.entries()
	p.actions()
	return n
}

// lex classifies every line, marking fenced code and resolving setext
// headings (a line underlined with === or ---).
func lex(blocks []board.Block) []token {
	blocks = chatMessages(blocks)
	toks := make([]token, 0, len(blocks))
	code := false
	for _, bl := range blocks {
		var t token
		if code {
			t = token{kind: lineCode, raw: bl.Text, text: bl.Text}
			if s := strings.TrimSpace(bl.Text); strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~") {
				t.kind = lineFence
				code = false
			}
		} else {
			t = lexLine(StripEmoji(bl.Text))
			if t.kind == lineFence {
				code = true
			}
		}
		t.line, t.uncertain = bl.Line, bl.Uncertain
		if t.kind == lineHeading && t.mention && laidOut(bl) {
			// A drawing's headings are the layout's ("## Action items");
			// a note that mentions a section ("Rollback drill") is a note.
			t.kind, t.text, t.mention = lineText, strings.TrimSpace(bl.Text), false
		}
		if t.kind == lineUnderline {
			if prev := len(toks) - 1; prev >= 0 && (toks[prev].kind == lineText || toks[prev].kind == lineHeading) && len(toks[prev].text) <= 80 {
				level := 2
				if strings.HasPrefix(strings.TrimSpace(bl.Text), "=") {
					level = 1
				}
				toks[prev].kind, toks[prev].level, toks[prev].text = lineHeading, level, cleanTitle(toks[prev].text)
			}
			t.kind = lineRule
		}
		toks = append(toks, t)
	}
	return toks
}

// A chat thread pasted from Slack or Teams: each message under a line with
// its author and time ("Priya Raman  10:02 AM"), or on that line after two
// spaces ("jmiller  11:52 AM  shipping reports-api 2.0").
var (
	chatHeader = regexp.MustCompile(`^\s*(\pL[\pL\pM.'_-]*(?:\s\pL[\pL\pM.'_-]*){0,3})\s+(\d{1,2}:\d{2}\s?[AaPp]\.?[Mm]\.?)\s*$`)
	chatLine   = regexp.MustCompile(`^\s*(\pL[\pL\pM.'_-]*(?:\s\pL[\pL\pM.'_-]*){0,3})\s{2,}(\d{1,2}:\d{2}\s?[AaPp]\.?[Mm]\.?)\s{2,}(\S.*)$`)
	emojiCode  = regexp.MustCompile(`(^|\s):[a-z][a-z0-9_+-]*:(\s|$)`)
)

// StripEmoji leaves out the emoji codes chat tools write (":rocket:",
// ":rotating_light:"), which are no words of the notes.
func StripEmoji(s string) string {
	if !strings.Contains(s, ":") {
		return s
	}
	for { // ":fire: :fire:": each match takes the space the next needs
		t := emojiCode.ReplaceAllString(s, "$1$2")
		if t == s {
			return s
		}
		s = t
	}
}

// chatMessages rewrites the messages of a pasted chat thread as timeline
// lines, "10:02 AM Priya Raman: deploying payments-svc v4.12.0 to prod", so
// each message is an entry at its time. A message's lines are one entry;
// emoji codes (":rocket:") are dropped. Other blocks are kept as they are.
func chatMessages(blocks []board.Block) []board.Block {
	if !slices.ContainsFunc(blocks, func(b board.Block) bool { return chatHeader.MatchString(b.Text) || chatLine.MatchString(b.Text) }) {
		return blocks
	}
	out := make([]board.Block, 0, len(blocks))
	for i := 0; i < len(blocks); i++ {
		bl := blocks[i]
		message := func(who, at, text string) {
			text = strings.Join(strings.Fields(StripEmoji(text)), " ")
			bl.Text = at + " " + who + ": " + text
			out = append(out, bl)
		}
		if m := chatLine.FindStringSubmatch(bl.Text); m != nil {
			message(m[1], m[2], m[3])
			continue
		}
		m := chatHeader.FindStringSubmatch(bl.Text)
		if m == nil {
			out = append(out, bl)
			continue
		}
		var lines []string
		for i+1 < len(blocks) {
			next := blocks[i+1].Text
			if strings.TrimSpace(next) == "" || chatHeader.MatchString(next) || chatLine.MatchString(next) {
				break
			}
			lines = append(lines, next)
			i++
		}
		if len(lines) == 0 {
			out = append(out, bl) // an author and a time alone: no message
			continue
		}
		message(m[1], m[2], strings.Join(lines, " "))
	}
	return out
}

// laidOut reports whether a block comes from a drawing put in reading order
// by board.Layout, which marks the headings it finds with "#".
func laidOut(bl board.Block) bool {
	return bl.Pos != nil && (bl.Source == "excalidraw" || bl.Source == "tldraw")
}

type parser struct {
	n    *Notes
	toks []token
	// headingDates records, per token index, a date given by a heading.
	headingDates map[int][3]int
	// itemSection maps each item back to its section for entries().
}

// sections groups tokens into sections. Text before the first heading is
// the preamble. A bullet or line that starts with a known label ("Impact:",
// "- **Root cause**: ...") opens a section of that kind, so notes typed as
// "Label: value" lines are read as well as headed documents.
func (p *parser) sections() {
	n := p.n
	n.Sections = append(n.Sections, Section{Title: "", Kind: hindsight.SectionPreamble})
	p.headingDates = map[int][3]int{}
	cur := 0     // index of the current section
	parent := -1 // section to return to when a labelled bullet section ends
	var header []string
	var para *Item // paragraph being built from wrapped lines
	prevKind := lineBlank
	prevLen := 0
	prevText := ""
	for i, t := range p.toks {
		if t.kind == lineHeading && t.mention && n.Sections[cur].Kind == hindsight.SectionActions &&
			(prevKind == lineHeading || prevKind == lineText || prevKind == lineItem) {
			// "Test rollback in staging" under "Action items", with no
			// blank line before it: an action item, not a Rollback section.
			t.kind, t.text = lineText, strings.TrimSpace(t.raw)
		}
		switch t.kind {
		case lineHeading:
			n.Sections = append(n.Sections, Section{Title: t.text, Kind: kindOf(t.text), Level: t.level, Line: t.line})
			cur, parent, header, para = len(n.Sections)-1, -1, nil, nil
			if y, m, d, ok := timeline.FindDate(t.text); ok {
				p.headingDates[t.line] = [3]int{y, m, d}
			}
		case lineItem, lineText:
			label, rest, bold := splitLabel(t.text)
			if k := Classify(label); label != "" && k != "" && (bold || t.kind == lineText) && !startsWithTime(t.text) {
				if parent < 0 {
					parent = cur
				}
				n.Sections = append(n.Sections, Section{Title: label, Kind: k, Level: n.Sections[parent].Level + 1, Line: t.line, Label: true})
				cur, para, header = len(n.Sections)-1, nil, nil
				if rest != "" {
					n.Sections[cur].Items = append(n.Sections[cur].Items, Item{Text: rest, Line: t.line, Uncertain: t.uncertain})
				}
				break
			}
			if bold && t.kind == lineItem && t.level == 0 && parent >= 0 {
				cur, parent = parent, -1 // a bold label this parser does not know ends a labelled section
			}
			s := &n.Sections[cur]
			// A long line goes on in the next, unless it is the board's
			// first line, its title: "Payments API 5xx after rate limit
			// config push — 2026-11-21" then "Service: payments-api".
			long := prevLen >= 60 && !(cur == 0 && len(s.Items) == 1 && para == &s.Items[0] && titleLine(prevText, t.text))
			continuation := para != nil && t.kind == lineText && (prevKind == lineText || prevKind == lineItem) &&
				!endsSentence(prevText) && (strings.HasPrefix(t.raw, " ") || long || startsLower(t.text)) &&
				!startsWithTime(t.text)
			if continuation {
				para.Text += " " + t.text
				break
			}
			s.Items = append(s.Items, Item{Text: t.text, Line: t.line, Depth: t.level, Task: t.task, Checked: t.checked,
				Uncertain: t.uncertain, Prose: t.kind == lineText})
			para = &s.Items[len(s.Items)-1]
		case lineRow:
			s := &n.Sections[cur]
			if i+1 < len(p.toks) && p.toks[i+1].kind == lineRule && header == nil {
				header = t.cells
				para = nil
				break
			}
			s.Items = append(s.Items, Item{Text: t.text, Line: t.line, Cells: t.cells, Header: header, Uncertain: t.uncertain})
			para = nil
		case lineBlank:
			para = nil
			header = nil
		case lineRule, lineFence, lineCode:
			para = nil
		}
		prevKind, prevLen, prevText = t.kind, len(t.text), t.text
	}
}

// endsSentence reports whether a line ends a sentence or a clause, so the
// next line starts a new item rather than continuing a wrapped one.
func endsSentence(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:;")
}

// titleLine reports whether a board's first line is its title rather
// than the start of a wrapped paragraph: it holds a date, or the next line
// is a "Label: value" or a zone line ("All times UTC"), and it does not
// end mid-phrase ("… broke the payment flow for").
func titleLine(first, next string) bool {
	f := strings.Fields(strings.ToLower(first))
	if len(f) == 0 {
		return false
	}
	switch f[len(f)-1] {
	case "for", "the", "a", "an", "of", "to", "and", "or", "in", "on", "with", "by", "from", "at", "as", "that", "which":
		return false
	}
	if _, _, _, ok := timeline.FindDate(first); ok {
		return true
	}
	label, _, _ := splitLabel(next)
	return label != "" || zoneIn(next, false) != ""
}

func startsLower(s string) bool {
	return s != "" && s[0] >= 'a' && s[0] <= 'z'
}

func kindOf(title string) hindsight.SectionKind {
	if k := Classify(title); k != "" {
		return k
	}
	return hindsight.SectionOther
}

// splitLabel splits "**Label**: rest", "**Label**", "Label: rest" and
// "Label -- rest" into label and rest. bold reports Markdown emphasis on the
// label. A label is at most five words.
func splitLabel(s string) (label, rest string, bold bool) {
	if strings.HasPrefix(s, "**") || strings.HasPrefix(s, "__") {
		mark := s[:2]
		if end := strings.Index(s[2:], mark); end > 0 {
			label = s[2 : 2+end]
			rest = strings.TrimSpace(s[4+end:])
			label = strings.TrimSpace(strings.TrimSuffix(label, ":"))
			rest = strings.TrimSpace(strings.TrimLeft(rest, ":-—– "))
			if len(strings.Fields(label)) <= 5 {
				return label, rest, true
			}
		}
		return "", "", false
	}
	if i := strings.Index(s, ":"); i > 0 && i < 40 {
		label = strings.TrimSpace(s[:i])
		if len(strings.Fields(label)) <= 4 && !strings.ContainsAny(label, "0123456789/") {
			return label, strings.TrimSpace(s[i+1:]), false
		}
	}
	return "", "", false
}

func startsWithTime(s string) bool {
	_, _, ok := timeline.Leading(s)
	return ok
}

// title is the front matter title, the first level-one heading, or the
// first short line of a board that starts with prose.
func (p *parser) title() string {
	if t, ok := p.n.Meta["title"].(string); ok && strings.TrimSpace(t) != "" {
		return strings.TrimSpace(t)
	}
	for _, s := range p.n.Sections {
		if s.Level == 1 && s.Title != "" && !s.Label {
			return s.Title
		}
	}
	if len(p.n.Sections) > 1 && p.n.Sections[1].Line > 0 && len(p.n.Sections[0].Items) == 0 && p.n.Sections[1].Kind == hindsight.SectionOther {
		return p.n.Sections[1].Title
	}
	// "Incident: Search indexer config push broke autocomplete" as the
	// board's first line names it; a sentence there is its summary.
	if len(p.n.Sections) > 1 && len(p.n.Sections[0].Items) == 0 {
		if s := p.n.Sections[1]; s.Label && titleLabels[normTitle(s.Title)] && len(s.Items) > 0 {
			if t := s.Items[0].Text; s.Items[0].Line == s.Line && len(t) <= 100 && !endsSentence(t) {
				return t
			}
		}
	}
	if pre := p.n.Sections[0].Items; len(pre) > 0 {
		first := pre[0]
		if len(first.Text) <= 100 && first.Depth == 0 && first.Cells == nil && !startsWithTime(first.Text) {
			if label, rest, _ := splitLabel(first.Text); titleLabels[normTitle(label)] && rest != "" {
				return strings.TrimRight(rest, ".:") // "Title: Payments outage"
			}
			return strings.TrimRight(first.Text, ".:")
		}
	}
	return ""
}

// titleLabels are the labels a board's first line may name it by.
var titleLabels = map[string]bool{"incident": true, "title": true, "incident title": true, "postmortem": true, "subject": true}

// date finds the document's date: --date, then front matter, then the
// title or a heading, then the file name.
func (p *parser) date(name string, opt Options) {
	n := p.n
	set := func(y, m, d int, src string) bool {
		if y == 0 || m == 0 || d == 0 {
			return false
		}
		n.Year, n.Month, n.Day, n.DateSource = y, m, d, src
		return true
	}
	if set(opt.Year, opt.Month, opt.Day, "--date") {
		return
	}
	switch v := n.Meta["date"].(type) {
	case time.Time:
		if set(v.Year(), int(v.Month()), v.Day(), "front matter") {
			return
		}
	case string:
		if y, m, d, ok := timeline.FindDate(v); ok && set(y, m, d, "front matter") {
			return
		}
	}
	if y, m, d, ok := timeline.FindDate(n.Title); ok && set(y, m, d, "title") {
		return
	}
	if y, m, d, ok := p.dateLine(); ok && set(y, m, d, "date line") {
		return
	}
	for _, s := range n.Sections {
		if y, m, d, ok := timeline.FindDate(s.Title); ok && set(y, m, d, "heading") {
			return
		}
	}
	if name != "" && name != "-" {
		if y, m, d, ok := timeline.FindDate(filepath.Base(name)); ok && set(y, m, d, "file name") {
			return
		}
	}
}

// dateLine finds a "Date: 19.09.2023" line (bold or not) among the first
// items of the notes.
func (p *parser) dateLine() (y, m, d int, ok bool) {
	seen := 0
	for _, s := range p.n.Sections {
		for _, it := range s.Items {
			if seen++; seen > 40 {
				return 0, 0, 0, false
			}
			label, rest, _ := splitLabel(it.Text)
			if l := normTitle(label); l == "date" || l == "incident date" || l == "date of incident" || l == "when" {
				if y, m, d, ok := timeline.FindDate(rest); ok && y > 0 {
					return y, m, d, true
				}
			}
		}
	}
	return 0, 0, 0, false
}

// zone finds a zone the document states for all its times: front matter
// "timezone", a line such as "All times in CET" or "Times are UTC", or a
// timeline heading such as "Timeline (UTC)".
func (p *parser) zone() {
	n := p.n
	if z, ok := n.Meta["timezone"].(string); ok {
		if _, known := timeline.Zone(strings.TrimSpace(z)); known {
			n.Zone = strings.TrimSpace(z)
			return
		}
	}
	// A zone that ends a dated title: "Kafka consumer deploy — 2026-08-12
	// UTC", "… 2026-01-20, UTC", "… 2026-09-21 (UTC)".
	if f := strings.Fields(n.Title); len(f) > 1 {
		if _, _, _, dated := timeline.FindDate(n.Title); dated {
			if z := zoneIn(f[len(f)-1], false); z != "" {
				n.Zone = z
				return
			}
		}
	}
	for _, s := range n.Sections {
		if s.Kind == hindsight.SectionTimeline {
			if z := zoneIn(s.Title, true); z != "" {
				n.Zone = z
				return
			}
		}
		for _, it := range s.Items {
			if len(it.Text) < 80 && strings.Contains(strings.ToLower(it.Text), "time") && !startsWithTime(it.Text) {
				if z := zoneIn(it.Text, false); z != "" {
					n.Zone = z
					return
				}
			}
		}
	}
}

// zoneIn returns a zone named in s. In a heading only a parenthesised zone
// counts ("Timeline (UTC)").
func zoneIn(s string, heading bool) string {
	for _, f := range strings.Fields(s) {
		if heading && !strings.HasPrefix(f, "(") {
			continue
		}
		f = strings.Trim(f, "().,;:*_")
		if f == "" || (!isUpper(f) && f[0] != '+' && f[0] != '-') {
			continue
		}
		if _, ok := timeline.Zone(f); ok {
			return f
		}
	}
	return ""
}

// noEntries are the section kinds whose items are not events even when
// they carry a time.
var noEntries = map[hindsight.SectionKind]bool{
	hindsight.SectionActions: true, hindsight.SectionLessons: true, hindsight.SectionWentWell: true,
	hindsight.SectionRunbook: true, hindsight.SectionQuestions: true,
}

// retells are the sections whose times usually repeat the timeline's; a
// time there that the timeline already has is not a new event.
var retells = map[hindsight.SectionKind]bool{
	hindsight.SectionSummary: true, hindsight.SectionPreamble: true, hindsight.SectionImpact: true,
	hindsight.SectionDetection: true,
}

// proseKinds are the sections whose sentences may carry times of events.
var proseKinds = map[hindsight.SectionKind]bool{
	hindsight.SectionPreamble: true, hindsight.SectionTimeline: true, hindsight.SectionFailure: true,
	hindsight.SectionRollback: true, hindsight.SectionResolution: true, hindsight.SectionOther: true,
	hindsight.SectionDetection: true, hindsight.SectionImpact: true, hindsight.SectionSummary: true,
	hindsight.SectionWentWrong: true,
}

// entries collects the timeline: every item that begins with a time, every
// sentence of prose with a clock time in it, and the untimed items of a
// timeline section.
func (p *parser) entries() {
	n := p.n
	var date [3]int
	var timed, prose []Entry
	for si, s := range n.Sections {
		if d, ok := p.headingDates[s.Line]; ok && s.Line > 0 {
			date = d
		}
		if noEntries[s.Kind] {
			continue
		}
		for _, it := range s.Items {
			e := Entry{Line: it.Line, Section: si, Uncertain: it.Uncertain, Year: date[0], Month: date[1], Day: date[2]}
			if expr, rest, ok := leadingOf(it); ok && !timedSentences(it, retells[s.Kind]) {
				e.Time, e.AsWritten, e.Text = &expr, expr.Text, rest
				timed = append(timed, e)
				if expr.RangeEnd == nil {
					// "10:37 planned to roll back a change made around 10 am":
					// a time inside an entry is an event of its own.
					for _, pe := range proseEntries(e, rest, false) {
						if !pointsBack(pe, rest) {
							prose = append(prose, pe)
						}
					}
				}
				continue
			}
			if proseKinds[s.Kind] {
				retold := retells[s.Kind]
				if found := proseEntries(e, it.Text, retold); len(found) > 0 {
					prose = append(prose, found...)
					continue
				}
			}
			if s.Kind == hindsight.SectionTimeline && (it.Depth > 0 || it.Cells != nil || isListLike(it)) && it.Text != "" {
				e.Text = it.Text
				timed = append(timed, e)
			}
		}
	}
	n.Entries = mergeEntries(timed, prose)
}

// shortLine is the longest paragraph, in characters, read as one line of
// notes ("14:09 alerts fire. Paged Dana") rather than as sentences.
const shortLine = 80

// timedSentences reports whether a paragraph that begins with a time is
// sentences that each carry their own ("At 15:10 we deployed. The app went
// down around 15:40."), to be read sentence by sentence, rather than one
// entry under its leading time: it has more than one sentence, and a later
// one holds a clock time or the paragraph is longer than a line of notes.
// In a section that retells the timeline (a summary, the impact) every
// paragraph of sentences is read so, and its times are matched against the
// timeline's rather than counted again.
func timedSentences(it Item, retold bool) bool {
	if !it.Prose {
		return false
	}
	ss := sentences(it.Text)
	if len(ss) < 2 {
		return false
	}
	if retold || utf8.RuneCountInString(it.Text) > shortLine {
		return true
	}
	for _, s := range ss[1:] {
		if len(clockTimes(s)) > 0 {
			return true
		}
	}
	return false
}

// clockTimes are the clock times in s, relative ones ("+10 min") aside.
func clockTimes(s string) []timeline.Expr {
	var xs []timeline.Expr
	for _, x := range timeline.Find(s) {
		if x.HasClock && !x.Relative {
			xs = append(xs, x)
		}
	}
	return xs
}

// pointsBack reports whether a time inside a timed entry's text names when
// something it refers to was, rather than an event: "02:45 DB restore from
// 01:55 snapshot started", "data since 01:30", "back to the 13:10 build",
// "lost all signups between 09:00 and 10:35".
func pointsBack(e Entry, text string) bool {
	i := strings.Index(text, e.AsWritten)
	if i < 0 {
		return false
	}
	words := strings.Fields(strings.ToLower(text[:i]))
	if len(words) == 0 {
		return false
	}
	switch words[len(words)-1] {
	case "from", "since", "of", "until", "till", "the", "between":
		return true
	case "and", "to", "-", "–":
		// "signups between 09:00 and 10:35", "logs from 13:10 to 13:40";
		// not "page from PagerDuty and 10:06 on-call acked".
		if len(words) >= 3 {
			w := words[len(words)-3]
			_, rest, isTime := timeline.Leading(words[len(words)-2])
			return (w == "between" || w == "from" || w == "since") && isTime && strings.TrimSpace(rest) == ""
		}
	}
	return false
}

// proseEntries returns an entry for every clock time in the sentences of
// text; each entry's text is the part of its sentence around that time.
// Outside a section that retells the timeline, a sentence without a time
// is More of the entry before it ("14:10 alert fired. Paged Dana at 14:12.
// Sam joined the bridge soon after."), so nothing of a timed paragraph is
// lost. A time that starts its sentence is not repeated in the text.
func proseEntries(base Entry, text string, retold bool) []Entry {
	var out []Entry
	for _, sent := range sentences(text) {
		xs := clockTimes(sent)
		if len(xs) == 0 && !retold && len(out) > 0 {
			last := &out[len(out)-1]
			last.More = strings.TrimSpace(last.More + " " + strings.TrimSpace(sent))
			continue
		}
		for i, x := range xs {
			x := x
			clause := strings.TrimSpace(sent)
			if len(xs) > 1 {
				clause = clauseAround(sent, xs, i)
			}
			if rest, ok := strings.CutPrefix(clause, x.Text); ok && i == 0 && strings.TrimSpace(rest) != "" {
				clause = strings.TrimLeft(rest, " -—–:") // "14:05 errors rising"
			}
			e := base
			e.Time, e.AsWritten, e.Text, e.Prose, e.retold = &x, x.Text, clause, true, retold
			out = append(out, e)
		}
	}
	return out
}

// clauseAround returns the clause of sent that holds the i-th of several
// times: from the last clause break (", " or "; ") after the previous time
// to the first one after this time. "Down around 15:40, and back at 15:52."
// gives "Down around 15:40" and "back at 15:52.".
func clauseAround(sent string, xs []timeline.Expr, i int) string {
	from, to := 0, len(sent)
	if i > 0 {
		from = xs[i-1].End
	}
	if i+1 < len(xs) {
		to = xs[i+1].Start
	}
	x := xs[i]
	// " and " ends a clause only between two times: "went out at 12:25
	// and images were working again by 12:31", not "a meeting and we
	// informed the team" after the last.
	if j := lastBreak(sent[from:x.Start], i > 0); j >= 0 {
		from += j
	}
	if j := firstBreak(sent[x.End:to], i+1 < len(xs)); j >= 0 {
		to = x.End + j
	}
	c := strings.TrimSpace(sent[from:to])
	for _, lead := range []string{"and ", "then ", "but "} {
		c = strings.TrimPrefix(c, lead)
	}
	return c
}

// clauseBreaks end a clause; andBreaks too, between two times.
var (
	clauseBreaks = []string{", ", "; "}
	andBreaks    = []string{", ", "; ", " and "}
)

func breaks(and bool) []string {
	if and {
		return andBreaks
	}
	return clauseBreaks
}

func lastBreak(s string, and bool) int {
	at := -1
	for _, b := range breaks(and) {
		if j := strings.LastIndex(s, b); j >= 0 && j+len(b) > at {
			at = j + len(b)
		}
	}
	return at
}

func firstBreak(s string, and bool) int {
	at := -1
	for _, b := range breaks(and) {
		if j := strings.Index(s, b); j >= 0 && (at < 0 || j < at) {
			at = j
		}
	}
	return at
}

// isListLike reports whether an item reads as a timeline entry rather than
// a paragraph about the timeline ("All times in CET.").
func isListLike(it Item) bool {
	return len(it.Text) < 200 && !strings.Contains(strings.ToLower(it.Text), "all times")
}

// mergeEntries keeps entries in document order, dropping a time in a
// summary that repeats a time already in a list or table (summaries retell
// timelines).
func mergeEntries(timed, prose []Entry) []Entry {
	seen := map[string]bool{}
	for _, e := range timed {
		if e.Time != nil {
			seen[clockKey(e.Time)] = true
		}
	}
	out := make([]Entry, 0, len(timed)+len(prose))
	out = append(out, timed...)
	for _, e := range prose {
		if !e.retold || !seen[clockKey(e.Time)] {
			out = append(out, e)
			seen[clockKey(e.Time)] = true
		}
	}
	sortByLine(out)
	return out
}

func clockKey(x *timeline.Expr) string {
	return fmt.Sprintf("%02d:%02d", x.Hour, x.Minute)
}

func sortByLine(es []Entry) {
	// Insertion sort: the two inputs are each in order, so this is cheap and stable.
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Line < es[j-1].Line; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// leadingOf finds the time that begins an item. A table row is read cell by
// cell: "| 2021-02-15 | 06:05 | text |" and "| 06:05 | text |" both work.
func leadingOf(it Item) (timeline.Expr, string, bool) {
	if len(it.Cells) >= 2 {
		cells := it.Cells
		for k := 2; k >= 1; k-- {
			if k > len(cells)-1 {
				continue
			}
			head := strings.Join(cells[:k], " ")
			if x, rest, ok := timeline.Leading(head); ok && strings.TrimSpace(rest) == "" {
				return x, strings.Join(nonEmpty(cells[k:]), " — "), true
			}
		}
		return timeline.Expr{}, "", false
	}
	x, rest, ok := timeline.Leading(it.Text)
	if ok && rest == "" {
		return x, "", false // a bare time is not an entry
	}
	return x, rest, ok
}

// sentences splits prose at sentence ends.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && (i+1 == len(s) || s[i+1] == ' ') {
			// "e.g." and clock times such as "14.32" do not end sentences.
			if i > 0 && s[i-1] >= '0' && s[i-1] <= '9' && i+1 < len(s) && i+2 < len(s) && s[i+2] >= '0' && s[i+2] <= '9' {
				continue
			}
			out = append(out, s[start:i+1])
			start = i + 1
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		out = append(out, s[start:])
	}
	return out
}
