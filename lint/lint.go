// Package lint checks a postmortem document for what is missing or wrong,
// with line numbers, so a team can run it in CI. Each rule lives in its own
// file with an ID, a one-line doc and a severity; Run applies them all.
package lint

import (
	"sort"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
)

type documentLine = document.Line

// Severity says whether a finding fails the check.
type Severity string

// Severities.
const (
	Error   Severity = "error"   // hindsight lint exits 1
	Warning Severity = "warning" // reported, does not fail
)

// Finding is one problem at one line.
type Finding struct {
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Rule       string   `json:"rule"`
	Severity   Severity `json:"severity"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion,omitempty"`
}

// Input is what a rule checks: the postmortem and, for a Hindsight
// document, where each part of it is. Doc is nil for a board (notes), whose
// postmortem's line numbers are the board's own.
type Input struct {
	Name string
	PM   *hindsight.Postmortem
	Doc  *document.Doc
	// Now is today, for due dates; tests set it.
	Now time.Time
}

// Rule is one check.
type Rule struct {
	ID       string
	Name     string
	Doc      string
	Severity Severity
	// Fixable says --fix can repair what the rule finds.
	Fixable bool
	Check   func(in *Input, report func(line int, msg, suggestion string))
}

// Rules lists every rule, in ID order.
var Rules []*Rule

func register(r *Rule) *Rule {
	Rules = append(Rules, r)
	sort.Slice(Rules, func(i, j int) bool { return Rules[i].ID < Rules[j].ID })
	return r
}

// Run applies every rule and returns the findings ordered by line.
func Run(in *Input) []Finding {
	var out []Finding
	for _, r := range Rules {
		r.Check(in, func(line int, msg, suggestion string) {
			if line < 1 {
				line = 1 // a finding about the whole file points at its start
			}
			out = append(out, Finding{File: in.Name, Line: line, Rule: r.ID, Severity: r.Severity, Message: msg, Suggestion: suggestion})
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// Failed reports whether any finding is an error.
func Failed(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// blockLine returns the line of the document section showing part, or 0.
func blockLine(in *Input, part string) int {
	if in.Doc == nil {
		return 0
	}
	for _, b := range in.Doc.Blocks {
		if b.Part == part {
			return b.Line
		}
	}
	return 0
}

// frontLine returns the line of a front matter key, or 1.
func frontLine(in *Input, key string) int {
	if in.Doc != nil {
		if n, ok := in.Doc.FrontLines[key]; ok {
			return n
		}
	}
	return 1
}
