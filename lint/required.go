package lint

import (
	"fmt"
	"strings"
)

var _ = register(&Rule{
	ID: "HS001", Name: "required-section", Severity: Error,
	Doc: "A section the template requires is missing or says only that the notes lack it.",
	Check: func(in *Input, report func(int, string, string)) {
		if in.Doc == nil {
			return
		}
		for _, s := range in.Doc.Template.Sections {
			if !s.Required {
				continue
			}
			found := -1
			for i, b := range in.Doc.Blocks {
				if strings.EqualFold(b.Title, s.Title) {
					found = i
					break
				}
			}
			switch {
			case found < 0:
				report(in.Doc.TitleLine, fmt.Sprintf("section %q is missing (the %s template requires it)", s.Title, in.Doc.Template.Name),
					fmt.Sprintf("add a \"## %s\" section", s.Title))
			case emptyBlock(in.Doc.Blocks[found].Lines):
				report(in.Doc.Blocks[found].Line, fmt.Sprintf("section %q is empty", s.Title), "fill it in, or say why it does not apply")
			}
		}
	},
})

// emptyBlock reports whether a section has nothing but blank lines and
// "not in the notes" sentences.
func emptyBlock(lines []documentLine) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if t != "" && !strings.HasPrefix(t, "_Not in the notes") && !strings.HasPrefix(t, "_No ") && !strings.HasPrefix(t, "_Nothing") {
			return false
		}
	}
	return true
}
