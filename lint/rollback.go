package lint

import (
	"strings"

	"github.com/hindsight-dev/hindsight"
)

var rollbackMention = []string{"roll back", "rollback", "rolled back", "rolling back", "revert"}

var _ = register(&Rule{
	ID: "HS010", Name: "rollback-analysis", Severity: Error,
	Doc: "The timeline mentions a rollback, but the document has no rollback analysis.",
	Check: func(in *Input, report func(int, string, string)) {
		rb := in.PM.Rollback
		if rb.Attempted || len(rb.Notes) > 0 {
			return
		}
		for _, e := range in.PM.Timeline {
			l := strings.ToLower(e.Text)
			for _, w := range rollbackMention {
				if strings.Contains(l, w) && e.Kind != hindsight.KindForwardFix {
					report(e.Line, "the timeline mentions a rollback, but there is no rollback analysis",
						"say in the Rollback failure section whether it was attempted and how it ended")
					return
				}
			}
		}
	},
})
