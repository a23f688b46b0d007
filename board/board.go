// Package board turns what the team wrote (typed notes, Markdown, an
// existing postmortem document in Markdown or HTML) into a Board: lines of
// text in reading order, each with where it came from. Every reader produces
// the same Board, so everything after it is independent of the source.
package board

// Board is the text of a board in reading order.
type Board struct {
	// Name is the file name the board was read from ("-" for stdin); the
	// notes parser may take a date from it.
	Name string
	// Meta holds the document's front matter (title, date, timezone, ...),
	// when it has any.
	Meta map[string]any
	// Blocks are the board's lines in reading order.
	Blocks []Block
}

// Block is one line of text on the board.
type Block struct {
	Text string
	// Line is the line in the source file (1-based); for spatial sources
	// (photos, drawings) it is the block's position in reading order.
	Line int
	// Pos is where the block sits on a spatial board; nil for text sources.
	Pos *Rect
	// Color is the ink or fill colour where known ("#1e88e5"), else "".
	Color string
	// Source names the reader: "text", "markdown", "html", "ocr", ...
	Source string
	// Uncertain is set when the reader is unsure it read the text right;
	// the postmortem shows such lines [UNVERIFIED].
	Uncertain bool
}

// Rect is a position and size on a spatial board, in the board's units.
type Rect struct {
	X, Y, W, H float64
}
