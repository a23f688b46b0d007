package lint

import (
	"fmt"
	"strings"

	"github.com/hindsight-dev/hindsight/analysis"
)

var _ = register(&Rule{
	ID: "HS011", Name: "blame", Severity: Warning,
	Doc: "Blame-laden wording: the analysis should be of the system, not the person who pulled the lever.",
	Check: func(in *Input, report func(int, string, string)) {
		if in.Doc == nil {
			for _, f := range in.PM.Language {
				report(f.Line, fmt.Sprintf("blame-laden wording %q", f.Phrase), f.Suggestion)
			}
			return
		}
		// Check the document as it is now; the Blameless language section
		// quotes the phrases on purpose and is skipped.
		skip := map[int]bool{}
		for _, b := range in.Doc.Blocks {
			if b.Part == "language" {
				for _, l := range b.Lines {
					skip[l.N] = true
				}
			}
		}
		for i, l := range in.Doc.Lines {
			if skip[i+1] {
				continue
			}
			for _, f := range analysis.FindBlame(l) {
				report(i+1, fmt.Sprintf("blame-laden wording %q", f.Phrase), f.Suggestion)
			}
		}
	},
})

var _ = register(&Rule{
	ID: "HS012", Name: "unverified-published", Severity: Error,
	Doc: "A published document still has [UNVERIFIED] claims.",
	Check: func(in *Input, report func(int, string, string)) {
		if in.Doc == nil || in.PM.Status != "published" {
			return
		}
		for i, l := range in.Doc.Lines {
			if strings.Contains(l, "[UNVERIFIED]") {
				report(i+1, "[UNVERIFIED] left in a published document",
					"confirm or remove the claim, or set status back to in_review")
			}
		}
	},
})
