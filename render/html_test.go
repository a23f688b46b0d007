package render_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/render"
	"github.com/hindsight-dev/hindsight/snap"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestHTMLGolden(t *testing.T) {
	for _, name := range []string{"migration-bad-state.txt", "config-push-clean-rollback.md"} {
		pm, err := snap.File("../examples/"+name, nil, snap.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out, err := render.HTML(pm)
		if err != nil {
			t.Fatal(err)
		}
		golden := "testdata/" + strings.TrimSuffix(strings.TrimSuffix(name, ".txt"), ".md") + ".html"
		if *update {
			os.WriteFile(golden, out, 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./render -update)", err)
		}
		if diff := cmp.Diff(string(want), string(out)); diff != "" {
			t.Errorf("HTML of %s (-want +got):\n%s", name, diff)
		}
		if problems := inert(out); len(problems) > 0 {
			t.Errorf("HTML of %s is not inert: %v", name, problems)
		}
		for _, want := range []string{"<svg", "rollback decision 14:15", "<table>", "[UNVERIFIED]"} {
			if name == "migration-bad-state.txt" && !bytes.Contains(out, []byte(want)) {
				t.Errorf("HTML of %s lacks %q", name, want)
			}
		}
	}
}

// hostile is notes written to break out of the page.
const hostile = `Outage <script>alert(1)</script> — 2026-11-20
14:02 deploy <img src="https://evil.example/x.png" onerror="alert(2)"> started
14:05 errors <iframe src="https://evil.example/"></iframe> rising
14:06 alert fired [click](javascript:alert(3)) ![pixel](https://evil.example/p.gif)
14:08 <a href="https://evil.example" onclick="alert(4)">decided to roll back</a>
14:10 <style>body{background:url(https://evil.example/bg)}</style> rolled back
14:12 healthy <svg onload="alert(5)"><use href="https://evil.example/s.svg#a"/></svg>

<script src="https://evil.example/a.js"></script>
<meta http-equiv="refresh" content="0;url=https://evil.example">

Action items:
- <b onmouseover="alert(6)">Canary</b> @dana P1 due 2026-12-01
`

func TestHTMLInertOnHostileNotes(t *testing.T) {
	pm, err := snap.Bytes("board.txt", []byte(hostile), snap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pm.Summary += "\n\n<script>alert(7)</script> <img src=x onerror=alert(8)> [x](javascript:alert(9)) ![y](http://evil.example/y.png)"
	for _, f := range []func() ([]byte, error){
		func() ([]byte, error) { return render.HTML(pm) },
		func() ([]byte, error) { return render.StakeholderHTML(pm) },
	} {
		out, err := f()
		if err != nil {
			t.Fatal(err)
		}
		if problems := inert(out); len(problems) > 0 {
			t.Errorf("hostile notes made the page active: %v", problems)
		}
		if !bytes.Contains(out, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
			t.Errorf("the <script> in the notes should come out as text")
		}
	}
}

// TestHTMLReadBack: the page carries its postmortem, so reading the page
// gives the postmortem it shows, hostile text and all; the stakeholder
// page, which leaves names out, carries none.
func TestHTMLReadBack(t *testing.T) {
	pm, err := snap.Bytes("board.txt", []byte(hostile+"\n14:20 closed </script><script>alert(10)</script>\n"), snap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	page, err := render.HTML(pm)
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := hindsight.ReadJSON("pm.html", page)
	if !ok || err != nil {
		t.Fatalf("ReadJSON of the page = %v, %v; want its postmortem", ok, err)
	}
	want, _ := render.JSON(pm)
	back, _ := render.JSON(got)
	if d := cmp.Diff(string(want), string(back)); d != "" {
		t.Errorf("postmortem read back from the page (-want +got):\n%s", d)
	}
	page, err = render.StakeholderHTML(pm)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := hindsight.ReadJSON("pm.html", page); ok || bytes.Contains(page, []byte("dana")) {
		t.Errorf("the stakeholder page carries the postmortem (ok %v) or an owner's name", ok)
	}
}

// FuzzHTML renders pages from arbitrary notes and arbitrary Markdown in a
// document's free text; no input may make the page run code or load
// anything.
func FuzzHTML(f *testing.F) {
	f.Add(hostile, "<script>x</script>")
	f.Add("14:02 deploy\n14:05 errors", "[a](javascript:x) ![b](http://x/y) <img src=x onerror=y>")
	f.Add("<svg/onload=alert(1)>", "<iframe srcdoc='<script>x</script>'>")
	f.Add("x", "<a href=\"&#106;avascript:alert(1)\">x</a> <div style=\"background:url(//x)\">y</div>")
	f.Fuzz(func(t *testing.T, notes, md string) {
		pm, err := snap.Bytes("board.md", []byte(notes), snap.Options{})
		if err != nil {
			return
		}
		pm.Summary = md
		pm.Impact = md
		out, err := render.HTML(pm)
		if err != nil {
			t.Fatal(err)
		}
		if problems := inert(out); len(problems) > 0 {
			t.Fatalf("page is not inert: %v", problems)
		}
	})
}

// inert lists what in a page could run code or fetch something when it
// opens: script, frame and embed elements, images and other resources,
// event-handler attributes, javascript: URLs, refresh meta tags, and CSS
// that loads (url(), @import) outside our own stylesheet.
func inert(page []byte) []string {
	var problems []string
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return []string{"unparsable: " + err.Error()}
	}
	styles, data := 0, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				// Only the page's postmortem, as inert JSON data, once.
				if len(n.Attr) == 2 && n.Attr[0] == (html.Attribute{Key: "type", Val: "application/json"}) &&
					n.Attr[1] == (html.Attribute{Key: "id", Val: "hindsight-postmortem"}) && n.FirstChild != nil &&
					n.FirstChild == n.LastChild && json.Valid([]byte(n.FirstChild.Data)) {
					data++
				} else {
					problems = append(problems, "<script>")
				}
			case "iframe", "frame", "object", "embed", "img", "image", "link", "base", "video", "audio", "source", "form", "use":
				problems = append(problems, "<"+n.Data+">")
			case "style":
				styles++
				if n.FirstChild != nil && (strings.Contains(n.FirstChild.Data, "url(") || strings.Contains(n.FirstChild.Data, "@import")) {
					problems = append(problems, "style loads a URL")
				}
			case "meta":
				for _, a := range n.Attr {
					if strings.EqualFold(a.Key, "http-equiv") && strings.EqualFold(a.Val, "refresh") {
						problems = append(problems, "meta refresh")
					}
				}
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(k, "on"):
					problems = append(problems, "event handler "+k)
				case k == "src" || k == "srcset" || k == "poster" || k == "data" || k == "srcdoc" || (k == "href" && n.Data != "a"):
					problems = append(problems, "resource attribute "+k+"="+v)
				case k == "href" && strings.HasPrefix(strings.ReplaceAll(v, " ", ""), "javascript:"):
					problems = append(problems, "javascript: link")
				case k == "style" && (strings.Contains(v, "url(") || strings.Contains(v, "expression(")):
					problems = append(problems, "inline style loads")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if styles != 1 {
		problems = append(problems, "want exactly our one <style>")
	}
	if data > 1 {
		problems = append(problems, "more than one data block")
	}
	return problems
}
