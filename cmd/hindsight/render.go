package main

import (
	"bytes"
	"context"
	"io"

	pmdoc "github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/render"
)

const renderUsage = `Usage: hindsight render [flags] DOC

Renders a postmortem document (or a board, snapped on the fly) in another
format or for another audience.

Flags:
  -o, --output FILE    write to FILE instead of standard output
  -f, --format F       md (default), html (one standalone page: embedded CSS,
                       no scripts, nothing fetched) or json
      --audience A     team (default) or stakeholder: plain language, no
                       internal hostnames, names or logs; what happened, who
                       was affected and for how long, what changes by when
      --template NAME  re-render in another template (md and html)
      --templates DIR  more templates (or $HINDSIGHT_TEMPLATES)

Examples:
  hindsight render pm.md --format html -o pm.html
  hindsight render pm.md --audience stakeholder -o summary.md
`

type renderCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (c *renderCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("render")
	var out, format, audience, tpl, tplDir string
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&out, "output", "", "")
	fs.StringVar(&format, "f", "md", "")
	fs.StringVar(&format, "format", "md", "")
	fs.StringVar(&audience, "audience", "team", "")
	fs.StringVar(&tpl, "template", "", "")
	fs.StringVar(&tplDir, "templates", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagError("render", err, c.stdout, renderUsage)
	}
	switch {
	case len(pos) != 1:
		return usagef("render: give one document (got %d)", len(pos))
	case format != "md" && format != "markdown" && format != "html" && format != "json":
		return usagef("render: unknown format %q: use md, html or json", format)
	case audience != "team" && audience != "stakeholder":
		return usagef("render: unknown audience %q: use team or stakeholder", audience)
	case audience == "stakeholder" && format == "json":
		return usagef("render: the stakeholder version is md or html")
	case sameFile(out, pos[0]):
		return usagef("render: -o %s would overwrite the document itself", out)
	}
	ts, err := loadTemplates(tplDir)
	if err != nil {
		return err
	}
	in, _, err := load(pos[0], c.stdin, ts)
	if err == nil && in.Doc != nil {
		err = in.Doc.Check(pos[0])
	}
	if err != nil {
		return err
	}
	pm := in.PM
	t, err := ts.Get(orDefault(tpl, pm.Template))
	if err != nil {
		return err
	}
	if tpl != "" {
		pm.Template = t.Name
	}
	var buf bytes.Buffer
	switch {
	case audience == "stakeholder" && format == "html":
		b, err := render.StakeholderHTML(pm)
		if err != nil {
			return err
		}
		buf.Write(b)
	case audience == "stakeholder":
		buf.Write(pmdoc.Stakeholder(pm))
	case format == "md" || format == "markdown":
		buf.Write(pmdoc.Render(pm, t))
	default:
		if err := render.Write(&buf, pm, format); err != nil {
			return err
		}
	}
	return output(c.stdout, c.stderr, out, buf.Bytes())
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
