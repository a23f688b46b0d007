package photo

import (
	"context"
	"image"
	"math"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight/board"
)

// Options configure Read. The zero value is ready to use: every zero field
// takes its default.
type Options struct {
	// Tesseract is the tesseract program, a path or a name looked up on
	// PATH; default "tesseract".
	Tesseract string
	// Language is the Tesseract model to read with: "" or "hand" for the
	// built-in one, fine-tuned for whiteboards (handwriting and print);
	// any other name ("eng", "deu", "eng+deu") for an installed model.
	Language string
	// HEIFConvert is libheif's converter for HEIC photos; default
	// "heif-convert" (Debian: libheif-examples).
	HEIFConvert string
	// Timeout limits the reading of one photo; default 30s.
	Timeout time.Duration
	// Threads is Tesseract's OMP_THREAD_LIMIT; default 1, which measured
	// fastest here (more threads cost more in waiting than they save).
	Threads int
	// MinConfidence drops words Tesseract is less sure of (0-100). The
	// default, 0, keeps every word: dropping measured worse, as Tesseract is
	// often unsure of words it read right; unsure lines are marked
	// Uncertain instead.
	MinConfidence float64
	// SureConfidence is the mean word confidence (weighted by length) below
	// which a line is marked Uncertain; default 85. On the test photos it
	// flags 2 of 47 lines of clear print and nearly every line of
	// handwriting, and most lines with a misread letter or digit.
	SureConfidence float64
	// TextHeight is the median letter height, in pixels, the photo is
	// scaled to before Tesseract reads it; default 24.
	TextHeight float64
	// MaxPixels refuses larger photos before they are decoded; default 64
	// megapixels (a 48-megapixel phone photo passes).
	MaxPixels int64
	// MaxBytes refuses larger files; default 40 MB.
	MaxBytes int64
}

// Defaults.
const (
	DefaultTimeout        = 30 * time.Second
	DefaultThreads        = 1
	DefaultSureConfidence = 85
	DefaultTextHeight     = 24
	DefaultMaxPixels      = 64_000_000
	DefaultMaxBytes       = 40 << 20 // 40 MB
)

func (o Options) withDefaults() Options {
	if o.Tesseract == "" {
		o.Tesseract = "tesseract"
	}
	if o.HEIFConvert == "" {
		o.HEIFConvert = "heif-convert"
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Threads <= 0 {
		o.Threads = DefaultThreads
	}
	if o.SureConfidence == 0 {
		o.SureConfidence = DefaultSureConfidence
	}
	if o.TextHeight <= 0 {
		o.TextHeight = DefaultTextHeight
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxPixels
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	return o
}

// Sniff reports whether data looks like an image this package reads (JPEG,
// PNG or HEIC), by its magic bytes rather than a file name.
func Sniff(data []byte) bool { return sniff(data) != "" }

// Read reads a whiteboard photo (JPEG, PNG, or HEIC when libheif's
// heif-convert is installed) and returns the board's text: one Block per
// line, in reading order (columns left to right, lines top to bottom), with
// Pos in the photo's pixels (upright, after EXIF orientation), Source "ocr",
// and Uncertain set on lines read with low confidence. name is used in
// messages. Errors are *hindsight.Error values that say what to do next.
func Read(ctx context.Context, name string, data []byte, opt Options) (*board.Board, error) {
	opt = opt.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	img, t, err := prepare(ctx, name, data, &opt)
	if err != nil {
		return nil, err
	}
	words, err := recognize(ctx, name, img, &opt)
	if err != nil {
		return nil, err
	}
	cols := layout(words, &opt)
	if tune.merged {
		if err := rereadMerged(ctx, name, img, cols, &opt); err != nil {
			return nil, err
		}
	}
	if tune.clocks {
		if err := readClocks(ctx, name, img, cols, &opt); err != nil {
			return nil, err
		}
	}
	if tune.lexicon {
		correctHeadings(cols)
		correctWords(cols, opt.SureConfidence)
	}
	b := &board.Board{Name: name}
	if t.taken != "" {
		// When the photo was taken, for the reader of the board to use or
		// not: it is often the day of the incident, but not always.
		b.Meta = map[string]any{"photo_taken": t.taken}
	}
	for _, col := range cols {
		for _, l := range col {
			b.Blocks = append(b.Blocks, board.Block{
				Text:      l.text(),
				Line:      len(b.Blocks) + 1,
				Pos:       t.rectToPhoto(l.box),
				Source:    "ocr",
				Uncertain: l.conf() < opt.SureConfidence,
			})
		}
	}
	if len(b.Blocks) == 0 {
		return nil, noText(name)
	}
	return b, nil
}

// prepare decodes the photo and cleans it up for Tesseract: background
// division, deskew, and scaling to opt.TextHeight. It returns the cleaned
// image and the transform back to the photo. It does not run Tesseract.
func prepare(ctx context.Context, name string, data []byte, opt *Options) (*image.Gray, *transform, error) {
	g, taken, err := decode(ctx, name, data, opt)
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, stopped(name, ctx, opt)
	}
	W, H := g.Rect.Dx(), g.Rect.Dy()
	bg := estimateBackground(g, max(4, max(W, H)/150))

	// Measure the text on a copy about 1000 px wide.
	a := max(1, (max(W, H)+999)/1000)
	small := boxDown(g, a)
	if small == g {
		small = cloneGray(g)
	}
	divide(small, a, bg, 1)
	m := measure(small)
	height := m.height * float64(a)

	// Crop to the text, with a margin, unless none was found.
	crop := rect{0, 0, float64(W), float64(H)}
	if tune.crop && m.text.w() > 0 {
		pad := 3 * height
		crop = rect{
			max(0, m.text.x0*float64(a)-pad), max(0, m.text.y0*float64(a)-pad),
			min(float64(W), m.text.x1*float64(a)+pad), min(float64(H), m.text.y1*float64(a)+pad),
		}
	}
	scale := 1.0
	if height > 0 {
		scale = min(max(opt.TextHeight/height, 0.2), 4)
	}
	// Keep Tesseract's image within about 16 megapixels whatever the photo.
	if px := crop.w() * crop.h() * scale * scale; px > 16e6 {
		scale *= math.Sqrt(16e6 / px)
	}
	k := max(1, int(0.75/scale))
	s := boxDown(g, k)
	// Only the cropped part is divided (and, when not shrunk, copied).
	part := image.Rect(int(crop.x0)/k-1, int(crop.y0)/k-1, int(crop.x1)/k+2, int(crop.y1)/k+2).Intersect(s.Rect)
	if s == g {
		s = cloneGray(g.SubImage(part).(*image.Gray))
	} else {
		s = s.SubImage(part).(*image.Gray)
	}
	// Bare board becomes pure white: sensor noise and the ghosts of erased
	// text, a little darker than the board, go with it.
	gain := float32(1.0)
	if tune.clip > 0 && m.level > 64 {
		gain = float32(255 / (m.level * tune.clip))
	}
	divide(s, k, bg, gain)

	sin, cos := math.Sincos(m.angle)
	aSin := math.Abs(sin)
	outW := max(1, int(math.Ceil((crop.w()*cos+crop.h()*aSin)*scale)))
	outH := max(1, int(math.Ceil((crop.w()*aSin+crop.h()*cos)*scale)))
	t := &transform{
		angle: m.angle, scale: scale, sin: sin, cos: cos,
		cx: (crop.x0 + crop.x1) / 2, cy: (crop.y0 + crop.y1) / 2,
		ox: float64(outW) / 2, oy: float64(outH) / 2,
		outW: outW, outH: outH, shrink: k, height: height, taken: taken,
	}
	out := warp(s, t)
	if tune.lines {
		removeLines(out, height*scale)
	}
	return out, t, nil
}

// tune holds settings of the clean-up that are fixed in use and varied only
// by the measurements behind docs/photo.md.
var tune = struct {
	crop   bool    // crop to the text found
	clip   float64 // board brighter than clip×its level becomes white; 0: off
	lines  bool    // remove ruled lines
	psm    string  // Tesseract's page segmentation mode
	clocks bool    // decode the clock times that lead timeline lines
	// clockCrops reads each unsure clock time once more, alone, scaled up
	clockCrops bool
	lexicon    bool // correct unsure words from the board vocabulary
	merged     bool // read again the lines a word was read across
}{crop: true, clip: 0.85, lines: true, psm: "6", clocks: true, clockCrops: true, lexicon: true, merged: true}

// cloneGray copies g, keeping its bounds.
func cloneGray(g *image.Gray) *image.Gray {
	c := image.NewGray(g.Rect)
	for y := g.Rect.Min.Y; y < g.Rect.Max.Y; y++ {
		copy(c.Pix[c.PixOffset(g.Rect.Min.X, y):c.PixOffset(g.Rect.Max.X, y)], g.Pix[g.PixOffset(g.Rect.Min.X, y):])
	}
	return c
}

// rectToPhoto maps a box of the cleaned image to the upright box that
// holds it in the photo.
func (t *transform) rectToPhoto(r rect) *board.Rect {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, p := range [4][2]float64{{r.x0, r.y0}, {r.x1, r.y0}, {r.x0, r.y1}, {r.x1, r.y1}} {
		x, y := t.toPhoto(p[0], p[1])
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	round := func(v float64) float64 { return math.Round(v*10) / 10 }
	return &board.Rect{X: round(x0), Y: round(y0), W: round(x1 - x0), H: round(y1 - y0)}
}

// Text returns the board's text as a person would copy it from the
// whiteboard: one line per Block, and a blank line between columns. A
// Block starts a new column when it sits higher on the board than the one
// before it (Read emits each column top to bottom).
func Text(b *board.Board) string {
	var sb strings.Builder
	for i, bl := range b.Blocks {
		if i > 0 && bl.Pos != nil && b.Blocks[i-1].Pos != nil && newColumn(b.Blocks[i-1].Pos, bl.Pos) {
			sb.WriteString("\n")
		}
		sb.WriteString(bl.Text)
		sb.WriteString("\n")
	}
	return sb.String()
}

// newColumn reports whether block b starts a new column after block a.
func newColumn(a, b *board.Rect) bool {
	return b.Y+b.H/2 < a.Y || b.X > a.X+a.W+a.H
}
