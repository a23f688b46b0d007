package photo

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
)

// board400 is a small gray image: a white board with a dark bar.
func board400() *image.Gray { return boardImage(400, 300) }

// boardImage is a w×h white board with a dark bar a tenth as high.
func boardImage(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 230
	}
	for y := h / 3; y < h/3+h/10; y++ {
		for x := w / 8; x < w*7/8; x++ {
			g.Pix[y*g.Stride+x] = 20
		}
	}
	return g
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader is the start of a PNG of w×h pixels: the signature and a valid
// IHDR chunk, and no image data.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// withExif returns jpg with an APP1 EXIF segment holding orientation o.
func withExif(jpg []byte, o uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	binary.Write(&tiff, binary.BigEndian, uint32(8)) // IFD0 offset
	binary.Write(&tiff, binary.BigEndian, uint16(1)) // one entry
	binary.Write(&tiff, binary.BigEndian, []uint16{0x0112, 3})
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, []uint16{o, 0})
	binary.Write(&tiff, binary.BigEndian, uint32(0)) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var b bytes.Buffer
	b.Write(jpg[:2])
	b.Write([]byte{0xff, 0xe1})
	binary.Write(&b, binary.BigEndian, uint16(len(seg)+2))
	b.Write(seg)
	b.Write(jpg[2:])
	return b.Bytes()
}

// withExifDate returns jpg with an EXIF block whose IFD0 holds orientation
// 1 and DateTime date ("2006:01:02 15:04:05").
func withExifDate(jpg []byte, date string) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("II\x2a\x00")
	binary.Write(&tiff, binary.LittleEndian, uint32(8))
	binary.Write(&tiff, binary.LittleEndian, uint16(2))
	binary.Write(&tiff, binary.LittleEndian, []uint16{0x0112, 3})
	binary.Write(&tiff, binary.LittleEndian, uint32(1))
	binary.Write(&tiff, binary.LittleEndian, []uint16{1, 0})
	binary.Write(&tiff, binary.LittleEndian, []uint16{0x0132, 2})
	binary.Write(&tiff, binary.LittleEndian, uint32(20))
	binary.Write(&tiff, binary.LittleEndian, uint32(8+2+2*12+4)) // after the IFD
	binary.Write(&tiff, binary.LittleEndian, uint32(0))
	tiff.WriteString(date + "\x00")
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var b bytes.Buffer
	b.Write(jpg[:2])
	b.Write([]byte{0xff, 0xe1})
	binary.Write(&b, binary.BigEndian, uint16(len(seg)+2))
	b.Write(seg)
	b.Write(jpg[2:])
	return b.Bytes()
}

func TestEXIFDate(t *testing.T) {
	jpg := encodeJPEG(t, board400())
	tests := []struct{ date, want string }{
		{"2026:11:20 14:55:03", "2026-11-20T14:55:03"},
		{"2026-11-20 14:55:03", ""}, // not EXIF's form
		{"    :  :     :  :  ", ""}, // unknown, as some cameras write
	}
	for _, tc := range tests {
		o, got := exifInfo(jpegEXIF(withExifDate(jpg, tc.date)))
		if got != tc.want || o != 1 {
			t.Errorf("exifInfo(DateTime %q) = %d, %q; want 1, %q", tc.date, o, got, tc.want)
		}
	}
	if _, got := exifInfo(jpegEXIF(withExif(jpg, 6))); got != "" {
		t.Errorf("exifInfo(no date) = %q, want \"\"", got)
	}
}

func TestSniff(t *testing.T) {
	jpg := encodeJPEG(t, board400())
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"jpeg", jpg, true},
		{"png", encodePNG(t, board400()), true},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), true},
		{"heif mif1", []byte("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic"), true},
		{"mp4", []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"), false},
		{"text", []byte("14:02 deploy started\n"), false},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), false},
		{"empty", nil, false},
		{"jpeg magic only", jpg[:3], true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff(tc.data); got != tc.want {
				t.Errorf("Sniff(%q...) = %v, want %v", tc.data[:min(len(tc.data), 12)], got, tc.want)
			}
		})
	}
}

// TestReadBadInput checks that each kind of bad input is refused with an
// error that names the problem and says what to do, before Tesseract runs.
func TestReadBadInput(t *testing.T) {
	jpg := encodeJPEG(t, board400())
	png := encodePNG(t, board400())
	heic := []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
	tests := []struct {
		name string
		data []byte
		opt  Options
		code string
		want []string // substrings of the message
	}{
		{"truncated jpeg", jpg[:len(jpg)/2], Options{}, hindsight.EINVALID, []string{"board.jpg", "JPEG is truncated", "copy the photo"}},
		{"truncated png", png[:len(png)-20], Options{}, hindsight.EINVALID, []string{"PNG is truncated"}},
		{"header only jpeg", jpg[:3], Options{}, hindsight.EINVALID, []string{"JPEG is truncated"}},
		{"30000x30000 png", pngHeader(30000, 30000), Options{}, hindsight.ETOOLARGE, []string{"30000×30000 pixels", "900 megapixels", "resize it"}},
		{"zero-size png", pngHeader(0, 10), Options{}, hindsight.EINVALID, []string{"the PNG is"}},
		{"40000x100 strip", pngHeader(40000, 100), Options{}, hindsight.EINVALID, []string{"40000×100 pixels, a strip", "crop it to the board"}},
		{"1x60000 strip", pngHeader(1, 60000), Options{}, hindsight.EINVALID, []string{"1×60000 pixels, a strip"}},
		{"text named .jpg", []byte("TIMELINE\n14:02 deploy v2.41\n"), Options{}, hindsight.EINVALID, []string{"not an image", "holds text", ".txt"}},
		{"empty", nil, Options{}, hindsight.EINVALID, []string{"not an image", "empty"}},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00"), Options{}, hindsight.EINVALID, []string{"a GIF image", "JPEG or PNG"}},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), Options{}, hindsight.EINVALID, []string{"a WebP image"}},
		{"pdf", []byte("%PDF-1.7\n"), Options{}, hindsight.EINVALID, []string{"a PDF document"}},
		{"binary", []byte{0, 1, 2, 3, 0xfe, 0xfe}, Options{}, hindsight.EINVALID, []string{"not a format hindsight knows"}},
		{"over MaxBytes", jpg, Options{MaxBytes: 1000}, hindsight.ETOOLARGE, []string{"the limit for a photo is 1000 bytes"}},
		{"over MaxPixels", jpg, Options{MaxPixels: 1000}, hindsight.ETOOLARGE, []string{"400×300 pixels"}},
		{"heic without heif-convert", heic, Options{HEIFConvert: "/nonexistent/heif-convert"}, hindsight.EMISSING, []string{"apt-get install libheif-examples"}},
		{"no tesseract", png, Options{Tesseract: "/nonexistent/tesseract"}, hindsight.EMISSING, []string{"tesseract not found: install it with `apt-get install tesseract-ocr`"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(context.Background(), "board.jpg", tc.data, tc.opt)
			var he *hindsight.Error
			if !errors.As(err, &he) {
				t.Fatalf("Read = %v (%T), want a *hindsight.Error", err, err)
			}
			if he.Code != tc.code {
				t.Errorf("Read: code %q, want %q (%v)", he.Code, tc.code, err)
			}
			for _, s := range tc.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Read: %q does not say %q", err, s)
				}
			}
		})
	}
}

func TestOrient(t *testing.T) {
	// A 3×2 image with the pixels numbered:
	//   1 2 3
	//   4 5 6
	g := image.NewGray(image.Rect(0, 0, 3, 2))
	copy(g.Pix, []byte{1, 2, 3, 4, 5, 6})
	tests := []struct {
		o    int
		w, h int
		want []byte
	}{
		{1, 3, 2, []byte{1, 2, 3, 4, 5, 6}},
		{2, 3, 2, []byte{3, 2, 1, 6, 5, 4}},
		{3, 3, 2, []byte{6, 5, 4, 3, 2, 1}},
		{4, 3, 2, []byte{4, 5, 6, 1, 2, 3}},
		{5, 2, 3, []byte{1, 4, 2, 5, 3, 6}},
		{6, 2, 3, []byte{4, 1, 5, 2, 6, 3}}, // turned clockwise
		{7, 2, 3, []byte{6, 3, 5, 2, 4, 1}},
		{8, 2, 3, []byte{3, 6, 2, 5, 1, 4}}, // turned anticlockwise
	}
	for _, tc := range tests {
		got := orient(g, tc.o)
		if got.Rect.Dx() != tc.w || got.Rect.Dy() != tc.h {
			t.Errorf("orient(%d): %v, want %dx%d", tc.o, got.Rect, tc.w, tc.h)
			continue
		}
		if diff := cmp.Diff(tc.want, got.Pix); diff != "" {
			t.Errorf("orient(%d) pixels (-want +got):\n%s", tc.o, diff)
		}
	}
}

func TestEXIFOrientation(t *testing.T) {
	jpg := encodeJPEG(t, board400())
	for o := uint16(1); o <= 8; o++ {
		data := withExif(jpg, o)
		if got := jpegOrientation(data); got != int(o) {
			t.Errorf("jpegOrientation(orientation %d) = %d", o, got)
		}
		opt := Options{}.withDefaults()
		g, _, err := decode(context.Background(), "x.jpg", data, &opt)
		if err != nil {
			t.Fatalf("decode(orientation %d): %v", o, err)
		}
		w, h := 400, 300
		if o >= 5 {
			w, h = 300, 400
		}
		if g.Rect.Dx() != w || g.Rect.Dy() != h {
			t.Errorf("decode(orientation %d): %v, want %dx%d", o, g.Rect, w, h)
		}
	}
	if got := jpegOrientation(jpg); got != 1 {
		t.Errorf("jpegOrientation(no EXIF) = %d, want 1", got)
	}
	// Damaged EXIF blocks read as no orientation.
	for _, bad := range [][]byte{
		withExif(jpg, 9),
		append([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\xff\xff\xff\xff"), jpg[2:]...),
		[]byte("\xff\xd8\xff\xe1\xff\xff"),
	} {
		if got := jpegOrientation(bad); got != 1 {
			t.Errorf("jpegOrientation(%q) = %d, want 1", bad[:min(len(bad), 24)], got)
		}
	}
}

func TestToGray(t *testing.T) {
	// Coloured ink is as dark as black ink: the darkest channel is taken.
	img := image.NewNRGBA(image.Rect(0, 0, 3, 1))
	img.Set(0, 0, color.NRGBA{230, 230, 230, 255}) // board
	img.Set(1, 0, color.NRGBA{26, 56, 158, 255})   // blue ink
	img.Set(2, 0, color.NRGBA{10, 10, 10, 0})      // transparent: board
	got := toGray(img).Pix
	if diff := cmp.Diff([]byte{230, 26, 255}, got); diff != "" {
		t.Errorf("toGray (-want +got):\n%s", diff)
	}
	// JPEG's YCbCr takes the same path.
	rgb := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := 0; i < len(rgb.Pix); i += 4 {
		copy(rgb.Pix[i:], []byte{26, 56, 158, 255})
	}
	dec, err := jpeg.Decode(bytes.NewReader(encodeJPEG(t, rgb)))
	if err != nil {
		t.Fatal(err)
	}
	if v := toGray(dec).Pix[8*16+8]; v > 50 {
		t.Errorf("toGray(blue JPEG) = %d, want < 50", v)
	}
}

// w is a word at (x, y) on a board whose words are 30 px high.
func w(x, y float64, text string) word {
	return word{box: rect{x, y, x + 20*float64(len(text)), y + 30}, conf: 90, text: text}
}

func TestLayout(t *testing.T) {
	tests := []struct {
		name  string
		words []word
		want  [][]string
	}{
		{
			name: "two columns, rows level across them",
			words: []word{
				w(500, 0, "ROLLBACK"), w(0, 0, "TIMELINE"),
				w(0, 50, "14:02"), w(120, 52, "deploy"),
				w(500, 50, "-"), w(540, 48, "helm"), w(640, 50, "rollback"),
				w(0, 100, "14:09"), w(120, 98, "alerts"),
				w(500, 100, "-"), w(540, 100, "took"), w(640, 102, "15"), w(700, 100, "min"),
			},
			want: [][]string{
				{"TIMELINE", "14:02 deploy", "14:09 alerts"},
				{"ROLLBACK", "- helm rollback", "- took 15 min"},
			},
		},
		{
			name: "a title across the columns comes first",
			words: []word{
				w(0, 0, "Checkout"), w(180, 0, "outage"), w(320, 0, "2026-11-20"), w(540, 0, "postmortem"),
				w(0, 60, "TIMELINE"), w(0, 110, "14:02"), w(120, 110, "deploy"), w(0, 160, "14:09"),
				w(500, 60, "FIXES"), w(500, 110, "canary"), w(500, 160, "gate"),
			},
			want: [][]string{
				{"Checkout outage 2026-11-20 postmortem"},
				{"TIMELINE", "14:02 deploy", "14:09"},
				{"FIXES", "canary", "gate"},
			},
		},
		{
			name: "a line running long into the gap stays in its column",
			words: []word{
				w(0, 0, "TIMELINE"), w(0, 50, "14:02"), w(120, 50, "deployment"), w(340, 50, "started"),
				w(0, 100, "14:09"),
				w(530, 0, "FIXES"), w(530, 50, "gate"), w(530, 100, "alert"),
			},
			want: [][]string{
				{"TIMELINE", "14:02 deployment started", "14:09"},
				{"FIXES", "gate", "alert"},
			},
		},
		{
			name: "wrapped lines join the item they continue",
			words: []word{
				w(0, 0, "TIMELINE"),
				w(0, 50, "14:02"), w(120, 50, "deploy"), w(260, 50, "v2.41"),
				w(40, 100, "to"), w(100, 100, "prod"),
				w(0, 150, "14:15"), w(120, 150, "paged"),
				w(40, 200, "(Dana)"),
				w(40, 250, "-"), w(80, 250, "a"), w(120, 250, "sub-item"),
				w(0, 300, "14:32"), w(120, 300, "rollback"),
				w(40, 350, "14:40"), w(160, 350, "done"),
			},
			want: [][]string{{"TIMELINE", "14:02 deploy v2.41 to prod", "14:15 paged (Dana)", "- a sub-item", "14:32 rollback", "14:40 done"}},
		},
		{
			// Lines 80 px apart (50 px between them, 1.7 word heights): a
			// wrapped line as far below its item as the items are from one
			// another still continues it; under a bullet's text is indented
			// enough, even when that is less than 0.6 word heights.
			name: "wrapped lines on a widely spaced board",
			words: []word{
				w(0, 0, "TIMELINE"),
				w(0, 80, "17:25"), w(120, 80, "CACHE"), w(240, 80, "FLUSH"),
				w(120, 160, "DEPLOYED"),
				w(0, 240, "17:31"), w(120, 240, "DB"), w(180, 240, "CPU"),
				{box: rect{0, 320, 8, 350}, conf: 90, text: "*"}, w(12, 320, "config"), w(150, 320, "default"),
				w(10, 400, "flipped"),
				w(0, 480, "18:02"), w(120, 480, "warmed"),
			},
			want: [][]string{{"TIMELINE", "17:25 CACHE FLUSH DEPLOYED", "17:31 DB CPU", "* config default flipped", "18:02 warmed"}},
		},
		{
			// Tesseract gave "LOCK-TMEOUT" a box over the whole line and read
			// "* 5S" again inside it; a tall word reaching down to the next
			// line ("ire") under a word of the line above goes with the next.
			name: "words read again inside a word's box join its line",
			words: []word{
				w(0, 0, "FIXES"),
				w(0, 50, "-"), w(30, 50, "BATCH"), w(150, 50, "SIZE"),
				w(0, 100, "-"), {box: rect{30, 100, 330, 130}, conf: 87, text: "LOCK-TMEOUT"},
				w(250, 100, "*"), w(280, 100, "5S"),
				w(0, 150, "-"), w(30, 150, "LOAD"), {box: rect{40, 160, 90, 230}, conf: 27, text: "ire"},
				w(0, 200, "-"), w(100, 200, "na"),
			},
			want: [][]string{{"FIXES", "- BATCH SIZE", "- LOCK-TMEOUT * 5S", "- LOAD", "- ire na"}},
		},
		{
			name: "a new item whose bullet was not read is not joined to the item above",
			words: []word{
				w(0, 0, "FIXES"),
				{box: rect{0, 50, 8, 80}, conf: 90, text: "•"}, w(12, 50, "rotate"), w(150, 50, "keys"),
				w(0, 100, "owner"), w(120, 100, "dana"),
			},
			want: [][]string{{"FIXES", "• rotate keys", "owner dana"}},
		},
		{
			name:  "an indented line under the heading is not joined to it",
			words: []word{w(0, 0, "FIXES"), w(40, 50, "canary"), w(200, 50, "gate"), w(40, 100, "alert")},
			want:  [][]string{{"FIXES", "canary gate", "alert"}},
		},
		{
			name:  "ruled line taken for a word is dropped",
			words: []word{w(0, 0, "TIMELINE"), w(0, 50, "14:02"), {box: rect{300, 0, 310, 400}, conf: 30, text: "|"}},
			want:  [][]string{{"TIMELINE", "14:02"}},
		},
	}
	opt := Options{}.withDefaults()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got [][]string
			for _, col := range layout(tc.words, &opt) {
				var lines []string
				for _, l := range col {
					lines = append(lines, l.text())
				}
				got = append(got, lines)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("layout (-want +got):\n%s", diff)
			}
		})
	}
}

func TestText(t *testing.T) {
	b := &board.Board{Blocks: []board.Block{
		{Text: "TIMELINE", Pos: &board.Rect{X: 10, Y: 10, W: 100, H: 20}},
		{Text: "14:02 deploy", Pos: &board.Rect{X: 10, Y: 40, W: 120, H: 20}},
		{Text: "FIXES", Pos: &board.Rect{X: 300, Y: 12, W: 60, H: 20}},
		{Text: "canary gate", Pos: &board.Rect{X: 300, Y: 40, W: 110, H: 20}},
	}}
	want := "TIMELINE\n14:02 deploy\n\nFIXES\ncanary gate\n"
	if got := Text(b); got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

// TestRead reads the easiest photo and checks the Board's shape: lines in
// reading order, positions inside the photo, confident lines not flagged.
func TestRead(t *testing.T) {
	photos := needPhotos(t)
	data, err := os.ReadFile(photos[0])
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(context.Background(), filepath.Base(photos[0]), data, Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if b.Name != filepath.Base(photos[0]) || len(b.Blocks) < 20 {
		t.Fatalf("Read: name %q, %d blocks; want the file's name and 20 or more blocks", b.Name, len(b.Blocks))
	}
	if b.Blocks[0].Text != "TIMELINE" {
		t.Errorf("Read: first line %q, want TIMELINE", b.Blocks[0].Text)
	}
	sure := 0
	for i, bl := range b.Blocks {
		if bl.Line != i+1 || bl.Source != "ocr" || bl.Pos == nil {
			t.Fatalf("block %d: %+v; want Line %d, Source ocr, a Pos", i, bl, i+1)
		}
		p := bl.Pos
		if p.X < -5 || p.Y < -5 || p.X+p.W > float64(cfg.Width)+5 || p.Y+p.H > float64(cfg.Height)+5 || p.W <= 0 || p.H <= 0 {
			t.Errorf("block %d %q: Pos %+v is outside the %dx%d photo", i, bl.Text, *p, cfg.Width, cfg.Height)
		}
		if !bl.Uncertain {
			sure++
		}
	}
	if sure < len(b.Blocks)*3/4 {
		t.Errorf("Read: only %d of %d lines of a clear print photo are sure", sure, len(b.Blocks))
	}
	// The first line of the second column (WHAT BROKE) sits right of the first.
	for i, bl := range b.Blocks {
		if bl.Text == "WHAT BROKE" {
			if p := b.Blocks[0].Pos; bl.Pos.X < p.X+p.W {
				t.Errorf("WHAT BROKE at %+v is not right of TIMELINE at %+v", *bl.Pos, *p)
			}
			if i == 0 || !newColumn(b.Blocks[i-1].Pos, bl.Pos) {
				t.Errorf("WHAT BROKE does not start a column")
			}
		}
	}
}

// TestReadLanguage reads the easiest photo with Tesseract's own English
// model as well as the built-in one, and checks that a model that is not
// installed is a clear error.
func TestReadLanguage(t *testing.T) {
	photos := needPhotos(t)
	data, err := os.ReadFile(photos[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"", "eng"} {
		b, err := Read(context.Background(), "board.jpg", data, Options{Language: lang})
		if err != nil {
			t.Fatalf("Language %q: %v", lang, err)
		}
		if len(b.Blocks) == 0 || b.Blocks[0].Text != "TIMELINE" {
			t.Errorf("Language %q: first line %q, want TIMELINE", lang, Text(b))
		}
	}
	_, err = Read(context.Background(), "board.jpg", data, Options{Language: "xyz"})
	if hindsight.ErrorCode(err) != hindsight.EMISSING || !strings.Contains(err.Error(), `cannot load the "xyz" model`) ||
		!strings.Contains(err.Error(), "apt-get install tesseract-ocr-xyz") {
		t.Errorf("Read with a model not installed = %v, want an error naming it and how to install it", err)
	}
}

func TestReadTimeout(t *testing.T) {
	photos := needPhotos(t)
	data, err := os.ReadFile(photos[len(photos)-1])
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read(context.Background(), "slow.jpg", data, Options{Timeout: 1}) // 1 ns
	if hindsight.ErrorCode(err) != hindsight.ETOOLARGE || !strings.Contains(err.Error(), "limit") {
		t.Errorf("Read with a 1 ns limit = %v, want a time-limit error", err)
	}
}

// TestReadHEIC encodes the easiest photo as HEIC with libheif's heif-enc
// and reads it through heif-convert. HEIC is optional for a user: the test
// skips when libheif-examples is not installed, but fails under CI=true,
// where scripts/ci-deps.sh installs it.
func TestReadHEIC(t *testing.T) {
	photos := needPhotos(t)
	enc, err := exec.LookPath("heif-enc")
	if _, cerr := exec.LookPath("heif-convert"); err != nil || cerr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("libheif-examples is missing under CI=true: scripts/ci-deps.sh installs it")
		}
		t.Skip("libheif-examples is not installed (apt-get install libheif-examples)")
	}
	heic := filepath.Join(t.TempDir(), "board.heic")
	if out, err := exec.Command(enc, "-q", "90", "-o", heic, photos[0]).CombinedOutput(); err != nil {
		t.Skipf("heif-enc cannot encode here: %v: %s", err, out)
	}
	data, err := os.ReadFile(heic)
	if err != nil {
		t.Fatal(err)
	}
	if !Sniff(data) {
		t.Fatalf("Sniff(HEIC from heif-enc) = false")
	}
	b, err := Read(context.Background(), "board.heic", data, Options{})
	if err != nil {
		t.Fatalf("Read(HEIC): %v", err)
	}
	if len(b.Blocks) < 20 || b.Blocks[0].Text != "TIMELINE" {
		t.Errorf("Read(HEIC): %d blocks, first %q; want 20 or more, TIMELINE first", len(b.Blocks), b.Blocks[0].Text)
	}
}
