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
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/hindsight-dev/hindsight"
)

// importCommand is "hindsight import": existing postmortems in bulk.
type importCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

const importUsage = `Usage: hindsight import [flags] DIR|FILE...

Imports existing postmortem documents (Markdown, HTML, text; a directory
is searched recursively) into the history, each file in its own
transaction: a file is imported whole or not at all. Files it cannot read
are reported and skipped; licence, source and README files are skipped.
Importing the same file again adds nothing; an edited file adds a revision.

Flags:
      --date DATE     the date for times written without one
` + storeFlagsUsage + `
Example:
  hindsight import ../shared/corpus/
`

// skipReason says why a file found in a directory is not a postmortem,
// or "" when it may be one.
func skipReason(name string) string {
	upper := strings.ToUpper(name)
	base := strings.TrimSuffix(upper, filepath.Ext(upper))
	switch {
	case strings.HasPrefix(name, "."):
		return "hidden file"
	case base == "LICENSE" || base == "LICENCE" || base == "COPYING" || base == "NOTICE":
		return "licence file"
	case base == "SOURCE" || base == "SOURCES":
		return "source note"
	case base == "README":
		return "README"
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".zip", ".gz", ".tar", ".db", ".sqlite", ".json", ".yml", ".yaml", ".css", ".js":
		return "not a postmortem document (" + strings.ToLower(filepath.Ext(name)) + ")"
	}
	return ""
}

type importSkip struct{ path, why string }

// importFiles lists the files to import under paths, and what it skipped.
func importFiles(paths []string) ([]string, []importSkip, error) {
	var files []string
	var skipped []importSkip
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil, hindsight.Errorf(hindsight.ENOTFOUND, "%s: no such file or directory", p)
			}
			return nil, nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot read " + p, Err: err}
		}
		if !fi.IsDir() {
			files = append(files, p) // named explicitly: import it
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				skipped = append(skipped, importSkip{path, "cannot read: " + err.Error()})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				skipped = append(skipped, importSkip{path, "not a regular file"})
			} else if why := skipReason(d.Name()); why != "" {
				skipped = append(skipped, importSkip{path, why})
			} else {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, skipped, nil
}

type snapped struct {
	doc  *document
	hash string
	err  error
}

// Run imports the files.
func (c *importCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	date := fs.String("date", "", "")
	pos, err := parseFlags(fs, args, c.stdout, importUsage)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("import: name a directory or files to import, e.g. hindsight import ../shared/corpus/")
	}
	opt, err := dateOption(*date)
	if err != nil {
		return err
	}
	files, skipped, err := importFiles(pos)
	if err != nil {
		return err
	}
	s, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()

	// Read and snap in parallel; save in order, one transaction per file.
	results := make([]chan snapped, len(files))
	for i := range results {
		results[i] = make(chan snapped, 1)
	}
	work := make(chan int)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		go func() {
			for i := range work {
				doc, err := readDocument(files[i], nil, opt)
				r := snapped{doc: doc, err: err}
				if err == nil {
					r.hash = hindsight.ContentHash(doc.pm, doc.source) // spares the saver
				}
				results[i] <- r
			}
		}()
	}
	go func() {
		defer close(work)
		for i := range files {
			select {
			case work <- i:
			case <-wctx.Done():
				return
			}
		}
	}()

	// Savers take the files in order. One for SQLite (it has one writer
	// at a time anyway); several for PostgreSQL, whose commits wait for
	// the disk: concurrent commits share the flushes.
	savers := 1
	if isPostgres(where) {
		savers = 4
	}
	progress := newProgress(c.stderr, len(files))
	who := sf.who()
	var (
		mu                          sync.Mutex
		next, done                  int
		created, revised, unchanged int
		failed                      []importSkip
		fatal                       error
	)
	var wg sync.WaitGroup
	for w := 0; w < savers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := fatal != nil || i >= len(files)
				mu.Unlock()
				if stop {
					return
				}
				f := files[i]
				var r snapped
				select {
				case r = <-results[i]:
				case <-ctx.Done():
					mu.Lock()
					fatal = fmt.Errorf("import interrupted after %d of %d files (each file imported is whole): %w", done, len(files), ctx.Err())
					mu.Unlock()
					return
				}
				var res *hindsight.SaveResult
				err := r.err
				if err == nil {
					res, err = s.Save(ctx, &hindsight.SaveRequest{Postmortem: r.doc.pm, Source: r.doc.source, SourceName: r.doc.name, Who: who, Hash: r.hash})
				}
				mu.Lock()
				done++
				progress.step(done, f)
				switch {
				case err != nil && ctx.Err() != nil:
					fatal = fmt.Errorf("import interrupted after %d of %d files (each file imported is whole): %w", done-1, len(files), ctx.Err())
				case err != nil && r.err == nil && hindsight.ErrorCode(err) == hindsight.EINTERNAL:
					fatal = fmt.Errorf("import %s: %w", f, err)
				case err != nil:
					failed = append(failed, importSkip{f, err.Error()})
				case res.Unchanged:
					unchanged++
				case res.Created:
					created++
				default:
					revised++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if fatal != nil {
		progress.done()
		return fatal
	}
	progress.done()
	fmt.Fprintf(c.stdout, "imported %d files into %s: %d new, %d new revisions, %d unchanged\n",
		created+revised+unchanged, where, created, revised, unchanged)
	if len(skipped) > 0 {
		fmt.Fprintf(c.stdout, "skipped %d:\n", len(skipped))
		for _, sk := range skipped {
			fmt.Fprintf(c.stdout, "  %s: %s\n", sk.path, sk.why)
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(c.stderr, "could not import %d files (nothing of them was written):\n", len(failed))
		for _, sk := range failed {
			fmt.Fprintf(c.stderr, "  %s\n", sk.why)
		}
		return hindsight.Errorf(hindsight.EINVALID, "%d of %d files could not be imported (listed above); the others were", len(failed), len(files))
	}
	return nil
}

// progress draws "importing 37/109 name" on a terminal, nothing otherwise.
type progress struct {
	w     io.Writer
	total int
	on    bool
	last  int
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) step(i int, name string) {
	if !p.on {
		return
	}
	width := 30
	fill := width * i / p.total
	line := fmt.Sprintf("\rimporting [%s%s] %d/%d %s", strings.Repeat("#", fill), strings.Repeat(" ", width-fill), i, p.total, cut(filepath.Base(name), 40))
	pad := ""
	if n := p.last - len(line); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	p.last = len(line)
	fmt.Fprint(p.w, line+pad)
}

func (p *progress) done() {
	if p.on && p.last > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.last)+"\r")
		p.last = 0
	}
}
