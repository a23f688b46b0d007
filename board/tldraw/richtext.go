package tldraw

import (
	"encoding/json"
	"strconv"
	"strings"
)

// node is a node of tldraw's rich text: a TipTap (ProseMirror) document,
// {"type":"doc","content":[{"type":"paragraph","content":[{"type":"text",
// "text":"…"}]}]}.
type node struct {
	Type    string          `json:"type"`
	Text    string          `json:"text"`
	Content []node          `json:"content"`
	Attrs   json.RawMessage `json:"attrs"`
}

// richText returns the plain text of a rich-text document: one line per
// paragraph or heading, "- " before a bullet-list item and "1. " before a
// numbered one, a line break for a hard break. Text that is not a
// document gives "".
func richText(raw json.RawMessage) string {
	var doc node
	if json.Unmarshal(raw, &doc) != nil {
		var s string
		if json.Unmarshal(raw, &s) == nil { // a plain string, seen in hand-made files
			return s
		}
		return ""
	}
	var r rich
	r.walk(doc, "")
	r.flush()
	return strings.Join(r.lines, "\n")
}

type rich struct {
	lines []string
	cur   strings.Builder
	open  bool // cur holds a line being built
}

func (r *rich) flush() {
	if r.open {
		r.lines = append(r.lines, r.cur.String())
		r.cur.Reset()
		r.open = false
	}
}

// walk adds n's text; mark is written before the next line started (a
// list item's bullet).
func (r *rich) walk(n node, mark string) {
	switch n.Type {
	case "text":
		r.open = true
		r.cur.WriteString(n.Text)
		return
	case "hardBreak":
		r.open = true
		r.flush()
		r.open = true
		return
	case "paragraph", "heading", "codeBlock":
		r.flush()
		r.open = true
		r.cur.WriteString(mark)
		for _, c := range n.Content {
			r.walk(c, "")
		}
		r.flush()
		return
	case "bulletList", "orderedList", "taskList":
		r.flush()
		for i, item := range n.Content {
			m := "- "
			if n.Type == "orderedList" {
				m = strconv.Itoa(i+1) + ". "
			}
			r.walk(item, m)
		}
		return
	}
	// doc, listItem, blockquote and anything unknown: the children, the
	// first of them carrying the mark.
	for i, c := range n.Content {
		if i == 0 {
			r.walk(c, mark)
		} else {
			r.walk(c, "")
		}
	}
}
