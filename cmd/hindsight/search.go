package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// searchCommand is "hindsight search": full-text search of the history.
type searchCommand struct {
	stdout, stderr io.Writer
}

const searchUsage = `Usage: hindsight search [flags] WORDS...

Finds postmortems containing all the words (the database's own full-text
search: word stems match, so "migrations" finds "migration"), best first.

Flags:
      --limit N       at most N results (default 20)
  -f, --format F      text (default) or json
` + storeFlagsUsage + `
Example:
  hindsight search "NOT NULL migration"
`

type searchJSON struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Date    string  `json:"date"`
	Snippet string  `json:"snippet"`
	Rank    float64 `json:"rank"`
}

// Run searches.
func (c *searchCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	limit := fs.Int("limit", 20, "")
	var format string
	fs.StringVar(&format, "f", "text", "")
	fs.StringVar(&format, "format", "text", "")
	pos, err := parseFlags(fs, args, c.stdout, searchUsage)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(pos, " "))
	if q == "" {
		return usagef("search: no words given, e.g. hindsight search \"NOT NULL migration\"")
	}
	if err := checkFormat("search", format, "text", "json"); err != nil {
		return err
	}
	if len(hindsight.SearchTerms(q)) == 0 {
		return usagef("search: %q has no words to search for", q)
	}
	if _, err := hindsight.SearchQuery(q); err != nil {
		return usagef("search: %s", err.(*hindsight.Error).Message)
	}
	s, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Search(ctx, q, *limit)
	if err != nil {
		return err
	}
	if format == "json" {
		out := []searchJSON{}
		for _, r := range res {
			out = append(out, searchJSON{r.ID, r.Title, r.Date, r.Snippet, r.Rank})
		}
		return writeJSON(c.stdout, out)
	}
	if len(res) == 0 {
		fmt.Fprintf(c.stdout, "No postmortem contains all of: %s\n", q)
		return nil
	}
	for _, r := range res {
		fmt.Fprintf(c.stdout, "%s  %s\n    %s\n", r.ID, r.Title, cut(r.Snippet, 160))
	}
	return nil
}
