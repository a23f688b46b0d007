package board

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlBlocks reads an HTML postmortem (such as a blog post) into lines in
// the Markdown-like shape the notes parser reads: headings become "#" lines,
// list items "- " lines, table rows "| a | b |" lines and preformatted text
// a fenced block. Scripts and styles are dropped. offset is the number of
// source lines before s, so each block keeps its line in the file.
func htmlBlocks(s string, offset int) []Block {
	z := html.NewTokenizer(strings.NewReader(s))
	var (
		blocks []Block
		cur    strings.Builder
		prefix string
		line   = offset + 1 // line of the token being read
		start  = line       // line where cur began
		skip   int          // depth inside <script>/<style>
		pre    bool
		cells  []string
	)
	flush := func() {
		if pre {
			for i, l := range strings.Split(strings.Trim(cur.String(), "\n"), "\n") {
				blocks = append(blocks, Block{Text: strings.TrimRight(l, " \t"), Line: start + i, Source: "html"})
			}
			cur.Reset()
			return
		}
		text := strings.Join(strings.Fields(cur.String()), " ")
		if text != "" {
			blocks = append(blocks, Block{Text: prefix + text, Line: start, Source: "html"})
		}
		cur.Reset()
		prefix = ""
	}
	for {
		tt := z.Next()
		raw := z.Raw()
		tokLine := line
		line += bytes.Count(raw, []byte{'\n'})
		switch tt {
		case html.ErrorToken:
			flush()
			return blocks
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := z.Text() // Text may be called once per token
			if cur.Len() == 0 {
				start = tokLine
				if !pre {
					// Text begins where its first non-space character is.
					start += bytes.Count(text[:len(text)-len(bytes.TrimLeft(text, " \t\r\n"))], []byte{'\n'})
				}
			}
			cur.Write(text)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			end := tt == html.EndTagToken
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				if tt == html.StartTagToken {
					skip++
				} else if end && skip > 0 {
					skip--
				}
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				flush()
				if !end {
					prefix = strings.Repeat("#", int(name[1]-'0')) + " "
				}
			case atom.Li:
				flush()
				if !end {
					prefix = "- "
				}
			case atom.Pre:
				flush()
				if end {
					blocks = append(blocks, Block{Text: "```", Line: tokLine, Source: "html"})
					pre = false
				} else {
					blocks = append(blocks, Block{Text: "```", Line: tokLine, Source: "html"})
					pre = true
				}
			case atom.Td, atom.Th:
				if end {
					cells = append(cells, strings.Join(strings.Fields(cur.String()), " "))
					cur.Reset()
				} else if cur.Len() > 0 && len(cells) == 0 {
					flush()
				}
			case atom.Tr:
				if end && len(cells) > 0 {
					blocks = append(blocks, Block{Text: "| " + strings.Join(cells, " | ") + " |", Line: start, Source: "html"})
					cells = cells[:0]
				} else if !end {
					flush()
					start = tokLine
				}
			case atom.Br:
				if pre {
					cur.WriteString("\n")
				} else {
					flush()
				}
			case atom.P, atom.Div, atom.Ul, atom.Ol, atom.Table, atom.Blockquote, atom.Section,
				atom.Article, atom.Header, atom.Footer, atom.Hr, atom.Dl, atom.Dt, atom.Dd, atom.Figure:
				flush()
			}
		}
	}
}
