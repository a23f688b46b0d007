package photo

import (
	"image"
	"math"
	"slices"
)

// background is an estimate of the bare board's brightness: the photo with
// the ink taken out, on a coarse grid. Dividing the photo by it flattens
// uneven light, glare and vignetting, and leaves the ink.
type background struct {
	cell int // full-resolution pixels per grid cell
	w, h int
	v    []float32
}

// estimateBackground takes the brightest pixel of each cell (a cell of bare
// board between strokes is enough), closes the grid (a max then a min
// filter) so cells filled by ink take their neighbours' value, and smooths it.
func estimateBackground(g *image.Gray, cell int) *background {
	W, H := g.Rect.Dx(), g.Rect.Dy()
	b := &background{cell: cell, w: (W + cell - 1) / cell, h: (H + cell - 1) / cell}
	b.v = make([]float32, b.w*b.h)
	for y := 0; y < H; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+W]
		cy := y / cell
		for x, p := range row {
			i := cy*b.w + x/cell
			if f := float32(p); f > b.v[i] {
				b.v[i] = f
			}
		}
	}
	b.v = filterGrid(b.v, b.w, b.h, 2, maxf)
	b.v = filterGrid(b.v, b.w, b.h, 2, minf)
	b.v = filterGrid(b.v, b.w, b.h, 1, meanf)
	b.v = filterGrid(b.v, b.w, b.h, 1, meanf)
	for i, v := range b.v {
		b.v[i] = max(v, 24) // a black photo is not divided into noise
	}
	return b
}

func maxf(v []float32) float32 { return slices.Max(v) }
func minf(v []float32) float32 { return slices.Min(v) }
func meanf(v []float32) float32 {
	var s float32
	for _, x := range v {
		s += x
	}
	return s / float32(len(v))
}

// filterGrid applies f over a (2r+1)² window, separably (rows, then columns);
// max, min and mean are all separable.
func filterGrid(v []float32, w, h, r int, f func([]float32) float32) []float32 {
	tmp := make([]float32, len(v))
	out := make([]float32, len(v))
	win := make([]float32, 0, 2*r+1)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			win = win[:0]
			for i := max(0, x-r); i <= min(w-1, x+r); i++ {
				win = append(win, v[y*w+i])
			}
			tmp[y*w+x] = f(win)
		}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			win = win[:0]
			for j := max(0, y-r); j <= min(h-1, y+r); j++ {
				win = append(win, tmp[j*w+x])
			}
			out[y*w+x] = f(win)
		}
	}
	return out
}

// boxDown shrinks g by the integer factor k, averaging k×k blocks.
func boxDown(g *image.Gray, k int) *image.Gray {
	if k <= 1 {
		return g
	}
	W, H := g.Rect.Dx(), g.Rect.Dy()
	w, h := max(1, W/k), max(1, H/k)
	out := image.NewGray(image.Rect(0, 0, w, h))
	sum := make([]int, w)
	for y := 0; y < h; y++ {
		clear(sum)
		for j := y * k; j < min(H, (y+1)*k); j++ {
			row := g.Pix[j*g.Stride : j*g.Stride+W]
			for x := 0; x < w; x++ {
				for _, p := range row[x*k : min(W, (x+1)*k)] {
					sum[x] += int(p)
				}
			}
		}
		n := k * k
		for x := range sum {
			out.Pix[y*out.Stride+x] = uint8((sum[x] + n/2) / n)
		}
	}
	return out
}

// divide replaces each pixel of s, a copy of the photo (or of part of it)
// shrunk by k, by its ratio to the background times gain: bare board
// becomes white, ink stays dark.
func divide(s *image.Gray, k int, bg *background, gain float32) {
	r := s.Rect
	fk := float64(k)
	row := make([]float32, bg.w) // the background along a row of cells
	for y := r.Min.Y; y < r.Max.Y; y++ {
		gy := (float64(y)+0.5)*fk/float64(bg.cell) - 0.5
		y0 := int(math.Floor(gy))
		fy := float32(gy - float64(y0))
		y0, y1 := min(max(y0, 0), bg.h-1), min(max(y0+1, 0), bg.h-1)
		for i := range row {
			row[i] = bg.v[y0*bg.w+i]*(1-fy) + bg.v[y1*bg.w+i]*fy
		}
		pix := s.Pix[s.PixOffset(r.Min.X, y) : s.PixOffset(r.Min.X, y)+r.Dx()]
		for i, p := range pix {
			gx := (float64(r.Min.X+i)+0.5)*fk/float64(bg.cell) - 0.5
			x0 := int(math.Floor(gx))
			fx := float32(gx - float64(x0))
			x0, x1 := min(max(x0, 0), bg.w-1), min(max(x0+1, 0), bg.w-1)
			b := row[x0]*(1-fx) + row[x1]*fx
			pix[i] = uint8(min(float32(p)*255*gain/b, 255))
		}
	}
}

// inkLevel is the level below which a pixel of a divided image counts as
// ink when measuring the text (Tesseract gets the gray image, not this).
const inkLevel = 150

// measurement is what measure finds in a photo.
type measurement struct {
	angle  float64 // slant of the text lines, radians; positive when they fall to the right
	height float64 // median letter height
	text   rect    // box around the text (unrotated), empty when none was found
	level  float64 // brightness of the bare board after division
}

// measure finds the slant of the text lines, the median letter height and
// the box around the text, in pixels of s, a divided copy of the photo
// shrunk to about a thousand pixels wide.
func measure(s *image.Gray) measurement {
	w, h := s.Rect.Dx(), s.Rect.Dy()
	var m measurement
	var hist [256]int
	for y := 0; y < h; y++ {
		for _, p := range s.Pix[y*s.Stride : y*s.Stride+w] {
			hist[p]++
		}
	}
	m.level = 255
	for v, n := 0, 0; v < 256; v++ {
		if n += hist[v]; n >= w*h/2 {
			m.level = float64(v)
			break
		}
	}
	var xs, ys []float64
	for y := 0; y < h; y++ {
		for x, p := range s.Pix[y*s.Stride : y*s.Stride+w] {
			if p < inkLevel {
				xs = append(xs, float64(x))
				ys = append(ys, float64(y))
			}
		}
	}
	if len(xs) < 50 {
		return m
	}
	m.angle = skew(xs, ys, w, h)
	m.height, m.text = letters(s, m.angle)
	return m
}

// skew returns the angle at which the ink's projection onto the vertical
// axis is sharpest (lines of text make tall narrow peaks), searching ±15°
// in half degrees and then around the best in tenths.
func skew(xs, ys []float64, w, h int) float64 {
	// Keep the search cheap on ink-heavy photos.
	if step := len(xs) / 60000; step > 1 {
		var sx, sy []float64
		for i := 0; i < len(xs); i += step {
			sx, sy = append(sx, xs[i]), append(sy, ys[i])
		}
		xs, ys = sx, sy
	}
	span := float64(w + h)
	bins := make([]int32, int(2*span)+2)
	score := func(a float64) float64 {
		clear(bins)
		sin, cos := math.Sincos(a)
		for i := range xs {
			bins[int(ys[i]*cos-xs[i]*sin+span)]++
		}
		var s float64
		for _, c := range bins {
			s += float64(c) * float64(c)
		}
		return s
	}
	best, bestScore := 0.0, -1.0
	search := func(from, to, step float64) {
		for d := from; d <= to+1e-9; d += step {
			if s := score(d * math.Pi / 180); s > bestScore {
				best, bestScore = d, s
			}
		}
	}
	search(-15, 15, 0.5)
	search(best-0.45, best+0.45, 0.1)
	return best * math.Pi / 180
}

// inkComponents calls fn for each 8-connected component of ink (pixels
// darker than level: inkLevel for letters) of g, top-left first, with its pixels (indexes
// y*width+x; the slice is reused after fn returns) and its bounding box
// (inclusive). fn may whiten pixels of g: they are not ink any more.
func inkComponents(g *image.Gray, level uint8, fn func(pix []int, x0, y0, x1, y1 int)) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	seen := make([]bool, w*h)
	var comp, stack []int
	for start := range seen {
		if seen[start] || g.Pix[(start/w)*g.Stride+start%w] >= level {
			continue
		}
		seen[start] = true
		stack = append(stack[:0], start)
		comp = comp[:0]
		x0, y0, x1, y1 := w, h, -1, -1
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			comp = append(comp, p)
			x, y := p%w, p/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= w || ny >= h {
						continue
					}
					q := ny*w + nx
					if !seen[q] && g.Pix[ny*g.Stride+nx] < level {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
		fn(comp, x0, y0, x1, y1)
	}
}

// letters finds the letter-sized connected ink components of s and returns
// their median height, corrected for the slant of the text, and the box
// around those that have a neighbour (letters come in words; specks of
// noise and erased text stand alone).
func letters(s *image.Gray, angle float64) (float64, rect) {
	w, h := s.Rect.Dx(), s.Rect.Dy()
	type comp struct {
		box rect
		h   float64
	}
	var comps []comp
	sin, cos := math.Abs(math.Sin(angle)), math.Cos(angle)
	inkComponents(s, inkLevel, func(pix []int, x0, y0, x1, y1 int) {
		area := len(pix)
		bw, bh := float64(x1-x0+1), float64(y1-y0+1)
		// The height of the upright box whose rotation is bw×bh.
		th := (bh*cos - bw*sin) / (cos*cos - sin*sin)
		if bh < 3 || area < 6 || bw > 12*bh || bh > float64(h)/6 || th < 2 {
			return
		}
		comps = append(comps, comp{rect{float64(x0), float64(y0), float64(x1 + 1), float64(y1 + 1)}, th})
	})
	if len(comps) == 0 {
		return 0, rect{}
	}
	heights := make([]float64, len(comps))
	for i, c := range comps {
		heights[i] = c.h
	}
	slices.Sort(heights)
	// Drop dots, commas and noise: keep components at least 40% of the
	// height of the upper quartile.
	p75 := heights[len(heights)*3/4]
	i, _ := slices.BinarySearch(heights, 0.4*p75)
	med := heights[i:][len(heights[i:])/2]

	// The text box: letter-sized components with a letter-sized neighbour.
	var kept []rect
	for _, c := range comps {
		if c.h >= 0.5*med && c.h <= 3*med {
			kept = append(kept, c.box)
		}
	}
	// Count the boxes on a grid of cells the size of the reach; a box has
	// a neighbour when the cells around its own hold another box.
	reach := 2 * med
	gw, gh := int(float64(w)/reach)+1, int(float64(h)/reach)+1
	count := make([]int32, gw*gh)
	cells := func(r rect, grow int) (int, int, int, int) {
		return max(0, int(r.x0/reach)-grow), max(0, int(r.y0/reach)-grow),
			min(gw-1, int(r.x1/reach)+grow), min(gh-1, int(r.y1/reach)+grow)
	}
	for _, r := range kept {
		cx0, cy0, cx1, cy1 := cells(r, 0)
		for y := cy0; y <= cy1; y++ {
			for x := cx0; x <= cx1; x++ {
				count[y*gw+x]++
			}
		}
	}
	var box rect
	found := false
	for _, r := range kept {
		cx0, cy0, cx1, cy1 := cells(r, 1)
		ox0, oy0, ox1, oy1 := cells(r, 0)
		var n int32
		for y := cy0; y <= cy1; y++ {
			for x := cx0; x <= cx1; x++ {
				n += count[y*gw+x]
			}
		}
		if n <= int32((ox1-ox0+1)*(oy1-oy0+1)) { // only its own cells
			continue
		}
		if !found {
			box, found = r, true
		} else {
			box = box.union(r)
		}
	}
	return med, box
}

// transform maps the cleaned image Tesseract reads back to the photo:
// photo = centre + R(angle)·(p - outCentre)/scale.
type transform struct {
	angle, scale float64
	cx, cy       float64 // centre of the photo, full resolution
	ox, oy       float64 // centre of the cleaned image
	sin, cos     float64
	outW, outH   int
	shrink       int // the photo was box-shrunk by this before warping
	height       float64
	taken        string // when the photo was taken, from its EXIF; "" if unknown
}

func (t *transform) toPhoto(x, y float64) (float64, float64) {
	u, v := (x-t.ox)/t.scale, (y-t.oy)/t.scale
	return t.cx + u*t.cos - v*t.sin, t.cy + u*t.sin + v*t.cos
}

// warp draws the divided, shrunk photo s (shrunk by t.shrink) deskewed and
// scaled into a new image of t.outW×t.outH, with bilinear sampling and white
// outside the photo.
func warp(s *image.Gray, t *transform) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, t.outW, t.outH))
	r := s.Rect
	k := float64(t.shrink)
	for Y := 0; Y < t.outH; Y++ {
		row := out.Pix[Y*out.Stride : Y*out.Stride+t.outW]
		for X := range row {
			px, py := t.toPhoto(float64(X)+0.5, float64(Y)+0.5)
			sx, sy := px/k-0.5, py/k-0.5
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			if x0 < r.Min.X || y0 < r.Min.Y || x0+1 >= r.Max.X || y0+1 >= r.Max.Y {
				row[X] = 255
				continue
			}
			fx, fy := sx-float64(x0), sy-float64(y0)
			i := s.PixOffset(x0, y0)
			a, b := float64(s.Pix[i]), float64(s.Pix[i+1])
			c, d := float64(s.Pix[i+s.Stride]), float64(s.Pix[i+s.Stride+1])
			v := (a*(1-fx)+b*fx)*(1-fy) + (c*(1-fx)+d*fx)*fy
			row[X] = uint8(v + 0.5)
		}
	}
	return out
}

// removeLines whitens the ruled lines of a board: column separators,
// underlines under headings, box edges. Tesseract reads a line as letters
// or, worse, drops the words near it. A line is a connected stroke at least
// three letters long that is thin all along (across its length, its ink
// spans less than a third of a letter in most places, where a word in
// print or capitals spans most of a letter) and straight at the scale of
// letters (see stroke.straightest): a joined-up handwritten word can be as
// thin as a line, as "took", "runbook" and "rollback" on a board in
// SteveHand are.
//
// Lines are found in lighter ink than letters are (lineLevel): a thin line
// drawn with a dry marker, or blurred, is a row of dashes at inkLevel, each
// too short to be a line, and Tesseract reads the dashes as "1", "I" and
// "j". Lighter ink also joins more letters to the lines they touch, so
// only the band the line runs in is whitened (see stroke.band): the
// letters keep their ink. A stroke with under lineShare of its ink in that
// band is no line.
func removeLines(img *image.Gray, letter float64) {
	w := img.Rect.Dx()
	inkComponents(img, lineLevel, func(comp []int, x0, y0, x1, y1 int) {
		if float64(max(x1-x0, y1-y0)+1) < 3*letter {
			return
		}
		s := newStroke(comp, w, x0, y0, x1, y1)
		if s.thick >= letter/3 {
			return
		}
		edge, bend := s.straightest(letter)
		if bend >= letter/8 {
			return
		}
		band := s.band(comp, w, edge, letter)
		if float64(len(band)) < lineShare*float64(len(comp)) {
			return
		}
		whiten(img, band, letter)
	})
}

// lineLevel is the level below which a pixel counts as ink when looking for
// ruled lines: well below the board's white, above the darkest of a line
// that is only a pixel or two wide.
const lineLevel = 200

// lineShare is the share of a stroke's ink that must lie in the band a
// line runs in: a line that letters touch is still mostly line, where the
// tops of capitals joined to a short underline ("FIX" over its underline)
// form a straight edge with most of their ink away from it.
const lineShare = 0.6

// stroke is a connected piece of ink seen along its longer side.
type stroke struct {
	horizontal bool
	// lo and hi are the ink's extent across the stroke at each point
	// along it, from x0 for a horizontal stroke and y0 for a vertical one.
	// A connected stroke has ink at every point along it.
	lo, hi []int32
	x0, y0 int
	thick  float64 // the median extent across
}

func newStroke(comp []int, w, x0, y0, x1, y1 int) stroke {
	s := stroke{horizontal: x1-x0 >= y1-y0, x0: x0, y0: y0}
	n := max(x1-x0, y1-y0) + 1
	s.lo, s.hi = make([]int32, n), make([]int32, n)
	for i := range n {
		s.lo[i], s.hi[i] = math.MaxInt32, -1
	}
	for _, p := range comp {
		along, across := s.at(p, w)
		s.lo[along], s.hi[along] = min(s.lo[along], int32(across)), max(s.hi[along], int32(across))
	}
	ext := make([]int32, n)
	for i := range n {
		ext[i] = s.hi[i] - s.lo[i] + 1
	}
	slices.Sort(ext)
	s.thick = float64(ext[len(ext)/2])
	return s
}

// at returns where pixel p (an index y*w+x) lies along the stroke and
// across it.
func (s stroke) at(p, w int) (along, across int) {
	if s.horizontal {
		return p%w - s.x0, p / w
	}
	return p/w - s.y0, p % w
}

// The edges of a stroke: the side of lower coordinates across it (the top
// of a horizontal stroke), the other side, and the middle.
const (
	edgeLo = iota
	edgeHi
	edgeMid
)

// edge is where the stroke's edge e lies across it at point i along it.
func (s stroke) edge(e, i int) float64 {
	switch e {
	case edgeLo:
		return float64(s.lo[i])
	case edgeHi:
		return float64(s.hi[i])
	}
	return float64(s.lo[i]+s.hi[i]) / 2
}

// straightest returns the stroke's straightest edge and how much it bends
// at the scale of letters: the median second difference of the edge over
// half a letter. Writing bends, a ruled line does not: a line may be
// tilted or bowed, which the second difference does not see, and letters
// may touch it from one side, which leaves the other edge straight.
// Measured on the 12 photos (letter 24 px): ruled lines 0–2 px, thin
// joined-up words 4–7 px.
func (s stroke) straightest(letter float64) (edge int, bend float64) {
	k := max(1, int(letter/2))
	bend = math.Inf(1)
	var d []float64
	for e := range 3 {
		d = d[:0]
		for i := k; i+k < len(s.lo); i++ {
			d = append(d, math.Abs(s.edge(e, i-k)-2*s.edge(e, i)+s.edge(e, i+k)))
		}
		if len(d) == 0 {
			continue
		}
		slices.Sort(d)
		if b := d[len(d)/2]; b < bend {
			edge, bend = e, b
		}
	}
	return edge, bend
}

// band returns the pixels of comp, the stroke's pixels in an image w
// pixels wide, that lie in the band the line runs in: as thick as the line,
// along its given edge. Where that edge lies at each point is the median
// over two letters either side, so a letter that touches the line moves it
// little, and keeps its ink outside the band.
func (s stroke) band(comp []int, w, edge int, letter float64) []int {
	win := int(2 * letter)
	n := len(s.lo)
	at := make([]float64, n)
	var buf []float64
	for i := range n {
		buf = buf[:0]
		for j := max(0, i-win); j <= min(n-1, i+win); j++ {
			buf = append(buf, s.edge(edge, j))
		}
		slices.Sort(buf)
		at[i] = buf[len(buf)/2]
	}
	// The band, relative to the edge.
	from, to := -s.thick/2-1, s.thick/2+1
	switch edge {
	case edgeLo:
		from, to = -1, s.thick+1
	case edgeHi:
		from, to = -s.thick-1, 1
	}
	in := make([]int, 0, len(comp))
	for _, p := range comp {
		along, across := s.at(p, w)
		if d := float64(across) - at[along]; d >= from && d <= to {
			in = append(in, p)
		}
	}
	return in
}

// whiten whitens the pixels pix of img and their blurred edge, but not the
// darker ink of letters that touch them.
func whiten(img *image.Gray, pix []int, letter float64) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	halo := max(2, int(letter/6))
	for _, p := range pix {
		x, y := p%w, p/w
		for yy := max(0, y-halo); yy <= min(h-1, y+halo); yy++ {
			row := img.Pix[yy*img.Stride:]
			for xx := max(0, x-halo); xx <= min(w-1, x+halo); xx++ {
				if row[xx] >= inkLevel {
					row[xx] = 255
				}
			}
		}
		img.Pix[y*img.Stride+x] = 255
	}
}
