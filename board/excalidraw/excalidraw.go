// Package excalidraw reads Excalidraw drawings into a board.Board: the
// .excalidraw JSON scene, and the PNG and SVG exports that embed it
// ("Embed scene" in Excalidraw's export dialog). Text, text inside shapes
// (sticky notes), frames and arrows become board.Items, and board.Layout puts
// them into reading order: the order elements were drawn in plays no part.
package excalidraw

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
)

// Source is the Block.Source of what this package reads.
const Source = "excalidraw"

// MIMEType is the media type of an Excalidraw scene; it is also the keyword
// of the PNG text chunk and the SVG payload type that embed one.
const MIMEType = "application/vnd.excalidraw+json"

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Sniff reports whether data is an Excalidraw drawing: a file named
// .excalidraw, a JSON scene of type "excalidraw", or a PNG or SVG that
// embeds one. A .excalidraw.png or .excalidraw.svg file is one by its
// name, so that Read can say when its scene is missing.
func Sniff(name string, data []byte) bool {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".excalidraw") || strings.HasSuffix(lower, ".excalidraw.json") ||
		strings.HasSuffix(lower, ".excalidraw.png") || strings.HasSuffix(lower, ".excalidraw.svg") {
		return true
	}
	switch {
	case bytes.HasPrefix(data, pngSignature):
		_, found, _ := pngPayload(data)
		return found
	case isSVG(data):
		return bytes.Contains(data, []byte("payload-type:"+MIMEType))
	}
	return sceneType.Match(head(data, 4096))
}

// sceneType finds the type of an Excalidraw scene near the start of a file
// (or of a library, which the reader refuses by name).
var sceneType = regexp.MustCompile(`^\s*\{[\s\S]*"type"\s*:\s*"excalidraw(/clipboard|lib)?"`)

func head(data []byte, n int) []byte {
	return data[:min(len(data), n)]
}

func isSVG(data []byte) bool {
	h := bytes.TrimSpace(bytes.TrimPrefix(head(data, 4096), []byte("\xef\xbb\xbf")))
	return bytes.HasPrefix(h, []byte("<svg")) || bytes.HasPrefix(h, []byte("<?xml")) && bytes.Contains(h, []byte("<svg"))
}

// Read reads an Excalidraw drawing: a .excalidraw scene, or a PNG or SVG
// export with the scene embedded. name is used in messages. Errors are
// *hindsight.Error values that say what to do.
func Read(name string, data []byte) (*board.Board, error) {
	if len(data) > board.MaxSize {
		return nil, hindsight.Errorf(hindsight.ETOOLARGE, "%s is over the %d MB limit for a board; is this the right file?", name, board.MaxSize>>20)
	}
	scene := data
	switch {
	case bytes.HasPrefix(data, pngSignature):
		payload, found, err := pngPayload(data)
		if err != nil {
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: name + ": the PNG is damaged; export it again from Excalidraw", Err: err}
		}
		if !found {
			return nil, hindsight.Errorf(hindsight.EINVALID, "%s: this PNG has no Excalidraw scene: export with 'Embed scene' on, or read it as a photo", name)
		}
		if scene, err = decodePayload(payload, false); err != nil {
			return nil, payloadError(name, "PNG", err)
		}
	case isSVG(data):
		payload, version, found := svgPayload(data)
		if !found {
			return nil, hindsight.Errorf(hindsight.EINVALID, "%s: this SVG has no Excalidraw scene: export it from Excalidraw with 'Embed scene' on", name)
		}
		if payload == "" {
			return nil, payloadError(name, "SVG", errors.New("the scene is cut short or altered"))
		}
		var err error
		if scene, err = decodeSVGPayload(payload, version); err != nil {
			return nil, payloadError(name, "SVG", err)
		}
	}
	items, err := parse(name, scene)
	if err != nil {
		return nil, err
	}
	b := &board.Board{Name: name, Blocks: board.Layout(items)}
	if len(b.Blocks) == 0 {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s: the board has no text: add text, or export it again", name)
	}
	return b, nil
}

func payloadError(name, format string, err error) error {
	if errors.Is(err, errTooLarge) {
		return hindsight.Errorf(hindsight.ETOOLARGE, "%s: the Excalidraw scene in this %s unpacks to over %d MB; is this the right file?", name, format, board.MaxSize>>20)
	}
	return &hindsight.Error{Code: hindsight.EINVALID, Message: fmt.Sprintf("%s: the Excalidraw scene in this %s is damaged; export it again with 'Embed scene' on", name, format), Err: err}
}

// scene is the part of an Excalidraw file this package reads.
type scene struct {
	Type     string            `json:"type"`
	Elements []json.RawMessage `json:"elements"`
}

// element is the part of an Excalidraw element this package reads.
// Elements of a wrong shape are skipped one by one.
type element struct {
	ID              string    `json:"id"`
	Type            string    `json:"type"`
	X               float64   `json:"x"`
	Y               float64   `json:"y"`
	Width           float64   `json:"width"`
	Height          float64   `json:"height"`
	Angle           float64   `json:"angle"`
	StrokeColor     string    `json:"strokeColor"`
	BackgroundColor string    `json:"backgroundColor"`
	IsDeleted       bool      `json:"isDeleted"`
	Text            string    `json:"text"`
	OriginalText    string    `json:"originalText"`
	FontSize        float64   `json:"fontSize"`
	ContainerID     string    `json:"containerId"`
	FrameID         string    `json:"frameId"`
	Name            string    `json:"name"`
	Points          []point   `json:"points"`
	StartBinding    *binding  `json:"startBinding"`
	EndBinding      *binding  `json:"endBinding"`
	StartArrowhead  *string   `json:"startArrowhead"`
	EndArrowhead    *string   `json:"endArrowhead"`
	BoundElements   []boundTo `json:"boundElements"`
}

type point [2]float64

type binding struct {
	ElementID string `json:"elementId"`
}

type boundTo struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// parse reads a scene's JSON into board items.
func parse(name string, data []byte) ([]board.Item, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var s scene
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, jsonError(name, data, err)
	}
	if s.Type != "" && s.Type != "excalidraw" && s.Type != "excalidraw/clipboard" {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s is not an Excalidraw drawing (its type is %q); save the drawing from Excalidraw as a .excalidraw file", name, clip(s.Type, 40))
	}
	if s.Elements == nil {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s is not an Excalidraw drawing (it has no elements); save the drawing from Excalidraw as a .excalidraw file", name)
	}
	els := make([]element, 0, len(s.Elements))
	byID := map[string]int{}
	for _, raw := range s.Elements {
		var e element
		if json.Unmarshal(raw, &e) != nil || e.IsDeleted {
			continue
		}
		if _, dup := byID[e.ID]; e.ID != "" && !dup {
			byID[e.ID] = len(els)
		}
		els = append(els, e)
	}
	// The item a shape's arrows and frame refer to: the text bound inside
	// it, which takes the shape's ID.
	var items []board.Item
	for _, e := range els {
		switch e.Type {
		case "frame", "magicframe":
			items = append(items, board.Item{ID: e.ID, Text: e.Name, Rect: rect(e), Kind: board.KindFrame, Source: Source})
		case "text":
			items = append(items, textItem(e, els, byID))
		}
	}
	// Arrows: start → end, or the other way when only the start has a head.
	idx := map[string]int{}
	for i, it := range items {
		if _, dup := idx[it.ID]; it.ID != "" && !dup {
			idx[it.ID] = i
		}
	}
	for _, e := range els {
		if e.Type != "arrow" || e.StartBinding == nil || e.EndBinding == nil {
			continue
		}
		from, to := e.StartBinding.ElementID, e.EndBinding.ElementID
		if e.StartArrowhead != nil && *e.StartArrowhead != "" && (e.EndArrowhead == nil || *e.EndArrowhead == "") {
			from, to = to, from
		}
		if i, ok := idx[from]; ok && from != to {
			if _, ok := idx[to]; ok {
				if k, labelled := idx[e.ID]; labelled {
					// A labelled arrow is read between the notes it joins.
					items[i].Next = append(items[i].Next, e.ID)
					items[k].Next = append(items[k].Next, to)
				} else {
					items[i].Next = append(items[i].Next, to)
				}
			}
		}
	}
	return items, nil
}

// textItem turns a text element into an item: text bound inside a shape
// is a note placed where the shape is, with the shape's ID and fill; text
// on an arrow is placed on the arrow.
func textItem(e element, els []element, byID map[string]int) board.Item {
	text := e.OriginalText
	if strings.TrimSpace(text) == "" {
		text = e.Text
	}
	it := board.Item{ID: e.ID, Text: text, Rect: rect(e), Color: e.StrokeColor, Source: Source,
		Size: e.FontSize, Parent: e.FrameID, Kind: board.KindText}
	j, ok := byID[e.ContainerID]
	if e.ContainerID == "" || !ok {
		return it
	}
	c := els[j]
	if c.Type == "arrow" || c.Type == "line" {
		it.ID, it.Rect = c.ID, rect(c) // the arrow's label, read where the arrow is
		return it
	}
	it.ID, it.Rect, it.Kind = c.ID, rect(c), board.KindNote
	if c.FrameID != "" {
		it.Parent = c.FrameID
	}
	if bg := c.BackgroundColor; bg != "" && bg != "transparent" {
		it.Color = bg
	}
	return it
}

// rect is an element's bounding box: for lines and arrows, the box of their
// points; for rotated shapes, the upright box around the rotated one.
func rect(e element) board.Rect {
	if (e.Type == "arrow" || e.Type == "line") && len(e.Points) > 0 {
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range e.Points {
			x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
		}
		return board.Rect{X: e.X + x0, Y: e.Y + y0, W: x1 - x0, H: y1 - y0}
	}
	r := board.Rect{X: e.X, Y: e.Y, W: math.Abs(e.Width), H: math.Abs(e.Height)}
	if e.Angle == 0 || math.IsNaN(e.Angle) || math.IsInf(e.Angle, 0) {
		return r
	}
	sin, cos := math.Abs(math.Sin(e.Angle)), math.Abs(math.Cos(e.Angle))
	w, h := r.W*cos+r.H*sin, r.W*sin+r.H*cos
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	return board.Rect{X: cx - w/2, Y: cy - h/2, W: w, H: h}
}

// jsonError explains why a file is not a JSON scene.
func jsonError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	t := bytes.TrimSpace(data)
	switch {
	case len(t) == 0:
		return hindsight.Errorf(hindsight.EINVALID, "%s is empty; save the drawing from Excalidraw as a .excalidraw file", name)
	case t[0] != '{':
		return hindsight.Errorf(hindsight.EINVALID, "%s is not an Excalidraw drawing (not JSON, a PNG or an SVG); save the drawing from Excalidraw as a .excalidraw file", filepath.Base(name))
	case strings.Contains(err.Error(), "unexpected end of JSON input"): // encoding/json has no value for it
		return hindsight.Errorf(hindsight.EINVALID, "%s is cut short (the JSON ends early, after %d bytes); save or export it again from Excalidraw", name, len(data))
	case errors.As(err, &syn):
		return hindsight.Errorf(hindsight.EINVALID, "%s is not valid JSON (%v at byte %d); save or export it again from Excalidraw", name, syn, syn.Offset)
	case errors.As(err, &typ):
		return hindsight.Errorf(hindsight.EINVALID, "%s is not an Excalidraw drawing (%q holds a %s); save the drawing from Excalidraw as a .excalidraw file", name, clip(typ.Field, 40), typ.Value)
	}
	return &hindsight.Error{Code: hindsight.EINVALID, Message: name + " is not an Excalidraw drawing; save the drawing from Excalidraw as a .excalidraw file", Err: err}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
