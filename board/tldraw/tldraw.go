// Package tldraw reads tldraw boards (.tldr files) into a board.Board.
// Text, sticky notes, geo shapes with labels, frames and arrows become
// board.Items, and board.Layout puts them into reading order: the order
// shapes were created in plays no part.
//
// A .tldr file is JSON: {"tldrawFileFormatVersion": 1, "schema": …,
// "records": […]}. Records with typeName "shape" are the shapes; x and y
// are relative to the parent (a page, a frame or a group) and rotation is
// about the shape's top-left corner. Text is props.richText (tldraw 3: a
// TipTap/ProseMirror document) or props.text (tldraw 2). Arrows are bound
// to shapes by "binding" records (tldraw 2.2 and later) or by their
// props.start and props.end (earlier).
package tldraw

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
)

// Source is the Block.Source of what this package reads.
const Source = "tldraw"

// Sniff reports whether data is a tldraw file: named .tldr, or JSON that
// starts like one.
func Sniff(name string, data []byte) bool {
	if strings.HasSuffix(strings.ToLower(name), ".tldr") {
		return true
	}
	h := bytes.TrimSpace(bytes.TrimPrefix(data[:min(len(data), 4096)], []byte("\xef\xbb\xbf")))
	return bytes.HasPrefix(h, []byte("{")) && bytes.Contains(h, []byte(`"tldrawFileFormatVersion"`))
}

type file struct {
	Version  *float64          `json:"tldrawFileFormatVersion"`
	Records  []json.RawMessage `json:"records"`
	Document *struct {
		Version any `json:"version"`
	} `json:"document"`
}

type record struct {
	ID       string  `json:"id"`
	TypeName string  `json:"typeName"`
	Type     string  `json:"type"`
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
	Rotation float64 `json:"rotation"`
	ParentID string  `json:"parentId"`
	Index    string  `json:"index"`
	Name     string  `json:"name"`
	FromID   string  `json:"fromId"`
	ToID     string  `json:"toId"`
	Props    props   `json:"props"`
}

type props struct {
	W        *float64        `json:"w"`
	H        *float64        `json:"h"`
	Text     string          `json:"text"`
	RichText json.RawMessage `json:"richText"`
	Name     string          `json:"name"`
	Color    string          `json:"color"`
	Size     string          `json:"size"`
	Scale    float64         `json:"scale"`
	GrowY    float64         `json:"growY"`
	// Arrows.
	Start          *terminal `json:"start"`
	End            *terminal `json:"end"`
	ArrowheadStart string    `json:"arrowheadStart"`
	ArrowheadEnd   string    `json:"arrowheadEnd"`
	// Bindings.
	Terminal string `json:"terminal"`
}

// terminal is an arrow's end: a point, and in tldraw 2 before bindings
// the shape it is bound to.
type terminal struct {
	Type         string  `json:"type"`
	BoundShapeID string  `json:"boundShapeId"`
	X            float64 `json:"x"`
	Y            float64 `json:"y"`
}

// Read reads a .tldr file. name is used in messages. Errors are
// *hindsight.Error values that say what to do.
func Read(name string, data []byte) (*board.Board, error) {
	if len(data) > board.MaxSize {
		return nil, hindsight.Errorf(hindsight.ETOOLARGE, "%s is over the %d MB limit for a board; is this the right file?", name, board.MaxSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, notTldraw(name, data, err)
	}
	if f.Records == nil {
		if f.Document != nil && f.Document.Version != nil {
			return nil, hindsight.Errorf(hindsight.EINVALID, "%s is a tldraw 1 file: open it at tldraw.com, which converts it, and save it again as a .tldr file", name)
		}
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s is not a tldraw file: it has no records (is it a .tldr saved by tldraw?)", name)
	}
	var b board.Board
	b.Name = name
	for _, page := range pages(f.Records) {
		blocks := board.Layout(page)
		if len(blocks) == 0 {
			continue
		}
		if len(b.Blocks) > 0 {
			b.Blocks = append(b.Blocks, board.Block{Source: Source})
		}
		b.Blocks = append(b.Blocks, blocks...)
	}
	if len(b.Blocks) == 0 {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s: the board has no text: add text or sticky notes in tldraw, then save it again", name)
	}
	for i := range b.Blocks {
		b.Blocks[i].Line = i + 1
	}
	return &b, nil
}

func notTldraw(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	t := bytes.TrimSpace(data)
	why := ""
	switch {
	case len(t) == 0:
		why = "the file is empty"
	case t[0] != '{':
		why = "the file is not JSON"
	case strings.Contains(err.Error(), "unexpected end of JSON input"):
		why = "the JSON is cut short (the file may be truncated)"
	case errors.As(err, &syn):
		why = "invalid JSON: " + syn.Error()
	case errors.As(err, &typ):
		why = "\"" + typ.Field + "\" holds a " + typ.Value
	default:
		why = err.Error()
	}
	return hindsight.Errorf(hindsight.EINVALID, "%s is not a tldraw file: %s (is it a .tldr saved by tldraw?)", name, why)
}

// shape is a shape record with its place on the page worked out.
type shape struct {
	record
	ok   bool    // placed
	busy bool    // being placed (guards against parent loops)
	x, y float64 // page position of the shape's origin
	rot  float64 // page rotation
	page string
}

// pages reads the records into items, one list per page, pages in their
// order.
func pages(raws []json.RawMessage) [][]board.Item {
	shapes := map[string]*shape{}
	var ids []string
	type page struct{ id, index string }
	var pageList []page
	arrowEnds := map[string][2]string{} // arrow ID → start, end shape IDs
	for _, raw := range raws {
		var r record
		if json.Unmarshal(raw, &r) != nil {
			continue
		}
		switch r.TypeName {
		case "shape":
			if _, dup := shapes[r.ID]; r.ID != "" && !dup {
				shapes[r.ID] = &shape{record: r}
				ids = append(ids, r.ID)
			}
		case "page":
			pageList = append(pageList, page{r.ID, r.Index})
		case "binding":
			if r.Type != "arrow" && r.Type != "" {
				continue
			}
			e := arrowEnds[r.FromID]
			switch r.Props.Terminal {
			case "start":
				e[0] = r.ToID
			case "end":
				e[1] = r.ToID
			}
			arrowEnds[r.FromID] = e
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		place(shapes, id)
	}
	// Arrows bound the tldraw 2 way, in the arrow's own props.
	for _, id := range ids {
		s := shapes[id]
		if s.Type != "arrow" {
			continue
		}
		e := arrowEnds[id]
		if t := s.Props.Start; e[0] == "" && t != nil && t.Type == "binding" {
			e[0] = t.BoundShapeID
		}
		if t := s.Props.End; e[1] == "" && t != nil && t.Type == "binding" {
			e[1] = t.BoundShapeID
		}
		arrowEnds[id] = e
	}

	byPage := map[string][]board.Item{}
	index := map[string]int{} // shape ID → index in its page's items
	for _, id := range ids {
		s := shapes[id]
		it, ok := item(s, shapes)
		if !ok {
			continue
		}
		index[id] = len(byPage[s.page])
		byPage[s.page] = append(byPage[s.page], it)
	}
	for _, id := range ids {
		s, e := shapes[id], arrowEnds[id]
		if s.Type != "arrow" || e[0] == "" || e[1] == "" || e[0] == e[1] {
			continue
		}
		from, to := e[0], e[1]
		if s.Props.ArrowheadStart != "" && s.Props.ArrowheadStart != "none" && s.Props.ArrowheadEnd == "none" {
			from, to = to, from
		}
		a, b := shapes[from], shapes[to]
		if a == nil || b == nil || a.page != b.page {
			continue
		}
		if i, ok := index[from]; ok {
			if _, ok := index[to]; ok {
				items := byPage[a.page]
				if k, labelled := index[id]; labelled && s.page == a.page {
					// A labelled arrow is read between the notes it joins.
					items[i].Next = append(items[i].Next, id)
					items[k].Next = append(items[k].Next, to)
				} else {
					items[i].Next = append(items[i].Next, to)
				}
			}
		}
	}

	slices.SortFunc(pageList, func(a, b page) int {
		return cmp.Or(cmp.Compare(a.index, b.index), cmp.Compare(a.id, b.id))
	})
	var out [][]board.Item
	seen := map[string]bool{}
	for _, p := range pageList {
		if !seen[p.id] {
			seen[p.id] = true
			out = append(out, byPage[p.id])
		}
	}
	// Shapes on pages with no page record.
	var rest []string
	for p := range byPage {
		if !seen[p] {
			rest = append(rest, p)
		}
	}
	slices.Sort(rest)
	for _, p := range rest {
		out = append(out, byPage[p])
	}
	return out
}

// place works out a shape's page position from its parents'. A shape whose
// parents go round in a circle is placed as if on the page.
func place(shapes map[string]*shape, id string) *shape {
	s := shapes[id]
	if s.ok || s.busy {
		return s
	}
	s.busy = true
	s.x, s.y, s.rot, s.page = s.X, s.Y, finite(s.Rotation), s.ParentID
	if p, ok := shapes[s.ParentID]; ok && p != s && !p.busy {
		p = place(shapes, s.ParentID)
		sin, cos := math.Sincos(p.rot)
		s.x, s.y = p.x+s.X*cos-s.Y*sin, p.y+s.X*sin+s.Y*cos
		s.rot += p.rot
		s.page = p.page
	}
	s.busy, s.ok = false, true
	return s
}

// item turns a shape into a board item; ok is false for shapes that hold
// no text (and are not frames).
func item(s *shape, shapes map[string]*shape) (board.Item, bool) {
	p := s.Props
	scale := p.Scale
	if scale <= 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		scale = 1
	}
	text := p.Text
	if len(p.RichText) > 0 && string(p.RichText) != "null" {
		text = richText(p.RichText)
	}
	it := board.Item{ID: s.ID, Text: text, Color: colour(p.Color), Source: Source, Parent: frameOf(s, shapes)}
	var w, h float64
	switch s.Type {
	case "frame":
		it.Kind, it.Text = board.KindFrame, p.Name
		w, h = size(p.W, 160), size(p.H, 90)
	case "note":
		it.Kind, it.Size = board.KindNote, labelSizes[p.Size]*scale
		w, h = 200*scale, (200+max(0, finite(p.GrowY)))*scale
	case "geo":
		it.Kind, it.Size = board.KindNote, labelSizes[p.Size]*scale
		w, h = size(p.W, 100)*scale, (size(p.H, 100)+max(0, finite(p.GrowY)))*scale
	case "text":
		it.Kind, it.Size = board.KindText, textSizes[p.Size]*scale
		lines := float64(strings.Count(strings.TrimSpace(text), "\n") + 1)
		w, h = size(p.W, 8)*scale, size(p.H, lines*cmp.Or(textSizes[p.Size], 24)*1.35)*scale
	case "arrow":
		if p.Start == nil || p.End == nil {
			return it, false
		}
		x0, y0 := min(p.Start.X, p.End.X), min(p.Start.Y, p.End.Y)
		s2 := *s
		s2.x, s2.y = s.x+x0, s.y+y0
		it.Rect = bounds(&s2, math.Abs(p.End.X-p.Start.X), math.Abs(p.End.Y-p.Start.Y))
		return it, strings.TrimSpace(text) != ""
	default:
		return it, false
	}
	it.Rect = bounds(s, w, h)
	return it, it.Kind == board.KindFrame || strings.TrimSpace(text) != ""
}

// bounds is the upright box around a w×h shape at s's page position and
// rotation (about its top-left corner).
func bounds(s *shape, w, h float64) board.Rect {
	if s.rot == 0 {
		return board.Rect{X: s.x, Y: s.y, W: w, H: h}
	}
	sin, cos := math.Sincos(s.rot)
	x0, y0, x1, y1 := s.x, s.y, s.x, s.y
	for _, c := range [][2]float64{{w, 0}, {0, h}, {w, h}} {
		x, y := s.x+c[0]*cos-c[1]*sin, s.y+c[0]*sin+c[1]*cos
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	return board.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// frameOf is the ID of the nearest frame among a shape's parents.
func frameOf(s *shape, shapes map[string]*shape) string {
	seen := map[string]bool{s.ID: true}
	for p := shapes[s.ParentID]; p != nil && !seen[p.ID]; p = shapes[p.ParentID] {
		if p.Type == "frame" {
			return p.ID
		}
		seen[p.ID] = true
	}
	return ""
}

func size(v *float64, def float64) float64 {
	if v == nil || *v < 0 || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return def
	}
	return *v
}

func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// Font sizes of tldraw's size styles: text shapes, and labels of notes and
// geo shapes.
var (
	textSizes  = map[string]float64{"s": 18, "m": 24, "l": 36, "xl": 44}
	labelSizes = map[string]float64{"s": 18, "m": 22, "l": 26, "xl": 32}
)

// colour turns a tldraw colour name into the hex of its light-theme solid
// colour; an unknown name is kept as it is.
func colour(name string) string {
	if c, ok := colours[name]; ok {
		return c
	}
	return name
}

var colours = map[string]string{
	"black": "#1d1d1d", "grey": "#9fa8b2", "light-violet": "#e085f4", "violet": "#ae3ec9",
	"blue": "#4465e9", "light-blue": "#4ba1f1", "yellow": "#f1ac4b", "orange": "#e16919",
	"green": "#099268", "light-green": "#4cb05e", "light-red": "#f87777", "red": "#e03131",
	"white": "#ffffff",
}
