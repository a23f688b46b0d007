package lint

import (
	"fmt"

	"github.com/hindsight-dev/hindsight/document"
)

var _ = register(&Rule{
	ID: "HS015", Name: "summary-jargon", Severity: Warning,
	Doc: "The summary, written for readers outside engineering, uses jargon it could avoid.",
	Check: func(in *Input, report func(int, string, string)) {
		line := blockLine(in, "summary")
		for _, j := range document.FindJargon(in.PM.Summary) {
			report(line, fmt.Sprintf("the summary says %q", j.Term), fmt.Sprintf("say %q instead", j.Plain))
		}
	},
})
