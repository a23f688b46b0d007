package board

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/hindsight-dev/hindsight"
)

// MaxSize is the largest board Hindsight reads: far more than any board or
// postmortem (the longest in the corpus is under 40 KB), small enough that a
// wrong file is refused at once.
const MaxSize = 8 << 20

// ReadFile reads the board at path; "-" reads standard input from stdin.
// Errors are *hindsight.Error values that say what to do next.
func ReadFile(path string, stdin io.Reader) (*Board, error) {
	if path == "-" {
		data, err := io.ReadAll(io.LimitReader(stdin, MaxSize+1))
		if err != nil {
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "read standard input", Err: err}
		}
		return Read("-", data)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, hindsight.Errorf(hindsight.ENOTFOUND, "%s: no such file; check the path, or use - to read the board from standard input", path)
	case err != nil:
		return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot read " + path, Err: err}
	case fi.IsDir():
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s is a directory; give one board file (typed notes, Markdown or an HTML postmortem)", path)
	case fi.Size() > MaxSize:
		return nil, hindsight.Errorf(hindsight.ETOOLARGE, "%s is %s; the limit for a board is %s (a board or postmortem is rarely over 100 KB: is this the right file?)",
			path, HumanSize(fi.Size()), HumanSize(MaxSize))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot open " + path, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot read " + path, Err: err}
	}
	return Read(path, data)
}

// Read turns the bytes of a text board into a Board. name is used for
// messages, to choose the reader (".html" files are read as HTML) and, by
// the notes parser, as a source for the date.
func Read(name string, data []byte) (*Board, error) {
	if len(data) > MaxSize {
		return nil, hindsight.Errorf(hindsight.ETOOLARGE, "%s is over the %s limit for a board", Named(name), HumanSize(MaxSize))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 byte-order mark
	if err := checkText(name, data); err != nil {
		return nil, err
	}
	if err := checkJSON(name, data); err != nil {
		return nil, err
	}
	if isSVG(data) {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s is an SVG image with no drawing scene in it, not notes: in Excalidraw, "+
			"export the SVG with \"Embed scene\" on, or save the board as .excalidraw (File → Save to…), and snap that", name)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.TrimSuffix(text, "\n") // a final newline ends the last line; it does not start one
	lines := strings.Split(text, "\n")

	b := &Board{Name: name}
	start := 0
	if meta, n := frontMatter(lines); n > 0 {
		b.Meta, start = meta, n
	}
	body := lines[start:]
	if isHTML(name, body) {
		b.Blocks = htmlBlocks(strings.Join(body, "\n"), start)
	} else {
		b.Blocks = make([]Block, 0, len(body))
		for i, l := range body {
			b.Blocks = append(b.Blocks, Block{Text: strings.TrimRight(l, " \t"), Line: start + i + 1, Source: "text"})
		}
	}
	if b.empty() {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s has no notes to read. A board needs at least a few lines of what happened, "+
			"ideally timed entries such as \"14:32 — initiated rollback\" (see docs/notes-format.md)", name)
	}
	return b, nil
}

func (b *Board) empty() bool {
	for _, bl := range b.Blocks {
		if strings.TrimSpace(bl.Text) != "" {
			return false
		}
	}
	return true
}

// checkText refuses binary files and invalid UTF-8, naming the first bad line.
func checkText(name string, data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return hindsight.Errorf(hindsight.EINVALID, "%s looks like a binary file (a NUL byte at offset %d); "+
			"hindsight snap reads text: typed notes, Markdown or an HTML postmortem", name, i)
	}
	if utf8.Valid(data) {
		return nil
	}
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return hindsight.Errorf(hindsight.EINVALID, "%s:%d: not valid UTF-8 text; save the file as UTF-8 (for example: iconv -f latin1 -t utf-8)", name, line)
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return nil
}

// checkJSON refuses JSON, which is no notes: read as lines it made a
// postmortem titled '{"name": …' with the keys for action items. The
// drawings that are JSON (Excalidraw, tldraw) have their own readers, and a
// Hindsight postmortem in JSON is read whole by the commands that take a
// postmortem (snap, render, save).
func checkJSON(name string, data []byte) error {
	if jsonLines(data) {
		return hindsight.Errorf(hindsight.EINVALID, "%s holds JSON values one after another (JSON Lines, a log?), not notes: "+
			"Hindsight reads JSON as an Excalidraw drawing, a tldraw file or its own postmortem; typed notes are lines of text", name)
	}
	if e := hindsight.JSONError(data); e != "" {
		return hindsight.Errorf(hindsight.EINVALID, "%s holds JSON, and not valid JSON (%s); if it was edited by hand, fix it there", name, e)
	}
	t := bytes.TrimLeft(data, " \t\r\n")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') || !json.Valid(data) {
		return nil
	}
	if s := hindsight.JSONSchema(data); s != "" {
		return hindsight.Errorf(hindsight.EINVALID, "%s is a postmortem (JSON, as snap --format json writes it), not a board: "+
			"render it with hindsight render %s, or keep it with hindsight save %s", name, name, name)
	}
	var head struct {
		Schema string `json:"schema"`
	}
	if json.Unmarshal(data, &head) == nil && strings.HasPrefix(head.Schema, "hindsight.export/") {
		return hindsight.Errorf(hindsight.EINVALID, "%s is a Hindsight export in JSON, which is read by scripts, not by Hindsight: "+
			"to move a history, export it as documents (hindsight export --format md -o DIR, action-item statuses included) "+
			"and import those (hindsight import DIR)", name)
	}
	return hindsight.Errorf(hindsight.EINVALID, "%s holds JSON, not notes: Hindsight reads JSON as an Excalidraw drawing (.excalidraw), "+
		"a tldraw file (.tldr) or its own postmortem (snap --format json); typed notes are lines of text, not JSON", name)
}

// isSVG reports whether data is an SVG image: its first element, after an
// XML declaration, comments or a doctype, is <svg>.
func isSVG(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	for {
		switch {
		case bytes.HasPrefix(t, []byte("<?")):
			i := bytes.Index(t, []byte("?>"))
			if i < 0 {
				return false
			}
			t = bytes.TrimLeft(t[i+2:], " \t\r\n")
		case bytes.HasPrefix(t, []byte("<!--")):
			i := bytes.Index(t, []byte("-->"))
			if i < 0 {
				return false
			}
			t = bytes.TrimLeft(t[i+3:], " \t\r\n")
		case bytes.HasPrefix(t, []byte("<!DOCTYPE")) || bytes.HasPrefix(t, []byte("<!doctype")):
			i := bytes.IndexByte(t, '>')
			if i < 0 {
				return false
			}
			t = bytes.TrimLeft(t[i+1:], " \t\r\n")
		default:
			return bytes.HasPrefix(t, []byte("<svg")) && len(t) > 4 && (t[4] == ' ' || t[4] == '>' || t[4] == '\n' || t[4] == '\t' || t[4] == '\r')
		}
	}
}

// jsonLines reports whether data starts as a JSON object or array and
// holds more than one JSON value, one after another.
func jsonLines(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	for range 2 {
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return false
		}
	}
	return true
}

// frontMatter reads a leading YAML block between "---" lines. It returns the
// number of lines it took, or 0 when there is none or it is not valid YAML
// (then the lines are read as notes, so nothing is lost).
func frontMatter(lines []string) (map[string]any, int) {
	if len(lines) < 2 || strings.TrimSpace(lines[0]) != "---" {
		return nil, 0
	}
	for i := 1; i < len(lines) && i < 200; i++ {
		if t := strings.TrimSpace(lines[i]); t == "---" || t == "..." {
			meta := map[string]any{}
			if err := yaml.Unmarshal([]byte(strings.Join(lines[1:i], "\n")), &meta); err != nil {
				return nil, 0
			}
			return meta, i + 1
		}
	}
	return nil, 0
}

func isHTML(name string, body []string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".html" || ext == ".htm" {
		return true
	}
	if ext == ".md" || ext == ".markdown" || ext == ".txt" || ext == ".erb" {
		return false
	}
	for _, l := range body {
		if t := strings.TrimSpace(l); t != "" {
			lt := strings.ToLower(t)
			return strings.HasPrefix(lt, "<!doctype html") || strings.HasPrefix(lt, "<html")
		}
	}
	return false
}

// Named is how messages name the input called name: "-" is standard input.
func Named(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// HumanSize writes a byte count for an error message: "3.2 MB", "12.0 KB",
// "512 bytes".
func HumanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
