package hindsight

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// schemaPrefix starts the schema of every version of the JSON contract.
const schemaPrefix = "hindsight.postmortem/"

// unBOM is data without a UTF-8 byte-order mark.
func unBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) }

// object returns data from its first byte that is not white space when
// that byte opens a JSON object, and nil otherwise.
func object(data []byte) []byte {
	if t := bytes.TrimLeft(unBOM(data), " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return t
	}
	return nil
}

// JSONSchema returns the schema a JSON postmortem names ("hindsight.
// postmortem/v1"), and "" when data is not a JSON object with such a
// schema: notes, a drawing, someone else's JSON.
func JSONSchema(data []byte) string {
	data = unBOM(data)
	if object(data) == nil {
		return ""
	}
	var head struct {
		Schema string `json:"schema"`
	}
	if json.Unmarshal(data, &head) != nil || !strings.HasPrefix(head.Schema, schemaPrefix) {
		return ""
	}
	return head.Schema
}

// brokenJSON reports whether data starts as a JSON object ('{' then a
// key) but is not valid JSON: a file edited by hand and left with a
// doubled comma, or cut short. Notes never start so.
func brokenJSON(data []byte) bool {
	t := object(data)
	if t == nil {
		return false
	}
	t = bytes.TrimLeft(t[1:], " \t\r\n")
	return len(t) > 0 && t[0] == '"' && !json.Valid(data)
}

// JSONError says where JSON that starts as an object stops being JSON
// ("line 12: invalid character ','…"), and "" when data is valid JSON or
// does not start as a JSON object.
func JSONError(data []byte) string {
	if !brokenJSON(data) {
		return ""
	}
	return syntaxError(data)
}

// schemaKey finds the schema of the JSON contract, in JSON that may be
// broken.
var schemaKey = regexp.MustCompile(`"schema"\s*:\s*"hindsight\.postmortem/`)

// SaysPostmortemJSON reports whether the start of a file (its first 4 KB,
// say) names the JSON contract's schema, valid JSON or not.
func SaysPostmortemJSON(head []byte) bool { return schemaKey.Match(head) }

// syntaxError says where data stops being JSON.
func syntaxError(data []byte) string {
	var v any
	err := json.Unmarshal(unBOM(data), &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, se)
	}
	if err != nil {
		return err.Error()
	}
	return "not valid JSON"
}

// ReadJSON reads a postmortem in the form of the JSON contract, as
// `hindsight snap --format json` writes it. ok is false when data is not
// one (see JSONSchema); err says why one cannot be read: another version
// of the contract, a value of the wrong type, or JSON broken by an edit.
func ReadJSON(name string, data []byte) (pm *Postmortem, ok bool, err error) {
	if block := htmlData(data); block != nil {
		data = block // a page Hindsight wrote carries its postmortem
	}
	switch s := JSONSchema(data); s {
	case "":
		if t := object(data); t != nil && schemaKey.Match(t[:min(len(t), 4096)]) && !json.Valid(t) {
			return nil, true, Errorf(EINVALID, "%s is a postmortem in JSON that is no longer valid JSON (%s); "+
				"if it was edited by hand, fix it there, or snap the notes it was made from again", name, syntaxError(data))
		}
		return nil, false, nil
	case Schema:
	default:
		return nil, true, Errorf(EINVALID, "%s is a postmortem in the JSON form %q; this Hindsight reads %q: "+
			"use the Hindsight that wrote it, or snap the notes it was made from again", name, s, Schema)
	}
	pm = new(Postmortem)
	if err := json.Unmarshal(unBOM(data), pm); err != nil {
		return nil, true, Errorf(EINVALID, "%s is a postmortem in JSON that Hindsight cannot read (%v); "+
			"if it was edited by hand, fix it, or snap the notes it was made from again", name, err)
	}
	return pm, true, nil
}

// htmlDataStart opens the data block of a Hindsight HTML page (package
// render): the postmortem in the JSON contract.
const htmlDataStart = `<script type="application/json" id="hindsight-postmortem">`

// htmlData returns the JSON of a page Hindsight wrote, or nil for anything
// else.
func htmlData(data []byte) []byte {
	head := bytes.TrimLeft(unBOM(data), " \t\r\n")
	if len(head) < 15 || !bytes.EqualFold(head[:15], []byte("<!doctype html>")) {
		return nil
	}
	i := bytes.LastIndex(data, []byte(htmlDataStart))
	if i < 0 {
		return nil
	}
	block := data[i+len(htmlDataStart):]
	end := bytes.Index(block, []byte("</script>"))
	if end < 0 {
		return nil
	}
	return block[:end]
}
