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
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hindsight-dev/hindsight"
)

// importCommand is "hindsight import": existing postmortems in bulk.
type importCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

const importUsage = `Usage: hindsight import [flags] DIR|FILE...

Imports existing postmortem documents (Markdown, HTML, text, or the JSON
snap --format json writes; a directory is searched recursively) into the
history. Files are saved in batches, each batch one transaction, so a file
is imported whole or not at all: a crash or Ctrl-C loses at most the batch
in flight, and importing again finishes the job. Files it cannot read are
reported and skipped; licence, source and README files are skipped, and
so is other JSON.
Importing the same file again adds nothing; an edited file adds a revision.

Flags:
      --date DATE     the date for times written without one
` + storeFlagsUsage + `
Example:
  hindsight import ../shared/corpus/
`

// Import batches: see Run.
const (
	minBatch  = 32
	maxBatch  = 256
	batchWait = 100 * time.Millisecond
)

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

// postmortemJSON reports whether path is a .json file that says it holds a
// postmortem in the JSON contract. It is imported, and reading it says
// what is wrong when it cannot be read (broken by an edit, too large).
func postmortemJSON(path string) bool {
	if !strings.EqualFold(filepath.Ext(path), ".json") {
		return false
	}
	head, err := readHead(path, 4096)
	return err == nil && hindsight.SaysPostmortemJSON(head)
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
			} else if postmortemJSON(path) {
				found = append(found, path) // what snap --format json wrote
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

	// Read and snap in parallel; save in batches of files in order.
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
	// Reading runs at most two batches ahead of saving, so a large
	// import does not hold every document in memory.
	ahead := make(chan struct{}, 2*maxBatch)
	go func() {
		defer close(work)
		for i := range files {
			select {
			case ahead <- struct{}{}:
			case <-wctx.Done():
				return
			}
			select {
			case work <- i:
			case <-wctx.Done():
				return
			}
		}
	}()

	// The files are taken in order and saved in batches, each one
	// transaction: the files that are ready, at least minBatch (or what a
	// short wait brings), at most maxBatch. One commit then serves many
	// files, and a crash or an interrupt loses only the batches in flight,
	// never part of a file. SQLite has one writer at a time, so one saver;
	// PostgreSQL two, so the server works on one batch while the client
	// prepares the next.
	savers := 1
	if isPostgres(where) {
		savers = 2
	}
	progress := newProgress(c.stderr, len(files))
	who := sf.who()
	var (
		mu                          sync.Mutex // guards what follows
		done                        int
		created, revised, unchanged int
		failed                      []importSkip
		fatal                       error
	)
	// report prints what was imported, skipped and refused: at the end,
	// or before the error that stopped the import.
	report := func(stopped bool) {
		progress.done()
		what := "imported"
		if stopped {
			what = "before it stopped, imported"
		}
		fmt.Fprintf(c.stdout, "%s %s into %s: %d new, %s, %d unchanged\n",
			what, count(created+revised+unchanged, "file"), where, created, count(revised, "new revision"), unchanged)
		if len(skipped) > 0 {
			fmt.Fprintf(c.stdout, "skipped %d:\n", len(skipped))
			for _, sk := range skipped {
				fmt.Fprintf(c.stdout, "  %s: %s\n", sk.path, sk.why)
			}
		}
		if len(failed) > 0 {
			fmt.Fprintf(c.stderr, "could not import %s (nothing of them was written):\n", count(len(failed), "file"))
			for _, sk := range failed {
				fmt.Fprintf(c.stderr, "  %s\n", sk.why)
			}
		}
	}
	// save saves a batch; a file the store refuses is reported and the
	// rest saved again without it.
	save := func(ctx context.Context, names []string, reqs []*hindsight.SaveRequest) error {
		for len(reqs) > 0 {
			res, err := s.SaveAll(ctx, reqs)
			var be *hindsight.BatchError
			switch {
			case err != nil && ctx.Err() != nil:
				return ctx.Err()
			case errors.As(err, &be) && hindsight.ErrorCode(be.Err) != hindsight.EINTERNAL:
				mu.Lock()
				failed = append(failed, importSkip{names[be.Index], names[be.Index] + ": " + be.Err.Error()})
				done++
				mu.Unlock()
				names = slices.Delete(names, be.Index, be.Index+1)
				reqs = slices.Delete(reqs, be.Index, be.Index+1)
				continue
			case err != nil && be != nil:
				return fmt.Errorf("import %s: %w", names[be.Index], be.Err)
			case err != nil:
				return fmt.Errorf("import: %w", err)
			}
			mu.Lock()
			for _, r := range res {
				switch {
				case r.Unchanged:
					unchanged++
				case r.Created:
					created++
				default:
					revised++
				}
			}
			done += len(reqs)
			progress.step(done, names[len(names)-1])
			mu.Unlock()
			return nil
		}
		return nil
	}
	type batch struct {
		names []string
		reqs  []*hindsight.SaveRequest
	}
	sctx, stopSaving := context.WithCancel(ctx)
	defer stopSaving()
	batches := make(chan batch)
	var savingWG sync.WaitGroup
	for range savers {
		savingWG.Add(1)
		go func() {
			defer savingWG.Done()
			for b := range batches {
				if err := save(sctx, b.names, b.reqs); err != nil {
					mu.Lock()
					if fatal == nil && ctx.Err() == nil {
						fatal = err
					}
					mu.Unlock()
					stopSaving() // the other saver's batch is rolled back
				}
			}
		}()
	}

	var b batch
	take := func(i int, r snapped) {
		<-ahead
		if r.err != nil {
			mu.Lock()
			failed = append(failed, importSkip{files[i], r.err.Error()})
			done++
			mu.Unlock()
			return
		}
		b.names = append(b.names, files[i])
		b.reqs = append(b.reqs, &hindsight.SaveRequest{Postmortem: r.doc.pm, Source: r.doc.source, SourceName: r.doc.name, Who: who, Hash: r.hash})
	}
gathering:
	for i := 0; i < len(files); {
		// A batch starts with the next file, however long it takes to read.
		select {
		case r := <-results[i]:
			take(i, r)
			i++
		case <-sctx.Done():
			break gathering
		}
		deadline := time.NewTimer(batchWait)
	gather:
		for n := 1; i < len(files) && n < maxBatch; n++ {
			if n < minBatch {
				select {
				case r := <-results[i]:
					take(i, r)
				case <-deadline.C:
					break gather
				case <-sctx.Done():
					deadline.Stop()
					break gathering
				}
			} else {
				select {
				case r := <-results[i]:
					take(i, r)
				default:
					break gather
				}
			}
			i++
		}
		deadline.Stop()
		select {
		case batches <- b:
			b = batch{}
		case <-sctx.Done():
			break gathering
		}
	}
	close(batches)
	savingWG.Wait()
	switch {
	case fatal != nil: // the error that stopped it, even if Ctrl-C came after
		report(true)
		return fatal
	case ctx.Err() != nil && done < len(files):
		report(true)
		return fmt.Errorf("import interrupted with %d of %d files imported, each whole; run the same import again to finish: %w",
			created+revised+unchanged, len(files), ctx.Err())
	}
	report(false)
	if len(failed) > 0 {
		switch {
		case len(files) == 1:
			return hindsight.Errorf(hindsight.EINVALID, "the file could not be imported (see above)")
		case len(failed) == len(files):
			return hindsight.Errorf(hindsight.EINVALID, "none of the %d files could be imported (listed above)", len(files))
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
