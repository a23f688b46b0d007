package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/hindsight-dev/hindsight"
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

Flags:
  -o, --output FILE   write to FILE instead of standard output (written
                      whole or not at all; never the board itself)
  -f, --format F      md (default) or json (the contract in docs/json.md)
      --date DATE     the date of the notes, YYYY-MM-DD, for times written
                      without one; wins over a date the document implies

Examples:
  hindsight snap board.txt -o pm.md
  hindsight snap --format json board.md | jq .durations_min
`

// Run parses args and snaps one board.
func (c *snapCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("snap", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var out, format, date string
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&out, "output", "", "")
	fs.StringVar(&format, "f", "md", "")
	fs.StringVar(&format, "format", "md", "")
	fs.StringVar(&date, "date", "", "")
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, snapUsage)
		return errHelpShown
	} else if err != nil {
		return usagef("snap: %v", err)
	}
	switch {
	case len(pos) == 0:
		return usagef("snap: no board given; name a file, or - to read standard input")
	case len(pos) > 1:
		return usagef("snap: one board at a time (got %d: %v)", len(pos), pos)
	}
	if format != "md" && format != "markdown" && format != "json" {
		return usagef("snap: unknown format %q: use md or json", format)
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
	pm, err := snap.File(path, c.stdin, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render.Write(&buf, pm, format); err != nil {
		return err
	}
	if out == "" {
		_, err := c.stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "wrote %s (%d timeline entries, %d action items, %d unverified)\n",
		out, len(pm.Timeline), len(pm.ActionItems), len(pm.Unverified))
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("snap board.txt -o pm.md").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
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

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so a failure leaves any previous file untouched.
func writeFileAtomic(path string, data []byte) error {
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
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "write " + path, Err: err}
	}
	return nil
}
