package hindsight

import (
	"bytes"
	"encoding/json"
	"strings"
)

// schemaPrefix starts the schema of every version of the JSON contract.
const schemaPrefix = "hindsight.postmortem/"

// JSONSchema returns the schema a JSON postmortem names ("hindsight.
// postmortem/v1"), and "" when data is not a JSON object with such a
// schema: notes, a drawing, someone else's JSON.
func JSONSchema(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '{' {
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

// ReadJSON reads a postmortem in the form of the JSON contract, as
// `hindsight snap --format json` writes it. ok is false when data is not
// one (see JSONSchema); err says why one cannot be read: another version
// of the contract, or a value of the wrong type.
func ReadJSON(name string, data []byte) (pm *Postmortem, ok bool, err error) {
	switch s := JSONSchema(data); s {
	case "":
		return nil, false, nil
	case Schema:
	default:
		return nil, true, Errorf(EINVALID, "%s is a postmortem in the JSON form %q; this Hindsight reads %q: "+
			"use the Hindsight that wrote it, or snap the notes it was made from again", name, s, Schema)
	}
	pm = new(Postmortem)
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), pm); err != nil {
		return nil, true, Errorf(EINVALID, "%s is a postmortem in JSON that Hindsight cannot read (%v); "+
			"if it was edited by hand, fix it, or snap the notes it was made from again", name, err)
	}
	return pm, true, nil
}
