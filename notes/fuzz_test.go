package notes_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/notes"
)

// FuzzParse feeds arbitrary boards to the notes parser. Whatever the input,
// Parse must not panic, every entry and action must point at a real line,
// and every section must have a kind.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(filepath.Base(s), data)
		}
	}
	for _, s := range []string{
		"14:32 — initiated rollback\n14:45 — service healthy",
		"TIMELINE:\n- 2:32pm deploy\n- T+5m alert\n\nFIXES:\n- [ ] canary @dana P1 due 2026-12-01",
		"== Timeline ==\n| Time | Event |\n|---|---|\n| 23:50 | deploy |\n| 00:10 | rollback |",
		"---\ntitle: x\ndate: 2026-11-20\n---\n# T\n## Action items\n1. a (Dana) high by Friday",
		"<h2>Timeline</h2><ul><li>14:32 deploy</li></ul><pre>14:00 log</pre>",
		"- **Key events**\n  - First detected: 2023-01-11 14:22\n- **Impact**: x",
		"```\n14:00 in code\n", "Root cause: ?", "|", "**", "- [x]", "1)", "#", "===\n---",
	} {
		f.Add("board.md", []byte(s))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		b, err := board.Read(name, data)
		if err != nil {
			if hindsight.ErrorCode(err) == hindsight.EINTERNAL {
				t.Fatalf("Read(%q) = internal error %v; bad input must get a user error", data, err)
			}
			return
		}
		lines := strings.Count(strings.ReplaceAll(string(data), "\r", "\n"), "\n") + 1
		n := notes.Parse(b, notes.Options{})
		if len(n.Sections) == 0 || n.Sections[0].Kind != hindsight.SectionPreamble {
			t.Fatalf("Parse(%q): first section is not the preamble: %+v", data, n.Sections)
		}
		for _, s := range n.Sections {
			if s.Kind == "" {
				t.Errorf("section %q has no kind", s.Title)
			}
		}
		flat := strings.Join(strings.Fields(string(data)), " ") // once: per entry would be quadratic
		html := strings.HasSuffix(strings.ToLower(name), ".html") || strings.HasSuffix(strings.ToLower(name), ".htm") ||
			strings.Contains(strings.ToLower(string(data)), "<html")
		for _, e := range n.Entries {
			if e.Line < 1 || e.Line > lines {
				t.Errorf("entry %q at line %d, outside 1..%d", e.Text, e.Line, lines)
			}
			// Runs of spaces are read as one, so compare with them collapsed;
			// HTML boards unescape entities, so only text boards are checked.
			// A time told in two table cells (a date, a clock) is written
			// with the cells joined: each part is in the board.
			for _, part := range strings.Split(e.AsWritten, " — ") {
				if e.Time != nil && !html && utf8.ValidString(part) && !strings.Contains(flat, strings.Join(strings.Fields(part), " ")) {
					t.Errorf("entry time %q is not in the board", e.AsWritten)
				}
			}
		}
		for _, a := range n.Actions {
			if a.Line < 1 || a.Line > lines {
				t.Errorf("action %q at line %d, outside 1..%d", a.Text, a.Line, lines)
			}
			if a.Due != "" && len(a.Due) != len("2006-01-02") {
				t.Errorf("action due %q is not YYYY-MM-DD", a.Due)
			}
		}
	})
}
