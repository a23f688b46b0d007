package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/render"
)

// exportCommand is "hindsight export": the history out again.
type exportCommand struct {
	stdout, stderr io.Writer
}

const exportUsage = `Usage: hindsight export [flags] [ID...]

Writes postmortems from the history (all of them, or the IDs given) with
their action items' current status written back into each document.

Flags:
  -f, --format F      json (default): one document holding every postmortem
                      in the JSON contract, with revision and status
                      history; md: each postmortem as Markdown
  -o, --output PATH   a file (json), or a directory to write ID.md files
                      into (md); default standard output
      --since WHEN    only postmortems from a date or span (90d, 6m)
      --service S     only postmortems naming service S
` + storeFlagsUsage + `
Examples:
  hindsight export --format json > all.json
  hindsight export --format md -o postmortems/
`

type exportJSON struct {
	Schema      string         `json:"schema"`
	ExportedAt  time.Time      `json:"exported_at"`
	Postmortems []exportedJSON `json:"postmortems"`
}

type exportedJSON struct {
	ID          string           `json:"id"`
	Revision    int              `json:"revision"`
	SourceName  string           `json:"source_name,omitempty"`
	SavedAt     time.Time        `json:"saved_at"`
	SavedBy     string           `json:"saved_by"`
	Postmortem  json.RawMessage  `json:"postmortem"`
	ActionItems []actionJSON     `json:"action_items"`
	Revisions   []revisionJSONex `json:"revisions"`
}

type revisionJSONex struct {
	Number  int       `json:"number"`
	SavedAt time.Time `json:"saved_at"`
	SavedBy string    `json:"saved_by"`
	SHA256  string    `json:"sha256"`
}

// Run exports.
func (c *exportCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	var format, out, since, service string
	fs.StringVar(&format, "f", "json", "")
	fs.StringVar(&format, "format", "json", "")
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&out, "output", "", "")
	fs.StringVar(&since, "since", "", "")
	fs.StringVar(&service, "service", "", "")
	ids, err := parseFlags(fs, args, c.stdout, exportUsage)
	if err != nil {
		return err
	}
	if err := checkFormat("export", format, "json", "md", "markdown"); err != nil {
		return err
	}
	sinceDate, err := parseSince(since, clock())
	if err != nil {
		return err
	}
	s, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if len(ids) == 0 {
		pms, err := s.Postmortems(ctx, hindsight.PostmortemFilter{Since: sinceDate, Service: service})
		if err != nil {
			return err
		}
		for i := len(pms) - 1; i >= 0; i-- { // oldest first
			ids = append(ids, pms[i].ID)
		}
	}
	today := clock().Format("2006-01-02")
	doc := exportJSON{Schema: "hindsight.export/v1", ExportedAt: clock().UTC(), Postmortems: []exportedJSON{}}
	var md bytes.Buffer
	mdFiles := map[string][]byte{}
	for _, id := range ids {
		sp, err := s.Postmortem(ctx, id, 0)
		if err != nil {
			return err
		}
		pm := sp.Postmortem // action items carry their tracked IDs and statuses
		if format == "json" {
			raw, err := render.JSON(pm)
			if err != nil {
				return err
			}
			revs, err := s.Revisions(ctx, pm.ID)
			if err != nil {
				return err
			}
			e := exportedJSON{ID: pm.ID, Revision: sp.Revision, SourceName: sp.SourceName, SavedAt: sp.SavedAt, SavedBy: sp.SavedBy,
				Postmortem: json.RawMessage(bytes.TrimSpace(raw)), ActionItems: []actionJSON{}}
			for _, a := range sp.Actions {
				full, err := s.ActionItem(ctx, a.ID)
				if err != nil {
					return err
				}
				e.ActionItems = append(e.ActionItems, actionJSONOf(*full, today))
			}
			for _, r := range revs {
				e.Revisions = append(e.Revisions, revisionJSONex{r.Number, r.SavedAt, r.SavedBy, r.Hash})
			}
			doc.Postmortems = append(doc.Postmortems, e)
			continue
		}
		text := render.Markdown(pm)
		if out != "" {
			mdFiles[pm.ID+".md"] = []byte(text)
		} else {
			if md.Len() > 0 {
				md.WriteString("\n---\n\n")
			}
			md.WriteString(text)
		}
	}
	if format == "json" {
		var b bytes.Buffer
		if err := writeJSON(&b, doc); err != nil {
			return err
		}
		if out == "" {
			_, err := c.stdout.Write(b.Bytes())
			return err
		}
		if err := writeFileAtomic(out, b.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "wrote %s (%s)\n", out, count(len(doc.Postmortems), "postmortem"))
		return nil
	}
	if out == "" {
		_, err := c.stdout.Write(md.Bytes())
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot create the directory " + out, Err: err}
	}
	for name, b := range mdFiles {
		if err := writeFile(filepath.Join(out, name), b); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stderr, "wrote %s into %s\n", count(len(mdFiles), "postmortem"), out)
	return nil
}
