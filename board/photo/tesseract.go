package photo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// word is one word Tesseract found, in the cleaned image's pixels.
type word struct {
	box   rect
	conf  float64 // 0-100
	text  string
	steps []step // the LSTM's choices at each timestep, when known
}

// rect is a box: x0,y0 inclusive, x1,y1 exclusive.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

func (r rect) union(s rect) rect {
	return rect{min(r.x0, s.x0), min(r.y0, s.y0), max(r.x1, s.x1), max(r.y1, s.y1)}
}

// recognize runs Tesseract on img and returns the words of its TSV output,
// each with the LSTM's choices at its timesteps (from the hOCR output of the
// same run, with lstm_choice_mode=1), which the clock pass decodes.
func recognize(ctx context.Context, name string, img *image.Gray, opt *Options) ([]word, error) {
	dir, err := os.MkdirTemp("", "hindsight-photo-")
	if err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "create a temporary folder", Err: err}
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "board.pgm")
	if err := os.WriteFile(in, pgm(img), 0o600); err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "write a temporary file", Err: err}
	}
	out := filepath.Join(dir, "board")
	if err := tesseract(ctx, name, opt, in, out, "--psm", tune.psm, "--dpi", "300", "-c", "lstm_choice_mode=1",
		"-c", "tessedit_create_hocr=1", "-c", "hocr_font_info=0", "-c", "tessedit_create_tsv=1"); err != nil {
		return nil, err
	}
	pages, err := readWords(name, out, 1)
	if err != nil {
		return nil, err
	}
	return pages[0], nil
}

// readWords reads the words of a Tesseract run on n images from its TSV
// output (out + ".tsv"), image by image, each with the LSTM's choices at
// its timesteps from the hOCR output of the same run (out + ".hocr"),
// matched by page and box.
func readWords(name, out string, n int) ([][]word, error) {
	tsv, err := os.ReadFile(out + ".tsv")
	if err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: name + ": read tesseract's output", Err: err}
	}
	type key struct {
		page int
		box  rect
	}
	steps := map[key][]step{}
	if hocr, err := os.ReadFile(out + ".hocr"); err == nil {
		for _, hw := range parseHOCR(hocr) {
			steps[key{hw.page, hw.box}] = hw.steps
		}
	}
	pages := make([][]word, n)
	for _, pw := range parseTSV(tsv) {
		if pw.page >= 1 && pw.page <= n {
			pw.w.steps = steps[key{pw.page, pw.w.box}]
			pages[pw.page-1] = append(pages[pw.page-1], pw.w)
		}
	}
	return pages, nil
}

// readCrops reads each image with Tesseract as a single line of text, all
// in one run (Tesseract takes a list of images), and returns the LSTM's
// timesteps for each, in order (nil for an image without text).
func readCrops(ctx context.Context, name string, imgs []*image.Gray, opt *Options) ([][]step, error) {
	out, done, err := readImageLines(ctx, name, imgs, opt)
	if err != nil {
		return nil, err
	}
	defer done()
	hocr, err := os.ReadFile(out + ".hocr")
	if err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: name + ": read tesseract's output", Err: err}
	}
	pages := make([][]step, len(imgs))
	for _, w := range parseHOCR(hocr) {
		if w.page >= 1 && w.page <= len(pages) {
			pages[w.page-1] = append(pages[w.page-1], w.steps...)
		}
	}
	return pages, nil
}

// readImageLines runs Tesseract once on imgs, each read as one line of
// text, writing hOCR with the LSTM's timesteps and TSV. It returns the
// path of the outputs without their extensions, and done, which removes
// them.
func readImageLines(ctx context.Context, name string, imgs []*image.Gray, opt *Options) (out string, done func(), err error) {
	dir, err := os.MkdirTemp("", "hindsight-photo-")
	if err != nil {
		return "", nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "create a temporary folder", Err: err}
	}
	done = func() { os.RemoveAll(dir) }
	var list strings.Builder
	for i, img := range imgs {
		p := filepath.Join(dir, fmt.Sprintf("line%03d.pgm", i))
		if err := os.WriteFile(p, pgm(img), 0o600); err != nil {
			done()
			return "", nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "write a temporary file", Err: err}
		}
		list.WriteString(p + "\n")
	}
	in := filepath.Join(dir, "lines.txt")
	if err := os.WriteFile(in, []byte(list.String()), 0o600); err != nil {
		done()
		return "", nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "write a temporary file", Err: err}
	}
	out = filepath.Join(dir, "lines")
	if err := tesseract(ctx, name, opt, in, out, "--psm", "7", "--dpi", "300", "-c", "lstm_choice_mode=1",
		"-c", "tessedit_create_hocr=1", "-c", "hocr_font_info=0", "-c", "tessedit_create_tsv=1"); err != nil {
		done()
		return "", nil, err
	}
	return out, done, nil
}

// tesseract runs Tesseract on in, writing to out plus each format's
// extension, with the model opt.Language names (the built-in one by
// default), opt.Threads threads and ctx's limit. The outputs are asked for
// with -c settings, not config files, which would be looked up in the
// model's folder.
func tesseract(ctx context.Context, name string, opt *Options, in, out string, args ...string) error {
	bin, err := exec.LookPath(opt.Tesseract)
	if err != nil {
		return &hindsight.Error{Code: hindsight.EMISSING,
			Message: "tesseract not found: install it with `apt-get install tesseract-ocr`", Err: err}
	}
	dir, lang, err := language(opt)
	if err != nil {
		return err
	}
	head := []string{in, out, "-l", lang}
	if dir != "" {
		head = append(head, "--tessdata-dir", dir)
	}
	cmd := exec.CommandContext(ctx, bin, append(head, args...)...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("OMP_THREAD_LIMIT=%d", opt.Threads))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return stopped(name, ctx, opt)
		}
		msg := firstLine(stderr.String())
		if strings.Contains(stderr.String(), "Failed loading language") {
			hint := fmt.Sprintf("install its model (Debian: `apt-get install tesseract-ocr-%s`)", lang)
			if dir != "" {
				hint = "the built-in model in " + dir + " may be damaged: delete that folder and try again"
			}
			return &hindsight.Error{Code: hindsight.EMISSING,
				Message: fmt.Sprintf("tesseract cannot load the %q model: %s", lang, hint), Err: err}
		}
		return &hindsight.Error{Code: hindsight.EINTERNAL, Message: fmt.Sprintf("%s: tesseract failed (%s)", name, msg), Err: err}
	}
	return nil
}

// pgm encodes img as a binary PGM, which Tesseract reads and which costs
// nothing to write.
func pgm(img *image.Gray) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var b bytes.Buffer
	b.Grow(w*h + 32)
	fmt.Fprintf(&b, "P5\n%d %d\n255\n", w, h)
	for y := 0; y < h; y++ {
		b.Write(img.Pix[y*img.Stride : y*img.Stride+w])
	}
	return b.Bytes()
}

// ligatures spells out the ligatures Tesseract emits, so "ﬁx" is "fix".
var ligatures = strings.NewReplacer("ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff", "ﬃ", "ffi", "ﬄ", "ffl")

// pageWord is a word of Tesseract's TSV output and the image it is on (1
// for the first).
type pageWord struct {
	page int
	w    word
}

// parseTSV reads the words (level 5 rows) of Tesseract's TSV output:
// level page block par line word left top width height conf text.
func parseTSV(data []byte) []pageWord {
	var words []pageWord
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		text := ligatures.Replace(strings.TrimSpace(f[11]))
		if text == "" {
			continue
		}
		var n [5]float64
		ok := true
		for i, s := range f[6:11] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				ok = false
				break
			}
			n[i] = v
		}
		if !ok || n[2] <= 0 || n[3] <= 0 {
			continue
		}
		page, _ := strconv.Atoi(f[1])
		words = append(words, pageWord{page, word{box: rect{n[0], n[1], n[0] + n[2], n[1] + n[3]}, conf: n[4], text: text}})
	}
	return words
}

// stopped is the error for a read that ran out of time or was cancelled.
func stopped(name string, ctx context.Context, opt *Options) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return hindsight.Errorf(hindsight.ETOOLARGE, "%s: reading the photo took over the %s limit; "+
			"try a smaller photo, or one taken closer to the board", name, opt.Timeout)
	}
	return &hindsight.Error{Code: hindsight.EINTERNAL, Message: name + ": reading the photo was cancelled", Err: ctx.Err()}
}

func noText(name string) error {
	return hindsight.Errorf(hindsight.EINVALID, "%s: no text found in the photo; take it again closer to the board, "+
		"square on and in even light, or type the board's notes into a text file", name)
}
