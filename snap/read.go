package snap

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/board/excalidraw"
	"github.com/hindsight-dev/hindsight/board/model"
	"github.com/hindsight-dev/hindsight/board/photo"
	"github.com/hindsight-dev/hindsight/board/tldraw"
	"github.com/hindsight-dev/hindsight/document"
)

// ReadOptions configure how boards are read.
type ReadOptions struct {
	// Photo configures the photo reader (Tesseract, limits).
	Photo photo.Options
	// Model, when it names an endpoint, reads photos with a vision model
	// instead of Tesseract (for handwriting). Nothing is sent otherwise.
	Model model.Options
	// Progress, when set, is told when a slow reader starts ("reading
	// board.jpg with Tesseract…").
	Progress func(msg string)
	// Templates are the templates a Hindsight document may name besides
	// the built-in ones (nil: the built-in ones only).
	Templates *document.Templates
}

// maxInput is the most Read takes in before knowing what the file is: the
// largest limit of any reader (photos).
const maxInput = photo.DefaultMaxBytes

// ReadBoard reads the board at path ("-" for stdin), whatever it is: a
// photo of a whiteboard (JPEG, PNG, HEIC), an Excalidraw or tldraw drawing,
// or typed notes, Markdown or an HTML postmortem. The kind is told from the
// content (and, for drawings, the file name).
func ReadBoard(ctx context.Context, path string, stdin io.Reader, ro ReadOptions) (*board.Board, error) {
	data, err := readInput(path, stdin)
	if err != nil {
		return nil, err
	}
	return ReadBytes(ctx, path, data, ro)
}

// readInput reads the file at path ("-" for stdin), up to the largest
// board there is (a photo).
func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path != "-" {
		fi, err := os.Stat(path)
		if err != nil || fi.IsDir() {
			_, err := board.ReadFile(path, stdin) // the text reader says what is wrong
			return nil, err
		}
		if fi.Size() > maxInput {
			return nil, hindsight.Errorf(hindsight.ETOOLARGE, "%s is %.1f MB; the limit for a board is %d MB (photos) and %d MB (text)",
				path, float64(fi.Size())/(1<<20), maxInput>>20, board.MaxSize>>20)
		}
	}
	return readAll(path, stdin)
}

// ReadBytes reads a board held in memory; name is its file name. An
// Excalidraw or tldraw drawing (including a PNG or SVG export with the scene
// embedded) is read as a drawing, any other image as a photo, anything else
// as text.
func ReadBytes(ctx context.Context, name string, data []byte, ro ReadOptions) (*board.Board, error) {
	switch {
	case excalidraw.Sniff(name, data):
		return excalidraw.Read(name, data)
	case tldraw.Sniff(name, data):
		return tldraw.Read(name, data)
	}
	if photo.Sniff(data) && ro.Model.Enabled() {
		if ro.Progress != nil {
			ro.Progress(strings.Join(strings.Fields("reading "+filepath.Base(name)+" with the model "+ro.Model.Model+" at "+ro.Model.URL), " ") + "…")
		}
		if ro.Model.Photo == (photo.Options{}) {
			ro.Model.Photo = ro.Photo
		}
		return model.Read(ctx, name, data, ro.Model)
	}
	if photo.Sniff(data) {
		if ro.Progress != nil {
			ro.Progress("reading " + filepath.Base(name) + " with Tesseract…")
		}
		return photo.Read(ctx, name, data, ro.Photo)
	}
	if isImageName(name) && !isText(data) {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s is not an image Hindsight reads (JPEG, PNG or HEIC) nor text", name)
	}
	return board.Read(name, data)
}

func readAll(path string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot open " + path, Err: err}
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot read " + path, Err: err}
	}
	if int64(len(data)) > maxInput {
		return nil, hindsight.Errorf(hindsight.ETOOLARGE, "%s is over the %d MB limit for a board", board.Named(path), maxInput>>20)
	}
	return data, nil
}

func isImageName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".heic", ".heif", ".gif", ".webp", ".bmp", ".tif", ".tiff":
		return true
	}
	return false
}

// isText reports whether data looks like text (no NUL byte in its start).
func isText(data []byte) bool {
	n := min(len(data), 8000)
	for _, c := range data[:n] {
		if c == 0 {
			return false
		}
	}
	return true
}
