package timeline

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hindsight-dev/hindsight"
)

// seed adds the inputs of the table tests to a fuzz corpus.
func seed(f *testing.F) {
	for _, tc := range findCases {
		f.Add(tc.in)
	}
	for _, s := range []string{"[14:32-03-26 02:50]", "12-3pm", "14:32 - 2026-11-20 14:40", "~~14:30",
		"11:59pm-12:01am", "2026-11-20T14:32-14:45", "from 9 to 5pm", "around T+5m", "14:32??", "Wednesday 28-07-2017"} {
		f.Add(s)
	}
	f.Add("- 14:32 deploy\n- 14:20 out of order\n- 23:50 late\n- 00:10 rollover\n- T+5m\n- +10 min\n- ~14:30?")
}

func FuzzFind(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, e := range Find(s) {
			if e.Start < end || e.Start >= e.End || e.End > len(s) {
				t.Fatalf("Find(%q): %q at %d:%d overlaps or leaves the string (previous end %d)", s, e.Text, e.Start, e.End, end)
			}
			checkExpr(t, s, e)
			if r := e.RangeEnd; r != nil {
				if r.Start < e.Start || r.End > e.End {
					t.Fatalf("Find(%q): range end %d:%d outside %d:%d", s, r.Start, r.End, e.Start, e.End)
				}
				checkExpr(t, s, *r)
			}
			end = e.End
		}
		if e, rest, ok := Leading(s); ok {
			checkExpr(t, s, e)
			if !strings.HasSuffix(s, rest) || len(rest) > len(s)-e.End {
				t.Fatalf("Leading(%q) rest %q is not the text after %q", s, rest, e.Text)
			}
		}
		if y, m, d, ok := FindDate(s); ok && !validDate(y, m, d) {
			t.Fatalf("FindDate(%q) = %d-%d-%d", s, y, m, d)
		}
		if off, ok := Zone(s); ok && (off < -12*3600 || off > 14*3600) {
			t.Fatalf("Zone(%q) = %d", s, off)
		}
	})
}

// checkExpr checks that the fields of e are in range.
func checkExpr(t *testing.T, s string, e Expr) {
	t.Helper()
	if e.Text != s[e.Start:e.End] {
		t.Fatalf("Find(%q): Text %q, want s[%d:%d] = %q", s, e.Text, e.Start, e.End, s[e.Start:e.End])
	}
	if e.Year != 0 && (e.Year < 1900 || e.Year > 2199) || e.Month < 0 || e.Month > 12 || e.Day < 0 || e.Day > 31 ||
		(e.Month == 0) != (e.Day == 0) || e.Year != 0 && e.Month == 0 {
		t.Fatalf("Find(%q): %q has date %d-%d-%d", s, e.Text, e.Year, e.Month, e.Day)
	}
	if e.Hour < 0 || e.Hour > 23 || e.Minute < 0 || e.Minute > 59 || e.Second < 0 || e.Second > 59 {
		t.Fatalf("Find(%q): %q has clock %d:%d:%d", s, e.Text, e.Hour, e.Minute, e.Second)
	}
	if e.HasZone && (e.Zone == "" || e.Offset < -12*3600 || e.Offset > 14*3600) || !e.HasZone && e.Zone != "" {
		t.Fatalf("Find(%q): %q has zone %q %d %v", s, e.Text, e.Zone, e.Offset, e.HasZone)
	}
	if e.Relative == e.HasClock || e.Relative && (e.Delta <= 0 || e.Anchor != AnchorStart && e.Anchor != AnchorPrevious) {
		t.Fatalf("Find(%q): %q is relative %v (%v from %q) with clock %v", s, e.Text, e.Relative, e.Delta, e.Anchor, e.HasClock)
	}
}

func FuzzParse(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range Find(s) {
			got, err := Parse(e.Text)
			if err != nil {
				t.Fatalf("Find(%q) found %q, but Parse(%q) error: %v", s, e.Text, e.Text, err)
			}
			if diff := cmp.Diff(shift(e, -e.Start), got); diff != "" {
				t.Fatalf("Find(%q) found %q; Parse(%q) differs (-find +parse):\n%s", s, e.Text, e.Text, diff)
			}
		}
		if e, err := Parse(s); err == nil {
			checkExpr(t, s, e)
			if strings.TrimSpace(s) != e.Text {
				t.Fatalf("Parse(%q) = %q, want the whole trimmed input", s, e.Text)
			}
		}
	})
}

// shift moves the offsets of e by d.
func shift(e Expr, d int) Expr {
	e.Start += d
	e.End += d
	if e.RangeEnd != nil {
		r := shift(*e.RangeEnd, d)
		e.RangeEnd = &r
	}
	return e
}

func FuzzResolve(f *testing.F) {
	for _, tc := range findCases {
		f.Add(tc.in, 2026, 11, 20, "")
	}
	f.Add("23:50 deploy\n00:10 alert\nT+5m\n+10 min\n14:20", 0, 0, 0, "CET")
	f.Add("2026-11-20 14:32 a\nDec 31 23:59\nJan 1 00:01\n~14:30?", 2026, 12, 31, "PST")
	f.Fuzz(func(t *testing.T, s string, year, month, day int, zone string) {
		r := Resolver{Year: 1900 + abs(year)%300, Month: abs(month) % 13, Day: abs(day) % 32, Zone: zone}
		for _, line := range strings.Split(s, "\n") {
			if y, m, d, ok := FindDate(line); ok && !strings.Contains(line, ":") {
				r.SetDate(y, m, d)
			}
			for _, e := range Find(line) {
				start, end, _ := r.Resolve(e)
				if start == nil && e.HasClock || end != nil && e.RangeEnd == nil {
					t.Fatalf("Resolve(%q) = %v, %v", e.Text, start, end)
				}
				checkISO(t, e, start)
				checkISO(t, e, end)
			}
		}
	})
}

// checkISO checks that a time with a known date writes an ISO form that
// reads back as the same instant.
func checkISO(t *testing.T, e Expr, tm *hindsight.Time) {
	t.Helper()
	if tm == nil || !tm.DateKnown {
		return
	}
	back, err := hindsight.ParseISO(tm.ISO())
	if err != nil {
		t.Fatalf("Resolve(%q).ISO() = %q: %v", e.Text, tm.ISO(), err)
	}
	if tm.ZoneKnown && !back.Wall.Equal(tm.Wall) || !tm.ZoneKnown && back.Sub(*tm) != 0 {
		t.Fatalf("Resolve(%q).ISO() = %q reads back as %v, want %v", e.Text, tm.ISO(), back.Wall, tm.Wall)
	}
}

func abs(n int) int {
	if n < 0 {
		if n == -n {
			return 0
		}
		return -n
	}
	return n
}
