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

var _ = register(&Rule{
	ID: "HS014", Name: "enumeration", Severity: Error,
	Doc: "A kind, category, bucket, priority or status is not one Hindsight knows.",
	Check: func(in *Input, report func(int, string, string)) {
		for _, e := range in.PM.Timeline {
			if !slices.Contains(hindsight.Kinds, e.Kind) {
				report(e.Line, fmt.Sprintf("unknown event kind %q", e.Kind), "kinds are listed in docs/json.md")
			}
		}
		if c := in.PM.DeployFailure.Category; !slices.Contains(hindsight.Categories, c) {
			report(blockLine(in, "failure"), fmt.Sprintf("unknown category %q", c), "use migration, config, code, infra, capacity, dependency or other")
		}
		for _, it := range in.PM.ActionItems {
			if !slices.Contains(hindsight.Statuses, it.Status) {
				report(it.Line, fmt.Sprintf("unknown status %q", it.Status), "use proposed, accepted, in progress, done, verified or wont do")
			}
			if it.Priority != "" && !slices.Contains([]hindsight.Priority{hindsight.P0, hindsight.P1, hindsight.P2, hindsight.P3}, it.Priority) {
				report(it.Line, fmt.Sprintf("unknown priority %q", it.Priority), "use P0 (most urgent) to P3")
			}
		}
	},
})
