package render

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
)

//go:embed html.css
var css string

//go:embed html.tmpl
var pageSource string

var page = template.Must(template.New("page").Parse(pageSource))

// markdown renders Markdown with GitHub's extensions (extension.GFM, with
// a table's column alignment written as an align attribute, not a style the
// web app's content policy would block). Raw HTML in the text is written as
// text: a <script> in the notes shows as "<script>", it never runs.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.TaskList,
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute))),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(rawAsText{}, 100))),
)

// policy is the second line of defence: whatever the Markdown renderer
// writes, only plain document markup survives (an allow-list). No scripts,
// no event handlers, no styles, no images or other resources fetched at
// load.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tr",
		"th", "td", "em", "strong", "del", "code", "pre", "blockquote", "hr", "br", "a", "input")
	p.AllowStandardURLs() // http, https and mailto links only; javascript: is dropped
	p.AllowAttrs("href").OnElements("a")
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").OnElements("input")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	return p
}()

// rawAsText renders raw HTML nodes as escaped text.
type rawAsText struct{}

func (rawAsText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				w.WriteString(html.EscapeString(string(seg.Value(source))))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	// An image would be fetched when the page opens: show it as a link.
	reg.Register(ast.KindImage, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			img := n.(*ast.Image)
			alt := strings.TrimSpace(string(nodeText(img, source)))
			fmt.Fprintf(w, `<a href="%s">image: %s</a>`, html.EscapeString(string(img.Destination)), html.EscapeString(orDefault(alt, string(img.Destination))))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		w.WriteString("<pre>")
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			w.WriteString(html.EscapeString(string(seg.Value(source))))
		}
		if b.HasClosure() {
			w.WriteString(html.EscapeString(string(b.ClosureLine.Value(source))))
		}
		w.WriteString("</pre>\n")
		return ast.WalkSkipChildren, nil
	})
}

// nodeText is the plain text under n.
func nodeText(n ast.Node, source []byte) []byte {
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b.Write(t.Segment.Value(source))
		} else {
			b.Write(nodeText(c, source))
		}
	}
	return b.Bytes()
}

// HTML renders pm as one standalone, printable page: embedded CSS, a
// small two-lane picture of the durations with the hinge marked, and the
// document's Markdown, sanitised. It loads nothing from anywhere.
func HTML(pm *hindsight.Postmortem) ([]byte, error) {
	return htmlPage(pm, document.Render(pm, nil), "")
}

// StakeholderHTML renders the stakeholder version as a page.
func StakeholderHTML(pm *hindsight.Postmortem) ([]byte, error) {
	return htmlPage(pm, document.Stakeholder(pm), "stakeholder")
}

func htmlPage(pm *hindsight.Postmortem, md []byte, audience string) ([]byte, error) {
	body := stripFrontMatter(md)
	body = stripTitle(body)
	var out bytes.Buffer
	if err := markdown.Convert(body, &out); err != nil {
		return nil, fmt.Errorf("render Markdown: %w", err)
	}
	clean := policy.SanitizeBytes(out.Bytes())
	var facts []string
	if pm.Date != "" {
		facts = append(facts, pm.Date)
	}
	if pm.Timezone != "" {
		facts = append(facts, "times "+pm.Timezone)
	}
	if audience == "" {
		if len(pm.Services) > 0 {
			facts = append(facts, strings.Join(pm.Services, ", "))
		}
		if pm.Severity != "" {
			facts = append(facts, pm.Severity)
		}
		facts = append(facts, strings.ReplaceAll(orDefault(pm.Status, "draft"), "_", " "))
	}
	var lanes template.HTML
	var data template.JS
	if audience == "" {
		lanes = template.HTML(Lanes(pm))
		// The postmortem itself, in the JSON contract, so the page can be
		// read back (snap, render, save): an inert data block, its "<"
		// escaped by Marshal. The stakeholder page leaves it out, as it
		// leaves out names.
		b, err := json.Marshal(pm)
		if err != nil {
			return nil, fmt.Errorf("encode postmortem: %w", err)
		}
		data = template.JS(b)
	}
	var buf bytes.Buffer
	err := page.Execute(&buf, map[string]any{
		"Title": pm.Title,
		"Facts": strings.Join(facts, " · "),
		"CSS":   template.CSS(css),
		"Lanes": lanes,
		"Body":  template.HTML(clean), // sanitised above
		"Data":  data,
	})
	return buf.Bytes(), err
}

func stripFrontMatter(md []byte) []byte {
	if !bytes.HasPrefix(md, []byte("---\n")) {
		return md
	}
	if i := bytes.Index(md[4:], []byte("\n---\n")); i >= 0 {
		return md[4+i+5:]
	}
	return md
}

// stripTitle drops the "# Title" line: the page header shows it.
func stripTitle(md []byte) []byte {
	s := strings.TrimLeft(string(md), "\n")
	if strings.HasPrefix(s, "# ") {
		if i := strings.Index(s, "\n"); i >= 0 {
			return []byte(s[i+1:])
		}
		return nil
	}
	return []byte(s)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
