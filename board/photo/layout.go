package photo

import (
	"regexp"
	"slices"
	"strings"
)

// line is a reconstructed line of text: words left to right.
type line struct {
	words []word
	box   rect
}

func (l *line) text() string {
	parts := make([]string, len(l.words))
	for i, w := range l.words {
		parts[i] = w.text
	}
	// A marker bullet is often read as a copyright sign.
	if len(parts) > 1 && parts[0] == "©" {
		parts[0] = "•"
	}
	return strings.Join(parts, " ")
}

// conf is the mean confidence of the line's words, weighted by length.
func (l *line) conf() float64 {
	var sum, n float64
	for _, w := range l.words {
		k := float64(len([]rune(w.text)))
		sum += w.conf * k
		n += k
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

func (l *line) add(w word) {
	if len(l.words) == 0 {
		l.box = w.box
	} else {
		l.box = l.box.union(w.box)
	}
	l.words = append(l.words, w)
}

// Layout constants, in units of the median word height h.
const (
	// wordGap is the widest gap between two words of one line segment.
	wordGap = 1.2
	// columnGap is the narrowest strip free of words (bar one) that
	// separates two columns.
	columnGap = 1.5
)

// layout rebuilds the board from the word boxes: columns left to right, each
// a list of lines top to bottom. A line that runs across the top of several
// columns (a title) comes first, as a column of its own.
func layout(words []word, opt *Options) [][]*line {
	words = keep(words, opt.MinConfidence)
	if len(words) == 0 {
		return nil
	}
	h := medianHeight(words)
	segs := segments(words, h)
	gaps := columnGaps(words, h)

	// Each segment belongs to the column its first word starts in, except a
	// title: a segment that crosses a column gap above everything else in
	// the columns it spans.
	column := func(x float64) int {
		i := 0
		for i < len(gaps) && x >= gaps[i] {
			i++
		}
		return i
	}
	cols := make([][]*line, len(gaps)+1)
	var titles []*line
	for _, sg := range segs {
		c0, c1 := column(sg.box.x0), column(sg.box.x1-h*columnGap)
		if c1 > c0 && isTitle(sg, segs, c0, c1, column) {
			titles = append(titles, sg)
			continue
		}
		cols[c0] = append(cols[c0], sg)
	}
	var out [][]*line
	if len(titles) > 0 {
		out = append(out, joinRows(titles))
	}
	for _, c := range cols {
		var lines []*line
		for _, l := range joinWrapped(joinRows(c), h) {
			// A line with no letter or digit is a stroke or a smudge.
			if strings.ContainsFunc(l.text(), isAlnum) {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			out = append(out, lines)
		}
	}
	return out
}

// keep returns the words worth reading: confident enough, and not a drawn
// line or frame that Tesseract took for letters (taller than any word).
func keep(words []word, minConf float64) []word {
	var kept []word
	for _, w := range words {
		if w.conf >= minConf {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	h := medianHeight(kept)
	out := kept[:0]
	for _, w := range kept {
		if w.box.h() <= 2.5*h {
			out = append(out, w)
		}
	}
	return out
}

func isAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127
}

// medianHeight is the median height of the words with two or more letters
// or digits (punctuation is shorter), or of all words when none has.
func medianHeight(words []word) float64 {
	var hs []float64
	for _, w := range words {
		n := 0
		for _, r := range w.text {
			if isAlnum(r) {
				n++
			}
		}
		if n >= 2 {
			hs = append(hs, w.box.h())
		}
	}
	if len(hs) == 0 {
		for _, w := range words {
			hs = append(hs, w.box.h())
		}
	}
	slices.Sort(hs)
	return max(1, hs[len(hs)/2])
}

// segments links words left to right into line segments: words side by side
// on one baseline with no more than a wordGap between them.
func segments(words []word, h float64) []*line {
	words = slices.Clone(words)
	slices.SortStableFunc(words, func(a, b word) int { return cmpFloat(a.box.x0, b.box.x0) })
	var segs []*line
	for _, w := range words {
		var best *line
		bestOv := 0.0
		for _, sg := range segs {
			last := sg.words[len(sg.words)-1].box
			gap := w.box.x0 - last.x1
			// A word that starts well inside the last one joins it only when
			// it lies inside it, across and up and down: Tesseract sometimes
			// gives a box for a whole line and the words it read again inside
			// ("LOCK-TMEOUT" over "lock_timeout = 5s", then "* 5S").
			if gap > wordGap*h || gap < -0.5*h && !inside(w.box, last, h) {
				continue
			}
			if ov := overlap(last, w.box); ov >= 0.5 && ov > bestOv {
				best, bestOv = sg, ov
			}
		}
		if best == nil {
			best = &line{}
			segs = append(segs, best)
		}
		best.add(w)
	}
	return segs
}

// inside reports whether box a lies within b, give or take half a word
// height across, with its middle within b's height.
func inside(a, b rect, h float64) bool {
	mid := (a.y0 + a.y1) / 2
	return a.x1 <= b.x1+0.5*h && mid >= b.y0 && mid <= b.y1
}

// overlap is the vertical overlap of two boxes as a share of the lower one.
func overlap(a, b rect) float64 {
	ov := min(a.y1, b.y1) - max(a.y0, b.y0)
	return ov / max(1, min(a.h(), b.h()))
}

// columnGaps returns the middles of the vertical strips, at least columnGap
// word heights wide, that no more than one word crosses (one: a line that
// runs long into the gap must not join two columns).
func columnGaps(words []word, h float64) []float64 {
	x0, x1 := words[0].box.x0, words[0].box.x1
	for _, w := range words {
		x0, x1 = min(x0, w.box.x0), max(x1, w.box.x1)
	}
	n := int(x1-x0) + 1
	cov := make([]int32, n+1)
	for _, w := range words { // difference array: +1 at the start, -1 after the end
		cov[int(w.box.x0-x0)]++
		cov[min(n, int(w.box.x1-x0))]--
	}
	allowed := int32(1)
	if len(words) < 10 {
		allowed = 0
	}
	var gaps []float64
	var c int32
	start := -1
	for i := 0; i < n; i++ {
		c += cov[i]
		switch {
		case c <= allowed && start < 0:
			start = i
		case c > allowed && start >= 0:
			if float64(i-start) >= columnGap*h && start > 0 {
				gaps = append(gaps, x0+float64(start+i)/2)
			}
			start = -1
		}
	}
	return gaps
}

// isTitle reports whether sg, which spans columns c0 to c1, sits above
// every other segment of those columns.
func isTitle(sg *line, segs []*line, c0, c1 int, column func(float64) int) bool {
	for _, o := range segs {
		if o == sg {
			continue
		}
		if c := column(o.box.x0); c >= c0 && c <= c1 && o.box.y0 < sg.box.y1 {
			return false
		}
	}
	return true
}

// joinRows merges the segments of one column that share a baseline into
// lines, and returns the lines top to bottom.
func joinRows(segs []*line) []*line {
	segs = slices.Clone(segs)
	slices.SortStableFunc(segs, func(a, b *line) int { return cmpFloat(a.box.x0, b.box.x0) })
	var rows []*line
	for _, sg := range segs {
		var best *line
		bestOv := 0.0
		for _, r := range rows {
			last := r.words[len(r.words)-1].box
			if ov := overlap(last, sg.words[0].box); ov >= 0.5 && ov > bestOv && sg.box.x0 >= last.x1-0.5*last.h() {
				best, bestOv = r, ov
			}
		}
		if best == nil {
			best = &line{}
			rows = append(rows, best)
		}
		for _, w := range sg.words {
			best.add(w)
		}
	}
	slices.SortStableFunc(rows, func(a, b *line) int { return cmpFloat(a.midY(), b.midY()) })
	return rows
}

// joinWrapped joins each wrapped line to the item it continues: a line
// indented under the one before it (by more than half a word height, or
// under the text after its bullet and right of the bullet; starting within
// it), no further below it than the column's lines are
// from one another, that does not start an item of its own (a time, a
// bullet, a number). The heading, the first line, takes no continuation.
// Joining costs nothing in CER (a line break and a space compare alike) and
// gives the notes parser whole items: "03:10 DNS TTL change pushed", and
// on a board in capitals, where the case of "DEPLOYED" does not say it
// continues "17:25 CACHE FLUSH", "17:25 CACHE FLUSH DEPLOYED".
func joinWrapped(lines []*line, h float64) []*line {
	gap := max(1.5*h, 1.25*lineGap(lines))
	var out []*line
	for i, l := range lines {
		if i >= 2 {
			p := out[len(out)-1]
			indent := p.words[0].box.x0 + 0.6*h
			if first := p.words[0].text; len(p.words) > 1 && startsItem(first) && !clockStart.MatchString(first) {
				// Under the text after a bullet or number, even when that is
				// indented less; but right of the mark, so that a new item
				// whose bullet was not read stays apart.
				indent = max(p.words[0].box.x1, min(indent, p.words[1].box.x0-0.5*h))
			}
			if len(out) > 1 && l.box.x0 >= indent && l.box.x0 < p.box.x1 &&
				l.box.y0-p.box.y1 < gap && !startsItem(l.words[0].text) {
				for _, w := range l.words {
					p.add(w)
				}
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// lineGap is the median space between one line of a column and the next,
// the heading's aside (a heading often stands apart).
func lineGap(lines []*line) float64 {
	var gaps []float64
	for i := 2; i < len(lines); i++ {
		if g := lines[i].box.y0 - lines[i-1].box.y1; g > 0 {
			gaps = append(gaps, g)
		}
	}
	if len(gaps) == 0 {
		return 0
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/2]
}

// clockPrefix is how a word that is a time begins.
const clockPrefix = `^\d{1,2}[:.h]\d\d`

// itemStart matches the first word of a line that starts an item: a time,
// a bullet or dash, a checkbox, a one-digit number ("1." "2)"); clockStart
// one that is a time rather than a mark.
var (
	itemStart  = regexp.MustCompile(clockPrefix + `|^([-–—•*·©>+~\[]|\d[.)]$)`)
	clockStart = regexp.MustCompile(clockPrefix)
)

func startsItem(first string) bool { return itemStart.MatchString(first) }

// midY is the median of the vertical centres of the line's words.
func (l *line) midY() float64 {
	ys := make([]float64, len(l.words))
	for i, w := range l.words {
		ys[i] = (w.box.y0 + w.box.y1) / 2
	}
	slices.Sort(ys)
	return ys[len(ys)/2]
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
