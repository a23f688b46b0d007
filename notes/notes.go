// Package notes reads a Board into Notes: the sections people wrote (in all
// the ways they title them), the timeline entries with their times as
// written, and the action items with owner, priority and due date. It does
// no analysis and no I/O: the same board always gives the same notes.
//
// Lines are lexed one at a time (lex.go), grouped into sections
// (parse.go), and timed lines become entries wherever they appear, since
// teams put times in timeline tables, key-event lists and prose alike.
package notes

import (
	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/timeline"
)

// Notes is what a board says, before analysis.
type Notes struct {
	Title string
	// Year, Month, Day is the document's date; 0 when it cannot be known.
	Year, Month, Day int
	// DateSource says where the date came from ("front matter", "title",
	// "heading", "file name", "--date", "entry").
	DateSource string
	// Zone is a zone the document states for all its times, or "".
	Zone     string
	Meta     map[string]any
	Sections []Section
	Entries  []Entry
	Actions  []Action
}

// Section is a titled part of the notes with its items.
type Section struct {
	Title string
	Kind  hindsight.SectionKind
	Level int
	Line  int
	Items []Item
	// Label is set for a section opened by a "Label: value" line rather
	// than a heading: it is never the document's title.
	Label bool
}

// Item is one bullet, numbered item, table row or paragraph of a section.
type Item struct {
	Text  string
	Line  int
	Depth int
	// Task is set for a "- [ ]" task line; Checked for "- [x]".
	Task, Checked bool
	// Cells holds a table row's cells; Header the table's header cells.
	Cells, Header []string
	// Uncertain is set when the board reader was unsure of the text.
	Uncertain bool
	// Prose is set for a paragraph, as opposed to a list item or a row.
	Prose bool
}

// Entry is a timeline entry: a line that begins with a time, a sentence with
// a time in it, or an untimed item of a timeline section.
type Entry struct {
	// Time is the entry's time expression; nil for an entry with no time.
	Time *timeline.Expr
	// AsWritten is the time exactly as written.
	AsWritten string
	Text      string
	// More is the sentences without a time that follow the entry's in its
	// paragraph: part of what the notes say of it, not read for its kind.
	More string
	Line int
	// Section is the index in Notes.Sections of the section it is in.
	Section int
	// Date is set when a dated heading above the entry gave its date.
	Year, Month, Day int
	// Uncertain is set when the board reader was unsure of the line.
	Uncertain bool
	// Prose is set for a time found inside a sentence rather than at the
	// start of an entry.
	Prose bool
	// retold is set for a time in a summary, which may retell the timeline.
	retold bool
}

// Action is an action item as written, with the fields read from it.
type Action struct {
	Text     string // the item without its owner, priority and due markup
	Raw      string // the item as written
	Owner    string
	Priority hindsight.Priority
	Due      string // YYYY-MM-DD
	DueText  string // the due date as written, when it could not be read
	Status   hindsight.Status
	Line     int
	Section  int
}

// Section returns the first section of the given kind, or nil.
func (n *Notes) Section(kind hindsight.SectionKind) *Section {
	for i := range n.Sections {
		if n.Sections[i].Kind == kind {
			return &n.Sections[i]
		}
	}
	return nil
}

// SectionsOf returns every section of the given kind.
func (n *Notes) SectionsOf(kind hindsight.SectionKind) []*Section {
	var out []*Section
	for i := range n.Sections {
		if n.Sections[i].Kind == kind {
			out = append(out, &n.Sections[i])
		}
	}
	return out
}
