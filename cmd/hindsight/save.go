package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/board/excalidraw"
	"github.com/hindsight-dev/hindsight/board/photo"
	"github.com/hindsight-dev/hindsight/snap"
)

// document is a board or postmortem document read for the history.
type document struct {
	pm     *hindsight.Postmortem
	source string
	name   string // absolute path, "" for standard input
}

// readDocument reads a Hindsight document (document.Parse), or a board or
// someone else's postmortem, which it snaps (board.Read then snap.Board,
// keeping the text and the front matter): the front matter's "id", when
// given, is the postmortem's identity.
func readDocument(path string, stdin io.Reader, opt snap.Options) (*document, error) {
	var data []byte
	name := ""
	if path == "-" {
		b, err := io.ReadAll(io.LimitReader(stdin, board.MaxSize+1))
		if err != nil {
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "read standard input", Err: err}
		}
		if len(b) > board.MaxSize {
			return nil, hindsight.Errorf(hindsight.ETOOLARGE, "standard input is over the %d MB limit for a document", board.MaxSize>>20)
		}
		data = b
	} else {
		fi, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, hindsight.Errorf(hindsight.ENOTFOUND, "%s: no such file; check the path", path)
		case err != nil:
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot read " + path, Err: err}
		case fi.IsDir():
			return nil, hindsight.Errorf(hindsight.EINVALID, "%s is a directory; give a file, or use hindsight import for a directory", path)
		case fi.Size() > board.MaxSize:
			if head, err := readHead(path, 512); err == nil && photo.Sniff(head) {
				return nil, photoError(path)
			}
			return nil, hindsight.Errorf(hindsight.ETOOLARGE, "%s is over the %d MB limit for a document", path, board.MaxSize>>20)
		}
		data, err = os.ReadFile(path)
		if err != nil {
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot read " + path, Err: err}
		}
		if name, err = filepath.Abs(path); err != nil {
			name = path
		}
	}
	// A postmortem in JSON (snap --format json) or a Hindsight document is
	// kept as it is: its edits, action-item ids and statuses are what the
	// team wrote. Anything else is snapped.
	if pm, ok, err := snap.Built(path, data, nil); ok {
		if err != nil {
			return nil, err
		}
		return &document{pm: pm, source: string(data), name: name}, nil
	}
	// The history keeps a postmortem's text; a photo's is not known until
	// it is read, and a person should check it first.
	if photo.Sniff(data) && !excalidraw.Sniff(path, data) { // a drawing exported as PNG is a drawing
		return nil, photoError(path)
	}
	b, err := snap.ReadBytes(context.Background(), path, data, snap.ReadOptions{}) // text, or an Excalidraw or tldraw drawing
	if err != nil {
		return nil, err
	}
	pm := snap.Board(b, opt)
	if id, ok := b.Meta["id"]; ok && pm.ID == "" {
		pm.ID = strings.TrimSpace(fmt.Sprint(id))
	}
	return &document{pm: pm, source: string(data), name: name}, nil
}

// photoError says that a photo is snapped, and its text checked, before it
// is saved.
func photoError(path string) error {
	return hindsight.Errorf(hindsight.EINVALID, "%s is a photo; the history keeps a postmortem's text, so snap it first, "+
		"check what was read, and save that: hindsight snap %s -o pm.md; hindsight save pm.md", path, path)
}

// readHead reads up to n bytes from the start of the file at path.
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, n)
	k, err := io.ReadFull(f, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return b[:k], err
}

// saveCommand is "hindsight save": documents into the history.
type saveCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

const saveUsage = `Usage: hindsight save [flags] FILE...

Saves postmortems (boards: typed notes, Excalidraw and tldraw drawings;
postmortem documents in Markdown or HTML; or the JSON snap --format json
writes) into the history. A photo is snapped first and its text checked:
hindsight snap board.jpg -o pm.md, then hindsight save pm.md. Saving an edited document adds a revision; saving the
same content again changes nothing. After each save, lists earlier
postmortems with a similar failure and their open action items.

A postmortem's ID is the front matter's "id" when it has one, otherwise
its date and a slug of its title (2026-11-20-checkout-5xx-after-migration-0042).

Flags:
      --base N        the revision your edit started from; if the
                      postmortem has moved on since, the save is refused
                      (a conflict) instead of replacing someone's edit
      --date DATE     the date of the notes, for times written without one
      --quiet         no recurrence report
` + storeFlagsUsage + `
Examples:
  hindsight save pm.md
  hindsight save --base 3 pm.md
`

// Run saves each file in its own transaction.
func (c *saveCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("save", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	base := fs.Int("base", 0, "")
	date := fs.String("date", "", "")
	quiet := fs.Bool("quiet", false, "")
	pos, err := parseFlags(fs, args, c.stdout, saveUsage)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("save: no file given; name a postmortem document, or - for standard input")
	}
	if *base < 0 || (*base > 0 && len(pos) > 1) {
		return usagef("save: --base names the revision of one postmortem: give one file with it")
	}
	opt, err := dateOption(*date)
	if err != nil {
		return err
	}
	s, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, p := range pos {
		doc, err := readDocument(p, c.stdin, opt)
		if err != nil {
			return err
		}
		res, err := s.Save(ctx, &hindsight.SaveRequest{Postmortem: doc.pm, Source: doc.source, SourceName: doc.name, Base: *base, Who: sf.who()})
		if err != nil {
			return err
		}
		switch {
		case res.Unchanged:
			fmt.Fprintf(c.stdout, "%s: unchanged (revision %d)\n", res.ID, res.Revision)
		case res.Created:
			fmt.Fprintf(c.stdout, "%s: saved (new, revision 1, %s)\n", res.ID, count(len(res.Actions), "action item"))
		default:
			fmt.Fprintf(c.stdout, "%s: saved revision %d (%s)\n", res.ID, res.Revision, count(len(res.Actions), "action item"))
		}
		if len(res.Actions) > 0 {
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			for _, a := range res.Actions {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.ID, a.Status, orDash(a.Owner), cut(a.Text, 70))
			}
			tw.Flush()
		}
		for _, n := range res.Notes {
			fmt.Fprintf(c.stderr, "note: %s\n", n)
		}
		if *quiet || res.Unchanged {
			continue
		}
		recs, err := s.Similar(ctx, res.ID, 5)
		if err != nil {
			return err
		}
		writeRecurrences(c.stdout, recs)
	}
	return nil
}

func writeRecurrences(w io.Writer, recs []hindsight.Recurrence) {
	if len(recs) == 0 {
		return
	}
	fmt.Fprintf(w, "\nSimilar earlier failures (%d):\n", len(recs))
	for _, r := range recs {
		fmt.Fprintf(w, "  %s  %s (%s)\n", r.ID, r.Title, r.Why)
		for _, a := range r.OpenActions {
			fmt.Fprintf(w, "      open %s [%s] %s%s\n", a.ID, a.Status, cut(a.Text, 70), dueNote(a.Due))
		}
	}
	fmt.Fprintln(w, "Open items above might have prevented this one: see hindsight actions.")
}

func dueNote(due string) string {
	if due == "" {
		return ""
	}
	return " (due " + due + ")"
}

func dateOption(date string) (snap.Options, error) {
	var opt snap.Options
	if date != "" {
		d, err := time.Parse("2006-01-02", date)
		if err != nil {
			return opt, usagef("--date %q: want YYYY-MM-DD, e.g. --date 2026-11-20", date)
		}
		opt.Year, opt.Month, opt.Day = d.Year(), int(d.Month()), d.Day()
	}
	return opt, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// cut shortens s to n runes on one line.
func cut(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
