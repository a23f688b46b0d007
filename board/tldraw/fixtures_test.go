package tldraw_test

// The fixtures under testdata/ are written by this file: go test
// ./board/tldraw -update rewrites them (and the golden files), and
// TestFixturesCurrent fails when a committed fixture differs from what this
// file writes. They are built the way tldraw saves a .tldr file: a schema,
// the document and page records, shape records whose x and y are relative
// to their parent (a page, a frame or a group), rich text in tldraw 3's
// TipTap form, and arrows bound by binding records (or, in the tldraw 2
// fixture, by their props).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type kv struct {
	k string
	v any
}

// obj is a JSON object that keeps its keys in the order given.
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

// doc builds a .tldr file record by record.
type doc struct {
	v2      bool // tldraw 2: props.text, arrows bound in their props
	records []obj
	n       int
}

const page = "page:page"

func (d *doc) id(prefix string) string {
	d.n++
	return fmt.Sprintf("%s:%s%03d", prefix, strings.Repeat("x", 3), d.n)
}

// richText is tldraw 3's rich text for plain text: a paragraph per line.
func richText(text string) obj {
	var paras []obj
	for _, line := range strings.Split(text, "\n") {
		if line == "" {
			paras = append(paras, obj{{"type", "paragraph"}})
			continue
		}
		paras = append(paras, obj{{"type", "paragraph"}, {"content", []obj{{{"type", "text"}, {"text", line}}}}})
	}
	return obj{{"type", "doc"}, {"content", paras}}
}

func (d *doc) textProp(text string) kv {
	if d.v2 {
		return kv{"text", text}
	}
	return kv{"richText", richText(text)}
}

func (d *doc) shape(typ, parent string, x, y, rot float64, props obj) string {
	id := d.id("shape")
	d.records = append(d.records, obj{
		{"x", x}, {"y", y}, {"rotation", rot}, {"isLocked", false}, {"opacity", 1}, {"meta", obj{}},
		{"id", id}, {"type", typ}, {"props", props},
		{"parentId", parent}, {"index", fmt.Sprintf("a%d", d.n)}, {"typeName", "shape"},
	})
	return id
}

func (d *doc) rotate(id string, rot float64) {
	for _, r := range d.records {
		for i := range r {
			if r[i].k == "id" && r[i].v == id {
				for j := range r {
					if r[j].k == "rotation" {
						r[j].v = rot
					}
				}
			}
		}
	}
}

func (d *doc) note(parent, text, colour string, x, y float64) string {
	return d.shape("note", parent, x, y, 0, obj{
		{"color", colour}, {"labelColor", "black"}, {"size", "m"}, {"font", "draw"}, {"fontSizeAdjustment", 0},
		{"align", "middle"}, {"verticalAlign", "middle"}, {"growY", 0}, {"url", ""}, d.textProp(text), {"scale", 1},
	})
}

func (d *doc) geo(parent, geo, text, colour string, x, y, w, h float64) string {
	return d.shape("geo", parent, x, y, 0, obj{
		{"w", w}, {"h", h}, {"geo", geo}, {"color", colour}, {"labelColor", "black"}, {"fill", "semi"}, {"dash", "draw"},
		{"size", "m"}, {"font", "draw"}, d.textProp(text), {"align", "middle"}, {"verticalAlign", "middle"}, {"growY", 0},
		{"url", ""}, {"scale", 1},
	})
}

func (d *doc) text(parent, text, size string, x, y float64) string {
	return d.shape("text", parent, x, y, 0, obj{
		{"color", "black"}, {"size", size}, {"font", "draw"}, {"textAlign", "start"}, {"w", float64(len(text)) * 14},
		d.textProp(text), {"scale", 1}, {"autoSize", true},
	})
}

func (d *doc) frame(name string, x, y, w, h float64) string {
	return d.shape("frame", page, x, y, 0, obj{{"w", w}, {"h", h}, {"name", name}})
}

// arrow adds an arrow from shape a to shape b.
func (d *doc) arrow(parent, a, b string, x0, y0, x1, y1 float64) {
	d.labelledArrow(parent, a, b, "", x0, y0, x1, y1)
}

// labelledArrow adds an arrow from shape a to shape b with a label.
func (d *doc) labelledArrow(parent, a, b, label string, x0, y0, x1, y1 float64) {
	start, end := obj{{"x", 0}, {"y", 0}}, obj{{"x", x1 - x0}, {"y", y1 - y0}}
	if d.v2 {
		start = obj{{"type", "binding"}, {"boundShapeId", a}, {"normalizedAnchor", obj{{"x", 0.5}, {"y", 0.5}}}, {"isExact", false}, {"isPrecise", false}}
		end = obj{{"type", "binding"}, {"boundShapeId", b}, {"normalizedAnchor", obj{{"x", 0.5}, {"y", 0.5}}}, {"isExact", false}, {"isPrecise", false}}
	}
	props := obj{
		{"dash", "draw"}, {"size", "m"}, {"fill", "none"}, {"color", "black"}, {"labelColor", "black"}, {"bend", 0},
		{"start", start}, {"end", end}, {"arrowheadStart", "none"}, {"arrowheadEnd", "arrow"}, d.textProp(label),
		{"labelPosition", 0.5}, {"font", "draw"}, {"scale", 1},
	}
	id := d.shape("arrow", parent, x0, y0, 0, props)
	if d.v2 {
		return
	}
	for i, target := range []string{a, b} {
		d.records = append(d.records, obj{
			{"meta", obj{}}, {"id", d.id("binding")}, {"type", "arrow"}, {"fromId", id}, {"toId", target},
			{"props", obj{{"isPrecise", false}, {"isExact", false}, {"normalizedAnchor", obj{{"x", 0.5}, {"y", 0.5}}}, {"terminal", []string{"start", "end"}[i]}}},
			{"typeName", "binding"},
		})
	}
}

func (d *doc) json(seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, seed))
	rng.Shuffle(len(d.records), func(i, j int) { d.records[i], d.records[j] = d.records[j], d.records[i] })
	head := []obj{
		{{"gridSize", 10}, {"name", ""}, {"meta", obj{}}, {"id", "document:document"}, {"typeName", "document"}},
		{{"meta", obj{}}, {"id", page}, {"name", "Page 1"}, {"index", "a1"}, {"typeName", "page"}},
	}
	schema := obj{{"schemaVersion", 2}, {"sequences", obj{
		{"com.tldraw.store", 4}, {"com.tldraw.asset", 1}, {"com.tldraw.camera", 1}, {"com.tldraw.document", 2},
		{"com.tldraw.instance", 25}, {"com.tldraw.page", 1}, {"com.tldraw.shape", 4}, {"com.tldraw.shape.arrow", 5},
		{"com.tldraw.shape.frame", 0}, {"com.tldraw.shape.geo", 9}, {"com.tldraw.shape.group", 0}, {"com.tldraw.shape.note", 8},
		{"com.tldraw.shape.text", 2}, {"com.tldraw.binding.arrow", 0},
	}}}
	if d.v2 {
		schema = obj{{"schemaVersion", 1}, {"storeVersion", 4}, {"recordVersions", obj{
			{"asset", obj{{"version", 1}, {"subTypeKey", "type"}, {"subTypeVersions", obj{{"image", 3}}}}},
			{"document", obj{{"version", 2}}},
			{"page", obj{{"version", 1}}},
			{"shape", obj{{"version", 3}, {"subTypeKey", "type"}, {"subTypeVersions", obj{{"arrow", 3}, {"geo", 8}, {"note", 5}, {"text", 1}, {"frame", 0}}}}},
		}}}
	}
	b, err := json.Marshal(obj{{"tldrawFileFormatVersion", 1}, {"schema", schema}, {"records", append(head, d.records...)}})
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// The board every fixture shows.
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
	broke    = []string{"Migration 0042 added a NOT NULL column without a default", "v2.30 code does not write the new column"}
	rollback = []string{"Code rollback was assumed safe, but the migration had already run.", "Rollback was never tested with a schema change"}
	actions  = []string{
		"Enforce expand/contract migrations in CI @dana P1 due 2026-12-04",
		"Add a rollback drill with a schema change to the release checklist\n@sam P2 due 2026-12-18",
	}
)

// columns is the board drawn with a large title, a text heading over each
// column, sticky notes (and labelled geo shapes) under them, and the
// timeline's notes joined by arrows. Records are shuffled.
func columns(v2 bool) *doc {
	d := &doc{v2: v2}
	d.text(page, title, "xl", 0, -160)
	col := func(i int, heading string, notes []string, colour string, geo bool) []string {
		x := float64(i) * 260
		d.text(page, heading, "l", x, 0)
		var ids []string
		for k, n := range notes {
			if geo && k == 1 {
				ids = append(ids, d.geo(page, "ellipse", n, colour, x, 70+float64(k)*230, 220, 200))
				continue
			}
			ids = append(ids, d.note(page, n, colour, x, 70+float64(k)*230))
		}
		return ids
	}
	ids := col(0, "Timeline", timeline, "yellow", false)
	for k := 1; k < len(ids); k++ {
		y := 70 + float64(k)*230
		d.arrow(page, ids[k-1], ids[k], 100, y-30, 100, y)
	}
	col(1, "What broke", broke, "light-red", true)
	col(2, "Rollback", rollback, "light-blue", true)
	col(3, "Action items", actions, "light-green", false)
	return d
}

// frames is the board drawn with frames whose names are the headings; the
// shapes inside have coordinates relative to their frame. The timeline is
// a row across the top whose notes are placed out of order and joined by
// arrows in the right one; one note sits in a group, one is rotated.
func frames() *doc {
	d := &doc{}
	tl := d.frame("Timeline", 0, 0, 7*220+20, 260)
	var ids []string
	place := []int{0, 1, 2, 4, 3, 5, 6}
	for k, n := range timeline {
		ids = append(ids, d.note(tl, n, "yellow", 20+float64(place[k])*220, 40))
	}
	for k := 1; k < len(ids); k++ {
		d.arrow(tl, ids[k-1], ids[k], 0, 140, 20, 140)
	}
	wb := d.frame("What broke", 0, 320, 500, 520)
	d.geo(wb, "rectangle", broke[0], "light-red", 20, 40, 460, 200)
	d.text(wb, broke[1], "m", 20, 300)
	rb := d.frame("Rollback", 540, 320, 500, 520)
	d.note(rb, rollback[0], "light-blue", 20, 40)
	id := d.note(rb, rollback[1], "light-blue", 20, 280)
	d.rotate(id, 0.08)
	ai := d.frame("Action items", 1080, 320, 480, 560)
	grp := d.shape("group", ai, 20, 40, 0, obj{})
	d.note(grp, actions[0], "light-green", 0, 0)
	d.note(ai, actions[1], "light-green", 20, 300)
	return d
}

func noText() *doc {
	d := &doc{}
	a := d.geo(page, "rectangle", "", "black", 0, 0, 200, 100)
	b := d.geo(page, "ellipse", "", "black", 300, 0, 200, 100)
	d.arrow(page, a, b, 200, 50, 300, 50)
	return d
}

func fixtures() map[string][]byte {
	cols := columns(false).json(11)
	return map[string][]byte{
		"columns.tldr":   cols,
		"frames.tldr":    frames().json(12),
		"tldraw2.tldr":   columns(true).json(13),
		"no-text.tldr":   noText().json(14),
		"corrupt.tldr":   []byte("PK\x03\x04 this is a zip, not a tldraw file"),
		"truncated.tldr": cols[:len(cols)/2],
		"wrong-json.tldr": []byte(`{"type":"excalidraw","version":2,"elements":[]}
`),
		"tldraw1.tldr": []byte(`{"name":"New Document","fileHandle":null,"document":{"id":"doc","name":"New Document","version":15.5,"pages":{"page":{"id":"page","name":"Page 1","childIndex":1,"shapes":{},"bindings":{}}},"pageStates":{},"assets":{}},"assets":{}}
`),
	}
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
			t.Fatalf("%v (run go test ./board/tldraw -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what fixtures_test.go writes; run go test ./board/tldraw -update and review", path)
		}
	}
}
