package excalidraw_test

// The fixtures under testdata/ are written by this file: go test
// ./board/excalidraw -update rewrites them (and the golden files), and
// TestFixturesCurrent fails when a committed fixture differs from what this
// file writes. They are built the way Excalidraw writes files: every element
// with Excalidraw's fields, text bound inside shapes through containerId and
// boundElements, arrows bound to the shapes at both ends, and the scene
// embedded in PNG and SVG exports by Excalidraw's encoding (see embed.go).

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kv is one key of a JSON object; obj keeps keys in the order given, as
// Excalidraw writes them.
type kv struct {
	k string
	v any
}

type obj []kv

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.k)
		v, err := json.Marshal(f.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (o obj) get(k string) any {
	for _, f := range o {
		if f.k == k {
			return f.v
		}
	}
	return nil
}

func (o *obj) set(k string, v any) {
	for i, f := range *o {
		if f.k == k {
			(*o)[i].v = v
			return
		}
	}
	*o = append(*o, kv{k, v})
}

// scene builds an Excalidraw scene element by element.
type scene struct {
	els  []obj
	seed uint64
	n    int
}

func (s *scene) base(typ string, x, y, w, h float64) obj {
	s.n++
	s.seed = s.seed*6364136223846793005 + 1442695040888963407
	return obj{
		{"id", fmt.Sprintf("%s-%02d-%x", typ[:3], s.n, s.seed>>48)},
		{"type", typ},
		{"x", x}, {"y", y}, {"width", w}, {"height", h},
		{"angle", 0},
		{"strokeColor", "#1e1e1e"},
		{"backgroundColor", "transparent"},
		{"fillStyle", "solid"},
		{"strokeWidth", 2},
		{"strokeStyle", "solid"},
		{"roughness", 1},
		{"opacity", 100},
		{"groupIds", []string{}},
		{"frameId", nil},
		{"index", fmt.Sprintf("a%d", s.n)},
		{"roundness", nil},
		{"seed", int(s.seed >> 40)},
		{"version", 3},
		{"versionNonce", int(s.seed >> 33)},
		{"isDeleted", false},
		{"boundElements", nil},
		{"updated", 1763647200000 + s.n*1000},
		{"link", nil},
		{"locked", false},
	}
}

func textProps(text string, size float64, container any) []kv {
	return []kv{
		{"text", wrap(text, 28)},
		{"fontSize", size},
		{"fontFamily", 5},
		{"textAlign", map[bool]string{true: "center", false: "left"}[container != nil]},
		{"verticalAlign", map[bool]string{true: "middle", false: "top"}[container != nil]},
		{"containerId", container},
		{"originalText", text},
		{"autoResize", true},
		{"lineHeight", 1.25},
	}
}

// wrap breaks text into lines of at most n characters, as Excalidraw does
// for the text field of text inside a shape (originalText keeps the line
// breaks the author typed).
func wrap(text string, n int) string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			if line != "" && len(line)+1+len(w) > n {
				lines = append(lines, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// text adds free text.
func (s *scene) text(text string, x, y, size float64) obj {
	lines := strings.Count(text, "\n") + 1
	longest := 0
	for _, l := range strings.Split(text, "\n") {
		longest = max(longest, len(l))
	}
	e := s.base("text", x, y, float64(longest)*size*0.55, float64(lines)*size*1.25)
	e = append(e, textProps(text, size, nil)...)
	s.els = append(s.els, e)
	return e
}

// shape adds a shape (a sticky note: rectangle, ellipse or diamond) with
// text bound inside it; it returns the shape's ID.
func (s *scene) shape(typ, text, fill string, x, y, w, h float64) string {
	sh := s.base(typ, x, y, w, h)
	sh.set("backgroundColor", fill)
	sh.set("roundness", obj{{"type", 3}})
	tx := s.base("text", x+10, y+10, w-20, h-20)
	tx.set("strokeColor", "#1e1e1e")
	tx = append(tx, textProps(text, 20, sh.get("id"))...)
	sh.set("boundElements", []obj{{{"type", "text"}, {"id", tx.get("id")}}})
	s.els = append(s.els, sh, tx)
	return sh.get("id").(string)
}

// arrow adds an arrow bound from shape a to shape b.
func (s *scene) arrow(a, b string) {
	ea, eb := s.find(a), s.find(b)
	ax, ay := num(ea, "x")+num(ea, "width")/2, num(ea, "y")+num(ea, "height")
	bx, by := num(eb, "x")+num(eb, "width")/2, num(eb, "y")
	if num(eb, "y") < num(ea, "y")+num(ea, "height") { // side by side
		ax, ay = num(ea, "x")+num(ea, "width"), num(ea, "y")+num(ea, "height")/2
		bx, by = num(eb, "x"), num(eb, "y")+num(eb, "height")/2
	}
	ar := s.base("arrow", ax, ay, bx-ax, by-ay)
	ar.set("roundness", obj{{"type", 2}})
	ar = append(ar, []kv{
		{"points", [][2]float64{{0, 0}, {bx - ax, by - ay}}},
		{"lastCommittedPoint", nil},
		{"startBinding", obj{{"elementId", a}, {"focus", 0}, {"gap", 4}}},
		{"endBinding", obj{{"elementId", b}, {"focus", 0}, {"gap", 4}}},
		{"startArrowhead", nil},
		{"endArrowhead", "arrow"},
		{"elbowed", false},
	}...)
	for _, id := range []string{a, b} {
		e := s.find(id)
		bound, _ := e.get("boundElements").([]obj)
		e.set("boundElements", append(bound, obj{{"id", ar.get("id")}, {"type", "arrow"}}))
	}
	s.els = append(s.els, ar)
}

// frame adds a frame; the elements added by fill are placed in it.
func (s *scene) frame(name string, x, y, w, h float64, fill func()) {
	f := s.base("frame", x, y, w, h)
	f.set("strokeColor", "#bbb")
	f.set("roundness", nil)
	f = append(f, kv{"name", name})
	s.els = append(s.els, f)
	from := len(s.els)
	fill()
	for _, e := range s.els[from:] {
		e.set("frameId", f.get("id"))
	}
}

func (s *scene) find(id string) obj {
	for _, e := range s.els {
		if e.get("id") == id {
			return e
		}
	}
	panic("no element " + id)
}

func num(e obj, k string) float64 {
	v, _ := e.get(k).(float64)
	return v
}

// shuffle puts the elements in a fixed random order, so that the order
// they were drawn in says nothing about the order they are read in.
func (s *scene) shuffle(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, seed))
	rng.Shuffle(len(s.els), func(i, j int) { s.els[i], s.els[j] = s.els[j], s.els[i] })
}

func (s *scene) json() []byte {
	b, err := json.MarshalIndent(obj{
		{"type", "excalidraw"},
		{"version", 2},
		{"source", "https://excalidraw.com"},
		{"elements", s.els},
		{"appState", obj{{"gridSize", 20}, {"gridStep", 5}, {"gridModeEnabled", false}, {"viewBackgroundColor", "#ffffff"}}},
		{"files", obj{}},
	}, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// The board every fixture shows, column by column.
var (
	title    = "Checkout 5xx after migration 0042 — 2026-11-20"
	timeline = []string{
		"14:02 deploy v2.31 started; migration 0042 runs first",
		"14:05 errors rising on POST /orders (~2%)",
		"14:08 alert: checkout 5xx > 1% paged on-call",
		"14:15 decided to roll back to v2.30",
		"14:16 rollback started",
		"14:20 rollback complete; writes now failing: NOT NULL constraint violation",
		"14:42 error rate back to normal, checkout healthy",
	}
	broke = []string{
		"Migration 0042 added a NOT NULL column without a default",
		"v2.30 code does not write the new column",
	}
	rollback = []string{
		"Code rollback was assumed safe, but the migration had already run.",
		"Rollback was never tested with a schema change",
	}
	actions = []string{
		"Enforce expand/contract migrations in CI @dana P1 due 2026-12-04",
		"Add a rollback drill with a schema change to the release checklist\n@sam P2 due 2026-12-18",
	}
)

const (
	yellow = "#ffec99"
	pink   = "#ffc9c9"
	blue   = "#a5d8ff"
	green  = "#b2f2bb"
)

// columns is the board as most teams draw it: a title, four columns with a
// large heading each, sticky notes (shapes with text) under them, the
// timeline's notes joined by arrows, a line between the columns, and a
// note that was deleted. Elements are shuffled.
func columns() *scene {
	s := &scene{seed: 1}
	s.text(title, 0, -140, 36)
	col := func(i int, heading string, notes []string, fill string, shapes ...string) []string {
		x := float64(i) * 340
		s.text(heading, x, 0, 28)
		var ids []string
		for k, n := range notes {
			typ := "rectangle"
			if k < len(shapes) && shapes[k] != "" {
				typ = shapes[k]
			}
			ids = append(ids, s.shape(typ, n, fill, x, 60+float64(k)*120, 280, 100))
		}
		if i > 0 {
			l := s.base("line", x-30, 0, 0, 900)
			l = append(l, kv{"points", [][2]float64{{0, 0}, {0, 900}}})
			s.els = append(s.els, l)
		}
		return ids
	}
	ids := col(0, "Timeline", timeline, yellow)
	for k := 1; k < len(ids); k++ {
		s.arrow(ids[k-1], ids[k])
	}
	col(1, "What broke", broke, pink, "", "ellipse")
	col(2, "Rollback", rollback, blue, "", "diamond")
	col(3, "Action items", actions, green)
	// A note the team deleted: Excalidraw keeps it with isDeleted set.
	gone := s.shape("rectangle", "14:10 restarted the pods (deleted)", yellow, 0, 900, 280, 100)
	for _, e := range s.els {
		if e.get("id") == gone || e.get("containerId") == gone {
			e.set("isDeleted", true)
		}
	}
	s.shuffle(42)
	return s
}

// frames is the board drawn with frames: the timeline as a row of notes
// across the top, joined by arrows, then three frames side by side. Frame
// names are the headings; there is no other heading text. One note is
// rotated, one is free text inside a frame.
func frames() *scene {
	s := &scene{seed: 7}
	s.frame("Timeline", 0, 0, 7*190+20, 200, func() {
		var ids []string
		// The notes are placed out of order on the row; the arrows give
		// the order.
		place := []int{0, 1, 2, 4, 3, 5, 6}
		for k, n := range timeline {
			ids = append(ids, s.shape("rectangle", n, yellow, 20+float64(place[k])*190, 40, 170, 140))
		}
		for k := 1; k < len(ids); k++ {
			s.arrow(ids[k-1], ids[k])
		}
	})
	s.frame("What broke", 0, 260, 420, 400, func() {
		s.shape("rectangle", broke[0], pink, 20, 300, 380, 100)
		s.text(broke[1], 20, 440, 20)
	})
	s.frame("Rollback", 460, 260, 420, 400, func() {
		s.shape("rectangle", rollback[0], blue, 480, 300, 380, 100)
		id := s.shape("rectangle", rollback[1], blue, 480, 440, 380, 100)
		e := s.find(id)
		e.set("angle", 0.05)
	})
	s.frame("Action items", 920, 260, 440, 400, func() {
		for k, a := range actions {
			s.shape("rectangle", a, green, 940, 300+float64(k)*140, 400, 110)
		}
	})
	s.shuffle(7)
	return s
}

// noText is a drawing of shapes and arrows with no text at all.
func noText() *scene {
	s := &scene{seed: 3}
	a, b := s.base("rectangle", 0, 0, 200, 100), s.base("ellipse", 300, 0, 200, 100)
	s.els = append(s.els, a, b)
	s.arrow(a.get("id").(string), b.get("id").(string))
	return s
}

// encode wraps a scene as Excalidraw's encode() does: the zlib-deflated
// scene as a byte string.
func encode(scene []byte) []byte {
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	w.Write(scene)
	w.Close()
	var bstr strings.Builder
	for _, c := range z.Bytes() {
		bstr.WriteRune(rune(c))
	}
	b, err := json.Marshal(obj{{"version", "1"}, {"encoding", "bstring"}, {"compressed", true}, {"encoded", bstr.String()}})
	if err != nil {
		panic(err)
	}
	return b
}

// toLatin1 turns the UTF-8 JSON of encode, whose characters are all below
// U+0100, into the Latin-1 bytes a tEXt chunk (and btoa) holds.
func toLatin1(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range string(s) {
		if r > 0xFF {
			panic("not a byte string")
		}
		out = append(out, byte(r))
	}
	return out
}

// picture is the image part of a PNG export: the board drawn as coloured
// blocks, as a stand-in for Excalidraw's rendering.
func picture() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 360, 240))
	for y := range 240 {
		for x := range 360 {
			img.Set(x, y, color.White)
		}
	}
	fills := []color.RGBA{{0xff, 0xec, 0x99, 0xff}, {0xff, 0xc9, 0xc9, 0xff}, {0xa5, 0xd8, 0xff, 0xff}, {0xb2, 0xf2, 0xbb, 0xff}}
	for c, f := range fills {
		for k := range 4 {
			for y := 30 + k*50; y < 70+k*50; y++ {
				for x := 10 + c*88; x < 88+c*88; x++ {
					img.Set(x, y, f)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// withChunk inserts a chunk before IEND, as encodePngMetadata does.
func withChunk(pngData []byte, typ string, data []byte) []byte {
	iend := bytes.LastIndex(pngData, []byte("IEND")) - 4
	var c bytes.Buffer
	binary.Write(&c, binary.BigEndian, uint32(len(data)))
	c.WriteString(typ)
	c.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.Write(&c, binary.BigEndian, crc.Sum32())
	out := append([]byte{}, pngData[:iend]...)
	out = append(out, c.Bytes()...)
	return append(out, pngData[iend:]...)
}

// pngTEXt is a PNG export as Excalidraw has long written it: a tEXt chunk.
func pngTEXt(scene []byte) []byte {
	return withChunk(picture(), "tEXt", append([]byte("application/vnd.excalidraw+json\x00"), toLatin1(encode(scene))...))
}

// pngITXt is a PNG export with an iTXt chunk, as newer versions write it.
func pngITXt(scene []byte) []byte {
	data := append([]byte("application/vnd.excalidraw+json\x00\x00\x00\x00\x00"), encode(scene)...)
	return withChunk(picture(), "iTXt", data)
}

// svgExport is an SVG export with the scene embedded (payload version 2).
func svgExport(scene []byte) []byte {
	payload := base64.StdEncoding.EncodeToString(toLatin1(encode(scene)))
	var b strings.Builder
	b.WriteString(`<svg version="1.1" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1400 1100" width="1400" height="1100">`)
	b.WriteString(`<!-- svg-source:excalidraw -->`)
	b.WriteString(`<metadata><!-- payload-type:application/vnd.excalidraw+json --><!-- payload-version:2 --><!-- payload-start -->`)
	b.WriteString(payload)
	b.WriteString(`<!-- payload-end --></metadata>`)
	b.WriteString(`<defs><style class="style-fonts">@font-face { font-family: Excalifont; }</style></defs>`)
	b.WriteString(`<rect x="0" y="0" width="1400" height="1100" fill="#ffffff"></rect>`)
	b.WriteString(`<g transform="translate(10 10)"><text x="0" y="36" font-family="Excalifont" font-size="36px">Checkout 5xx after migration 0042</text></g>`)
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// fixtures returns every fixture file by name.
func fixtures() map[string][]byte {
	cols, frm := columns().json(), frames().json()
	return map[string][]byte{
		"columns.excalidraw":     cols,
		"frames.excalidraw":      frm,
		"columns.excalidraw.png": pngTEXt(cols),
		"frames.excalidraw.png":  pngITXt(frm),
		"columns.excalidraw.svg": svgExport(cols),
		"no-text.excalidraw":     noText().json(),
		"photo.png":              picture(),
		"library.excalidrawlib":  []byte(`{"type":"excalidrawlib","version":2,"source":"https://excalidraw.com","libraryItems":[]}` + "\n"),
		"not-a-scene.excalidraw": []byte("Timeline\n14:02 deploy\n"),
		"svg-no-scene.svg":       []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>` + "\n"),
		"damaged.excalidraw.png": damage(pngTEXt(cols)),
		"truncated.excalidraw":   cols[:len(cols)*2/3],
		"legacy-png.excalidraw.png": withChunk(picture(), "tEXt",
			append([]byte("application/vnd.excalidraw+json\x00"), asciiJSON(cols)...)),
	}
}

// asciiJSON escapes every non-ASCII character of a JSON text, so that it
// fits a tEXt chunk as the scene itself, as the oldest exports held it.
func asciiJSON(b []byte) []byte {
	var out strings.Builder
	for _, r := range string(b) {
		if r < 0x80 {
			out.WriteRune(r)
		} else {
			fmt.Fprintf(&out, "\\u%04x", r)
		}
	}
	return []byte(out.String())
}

// damage corrupts the compressed scene inside a PNG export.
func damage(p []byte) []byte {
	p = bytes.Clone(p)
	i := bytes.Index(p, []byte(`"encoded":"`)) + 40
	for k := i; k < i+200 && k < len(p); k++ {
		if p[k] > ' ' && p[k] != '"' && p[k] != '\\' && p[k] < 0x7f {
			p[k] = 'x'
		}
	}
	return p
}

func TestFixturesCurrent(t *testing.T) {
	for name, want := range fixtures() {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./board/excalidraw -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what fixtures_test.go writes; run go test ./board/excalidraw -update and review", path)
		}
	}
}
