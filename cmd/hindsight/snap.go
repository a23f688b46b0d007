package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board/model"
	"github.com/hindsight-dev/hindsight/board/photo"
	pmdoc "github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/notes"
	"github.com/hindsight-dev/hindsight/render"
	"github.com/hindsight-dev/hindsight/snap"
)

// snapCommand is "hindsight snap": board in, postmortem out.
type snapCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

const snapUsage = `Usage: hindsight snap [flags] BOARD

Reads BOARD (a file, or - for standard input) and writes the postmortem.
A postmortem snap wrote as JSON is read as it is, to write it as Markdown or
HTML.

Flags:
  -o, --output FILE   write to FILE instead of standard output (written
                      whole or not at all; never the board itself)
  -f, --format F      md (default: the document, which hindsight render and
                      lint read back), json (the contract in docs/json.md)
                      or html (one standalone page)
      --date DATE     the date of the notes, YYYY-MM-DD, for times written
                      without one; wins over a date the document implies
      --template NAME deployment (default), database, general, or your own
      --templates DIR more templates, NAME.yaml each (or $HINDSIGHT_TEMPLATES);
                      hindsight templates lists them

Photos are read with Tesseract and Hindsight's own model for whiteboards
(print and handwriting); HINDSIGHT_TESSERACT_LANG=eng reads with Tesseract's
English model instead (or any installed one: deu, eng+fra). For handwriting, a vision model behind an
OpenAI-compatible endpoint can read them instead; nothing is sent anywhere
unless it is configured:
  HINDSIGHT_MODEL_URL=http://localhost:11434/v1 HINDSIGHT_MODEL=qwen2.5vl \
    hindsight snap board.jpg
  (HINDSIGHT_MODEL_KEY for a hosted API; HINDSIGHT_MODEL_TIMEOUT, default 2m)

Examples:
  hindsight snap board.txt -o pm.md
  hindsight snap --format json board.md | jq .durations_min
`

// readOptions are how snap and read read a board: with progress on stderr,
// and the model endpoint and Tesseract model the environment names.
func readOptions(stderr io.Writer) snap.ReadOptions {
	o := envReadOptions()
	o.Progress = slowWork(stderr)
	return o
}

// envReadOptions are the model endpoint (HINDSIGHT_MODEL_*) and Tesseract
// model (HINDSIGHT_TESSERACT_LANG) the environment names: snap, read and
// serve read boards alike.
func envReadOptions() snap.ReadOptions {
	return snap.ReadOptions{
		Model: model.FromEnv(),
		Photo: photo.Options{Language: os.Getenv("HINDSIGHT_TESSERACT_LANG")},
	}
}

// Run parses args and snaps one board.
func (c *snapCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("snap")
	var out, format, date, tpl, tplDir string
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&out, "output", "", "")
	fs.StringVar(&format, "f", "md", "")
	fs.StringVar(&format, "format", "md", "")
	fs.StringVar(&date, "date", "", "")
	fs.StringVar(&tpl, "template", "", "")
	fs.StringVar(&tplDir, "templates", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagError("snap", err, c.stdout, snapUsage)
	}
	switch {
	case len(pos) == 0:
		return usagef("snap: no board given; name a file, or - to read standard input")
	case len(pos) > 1:
		return usagef("snap: one board at a time (got %d: %v)", len(pos), pos)
	}
	if format != "md" && format != "markdown" && format != "json" && format != "html" {
		return usagef("snap: unknown format %q: use md, json or html", format)
	}
	var opt notes.Options
	if date != "" {
		d, err := time.Parse("2006-01-02", date)
		if err != nil {
			return usagef("snap: --date %q: want YYYY-MM-DD, e.g. --date 2026-11-20", date)
		}
		opt.Year, opt.Month, opt.Day = d.Year(), int(d.Month()), d.Day()
	}
	path := pos[0]
	if out != "" && path != "-" && samePath(out, path) {
		return usagef("snap: -o %s would overwrite the board itself; choose another output file", out)
	}
	ts, err := loadTemplates(tplDir)
	if err != nil {
		return err
	}
	t, err := ts.Get(tpl)
	if err != nil {
		return err
	}
	ro := readOptions(c.stderr)
	ro.Templates = ts
	pm, err := snap.FileContext(ctx, path, c.stdin, opt, ro)
	if err != nil {
		return err
	}
	if own, err := ts.Get(pm.Template); tpl == "" && pm.Template != "" && err == nil {
		t = own // a postmortem read from its JSON or document keeps its template
	}
	pm.Template = t.Name
	var buf bytes.Buffer
	if format == "md" || format == "markdown" {
		buf.Write(pmdoc.Render(pm, t))
	} else if err := render.Write(&buf, pm, format); err != nil {
		return err
	}
	if out == "" {
		_, err := c.stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "wrote %s (%s, %s, %d unverified)\n",
		out, count(len(pm.Timeline), "timeline entry"), count(len(pm.ActionItems), "action item"), len(pm.Unverified))
	return nil
}

func samePath(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
}

// writeFileAtomic writes data to path, a file the user named, through a
// temporary file in the same directory, so a failure leaves any previous
// file untouched. A file written again keeps its permissions (a private
// postmortem stays private), and a symbolic link stays one: its target is
// written, also when it does not exist yet.
func writeFileAtomic(path string, data []byte) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		} else if target, err := os.Readlink(path); err == nil { // a link to a file to be made
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(path), target)
			}
			path = target
		}
	}
	return writeFile(path, data)
}

// writeFile is writeFileAtomic for a file hindsight names itself (one of
// export's): a symbolic link there is replaced, not followed, so a link
// planted in a shared folder cannot make it write elsewhere.
func writeFile(path string, data []byte) error {
	fi, err := os.Lstat(path)
	if err == nil && fi.IsDir() {
		return hindsight.Errorf(hindsight.EINVALID, "cannot write %s: it is a directory; give a file name, e.g. -o %s", path, filepath.Join(path, "pm.md"))
	}
	mode := fs.FileMode(0o644)
	if err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot write " + path + " (does its directory exist and is it writable?)", Err: err}
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "write " + path, Err: err}
	}
	if err := tmp.Close(); err != nil {
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "write " + path, Err: err}
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "write " + path, Err: err}
	}
	return nil
}
