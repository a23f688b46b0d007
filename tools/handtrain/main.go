// Command handtrain renders the synthetic text lines that board/photo's
// "hand" Tesseract model is fine-tuned on: whiteboard-style lines (clock
// times, arrows, bullets, numbers, capitals) in handwriting and print fonts,
// drawn the way the photo reader's clean-up leaves a marker board (dark grey
// strokes of uneven width, a little blur and noise, a slight tilt), each with
// the box file Tesseract's lstm.train config needs.
//
// The words come from the postmortems in ../shared/corpus. None of the fonts
// of ../shared/whiteboard's test photos is used, and no line of their text,
// so those photos measure the model on hands it has never seen.
//
//	go run . -corpus ../../../shared/corpus -out /tmp/handtrain/lines -lines 400
//
// scripts/train-hand.sh runs the whole training; docs/photo.md says why.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io/fs"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// fonts are the training fonts, their Debian packages in comments.
// Handwriting: the three hands of fonts-bwht the test photos do not use,
// femkeklaver, Cabin Sketch, Ecolier, Klee, Kiloji, Purisa, Kaushan Script,
// Leckerli One, Dancing Script, and the Latin letters of the Korean pen and
// brush fonts Nanum Pen, Nanum Brush, Nanum Barunpen and UnPilgi. Print (so
// the model keeps reading print): Liberation.
var fonts = []string{
	"/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf",  // fonts-bwht
	"/usr/share/fonts/opentype/bwht/BecauseWeCreate-Regular.otf", // fonts-bwht
	"/usr/share/fonts/opentype/bwht/BecauseWeMentor-Regular.otf", // fonts-bwht
	"/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf",      // fonts-femkeklaver
	"/usr/share/fonts/truetype/cabinsketch/CabinSketch-Regular.ttf",
	"/usr/share/fonts/truetype/cabinsketch/CabinSketch-Bold.ttf", // fonts-cabinsketch
	"/usr/share/fonts/truetype/ecolier-court/Ecolier-court.ttf",  // fonts-ecolier-court
	"/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf",
	"/usr/share/fonts/truetype/klee/KleeOne-SemiBold.ttf", // fonts-klee
	"/usr/share/fonts/truetype/kiloji/kiloji.ttf",
	"/usr/share/fonts/truetype/kiloji/kiloji_b.ttf", // fonts-kiloji
	"/usr/share/fonts/truetype/tlwg/Purisa.ttf",
	"/usr/share/fonts/truetype/tlwg/Purisa-Bold.ttf",
	"/usr/share/fonts/truetype/tlwg/Purisa-Oblique.ttf",                 // fonts-tlwg-purisa-ttf
	"/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf", // fonts-kaushanscript
	"/usr/share/fonts/truetype/leckerli-one/LeckerliOne-Regular.ttf",    // fonts-leckerli-one
	"/usr/share/fonts/opentype/dancingscript/DancingScript-Bold.otf",    // fonts-dancingscript
	"/usr/share/fonts/truetype/nanum/NanumPen.ttf",
	"/usr/share/fonts/truetype/nanum/NanumBrush.ttf",
	"/usr/share/fonts/truetype/nanum/NanumBarunpenR.ttf",              // fonts-nanum-extra
	"/usr/share/fonts/truetype/unfonts-core/UnPilgi.ttf",              // fonts-unfonts-core
	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", // fonts-liberation
	"/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
	"/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf",
}

func main() {
	corpus := flag.String("corpus", "../../../shared/corpus", "folder of postmortems (Markdown) the words come from")
	exclude := flag.String("exclude", "../../../shared/whiteboard/images", "folder of test photos' .gt.txt whose lines are never rendered")
	out := flag.String("out", "lines", "output folder")
	perFont := flag.Int("lines", 400, "lines per font")
	seed := flag.Uint64("seed", 1, "random seed")
	extra := flag.String("fonts", "", "a folder of more fonts (.ttf, .otf, .woff) to draw the lines in, instead of the built-in list")
	flag.Float64Var(&warp, "warp", 1, "how much the lines are warped (a hand's wobble), relative to the first training run")
	flag.Float64Var(&crowd, "crowd", 0, "the share of lines whose first word (a clock time, mostly) is written crowded, its characters touching")
	flag.Parse()

	words, err := corpusSentences(*corpus)
	if err != nil {
		log.Fatal(err)
	}
	skip := map[string]bool{}
	if gts, _ := filepath.Glob(filepath.Join(*exclude, "*.gt.txt")); len(gts) > 0 {
		for _, g := range gts {
			b, err := os.ReadFile(g)
			if err != nil {
				log.Fatal(err)
			}
			for l := range strings.SplitSeq(string(b), "\n") {
				skip[norm(l)] = true
			}
		}
	} else {
		log.Printf("no test texts in %s to exclude", *exclude)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if *extra != "" {
		var more []string
		for _, ext := range []string{"*.ttf", "*.otf", "*.woff"} {
			m, _ := filepath.Glob(filepath.Join(*extra, ext))
			more = append(more, m...)
		}
		if len(more) == 0 {
			log.Fatalf("no .ttf, .otf or .woff fonts in %s", *extra)
		}
		fonts = more
	}
	r := rand.New(rand.NewPCG(*seed, 7))
	n := 0
	for fi, path := range fonts {
		f, err := loadFont(path)
		if err != nil {
			log.Fatal(err)
		}
		caps := f.capsOnly()
		log.Printf("%s: capitals only %v", filepath.Base(path), caps)
		for i := 0; i < *perFont; i++ {
			text := line(r, words)
			if caps {
				text = strings.ToUpper(text)
			}
			if skip[norm(text)] || !f.covers(text) {
				i--
				continue
			}
			img := render(r, f, text)
			// Debian's English model has no "•" in its character set: a
			// dot bullet is taught as "*", which the notes parser takes for
			// a bullet too.
			text = strings.ReplaceAll(text, "•", "*")
			base := filepath.Join(*out, fmt.Sprintf("f%02d_%04d", fi, i))
			if err := writePNG(base+".png", img); err != nil {
				log.Fatal(err)
			}
			if err := os.WriteFile(base+".gt.txt", []byte(text+"\n"), 0o644); err != nil {
				log.Fatal(err)
			}
			if err := os.WriteFile(base+".box", box(text, img.Bounds()), 0o644); err != nil {
				log.Fatal(err)
			}
			n++
		}
	}
	log.Printf("%d lines in %s", n, *out)
}

// number is one of the numbers a board has: a percentage, a version, a
// latency, a count, a ticket, a handle.
func number(r *rand.Rand, s []string) string {
	n, m := r.IntN(500), r.IntN(20)
	switch r.IntN(12) {
	case 0:
		return fmt.Sprintf("%d%%", n%101)
	case 1:
		return fmt.Sprintf("v%d.%d", m, n%30)
	case 2:
		return fmt.Sprintf("p99 %ds", m)
	case 3:
		return fmt.Sprintf("(max %d)", n)
	case 4:
		return fmt.Sprintf("#%d", n*7)
	case 5:
		return fmt.Sprintf("%dk", n)
	case 6:
		return fmt.Sprintf("%d min", m+1)
	case 7:
		return fmt.Sprintf("> %d", n)
	case 8:
		return fmt.Sprintf("x%d", m)
	case 9:
		return fmt.Sprintf("%dMi", n*4)
	case 10:
		return fmt.Sprintf("%d rows", n*10)
	default:
		return "@" + strings.ToLower(strings.Trim(s[r.IntN(len(s))], ".,;:()"))
	}
}

// warp scales the elastic distortion; -warp sets it.
var warp = 1.0

// crowd is the share of lines whose first word is written crowded: a hand
// writes "11:00" quickly, its strokes touching. -crowd sets it; 0 (the
// default) leaves the random stream as the earlier runs had it.
var crowd = 0.0

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// corpusSentences returns the corpus's sentences as lists of words.
func corpusSentences(dir string) ([][]string, error) {
	var out [][]string
	junk := regexp.MustCompile(`\]\([^)]*\)|https?://\S+|[*_` + "`" + `#>|\[\]]`)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			l := junk.ReplaceAllString(sc.Text(), " ")
			for s := range strings.SplitSeq(l, ". ") {
				var ws []string
				for _, w := range strings.Fields(s) {
					if len(w) > 14 || !printable(w) || !strings.ContainsFunc(w, isAlnum) {
						continue
					}
					ws = append(ws, w)
				}
				if len(ws) >= 2 {
					out = append(out, ws)
				}
			}
		}
		return sc.Err()
	})
	if len(out) == 0 && err == nil {
		err = fmt.Errorf("no text in %s", dir)
	}
	return out, err
}

func isAlnum(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

func printable(w string) bool {
	for _, c := range w {
		if c > 126 || !unicode.IsPrint(c) {
			return false
		}
	}
	return true
}

// line makes one whiteboard-style line from the corpus's words.
func line(r *rand.Rand, sentences [][]string) string {
	s := sentences[r.IntN(len(sentences))]
	k := 1 + r.IntN(min(5, len(s)))
	start := r.IntN(len(s) - k + 1)
	phrase := strings.Join(s[start:start+k], " ")
	phrase = strings.Trim(phrase, ",;:")
	var b strings.Builder
	switch p := r.Float64(); {
	case p < 0.45: // a timeline entry
		if h := r.IntN(24); h < 10 && r.Float64() < 0.7 {
			fmt.Fprintf(&b, "%02d:%02d ", h, r.IntN(60))
		} else {
			fmt.Fprintf(&b, "%d:%02d ", h, r.IntN(60))
		}
		if q := r.Float64(); q < 0.15 {
			b.WriteString("- ")
		} else if q < 0.3 {
			b.WriteString("-> ")
		}
	case p < 0.55:
		b.WriteString("• ")
	case p < 0.65:
		b.WriteString("- ")
	case p < 0.72:
		fmt.Fprintf(&b, "%d. ", 1+r.IntN(6))
	case p < 0.8: // numbers and units
		phrase += " " + number(r, s)
	}
	b.WriteString(phrase)
	t := b.String()
	if r.Float64() < 0.3 {
		t = strings.ToUpper(t)
	}
	return t
}

type face struct {
	f    *opentype.Font
	path string
}

func loadFont(path string) (*face, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (install the font package named in tools/handtrain/main.go)", err)
	}
	if bytes.HasPrefix(b, []byte("wOFF")) {
		if b, err = sfntFromWOFF(b); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	f, err := opentype.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &face{f, path}, nil
}

// capsOnly reports whether the font draws lowercase letters as capitals
// (a marker-capitals hand): its "x" is nearly as tall as its "X". Such a
// font's lines are written in capitals, or the model would learn to read
// capitals as lowercase letters.
func (f *face) capsOnly() bool {
	fc, err := opentype.NewFace(f.f, &opentype.FaceOptions{Size: 100, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return false
	}
	defer fc.Close()
	lo, _, ok1 := fc.GlyphBounds('x')
	up, _, ok2 := fc.GlyphBounds('X')
	return ok1 && ok2 && float64(lo.Max.Y-lo.Min.Y) >= 0.85*float64(up.Max.Y-up.Min.Y)
}

// covers reports whether the font has a glyph for every character of s.
func (f *face) covers(s string) bool {
	var buf sfnt.Buffer
	for _, c := range s {
		if c == ' ' {
			continue
		}
		i, err := f.f.GlyphIndex(&buf, c)
		if err != nil || i == 0 {
			return false
		}
	}
	return true
}

// render draws text as a marker line on a cleaned board: dark grey, strokes
// thickened, letters a little unsteady, tilted, blurred and noisy.
func render(r *rand.Rand, f *face, text string) *image.Gray {
	capH := 18 + r.Float64()*16 // the photo reader scales letters to about 24 px
	// Size the font so its capitals are capH tall.
	probe, _ := opentype.NewFace(f.f, &opentype.FaceOptions{Size: 100, DPI: 72, Hinting: font.HintingNone})
	b, _, _ := probe.GlyphBounds('H')
	probe.Close()
	hh := float64(b.Max.Y-b.Min.Y) / 64
	if hh <= 0 {
		hh = 70
	}
	size := 100 * capH / hh
	// Three sizes: each letter is drawn in one of them, a hand's letters
	// are never all the same size.
	var faces [3]font.Face
	for i, k := range []float64{0.9, 1, 1.1} {
		faces[i], _ = opentype.NewFace(f.f, &opentype.FaceOptions{Size: size * k, DPI: 72, Hinting: font.HintingNone})
		defer faces[i].Close()
	}
	fc := faces[1]
	m := fc.Metrics()
	asc, desc := m.Ascent.Ceil(), m.Descent.Ceil()
	pad := int(capH)
	var width fixed.Int26_6
	for _, c := range text {
		a, _ := faces[2].GlyphAdvance(c)
		width += a
	}
	spacing := (r.Float64()*0.12 - 0.02) * capH
	W := width.Ceil() + 2*pad + int(spacing*float64(len(text))) + 10
	H := asc + desc + 2*pad
	ink := image.NewGray(image.Rect(0, 0, W, H))
	x := float64(pad)
	jit := r.Float64() * 0.08 * capH
	vary := r.Float64() < 0.6
	first, tight := 0, 0.0 // the first word's bytes are drawn crowded, tight apart
	if crowd > 0 && r.Float64() < crowd {
		first, tight = strings.IndexByte(text, ' '), -(0.04+r.Float64()*0.1)*capH
	}
	for i, c := range text {
		face := fc
		if vary {
			face = faces[r.IntN(3)]
		}
		d := &font.Drawer{Dst: ink, Src: image.NewUniform(color.Gray{255}), Face: face}
		y := float64(pad+asc) + r.NormFloat64()*jit*0.5
		d.Dot = fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}
		d.DrawString(string(c))
		a, _ := face.GlyphAdvance(c)
		gap := spacing
		if i < first-1 {
			gap = tight
		}
		x += float64(a)/64 + gap + r.NormFloat64()*jit*0.3
	}
	// A hand wobbles: a smooth random warp of the whole line.
	if r.Float64() < 0.8 {
		ink = elastic(r, ink, capH*(0.4+r.Float64()*0.6)/math.Sqrt(warp), warp*capH*(0.04+r.Float64()*0.08))
	}
	// Marker strokes are wider than a pen font's.
	if rad := r.Float64() * capH * 0.07; rad >= 0.5 {
		ink = dilate(ink, rad)
	}
	ink = affine(ink, (r.Float64()*2-1)*1.2*math.Pi/180, (r.Float64()*2-1)*0.12)
	level := 20 + r.Float64()*90
	bg := 235 + r.Float64()*20
	out := image.NewGray(ink.Rect)
	for i, v := range ink.Pix {
		a := float64(v) / 255
		out.Pix[i] = uint8(bg*(1-a) + level*a)
	}
	out = blur(out, 0.4+r.Float64()*1.4)
	if ns := r.Float64() * 8; ns > 0 {
		for i, v := range out.Pix {
			out.Pix[i] = clamp(float64(v) + r.NormFloat64()*ns)
		}
	}
	return trim(out, 6)
}

func clamp(v float64) uint8 { return uint8(max(0, min(255, math.Round(v)))) }

// dilate thickens ink (white on black) by a disc of radius rad.
func dilate(g *image.Gray, rad float64) *image.Gray {
	R := int(math.Ceil(rad))
	out := image.NewGray(g.Rect)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var m uint8
			for dy := -R; dy <= R; dy++ {
				yy := y + dy
				if yy < 0 || yy >= h {
					continue
				}
				for dx := -R; dx <= R; dx++ {
					xx := x + dx
					if xx < 0 || xx >= w || float64(dx*dx+dy*dy) > rad*rad {
						continue
					}
					m = max(m, g.Pix[yy*g.Stride+xx])
				}
			}
			out.Pix[y*out.Stride+x] = m
		}
	}
	return out
}

// affine rotates by angle and shears by slant (a leaning hand), about the
// centre, sampling bilinearly.
func affine(g *image.Gray, angle, slant float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(g.Rect)
	cx, cy := float64(w)/2, float64(h)/2
	sin, cos := math.Sincos(-angle)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx := dx*cos - dy*sin
			sy := dx*sin + dy*cos
			sx += slant * sy
			out.Pix[y*out.Stride+x] = sample(g, sx+cx, sy+cy)
		}
	}
	return out
}

func sample(g *image.Gray, x, y float64) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 {
		if !(image.Point{x, y}.In(g.Rect)) {
			return 0
		}
		return float64(g.Pix[y*g.Stride+x])
	}
	v := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
	return clamp(v)
}

// elastic displaces every pixel by a smooth random field: random offsets
// of up to alpha pixels on a grid of cells `cell` pixels apart, interpolated
// bilinearly between them.
func elastic(r *rand.Rand, g *image.Gray, cell, alpha float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	gw, gh := int(float64(w)/cell)+2, int(float64(h)/cell)+2
	grid := func() []float64 {
		v := make([]float64, gw*gh)
		for i := range v {
			v[i] = (r.Float64()*2 - 1) * alpha
		}
		return v
	}
	gx, gy := grid(), grid()
	at := func(v []float64, x, y float64) float64 {
		x, y = x/cell, y/cell
		x0, y0 := int(x), int(y)
		fx, fy := x-float64(x0), y-float64(y0)
		return v[y0*gw+x0]*(1-fx)*(1-fy) + v[y0*gw+x0+1]*fx*(1-fy) +
			v[(y0+1)*gw+x0]*(1-fx)*fy + v[(y0+1)*gw+x0+1]*fx*fy
	}
	out := image.NewGray(g.Rect)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x), float64(y)
			out.Pix[y*out.Stride+x] = sample(g, fx+at(gx, fx, fy), fy+at(gy, fx, fy))
		}
	}
	return out
}

// blur is a separable Gaussian blur.
func blur(g *image.Gray, sigma float64) *image.Gray {
	R := int(math.Ceil(2.5 * sigma))
	k := make([]float64, 2*R+1)
	var sum float64
	for i := range k {
		d := float64(i - R)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	tmp := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var v float64
			for i, kv := range k {
				xx := min(max(x+i-R, 0), w-1)
				v += kv * float64(g.Pix[y*g.Stride+xx])
			}
			tmp[y*w+x] = v
		}
	}
	out := image.NewGray(g.Rect)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var v float64
			for i, kv := range k {
				yy := min(max(y+i-R, 0), h-1)
				v += kv * tmp[yy*w+x]
			}
			out.Pix[y*out.Stride+x] = clamp(v)
		}
	}
	return out
}

// trim crops to the ink plus a margin.
func trim(g *image.Gray, margin int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	x0, y0, x1, y1 := w, h, 0, 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if g.Pix[y*g.Stride+x] < 170 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x+1), max(y1, y+1)
			}
		}
	}
	if x1 <= x0 {
		return g
	}
	r := image.Rect(x0-margin, y0-margin, x1+margin, y1+margin).Intersect(g.Rect)
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Rect, g, r.Min, draw.Src)
	return out
}

// box is the line's box file for lstm.train: the whole text as one
// "WordStr" spanning the image, then the end-of-line tab.
func box(text string, r image.Rectangle) []byte {
	w, h := r.Dx(), r.Dy()
	return fmt.Appendf(nil, "WordStr 0 0 %d %d 0 #%s\n\t 0 0 %d %d 0\n", w, h, text, w, h)
}

func writePNG(path string, g *image.Gray) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, g); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
