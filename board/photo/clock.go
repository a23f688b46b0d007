package photo

import (
	"context"
	"fmt"
	"image"
	"math"
	"regexp"
	"strings"
	"unicode"
)

// Reading the clock times of a timeline.
//
// A timeline line starts with a clock time, and Tesseract misreads the
// time in fonts whose digits touch: "2k1S" for 21:15 (a "1" with a foot
// against the colon), "222" for 21:22. The misread words still hold most of
// the evidence, in the LSTM's character probabilities at each timestep
// (which Tesseract gives with lstm_choice_mode=1). readClocks decodes those
// probabilities under the one grammar a clock time can have, HH:MM, by
// connectionist temporal classification: the time whose every alignment to
// the timesteps adds up to the highest probability. It does so with the
// word as read on the page and once more from a crop of the word alone,
// scaled up, averages the two, weighs in how often people write each
// minute (minutePrior: a time is more often 14:30 than 14:29), and keeps
// the result only when it is clear (well ahead of the next best time, and
// not much less likely than whatever Tesseract read) and fits the column's
// other times in order. A time Tesseract read surely is decoded the same
// way and kept as read unless the decoding clearly says otherwise.

// choice is one of the characters Tesseract's LSTM considered at one
// timestep of a word, with its probability (0-1); "" is the blank, the
// network's "no new character here".
type choice struct {
	text string
	p    float64
}

// step is the LSTM's output at one timestep: its top choices.
type step []choice

// Settings of the clock pass; docs/photo.md has the measurements behind them.
const (
	// clockCropHeight is the height, in pixels, a leading word's box is
	// scaled to for the second reading.
	clockCropHeight = 96
	// clockMargin is how much more likely (log) the decoded time must be
	// than any other time.
	clockMargin = 0.5
	// clockFit is how much less likely (log) the decoded time may be than
	// the characters Tesseract read: a time whose colon or digits are not
	// in the word at all ("1500", "404") falls far below.
	clockFit = -4
	// clockGap is the longest step, in minutes, between two consecutive
	// times of a timeline that the order check accepts.
	clockGap = 4 * 60
	// stepFloor is the probability of a character missing from a
	// timestep's choices (Tesseract lists only those above about 1%).
	stepFloor = 0.002
)

// clockGlyphs are the characters that count as each character of a clock
// time when decoding: the digit itself and the letters and marks a digit is
// commonly read as (0/O, 1/l/I, 5/S, 8/B; a colon as a semicolon or a dot).
var clockGlyphs = map[rune]string{
	'0': "0Oo", '1': "1lI|i!", '2': "2Zz", '3': "3", '4': "4", '5': "5Ss",
	'6': "6bG", '7': "7", '8': "8B", '9': "9gq", ':': ":;.,",
}

// emit is the probability that the timestep shows clock character c.
func (s step) emit(c rune) float64 {
	glyphs := clockGlyphs[c]
	var p float64
	for _, ch := range s {
		if r := []rune(ch.text); len(r) == 1 && strings.ContainsRune(glyphs, r[0]) {
			p += ch.p
		}
	}
	return max(p, stepFloor)
}

// blank is the probability of no new character at the timestep.
func (s step) blank() float64 {
	for _, ch := range s {
		if ch.text == "" {
			return max(ch.p, stepFloor)
		}
	}
	return stepFloor
}

// best is the probability of the timestep's most likely choice.
func (s step) best() float64 {
	p := stepFloor
	for _, ch := range s {
		p = max(p, ch.p)
	}
	return p
}

// clockScores returns, for each minute of the day, how likely the
// timesteps are to show it as a clock time, HH:MM, under connectionist
// temporal classification (the sum over every alignment of the time to the
// timesteps, with blanks between characters and repeats collapsed), as the
// log of its probability over that of the best path (the most likely choice
// at every timestep, what Tesseract's own reading is made of). A board's
// "9:40" is scored as 09:40: a missing leading zero costs little next to
// the rest of the word. It returns nil when there are too few timesteps to
// hold a time.
//
// The 1440 times share their prefixes ("21:1" for 21:10 to 21:19), and the
// forward variables of a prefix do not depend on what follows it, so the
// times are scored down a tree of prefixes, each extending its parent's
// forward variables by one character.
func clockScores(steps []step) []float64 {
	T := len(steps)
	if T < 5 {
		return nil
	}
	// Emissions at each timestep, over the best choice's probability: the
	// forward variables then stay in range, and come out relative to the
	// best path.
	var emit [11][]float64 // '0'-'9', then ':'
	for c := range emit {
		emit[c] = make([]float64, T)
	}
	blank := make([]float64, T)
	for t, st := range steps {
		b := st.best()
		for c := range 10 {
			emit[c][t] = st.emit(rune('0'+c)) / b
		}
		emit[10][t] = st.emit(':') / b
		blank[t] = st.blank() / b
	}
	// A prefix's forward variables at each timestep: ending on its last
	// character, and on the blank after it.
	type row struct{ char, blank []float64 }
	newRow := func() row { return row{make([]float64, T), make([]float64, T)} }
	root := newRow() // the empty prefix: blanks only
	root.blank[0] = blank[0]
	for t := 1; t < T; t++ {
		root.blank[t] = root.blank[t-1] * blank[t]
	}
	var rows [5]row // rows[k]: the prefix of k+1 characters being scored
	for k := range rows {
		rows[k] = newRow()
	}
	// extend fills rows[k] with the prefix that adds character c (an index
	// into emit) to parent, whose last character was pc.
	extend := func(k, c, pc int, parent row) {
		ch, bl, e := rows[k].char, rows[k].blank, emit[c]
		ch[0], bl[0] = 0, 0
		if k == 0 {
			ch[0] = e[0]
		}
		for t := 1; t < T; t++ {
			a := ch[t-1] + parent.blank[t-1]
			if c != pc {
				a += parent.char[t-1]
			}
			ch[t] = a * e[t]
			bl[t] = (bl[t-1] + ch[t-1]) * blank[t]
		}
	}
	scores := make([]float64, 24*60)
	for h1 := 0; h1 <= 2; h1++ {
		extend(0, h1, -1, root)
		for h2 := 0; h2 <= 9 && h1*10+h2 < 24; h2++ {
			extend(1, h2, h1, rows[0])
			extend(2, 10, h2, rows[1])
			for m1 := 0; m1 <= 5; m1++ {
				extend(3, m1, 10, rows[2])
				for m2 := 0; m2 <= 9; m2++ {
					extend(4, m2, m1, rows[3])
					scores[(h1*10+h2)*60+m1*10+m2] = math.Log(rows[4].char[T-1] + rows[4].blank[T-1])
				}
			}
		}
	}
	return scores
}

// minuteDigits counts the last digits of the minutes of the 853 clock times
// in the 109 postmortems of ../shared/corpus (TestMinuteDigits recounts
// them): people write :00, :30 and :45 more often than :29. Times on a
// whiteboard are rounded the same way, more so than logged ones.
var minuteDigits = [10]float64{205, 79, 66, 64, 50, 130, 68, 57, 69, 65}

// minutePrior is the log of how much likelier a time with each last digit
// of the minute is than one in ten: +0.88 for a 0, +0.42 for a 5, about
// -0.3 for the others.
var minutePrior = func() (p [10]float64) {
	sum := 0.0
	for _, n := range minuteDigits {
		sum += n
	}
	for d, n := range minuteDigits {
		p[d] = math.Log(n / sum * 10)
	}
	return p
}()

// clockReading is what the clock pass makes of a line's leading word.
type clockReading struct {
	minute        int     // the decoded time, minutes after midnight; -1 for none
	margin        float64 // log-odds over the next best time
	fit           float64 // log probability relative to Tesseract's own reading
	anchor        bool    // Tesseract read a clock time itself, and was sure
	first, second []step  // the timesteps on the page and in the crop
}

// decode decodes the readings' timesteps into r.minute, r.margin and r.fit:
// the mean over the readings that hold a time, with the minute's prior.
func (r *clockReading) decode() {
	r.minute = -1
	var sum []float64
	n := 0
	for _, steps := range [][]step{r.first, r.second} {
		s := clockScores(steps)
		if s == nil {
			continue
		}
		if sum == nil {
			sum = make([]float64, len(s))
		}
		for i, v := range s {
			sum[i] += v
		}
		n++
	}
	if n == 0 {
		return
	}
	best, second := math.Inf(-1), math.Inf(-1)
	for m, v := range sum {
		v = v/float64(n) + minutePrior[m%10]
		switch {
		case v > best:
			r.minute, best, second = m, v, best
		case v > second:
			second = v
		}
	}
	r.margin = best - second
	r.fit = best
}

// clockWord matches a word that is a clock time as Tesseract reads it.
var clockWord = regexp.MustCompile(`^([01]?\d|2[0-3]):[0-5]\d$`)

// clockShape matches a word shaped like a clock time that is not one as
// read: "47:25", "09;03".
var clockShape = regexp.MustCompile(`^[^:;\s]{1,2}[:;]\d\d$`)

// clockLike reports whether a line's leading word, read as text with
// confidence conf, may be a misread clock time: three to six characters
// with a digit among them that Tesseract was unsure of (a number it read
// clearly, "1500", is a number), or a word shaped like a time that is not a
// valid one.
func clockLike(text string, conf, sure float64) bool {
	if clockWord.MatchString(text) {
		return conf < sure
	}
	if clockShape.MatchString(text) {
		return true
	}
	n := len([]rune(text))
	return n >= 3 && n <= 6 && conf < sure && strings.ContainsFunc(text, unicode.IsDigit)
}

// readClocks re-reads the clock times that lead the lines of cols where
// Tesseract was unsure of them, and replaces the words whose time it can
// tell (see the comment at the top of this file). img is the image
// Tesseract read. It runs Tesseract once more, on crops of those words,
// only when there is such a word.
func readClocks(ctx context.Context, name string, img *image.Gray, cols [][]*line, opt *Options) error {
	type entry struct {
		w *word
		r clockReading
	}
	var entries [][]*entry // per column, the lines led by a time or a candidate
	var crops []*image.Gray
	var cands []*entry
	for _, col := range cols {
		var es []*entry
		for i, l := range col {
			if i == 0 || len(l.words) < 2 { // the heading; a lone word is no timeline entry
				continue
			}
			w := &l.words[0]
			var e *entry
			switch {
			case clockWord.MatchString(w.text) && w.conf >= opt.SureConfidence:
				e = &entry{w: w, r: clockReading{minute: clockMinute(w.text), anchor: true}}
			case clockLike(w.text, w.conf, opt.SureConfidence):
				e = &entry{w: w, r: clockReading{minute: -1}}
			default:
				continue
			}
			es = append(es, e)
			if len(w.steps) > 0 && (!e.r.anchor || inDoubt(w.steps, e.r.minute)) {
				e.r.first = w.steps
				cands = append(cands, e)
				crops = append(crops, clockCrop(img, *w, l.words[1]))
			}
		}
		entries = append(entries, es)
	}
	if len(cands) == 0 {
		return nil
	}
	var pages [][]step
	if tune.clockCrops {
		var err error
		if pages, err = readCrops(ctx, name, crops, opt); err != nil {
			return err
		}
	}
	for i, e := range cands {
		if i < len(pages) {
			e.r.second = pages[i]
		}
		read := e.r.minute
		e.r.decode()
		clear := e.r.minute >= 0 && e.r.margin >= clockMargin && e.r.fit >= clockFit
		switch {
		case e.r.anchor && clear && e.r.minute != read:
			// A sure reading the decoding clearly puts elsewhere
			// ("16:59", where both readings and the prior make 16:50 the
			// likelier): a decoded time like any other from here on.
			e.r.anchor = false
		case e.r.anchor:
			e.r.minute = read
		case !clear:
			e.r.minute = -1
		}
	}
	for _, es := range entries {
		rs := make([]*clockReading, len(es))
		for i, e := range es {
			rs[i] = &e.r
		}
		inOrder(rs)
		for _, e := range es {
			if !e.r.anchor && e.r.minute >= 0 {
				e.w.text = fmt.Sprintf("%02d:%02d", e.r.minute/60, e.r.minute%60)
			}
		}
	}
	return nil
}

// inDoubt reports whether a time Tesseract read surely as minute m is worth
// reading again: whether its own timesteps, with the minute prior, leave
// another time within -clockFit of it. A printed time is far ahead (by 8
// or more on photos 01 and 02), and reading it again, one more Tesseract
// run, would only confirm it; of the 12 photos' sure times only six, all
// handwritten (05-07), are within 4, 06's "16:59" by 0.95.
func inDoubt(steps []step, m int) bool {
	s := clockScores(steps)
	if s == nil {
		return false
	}
	other := math.Inf(-1)
	for i, v := range s {
		if i != m {
			other = max(other, v+minutePrior[i%10])
		}
	}
	return s[m]+minutePrior[m%10]-other < -clockFit
}

// clockMinute is the minute of the day of a clock word ("9:40", "21:15").
func clockMinute(s string) int {
	var h, m int
	fmt.Sscanf(s, "%d:%d", &h, &m)
	return h*60 + m
}

// inOrder drops decoded times (sets minute to -1) that do not fit the
// column's order. A timeline runs forward, each time at most clockGap
// after the one before (across midnight too): inOrder finds the longest
// such chain of the column's times, taking every sure reading (anchor) it
// can and, between chains as long, the clearer decoded times, and drops
// the decoded times outside it. A chain of one time is no timeline: its
// decoded time is dropped too.
func inOrder(rs []*clockReading) {
	var times []*clockReading
	for _, r := range rs {
		if r.minute >= 0 {
			times = append(times, r)
		}
	}
	weight := func(r *clockReading) float64 {
		if r.anchor {
			return 1000
		}
		return 1 + r.margin/1000
	}
	// best[i] is the weight of the best chain that ends with times[i].
	best := make([]float64, len(times))
	prev := make([]int, len(times))
	end := -1
	for i, r := range times {
		best[i], prev[i] = weight(r), -1
		for j := range i {
			if forward(times[j].minute, r.minute) <= clockGap && best[j]+weight(r) > best[i] {
				best[i], prev[i] = best[j]+weight(r), j
			}
		}
		if end < 0 || best[i] > best[end] {
			end = i
		}
	}
	chain := map[*clockReading]bool{}
	n := 0
	for i := end; i >= 0; i = prev[i] {
		chain[times[i]] = true
		n++
	}
	for _, r := range times {
		if !r.anchor && (!chain[r] || n < 2) {
			r.minute = -1
		}
	}
}

// forward is the number of minutes from clock time a forward to b.
func forward(a, b int) int { return ((b-a)%(24*60) + 24*60) % (24 * 60) }

// clockCrop cuts the word w, which next follows on its line, out of img
// with a margin, scales it so the box is clockCropHeight pixels high and
// pads it with white: a word alone is read without its neighbours' pull.
func clockCrop(img *image.Gray, w, next word) *image.Gray {
	h := w.box.h()
	r := rect{
		x0: w.box.x0 - 0.3*h,
		y0: min(w.box.y0, next.box.y0) - 0.25*h,
		x1: min((w.box.x1+next.box.x0)/2, w.box.x1+0.4*h),
		y1: max(w.box.y1, next.box.y1) + 0.25*h,
	}
	f := clockCropHeight / h
	pad := clockCropHeight / 2
	b := img.Rect
	r = rect{max(r.x0, float64(b.Min.X)), max(r.y0, float64(b.Min.Y)), min(r.x1, float64(b.Max.X)), min(r.y1, float64(b.Max.Y))}
	W, H := max(1, int(r.w()*f)), max(1, int(r.h()*f))
	out := image.NewGray(image.Rect(0, 0, W+2*pad, H+2*pad))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	at := func(x, y int) float64 {
		x = min(max(x, int(r.x0)), int(math.Ceil(r.x1))-1, b.Max.X-1)
		y = min(max(y, int(r.y0)), int(math.Ceil(r.y1))-1, b.Max.Y-1)
		return float64(img.Pix[img.PixOffset(x, y)])
	}
	for Y := 0; Y < H; Y++ {
		sy := (float64(Y)+0.5)/f - 0.5 + r.y0
		y0 := int(math.Floor(sy))
		fy := sy - float64(y0)
		row := out.Pix[(Y+pad)*out.Stride+pad:]
		for X := 0; X < W; X++ {
			sx := (float64(X)+0.5)/f - 0.5 + r.x0
			x0 := int(math.Floor(sx))
			fx := sx - float64(x0)
			v := (at(x0, y0)*(1-fx)+at(x0+1, y0)*fx)*(1-fy) + (at(x0, y0+1)*(1-fx)+at(x0+1, y0+1)*fx)*fy
			row[X] = uint8(v + 0.5)
		}
	}
	return out
}
