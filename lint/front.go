package lint

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
)

var _ = register(&Rule{
	ID: "HS013", Name: "front-matter", Severity: Error,
	Doc: "The front matter has no title, an unknown status, or a date that is not YYYY-MM-DD.",
	Check: func(in *Input, report func(int, string, string)) {
		if in.Doc == nil {
			return
		}
		fm := in.Doc.Front
		if strings.TrimSpace(fm.Title) == "" {
			report(frontLine(in, "title"), "the document has no title", "add title: to the front matter")
		}
		if !slices.Contains(document.Statuses, fm.Status) {
			report(frontLine(in, "status"), fmt.Sprintf("status %q is not one of %s", fm.Status, strings.Join(document.Statuses, ", ")),
				"use draft, in_review or published")
		}
		if fm.Date != "" {
			if _, err := time.Parse("2006-01-02", fm.Date); err != nil {
				report(frontLine(in, "date"), fmt.Sprintf("date %q is not YYYY-MM-DD", fm.Date), "write it as 2026-11-20")
			}
		}
	},
})

// enumHints say, for each field hindsight.Unknowns checks, what it takes.
var enumHints = map[string]string{
	"event kind": "kinds are listed in docs/json.md",
	"category":   "use migration, config, code, infra, capacity, dependency or other",
	"status":     "use proposed, accepted, in progress, done, verified or wont do",
	"priority":   "use P0 (most urgent) to P3",
}

var _ = register(&Rule{
	ID: "HS014", Name: "enumeration", Severity: Error,
	Doc: "A kind, category, bucket, priority or status is not one Hindsight knows.",
	Check: func(in *Input, report func(int, string, string)) {
		for _, u := range hindsight.Unknowns(in.PM) {
			line := u.Line
			if u.Field == "category" {
				line = blockLine(in, "failure")
			}
			report(line, fmt.Sprintf("unknown %s %q", u.Field, u.Value), enumHints[u.Field])
		}
	},
})
