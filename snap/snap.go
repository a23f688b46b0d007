// Package snap runs the whole pipeline: board → notes → analysis →
// postmortem. The CLI and the web app call it; so do the tests that score
// the pipeline against hand-labelled postmortems.
package snap

import (
	"context"
	"io"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/analysis"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/notes"
)

// Options change how a board is read; see notes.Options.
type Options = notes.Options

// File reads the board at path ("-" for stdin), whatever kind of board it
// is (see ReadBoard), and builds its postmortem. A postmortem already built,
// in the JSON form snap --format json writes or as a Hindsight document
// (Markdown with front matter naming its template), is read as it is.
func File(path string, stdin io.Reader, opt Options) (*hindsight.Postmortem, error) {
	return FileContext(context.Background(), path, stdin, opt, ReadOptions{})
}

// FileContext is File with a context (photos take seconds to read) and
// reader options.
func FileContext(ctx context.Context, path string, stdin io.Reader, opt Options, ro ReadOptions) (*hindsight.Postmortem, error) {
	data, err := readInput(path, stdin)
	if err != nil {
		return nil, err
	}
	if pm, ok, err := Built(path, data, ro.Templates); ok {
		return pm, err
	}
	b, err := ReadBytes(ctx, path, data, ro)
	if err != nil {
		return nil, err
	}
	return Board(b, opt), nil
}

// Bytes builds the postmortem of a board held in memory; name is its file
// name (it chooses the reader and may give the date). A postmortem in the
// JSON form or as a Hindsight document is read as it is.
func Bytes(name string, data []byte, opt Options) (*hindsight.Postmortem, error) {
	if pm, ok, err := Built(name, data, nil); ok {
		return pm, err
	}
	b, err := board.Read(name, data)
	if err != nil {
		return nil, err
	}
	return Board(b, opt), nil
}

// Built reads a postmortem already built: its JSON (readJSON) or a
// Hindsight document, whose timeline, milestones, action items and edits
// are what the team wrote (document.Parse); snapping one as notes would
// take its tables and headings for a board's. ok is false for a board,
// and for notes under front matter that names a template.
func Built(name string, data []byte, ts *document.Templates) (pm *hindsight.Postmortem, ok bool, err error) {
	if pm, ok, err := readJSON(name, data); ok {
		return pm, ok, err
	}
	if !document.IsDocument(data) {
		return nil, false, nil
	}
	d, err := document.Parse(name, data, ts)
	if err != nil {
		return nil, true, err
	}
	if document.Empty(d) {
		return nil, false, nil // notes under front matter that names a template: snap them
	}
	if err := d.Check(board.Named(name)); err != nil {
		return nil, true, err
	}
	return d.PM, true, nil
}

// readJSON reads a postmortem in the JSON form (hindsight.ReadJSON) up to
// the limit save and import have for a postmortem, so what snap takes can
// be kept.
func readJSON(name string, data []byte) (*hindsight.Postmortem, bool, error) {
	pm, ok, err := hindsight.ReadJSON(name, data)
	if ok && err == nil && len(data) > board.MaxSize {
		return nil, true, hindsight.Errorf(hindsight.ETOOLARGE, "%s is a postmortem in JSON of %s, over the %s limit for a postmortem; is this the right file?",
			board.Named(name), board.HumanSize(int64(len(data))), board.HumanSize(board.MaxSize))
	}
	return pm, ok, err
}

// Board builds the postmortem of a board already read.
func Board(b *board.Board, opt Options) *hindsight.Postmortem {
	return analysis.Analyze(notes.Parse(b, opt))
}
