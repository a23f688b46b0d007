package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	pmdoc "github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/snap"
)

// loaded is a file read as a postmortem: a Hindsight document (Doc set)
// or a board snapped on the fly.
type loaded struct {
	PM  *hindsight.Postmortem
	Doc *pmdoc.Doc
}

// loadTemplates reads the built-in templates and the user's (--templates,
// else $HINDSIGHT_TEMPLATES).
func loadTemplates(dir string) (*pmdoc.Templates, error) {
	if dir != "" {
		return pmdoc.LoadTemplates(dir)
	}
	ts, err := pmdoc.LoadTemplates(os.Getenv("HINDSIGHT_TEMPLATES"))
	if err != nil {
		return nil, hindsight.Errorf(hindsight.ErrorCode(err),
			"%v (the folder HINDSIGHT_TEMPLATES names: fix it, or unset it for the built-in templates)", err)
	}
	return ts, nil
}

// load reads path ("-" for stdin) as a Hindsight document when it is one,
// and as a board to snap otherwise.
func load(path string, stdin io.Reader, ts *pmdoc.Templates) (*loaded, []byte, error) {
	data, err := readInput(path, stdin)
	if err != nil {
		return nil, nil, err
	}
	if pmdoc.IsDocument(data) {
		d, err := pmdoc.Parse(path, data, ts)
		if err != nil {
			return nil, nil, err
		}
		return &loaded{PM: d.PM, Doc: d}, data, nil
	}
	pm, err := snap.Bytes(path, data, snap.Options{})
	if err != nil {
		return nil, nil, err
	}
	return &loaded{PM: pm}, data, nil
}

// readInput reads a file with the same checks and messages as a board.
func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		data, err := io.ReadAll(io.LimitReader(stdin, board.MaxSize+1))
		if err != nil {
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "read standard input", Err: err}
		}
		return data, nil
	}
	if _, err := board.ReadFile(path, nil); err != nil {
		// Missing, a directory, binary, too large, not UTF-8, empty; or a
		// postmortem in JSON, which is no board but is read whole.
		if data, rerr := os.ReadFile(path); rerr == nil && hindsight.JSONSchema(data) != "" {
			return data, nil
		}
		return nil, err
	}
	return os.ReadFile(path)
}

// output writes data to path atomically, or to w when path is "".
func output(w io.Writer, stderr io.Writer, path string, data []byte) error {
	if path == "" {
		_, err := w.Write(data)
		return err
	}
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s\n", path)
	return nil
}

func sameFile(a, b string) bool {
	if a == "" || b == "" || a == "-" || b == "-" {
		return false
	}
	return samePath(filepath.Clean(a), filepath.Clean(b))
}

// templatesCommand is "hindsight templates": list the templates.
func templatesCommand(args []string, stdout io.Writer) error {
	fs := newFlagSet("templates")
	dir := fs.String("templates", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagError("templates", err, stdout, templatesUsage)
	}
	if len(pos) > 0 {
		return usagef("templates: takes no arguments (got %v)", pos)
	}
	ts, err := loadTemplates(*dir)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	for _, name := range ts.Names() {
		t, _ := ts.Get(name)
		fmt.Fprintf(&b, "%-12s %s\n", name, oneLineDesc(t.Description))
		fmt.Fprintf(&b, "%-12s sections:", "")
		for _, s := range t.Sections {
			mark := ""
			if s.Required {
				mark = "*"
			}
			fmt.Fprintf(&b, " %s%s;", s.Title, mark)
		}
		fmt.Fprintf(&b, "\n%-12s (%s)\n\n", "", t.Source)
	}
	fmt.Fprintf(&b, "* required. Use one with: hindsight snap --template NAME BOARD. Add your own with --templates DIR\nor HINDSIGHT_TEMPLATES (see docs/templates.md).\n")
	_, err = stdout.Write(b.Bytes())
	return err
}

const templatesUsage = `Usage: hindsight templates [--templates DIR]

Lists the document templates: the built-in deployment (default), database and
general, and any NAME.yaml in DIR (or $HINDSIGHT_TEMPLATES).
`

func oneLineDesc(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '\n' {
			b[i] = ' '
		}
	}
	return string(bytes.TrimSpace(b))
}
