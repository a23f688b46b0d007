package board

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hindsight-dev/hindsight/timeline"
)

// Item is one piece of positioned text a spatial reader found on a board
// (a drawing, a whiteboard photo), before it is put into reading order.
// Only Text and Rect are needed; the rest are hints that make the reading
// order better where a reader knows them.
type Item struct {
	// ID names the item for Parent and Next; "" when nothing refers to it.
	ID string
	// Text may hold several lines ("\n"); each becomes a Block.
	Text string
	// Rect is where the item sits, in the board's units, y growing down.
	Rect Rect
	// Color, Source and Uncertain are copied to the item's Blocks.
	Color     string
	Source    string
	Uncertain bool
	// Kind says what the item is; the zero value is free text.
	Kind Kind
	// Size is the font size in the board's units, 0 when unknown. Free text
	// much larger than the rest is read as a heading.
	Size float64
	// Parent is the ID of the frame (an item of KindFrame) the item sits
	// in, "" for the board itself.
	Parent string
	// Next holds the IDs of the items this one's arrows point to. Items
	// joined by arrows are kept together, in arrow order.
	Next []string
}

// Kind is what an Item is.
type Kind int

// Kinds of Item.
const (
	// KindText is free text: a column's first line or large text is read
	// as a heading, anything else as content.
	KindText Kind = iota
	// KindNote is a sticky note or a shape's label: always content.
	KindNote
	// KindHeading is text the reader knows is a heading.
	KindHeading
	// KindFrame is a frame: Text is its name (a heading), and the items
	// whose Parent is its ID are laid out inside it.
	KindFrame
)

// Layout puts positioned text into reading order and returns it as Blocks
// the notes parser reads like typed notes:
//
//   - columns, found by the gaps between items, left to right; top to
//     bottom within a column (a recursive X-Y cut, columns first, but rows
//     first for a grid whose clock times run along its rows); items that
//     overlap so no cut separates them are read top to bottom;
//   - headings become "# Title" (a title above several columns) or
//     "## Title": a frame's name, a KindHeading item, free text at the top
//     of a column, and free text much larger than the rest; a heading
//     inside a frame is one level deeper;
//   - items joined by arrows stay together, in arrow order, where the first
//     of them would be read;
//   - each line of an item is a Block; a blank Block separates items, so
//     the lines of two notes are never read as one paragraph. The lines of
//     a sticky note are one line, one entry ("14:09 Alerts fire" and
//     "Paged Dana"), but for lines that start entries of their own (a
//     clock time, a bullet, "1."): a note that holds a list.
//
// The order depends only on the items (never on the order they are given
// in, bar exact ties), so a board reads the same however it was drawn.
// Block.Line is the block's position in reading order (1-based).
func Layout(items []Item) []Block {
	l := newLayout(items)
	if l == nil {
		return nil
	}
	l.container("", 1)
	l.trim()
	for i := range l.out {
		l.out[i].Line = i + 1
	}
	return l.out
}

// Layout constants.
const (
	// overlapTolerance is the share of the narrower of two items by which
	// they may overlap and still fall into different columns (or rows).
	overlapTolerance = 0.2
	// largeText is how much larger than the median free text must be to be
	// read as a heading.
	largeText = 1.3
	// maxDepth bounds the X-Y cut recursion; deeper parts are read top to
	// bottom.
	maxDepth = 48
	// maxHeadingRunes and maxHeadingWords bound what free text can be a
	// heading.
	maxHeadingRunes = 60
	maxHeadingWords = 8
)

type layout struct {
	items    []Item
	byID     map[string]int
	children map[string][]int // container ID → items in it
	median   float64          // median Size of text and notes
	done     map[int]bool     // frames laid out
	out      []Block
	source   string
}

// unit is what the X-Y cut moves: one item, a chain of items joined by
// arrows, or a frame with everything in it.
type unit struct {
	items []int // one item, or a chain in arrow order
	box   Rect
	first int // smallest item index, for ties
	// colTop is set on the first unit of a column; colSize is that
	// column's number of units.
	colTop  bool
	colSize int
}

func newLayout(in []Item) *layout {
	l := &layout{byID: map[string]int{}, children: map[string][]int{}, done: map[int]bool{}}
	for _, it := range in {
		it.Text = cleanText(it.Text)
		if it.Text == "" && it.Kind != KindFrame {
			continue
		}
		it.Rect = cleanRect(it.Rect)
		if it.Source != "" && l.source == "" {
			l.source = it.Source
		}
		l.items = append(l.items, it)
	}
	if len(l.items) == 0 {
		return nil
	}
	for i, it := range l.items {
		if _, dup := l.byID[it.ID]; it.ID != "" && !dup {
			l.byID[it.ID] = i
		}
	}
	for i := range l.items {
		p := l.parent(i)
		l.children[p] = append(l.children[p], i)
	}
	var sizes []float64
	for _, it := range l.items {
		if it.Size > 0 && !math.IsInf(it.Size, 0) && (it.Kind == KindText || it.Kind == KindNote) {
			sizes = append(sizes, it.Size)
		}
	}
	if len(sizes) > 0 {
		slices.Sort(sizes)
		l.median = sizes[len(sizes)/2]
	}
	return l
}

// parent returns the ID of the frame item i sits in, or "" when it names no
// frame, or when following the frames up from it would go round in a
// circle.
func (l *layout) parent(i int) string {
	p := l.items[i].Parent
	j, ok := l.byID[p]
	if p == "" || !ok || j == i || l.items[j].Kind != KindFrame {
		return ""
	}
	seen := map[int]bool{i: true}
	for k := j; ; {
		if seen[k] {
			return ""
		}
		seen[k] = true
		q, ok := l.byID[l.items[k].Parent]
		if l.items[k].Parent == "" || !ok || l.items[q].Kind != KindFrame {
			return p
		}
		k = q
	}
}

// container lays out the items in one container (the board, "", or a
// frame), whose headings are at level.
func (l *layout) container(id string, level int) {
	units := l.units(l.children[id])
	if id == "" {
		if t := l.title(units); t >= 0 {
			l.emit(units[t].first, 1)
			units = slices.Delete(units, t, t+1)
		}
	}
	for _, u := range cut(units, true, 0, l.clock) {
		if len(u.items) > 1 {
			for _, i := range u.items {
				l.emit(i, 0)
			}
			continue
		}
		i := u.items[0]
		it := l.items[i]
		switch {
		case it.Kind == KindFrame:
			h := min(level+1, 6)
			if it.Text != "" {
				l.emit(i, h)
			}
			if j, ok := l.byID[it.ID]; ok && j == i && !l.done[i] {
				l.done[i] = true // a frame is laid out once
				l.container(it.ID, h)
			}
		case l.heading(it, u, id):
			l.emit(i, min(level+1, 6))
		default:
			l.emit(i, 0)
		}
	}
}

// heading reports whether a lone item is a heading: a KindHeading item, or
// free text that is short and either much larger than the rest or the top
// of a column with more under it. In a named frame, the frame's name is the
// heading, not the top of a column.
func (l *layout) heading(it Item, u unit, container string) bool {
	switch {
	case it.Kind == KindHeading:
		return true
	case it.Kind != KindText || !headingLike(it.Text):
		return false
	case l.median > 0 && it.Size >= largeText*l.median:
		return true
	}
	named := container != "" && l.items[l.byID[container]].Text != ""
	return u.colTop && u.colSize >= 2 && !named
}

// title returns the index in units of the board's title, or -1: a heading
// alone above the rest of a board of several columns (not of a grid read
// row by row).
func (l *layout) title(units []unit) int {
	if len(units) < 2 {
		return -1
	}
	rows := split(units, false)
	if len(rows) < 2 || len(rows[0]) != 1 || len(rows[0][0].items) != 1 {
		return -1
	}
	top := rows[0][0]
	it := l.items[top.first]
	if (it.Kind != KindText && it.Kind != KindHeading) || !headingLike(it.Text) {
		return -1
	}
	var rest []unit
	for _, r := range rows[1:] {
		rest = append(rest, r...)
	}
	cols := split(rest, true)
	if len(cols) < 2 {
		return -1
	}
	// A grid of notes read row by row (a timeline four to a row) is one
	// group, not columns: the text above it is its heading.
	var byCols []unit
	for _, c := range cols {
		byCols = append(byCols, cut(c, true, 1, l.clock)...)
	}
	read := cut(rest, true, 0, l.clock)
	for k := range read {
		if read[k].first != byCols[k].first {
			return -1
		}
	}
	return slices.IndexFunc(units, func(u unit) bool { return u.first == top.first })
}

// emit appends the Blocks of item i: a heading at level (1-6) or, for
// level 0, its lines; a blank Block separates it from what came before.
func (l *layout) emit(i, level int) {
	it := l.items[i]
	if n := len(l.out); n > 0 && l.out[n-1].Text != "" {
		l.out = append(l.out, Block{Source: l.source})
	}
	pos := it.Rect
	block := func(text string) Block {
		return Block{Text: text, Pos: &pos, Color: it.Color, Source: it.Source, Uncertain: it.Uncertain}
	}
	if level > 0 {
		text := strings.Join(strings.Fields(it.Text), " ")
		if !strings.HasPrefix(text, "#") {
			text = strings.Repeat("#", level) + " " + text
		}
		l.out = append(l.out, block(text))
		return
	}
	for k, line := range strings.Split(it.Text, "\n") {
		switch {
		case line == "":
			if n := len(l.out); n > 0 && l.out[n-1].Text == "" {
				continue
			}
			l.out = append(l.out, Block{Source: l.source})
			continue
		case k > 0 && it.Kind == KindNote && !startsEntry(line) && continues(l.out[len(l.out)-1].Text, line):
			// One note is one entry: "14:09 Alerts fire" / "Paged Dana",
			// "Add dashboard" / "P1 @kim" are read as one line.
			l.out[len(l.out)-1].Text += " " + strings.TrimSpace(line)
			continue
		}
		l.out = append(l.out, block(line))
	}
}

// continues reports whether a line of a note continues the line before it
// (prev): not after a line that introduces a list ("Action items:"), nor
// when both name an owner ("Add a canary gate @dana" then "Test rollback
// in staging @sam": a list without bullets).
func continues(prev, line string) bool {
	prev = strings.TrimSpace(prev)
	return prev != "" && !strings.HasSuffix(prev, ":") && !(strings.Contains(prev, "@") && strings.Contains(line, "@"))
}

// startsEntry reports whether a line of a note starts an entry of its own:
// a clock time, a bullet, a checkbox or a number ("1.", "2)"), as in a note
// that holds a list.
func startsEntry(line string) bool {
	s := strings.TrimSpace(line)
	if _, _, ok := timeline.Leading(s); ok {
		return true
	}
	for _, p := range []string{"- ", "* ", "• ", "+ ", "[ ]", "[x]", "☐", "☑", "✅"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	n := 0
	for n < len(s) && n < 3 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')')
}

// trim drops blank Blocks at the end.
func (l *layout) trim() {
	for len(l.out) > 0 && l.out[len(l.out)-1].Text == "" {
		l.out = l.out[:len(l.out)-1]
	}
}

// units groups the items of one container: items joined by arrows (in the
// same container, neither a frame nor a heading) form one unit, in arrow
// order; every other item is a unit of its own.
func (l *layout) units(members []int) []unit {
	in := map[int]bool{}
	for _, i := range members {
		in[i] = true
	}
	chainable := func(i int) bool {
		k := l.items[i].Kind
		return in[i] && (k == KindText || k == KindNote)
	}
	// Union-find over arrows.
	root := map[int]int{}
	find := func(i int) int {
		for {
			r, ok := root[i]
			if !ok {
				return i
			}
			i = r
		}
	}
	next := map[int][]int{}
	for _, i := range members {
		if !chainable(i) {
			continue
		}
		for _, id := range l.items[i].Next {
			j, ok := l.byID[id]
			if !ok || j == i || !chainable(j) || slices.Contains(next[i], j) {
				continue
			}
			next[i] = append(next[i], j)
			if a, b := find(i), find(j); a != b {
				root[max(a, b)] = min(a, b)
			}
		}
	}
	groups := map[int][]int{}
	for _, i := range members {
		r := i
		if chainable(i) {
			r = find(i)
		}
		groups[r] = append(groups[r], i)
	}
	roots := make([]int, 0, len(groups))
	for r := range groups {
		roots = append(roots, r)
	}
	slices.Sort(roots)
	units := make([]unit, 0, len(roots))
	for _, r := range roots {
		g := groups[r]
		if len(g) > 1 {
			g = l.arrowOrder(g, next)
		}
		u := unit{items: g, first: slices.Min(g)}
		u.box = l.box(g[0])
		for _, i := range g[1:] {
			u.box = union(u.box, l.box(i))
		}
		units = append(units, u)
	}
	return units
}

// box is an item's rectangle; for a frame, the union with everything in it.
func (l *layout) box(i int) Rect {
	b := l.items[i].Rect
	if l.items[i].Kind != KindFrame {
		return b
	}
	seen := map[int]bool{i: true}
	var walk func(id string)
	walk = func(id string) {
		for _, j := range l.children[id] {
			if seen[j] {
				continue
			}
			seen[j] = true
			b = union(b, l.items[j].Rect)
			if l.items[j].Kind == KindFrame {
				walk(l.items[j].ID)
			}
		}
	}
	walk(l.items[i].ID)
	return b
}

// arrowOrder orders a group of items joined by arrows: an item comes after
// the items whose arrows point to it; among items free to come next, the
// one read first (top, then left) comes first. In a circle of arrows the
// item read first starts.
func (l *layout) arrowOrder(group []int, next map[int][]int) []int {
	indeg := map[int]int{}
	for _, i := range group {
		for _, j := range next[i] {
			indeg[j]++
		}
	}
	before := func(a, b int) int {
		ra, rb := l.items[a].Rect, l.items[b].Rect
		if c := cmp.Compare(ra.Y, rb.Y); c != 0 {
			return c
		}
		if c := cmp.Compare(ra.X, rb.X); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	done := map[int]bool{}
	order := make([]int, 0, len(group))
	for len(order) < len(group) {
		// The ready items; with none (a circle), every item left.
		var ready []int
		for _, i := range group {
			if !done[i] && indeg[i] == 0 {
				ready = append(ready, i)
			}
		}
		if len(ready) == 0 {
			for _, i := range group {
				if !done[i] {
					ready = append(ready, i)
				}
			}
		}
		i := slices.MinFunc(ready, before)
		done[i] = true
		order = append(order, i)
		for _, j := range next[i] {
			indeg[j]--
		}
	}
	return order
}

// cut orders units by a recursive X-Y cut: split into columns at vertical
// gaps, else into rows at horizontal gaps, else top to bottom. column says
// the units are a column (the board, a frame, or one side of a vertical
// cut): its first unit is marked as the column's top.
//
// A grid (units that split into columns and into rows alike) is read
// column by column, unless its clock times (clock: the time a unit starts
// with, in minutes, or -1) run along the rows and not down the columns: a
// timeline of sticky notes laid out four to a row.
func cut(units []unit, column bool, depth int, clock func(unit) int) []unit {
	var out []unit
	switch {
	case len(units) <= 1:
		out = units
	case depth >= maxDepth:
		out = readingSort(units)
	default:
		cols, rows := split(units, true), split(units, false)
		if len(cols) > 1 {
			for _, c := range cols {
				out = append(out, cut(c, true, depth+1, clock)...)
			}
			if len(rows) > 1 {
				var byRows []unit
				for _, r := range rows {
					byRows = append(byRows, cut(r, false, depth+1, clock)...)
				}
				if backSteps(byRows, clock) < backSteps(out, clock) {
					out = byRows
				}
			}
		} else if len(rows) > 1 {
			for _, r := range rows {
				out = append(out, cut(r, false, depth+1, clock)...)
			}
		} else {
			out = readingSort(units)
		}
	}
	if column && len(out) > 0 {
		out[0].colTop, out[0].colSize = true, len(units)
	}
	return out
}

// backSteps counts the times in units, read in order, that come before the
// time read last: 0 for a timeline in order.
func backSteps(units []unit, clock func(unit) int) int {
	n, last := 0, -1
	for _, u := range units {
		if t := clock(u); t >= 0 {
			if t < last {
				n++
			}
			last = t
		}
	}
	return n
}

// clock is the time, in minutes after midnight, the first item of u starts
// with ("14:02 deploy", "- 9:05pm paged"); -1 when it starts with none.
func (l *layout) clock(u unit) int {
	e, _, ok := timeline.Leading(l.items[u.items[0]].Text)
	if !ok || !e.HasClock || e.Relative {
		return -1
	}
	return e.Hour*60 + e.Minute
}

func readingSort(units []unit) []unit {
	out := slices.Clone(units)
	slices.SortStableFunc(out, func(a, b unit) int {
		if c := cmp.Compare(a.box.Y, b.box.Y); c != 0 {
			return c
		}
		if c := cmp.Compare(a.box.X, b.box.X); c != 0 {
			return c
		}
		return cmp.Compare(a.first, b.first)
	})
	return out
}

// split divides units into groups separated by a gap along x (vertical)
// or y, in order. Two units overlapping by less than overlapTolerance of
// the smaller one still count as separated.
func split(units []unit, vertical bool) [][]unit {
	lo := func(u unit) float64 { return u.box.Y }
	size := func(u unit) float64 { return u.box.H }
	if vertical {
		lo = func(u unit) float64 { return u.box.X }
		size = func(u unit) float64 { return u.box.W }
	}
	s := slices.Clone(units)
	slices.SortStableFunc(s, func(a, b unit) int {
		if c := cmp.Compare(lo(a), lo(b)); c != 0 {
			return c
		}
		return cmp.Compare(a.first, b.first)
	})
	var groups [][]unit
	start := 0
	end, endSize := lo(s[0])+size(s[0]), size(s[0])
	for i := 1; i < len(s); i++ {
		u := s[i]
		if lo(u) >= end-overlapTolerance*min(size(u), endSize) {
			groups = append(groups, s[start:i])
			start = i
			end, endSize = lo(u)+size(u), size(u)
			continue
		}
		if e := lo(u) + size(u); e > end {
			end, endSize = e, size(u)
		}
	}
	return append(groups, s[start:])
}

// union is the smallest rectangle holding a and b.
func union(a, b Rect) Rect {
	x0, y0 := min(a.X, b.X), min(a.Y, b.Y)
	x1, y1 := max(a.X+a.W, b.X+b.W), max(a.Y+a.H, b.Y+b.H)
	return Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// cleanRect makes a rectangle safe to compute with: no NaN or infinity,
// no negative size, coordinates within ±1e9.
func cleanRect(r Rect) Rect {
	c := func(v float64) float64 {
		if math.IsNaN(v) {
			return 0
		}
		return max(-1e9, min(1e9, v))
	}
	r = Rect{X: c(r.X), Y: c(r.Y), W: c(r.W), H: c(r.H)}
	if r.W < 0 {
		r.X, r.W = r.X+r.W, -r.W
	}
	if r.H < 0 {
		r.Y, r.H = r.Y+r.H, -r.H
	}
	return r
}

// cleanText normalises line ends, drops trailing spaces and control
// characters, and trims blank lines at either end.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF':
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRightFunc(line, unicode.IsSpace)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// headingLike reports whether text could be a heading: one short line that
// does not start with a digit (a time) or a list mark and does not end a
// sentence.
func headingLike(s string) bool {
	if strings.Contains(s, "\n") || utf8.RuneCountInString(s) > maxHeadingRunes {
		return false
	}
	s = strings.TrimSpace(s)
	if s == "" || len(strings.Fields(s)) > maxHeadingWords {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsDigit(r) || strings.ContainsRune("-*+•–—·>@[(|", r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".,;!?", last)
}
