package board

import (
	"flag"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The board package has no golden files of its own; the flag is defined so
// that "go test ./board/... -update" (which rewrites the readers' golden
// files) runs here too.
var _ = flag.Bool("update", false, "rewrite golden files under testdata/ (none in this package)")

func note(id, text string, x, y float64) Item {
	return Item{ID: id, Text: text, Rect: Rect{X: x, Y: y, W: 200, H: 100}, Kind: KindNote, Source: "test"}
}

func text(id, s string, x, y float64) Item {
	return Item{ID: id, Text: s, Rect: Rect{X: x, Y: y, W: 200, H: 30}, Kind: KindText, Source: "test"}
}

func lines(blocks []Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		b.WriteString(bl.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func TestLayout(t *testing.T) {
	tests := []struct {
		name  string
		items []Item
		want  string
	}{
		{
			name: "columns left to right, top to bottom, headings at column tops",
			items: []Item{
				text("h2", "What broke", 300, 0),
				note("b1", "Migration 0042 added a NOT NULL column", 300, 50),
				text("h1", "Timeline", 0, 0),
				note("t2", "14:05 errors rising", 0, 170),
				note("t1", "14:02 deploy v2.31 started", 0, 50),
			},
			want: "## Timeline\n\n14:02 deploy v2.31 started\n\n14:05 errors rising\n\n## What broke\n\nMigration 0042 added a NOT NULL column\n",
		},
		{
			name: "a title above several columns is level one",
			items: []Item{
				text("a", "Checkout outage 2026-11-20", 0, -100),
				text("h1", "Timeline", 0, 0),
				note("t1", "14:02 deploy started", 0, 50),
				text("h2", "Rollback", 300, 0),
				note("r1", "code rollback assumed safe", 300, 50),
			},
			want: "# Checkout outage 2026-11-20\n\n## Timeline\n\n14:02 deploy started\n\n## Rollback\n\ncode rollback assumed safe\n",
		},
		{
			name: "a grid whose times run along the rows is read row by row",
			items: []Item{
				note("a", "14:02 deploy started", 0, 0), note("b", "14:05 errors rising", 250, 0),
				note("c", "14:08 alert fired", 500, 0), note("d", "14:15 decided to roll back", 750, 0),
				note("e", "14:16 rollback started", 0, 150), note("f", "14:20 rollback complete", 250, 150),
				note("g", "14:30 all clear", 500, 150),
			},
			want: "14:02 deploy started\n\n14:05 errors rising\n\n14:08 alert fired\n\n14:15 decided to roll back\n\n" +
				"14:16 rollback started\n\n14:20 rollback complete\n\n14:30 all clear\n",
		},
		{
			name: "text above a grid read row by row is the grid's heading, not the board's title",
			items: []Item{
				text("h", "Timeline", 0, -120),
				note("a", "14:02 deploy started", 0, 0), note("b", "14:08 alert fired", 250, 0),
				note("c", "14:16 rollback started", 0, 150), note("d", "14:42 recovered", 250, 150),
			},
			want: "## Timeline\n\n14:02 deploy started\n\n14:08 alert fired\n\n14:16 rollback started\n\n14:42 recovered\n",
		},
		{
			name: "a grid whose times run down the columns is read column by column",
			items: []Item{
				note("a", "14:02 deploy started", 0, 0), note("c", "14:08 alert fired", 250, 0),
				note("b", "14:05 errors rising", 0, 150), note("d", "14:15 decided to roll back", 250, 150),
			},
			want: "14:02 deploy started\n\n14:05 errors rising\n\n14:08 alert fired\n\n14:15 decided to roll back\n",
		},
		{
			name: "a note at the top of a column is not a heading; a time is never one",
			items: []Item{
				note("n", "Rollback", 0, 0),
				text("t", "14:02 deploy", 0, 50),
				text("u", "later", 0, 100),
			},
			want: "Rollback\n\n14:02 deploy\n\nlater\n",
		},
		{
			name: "large free text is a heading wherever it is",
			items: []Item{
				{Text: "Action items", Rect: Rect{X: 0, Y: 200, W: 300, H: 50}, Size: 36},
				{Text: "Intro text here", Rect: Rect{X: 0, Y: 0, W: 300, H: 30}, Size: 20},
				{Text: "Add a canary @dana P1", Rect: Rect{X: 0, Y: 300, W: 300, H: 30}, Size: 20, Kind: KindNote},
			},
			want: "## Intro text here\n\n## Action items\n\nAdd a canary @dana P1\n",
		},
		{
			name: "arrows keep notes together in arrow order",
			items: []Item{
				text("h", "Timeline", 0, 0),
				// A horizontal timeline whose arrows go right to left on the
				// page: arrow order wins over position.
				{ID: "c", Text: "14:15 decided to roll back", Rect: Rect{X: 0, Y: 50, W: 150, H: 80}, Kind: KindNote},
				{ID: "b", Text: "14:05 errors rising", Rect: Rect{X: 200, Y: 50, W: 150, H: 80}, Kind: KindNote, Next: []string{"c"}},
				{ID: "a", Text: "14:02 deploy started", Rect: Rect{X: 400, Y: 50, W: 150, H: 80}, Kind: KindNote, Next: []string{"b"}},
				note("x", "unrelated", 0, 400),
			},
			want: "## Timeline\n\n14:02 deploy started\n\n14:05 errors rising\n\n14:15 decided to roll back\n\nunrelated\n",
		},
		{
			name: "a circle of arrows starts at the item read first",
			items: []Item{
				{ID: "a", Text: "A", Rect: Rect{X: 0, Y: 0, W: 10, H: 10}, Next: []string{"b"}, Kind: KindNote},
				{ID: "b", Text: "B", Rect: Rect{X: 0, Y: 100, W: 10, H: 10}, Next: []string{"c"}, Kind: KindNote},
				{ID: "c", Text: "C", Rect: Rect{X: 0, Y: 50, W: 10, H: 10}, Next: []string{"a"}, Kind: KindNote},
			},
			want: "A\n\nB\n\nC\n",
		},
		{
			name: "frames are sections; their items are laid out inside",
			items: []Item{
				{ID: "f2", Text: "Rollback", Rect: Rect{X: 500, Y: 0, W: 400, H: 400}, Kind: KindFrame},
				{ID: "f1", Text: "Timeline", Rect: Rect{X: 0, Y: 0, W: 400, H: 400}, Kind: KindFrame},
				{ID: "n2", Text: "14:05 errors", Rect: Rect{X: 10, Y: 200, W: 100, H: 50}, Parent: "f1", Kind: KindNote},
				{ID: "n1", Text: "14:02 deploy", Rect: Rect{X: 10, Y: 20, W: 100, H: 50}, Parent: "f1", Kind: KindNote},
				{ID: "r1", Text: "Short label", Rect: Rect{X: 510, Y: 20, W: 100, H: 50}, Parent: "f2"},
				{ID: "r2", Text: "rollback failed", Rect: Rect{X: 510, Y: 200, W: 100, H: 50}, Parent: "f2", Kind: KindNote},
				{ID: "f3", Rect: Rect{X: 0, Y: 500, W: 400, H: 100}, Kind: KindFrame},
				{ID: "n3", Text: "in a frame with no name", Rect: Rect{X: 10, Y: 520, W: 100, H: 50}, Parent: "f3", Kind: KindNote},
			},
			// The unnamed frame is under the first: in the first column.
			want: "## Timeline\n\n14:02 deploy\n\n14:05 errors\n\nin a frame with no name\n\n## Rollback\n\nShort label\n\nrollback failed\n",
		},
		{
			name: "the lines of a note are one entry; a blank line starts another",
			items: []Item{
				{Text: "Enforce expand/contract migrations\n@dana P1 due 2026-12-04\r\n\n\nsecond paragraph  ", Kind: KindNote},
			},
			want: "Enforce expand/contract migrations @dana P1 due 2026-12-04\n\nsecond paragraph\n",
		},
		{
			name: "a note's lines that start entries stay lines",
			items: []Item{
				{Text: "14:09 Alerts fire\nPaged Dana\n14:15 Decided to roll back\n(Dana + Sam)", Kind: KindNote},
				{Text: "Fixes\n- canary gate\n- pool alert\n1. runbook", Kind: KindNote, Rect: Rect{X: 0, Y: 200, W: 100, H: 40}},
			},
			want: "14:09 Alerts fire Paged Dana\n14:15 Decided to roll back (Dana + Sam)\n\nFixes\n- canary gate\n- pool alert\n1. runbook\n",
		},
		{
			name: "a note's list without bullets stays a list",
			items: []Item{
				{Text: "Action items:\nAdd a canary gate @dana\nTest rollback in staging @sam", Kind: KindNote},
				{Text: "Add a canary gate @dana\nTest rollback in staging @sam", Kind: KindNote, Rect: Rect{X: 0, Y: 200, W: 100, H: 40}},
			},
			want: "Action items:\nAdd a canary gate @dana\nTest rollback in staging @sam\n\nAdd a canary gate @dana\nTest rollback in staging @sam\n",
		},
		{
			name: "text already marked up as a heading keeps its marks",
			items: []Item{
				{Text: "# Timeline", Kind: KindHeading},
			},
			want: "# Timeline\n",
		},
		{
			name: "parents that loop, missing or not frames are ignored",
			items: []Item{
				{ID: "a", Text: "A", Parent: "b", Kind: KindFrame, Rect: Rect{X: 0, Y: 0, W: 10, H: 10}},
				{ID: "b", Text: "B", Parent: "a", Kind: KindFrame, Rect: Rect{X: 0, Y: 100, W: 10, H: 10}},
				{ID: "c", Text: "C", Parent: "c", Rect: Rect{X: 0, Y: 200, W: 10, H: 10}},
				{ID: "d", Text: "D", Parent: "nowhere", Rect: Rect{X: 0, Y: 300, W: 10, H: 10}},
				{ID: "e", Text: "E", Parent: "d", Rect: Rect{X: 0, Y: 400, W: 10, H: 10}},
			},
			want: "## A\n\n## B\n\nC\n\nD\n\nE\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lines(Layout(tt.items))
			if got != tt.want {
				t.Errorf("Layout() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestLayoutOrderFree checks that the reading order does not depend on the
// order the items are given in.
func TestLayoutOrderFree(t *testing.T) {
	var items []Item
	items = append(items, text("title", "Checkout 5xx after migration 0042", 0, -200))
	for c, col := range []string{"Timeline", "What broke", "Rollback", "Action items"} {
		x := float64(c) * 400
		items = append(items, text(col, col, x, 0))
		for r := range 4 {
			items = append(items, note(col+string(rune('a'+r)), col+" note "+string(rune('a'+r)), x+float64(r%2)*7, 60+float64(r)*130))
		}
	}
	want := lines(Layout(items))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := slices.Clone(items)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := lines(Layout(shuffled)); got != want {
			t.Fatalf("shuffled items read\n%s\nwant\n%s", got, want)
		}
	}
	if !strings.HasPrefix(want, "# Checkout 5xx after migration 0042\n\n## Timeline\n\nTimeline note a\n") {
		t.Errorf("Layout() =\n%s", want)
	}
}

func TestLayoutBlocks(t *testing.T) {
	blocks := Layout([]Item{
		{Text: "Timeline", Rect: Rect{X: 0, Y: 0, W: 100, H: 20}, Source: "excalidraw", Color: "#1e1e1e"},
		{Text: "14:02 deploy\n14:05 errors", Rect: Rect{X: 0, Y: 40, W: 100, H: 40}, Source: "excalidraw", Color: "#ffec99", Uncertain: true, Kind: KindNote},
	})
	if len(blocks) != 4 {
		t.Fatalf("Layout() = %d blocks, want 4: %q", len(blocks), lines(blocks))
	}
	for i, b := range blocks {
		if b.Line != i+1 {
			t.Errorf("block %d: Line = %d, want %d", i, b.Line, i+1)
		}
		if b.Source != "excalidraw" {
			t.Errorf("block %d: Source = %q, want excalidraw", i, b.Source)
		}
	}
	if b := blocks[3]; b.Text != "14:05 errors" || !b.Uncertain || b.Color != "#ffec99" || b.Pos == nil || b.Pos.Y != 40 {
		t.Errorf("block 4 = %+v, want the note's second line with its colour, position and Uncertain", b)
	}
	if b := blocks[1]; b.Text != "" || b.Pos != nil {
		t.Errorf("block 2 = %+v, want a blank separator", b)
	}
}

func TestLayoutBadInput(t *testing.T) {
	inf := math.Inf(1)
	items := []Item{
		{Text: "a", Rect: Rect{X: math.NaN(), Y: inf, W: -inf, H: math.NaN()}, Size: inf},
		{Text: "b", Rect: Rect{X: -5, Y: -5, W: -10, H: -10}, Next: []string{"", "b", "zz"}},
		{Text: "\x00\u2028\t", Rect: Rect{}},
		{Text: "\xff bad utf-8"},
		{Kind: KindFrame, ID: "f"},
		{Kind: KindFrame, ID: "f", Parent: "f"},
	}
	got := lines(Layout(items))
	for _, want := range []string{"a\n", "b\n", "\uFFFD bad utf-8\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("Layout() =\n%s\nwant it to contain %q", got, want)
		}
	}
	if Layout(nil) != nil || Layout([]Item{{Text: " \n "}}) != nil {
		t.Error("Layout of no text should be nil")
	}
}

func BenchmarkLayout(b *testing.B) {
	var items []Item
	for c := range 10 {
		for r := range 100 {
			items = append(items, note("", "note", float64(c)*300, float64(r)*120))
		}
	}
	for b.Loop() {
		Layout(items)
	}
}
