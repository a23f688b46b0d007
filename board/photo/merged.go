package photo

import (
	"context"
	"image"
	"slices"
)

// Reading again the lines Tesseract read as one.
//
// Handwriting stands close, line under line, and its loops reach into the
// line below: on photo 06 Tesseract read "deploy" in "16:20 deploy worker
// v8" and "queue" in "16:35 queue depth 120k" below it as the words "tad"
// and "ire", each as tall as the two lines, and "16:35" as "055".
// rereadMerged finds such a word, over 1.6 times as tall as the median
// word (tallWord) and reaching over half into the line above or below it,
// and reads each line it touches again, alone, as one line of text (the
// strip of the line's other words, widened to the tall word), in one more
// Tesseract run for all of them. The line read again replaces the first reading, but for a
// clock time that led the line and that the new reading does not have.

// tallWord is how many times the median word height a word must be to have
// been read across two lines.
const tallWord = 1.6

// rereadMerged reads again the lines of cols that a word read across two
// lines touches (see above). img is the image Tesseract read.
func rereadMerged(ctx context.Context, name string, img *image.Gray, cols [][]*line, opt *Options) error {
	var words []word
	for _, col := range cols {
		for _, l := range col {
			words = append(words, l.words...)
		}
	}
	if len(words) == 0 {
		return nil
	}
	h := medianHeight(words)
	tall := func(w word) bool { return w.box.h() > tallWord*h }
	// core is the band a line's words of normal height stand in: the
	// median of their tops and of their bottoms.
	core := func(l *line) (y0, y1 float64, ok bool) {
		var y0s, y1s []float64
		for _, w := range l.words {
			if !tall(w) {
				y0s = append(y0s, w.box.y0)
				y1s = append(y1s, w.box.y1)
			}
		}
		if len(y0s) == 0 {
			return 0, 0, false
		}
		slices.Sort(y0s)
		slices.Sort(y1s)
		return y0s[len(y0s)/2], y1s[len(y1s)/2], true
	}
	var lines []*line
	var strips []rect
	for _, col := range cols {
		marked := map[*line][]word{} // the lines to read again, with the tall words they touch
		for i, l := range col {
			for _, w := range l.words {
				if !tall(w) {
					continue
				}
				for _, j := range []int{i - 1, i + 1} {
					if j < 0 || j >= len(col) {
						continue
					}
					y0, y1, ok := core(col[j])
					if ok && min(y1, w.box.y1)-max(y0, w.box.y0) > 0.5*(y1-y0) {
						marked[l] = append(marked[l], w)
						marked[col[j]] = append(marked[col[j]], w)
					}
				}
			}
		}
		for _, l := range col {
			ws, ok := marked[l]
			if !ok {
				continue
			}
			y0, y1, ok := core(l)
			if !ok {
				continue
			}
			x0, x1 := l.box.x0, l.box.x1
			for _, w := range ws {
				x0, x1 = min(x0, w.box.x0), max(x1, w.box.x1)
			}
			lines = append(lines, l)
			strips = append(strips, rect{x0 - 0.3*h, y0 - 0.15*h, x1 + 0.3*h, y1 + 0.15*h})
		}
	}
	if len(lines) == 0 {
		return nil
	}
	crops := make([]*image.Gray, len(lines))
	origins := make([]image.Point, len(lines))
	for i, r := range strips {
		crops[i], origins[i] = cropGray(img, r)
	}
	pages, err := readLines(ctx, name, crops, opt)
	if err != nil {
		return err
	}
	for i, l := range lines {
		ws := pages[i]
		if len(ws) == 0 {
			continue
		}
		o := origins[i]
		for k := range ws {
			b := &ws[k].box
			b.x0, b.x1 = b.x0+float64(o.X), b.x1+float64(o.X)
			b.y0, b.y1 = b.y0+float64(o.Y), b.y1+float64(o.Y)
		}
		if first := l.words[0]; clockWord.MatchString(first.text) && !clockWord.MatchString(ws[0].text) {
			ws[0] = first
		}
		l.words = nil
		for _, w := range ws {
			l.add(w)
		}
	}
	return nil
}

// cropPad is the white margin around a line cut out to be read again.
const cropPad = 10

// cropGray cuts r out of img, with a white margin of cropPad pixels, and
// returns it with the point of img that is its (0, 0).
func cropGray(img *image.Gray, r rect) (*image.Gray, image.Point) {
	b := img.Rect
	x0, y0 := max(int(r.x0), b.Min.X), max(int(r.y0), b.Min.Y)
	x1, y1 := min(int(r.x1+0.5), b.Max.X), min(int(r.y1+0.5), b.Max.Y)
	x1, y1 = max(x1, x0+1), max(y1, y0+1)
	out := image.NewGray(image.Rect(0, 0, x1-x0+2*cropPad, y1-y0+2*cropPad))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := y0; y < y1; y++ {
		copy(out.Pix[(y-y0+cropPad)*out.Stride+cropPad:], img.Pix[img.PixOffset(x0, y):img.PixOffset(x1, y)])
	}
	return out, image.Pt(x0-cropPad, y0-cropPad)
}

// readLines reads each image as one line of text, all in one Tesseract run,
// and returns the words of each, with their timesteps, in the image's
// pixels.
func readLines(ctx context.Context, name string, imgs []*image.Gray, opt *Options) ([][]word, error) {
	out, done, err := readImageLines(ctx, name, imgs, opt)
	if err != nil {
		return nil, err
	}
	defer done()
	return readWords(name, out, len(imgs))
}
