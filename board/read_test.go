package board

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hindsight-dev/hindsight"
)

func texts(b *Board) []string {
	var out []string
	for _, bl := range b.Blocks {
		if bl.Text != "" {
			out = append(out, bl.Text)
		}
	}
	return out
}

func TestReadText(t *testing.T) {
	b, err := Read("board.txt", []byte("\xef\xbb\xbf14:32 deploy\r\n14:40 rollback\r\n\r\nend\rdone"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		{Text: "14:32 deploy", Line: 1, Source: "text"},
		{Text: "14:40 rollback", Line: 2, Source: "text"},
		{Text: "", Line: 3, Source: "text"},
		{Text: "end", Line: 4, Source: "text"},
		{Text: "done", Line: 5, Source: "text"},
	}
	if diff := cmp.Diff(want, b.Blocks); diff != "" {
		t.Errorf("blocks (-want +got):\n%s", diff)
	}
}

func TestFrontMatter(t *testing.T) {
	b, err := Read("pm.md", []byte("---\ntitle: \"Post-mortem: x\"\ndate: 2026-11-20\nservices: [a, b]\n---\n# Heading\n"))
	if err != nil {
		t.Fatal(err)
	}
	if b.Meta["title"] != "Post-mortem: x" || b.Meta["services"] == nil || b.Meta["date"] == nil {
		t.Errorf("meta = %v", b.Meta)
	}
	if len(b.Blocks) != 1 || b.Blocks[0].Line != 6 {
		t.Errorf("blocks = %+v, want the heading on line 6", b.Blocks)
	}
	// Front matter that is not YAML is read as notes: nothing is lost.
	b, err = Read("pm.md", []byte("---\nkey: [unclosed\n---\ntext\n"))
	if err != nil {
		t.Fatal(err)
	}
	if b.Meta != nil || len(b.Blocks) != 4 {
		t.Errorf("bad front matter: meta %v, %d blocks; want none and 4 lines", b.Meta, len(b.Blocks))
	}
}

func TestReadHTML(t *testing.T) {
	page := `---
title: x
---
<h2>Problems/Timeline</h2>
<h3>Friday 30-07-2017</h3>
<p>
  At 10:25am, we deployed
  as usual.<br>Then it broke.
</p>
<script>alert("no")</script>
<ul><li>first</li><li>second <code>x</code></li></ul>
<table><tr><th>Time</th><th>Event</th></tr><tr><td>14:32</td><td>rollback &amp; fix</td></tr></table>
<pre>14:00 log line
  indented</pre>`
	b, err := Read("post.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"## Problems/Timeline", "### Friday 30-07-2017", "At 10:25am, we deployed as usual.", "Then it broke.",
		"- first", "- second x", "| Time | Event |", "| 14:32 | rollback & fix |", "```", "14:00 log line", "  indented", "```"}
	if diff := cmp.Diff(want, texts(b)); diff != "" {
		t.Errorf("HTML lines (-want +got):\n%s", diff)
	}
	lines := map[string]int{}
	for _, bl := range b.Blocks {
		lines[bl.Text] = bl.Line
	}
	if lines["## Problems/Timeline"] != 4 || lines["At 10:25am, we deployed as usual."] != 7 {
		t.Errorf("source lines = %v; want the heading on line 4 and the paragraph on line 7", lines)
	}
}

// TestReadRefuses: what is no board is refused, saying what it is. JSON
// included: read as lines, it made a postmortem titled '{"name": …'.
func TestReadRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		code string
		want string
	}{
		{"nul.txt", "a\x00b", hindsight.EINVALID, "binary"},
		{"bad.txt", "ok\nok\n\xff\xfe", hindsight.EINVALID, "bad.txt:3"},
		{"empty.txt", " \n\t\n", hindsight.EINVALID, "no notes"},
		{"tags.html", "<p>  </p><script>x</script>", hindsight.EINVALID, "no notes"},
		{"big.txt", strings.Repeat("x", MaxSize+1), hindsight.ETOOLARGE, "limit"},
		{"package.json", `{"name": "x", "scripts": {"test": "jest"}}`, hindsight.EINVALID, "holds JSON, not notes"},
		{"list.json", ` ["14:02 deploy", "14:09 alerts"]`, hindsight.EINVALID, "holds JSON, not notes"},
		{"pm.json", `{"schema": "hindsight.postmortem/v1", "title": "x"}`, hindsight.EINVALID, "hindsight render pm.json"},
		{"all.json", `{"schema": "hindsight.export/v1", "postmortems": []}`, hindsight.EINVALID, "hindsight export --format md -o DIR"},
		{"app.log", "{\"level\": \"error\", \"msg\": \"5xx\"}\n{\"level\": \"info\", \"msg\": \"ok\"}\n", hindsight.EINVALID, "JSON Lines"},
		{"plain.svg", `<?xml version="1.0"?>` + "\n" + `<svg xmlns="http://www.w3.org/2000/svg"><text>14:02 deploy</text></svg>`, hindsight.EINVALID, "Embed scene"},
		{"edited.json", "{\n  \"title\": \"x\",,\n}", hindsight.EINVALID, "not valid JSON (line 2"},
	} {
		_, err := Read(tc.name, []byte(tc.data))
		if err == nil || hindsight.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%s) = %v (code %q), want %s error containing %q", tc.name, err, hindsight.ErrorCode(err), tc.code, tc.want)
		}
	}
}

// TestReadJSONLikeNotes: notes that only look like JSON at first are notes.
func TestReadJSONLikeNotes(t *testing.T) {
	for _, notes := range []string{"[14:02] deploy v2.41\n[14:09] alerts fire\n", "{draft}\n14:02 deploy\n"} {
		if _, err := Read("notes.txt", []byte(notes)); err != nil {
			t.Errorf("Read(%q): %v", notes, err)
		}
	}
}
