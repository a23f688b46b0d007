// Package render writes a Postmortem in the formats people and programs
// read: Markdown (the canonical document, see package document), JSON (the
// contract of docs/json.md) and standalone HTML. Output is
// deterministic: the same postmortem always gives the same bytes.
package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
)

// Formats lists the output formats by name.
var Formats = []string{"md", "json", "html"}

// Write renders pm in the named format ("md" or "markdown", "json").
func Write(w io.Writer, pm *hindsight.Postmortem, format string) error {
	switch strings.ToLower(format) {
	case "md", "markdown":
		_, err := w.Write(document.Render(pm, nil))
		return err
	case "json":
		b, err := JSON(pm)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	case "html":
		b, err := HTML(pm)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	return hindsight.Errorf(hindsight.EINVALID, "unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// JSON returns pm in the JSON contract, indented, with a final newline.
func JSON(pm *hindsight.Postmortem) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(pm); err != nil {
		return nil, fmt.Errorf("encode postmortem: %w", err)
	}
	return buf.Bytes(), nil
}

// Markdown renders pm as the canonical Markdown document in its template.
func Markdown(pm *hindsight.Postmortem) string { return string(document.Render(pm, nil)) }
