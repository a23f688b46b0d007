package timeline

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hindsight-dev/hindsight"
)

// step is one line of a resolver script: an expression to resolve, or a
// date heading ("date 2017-07-30") to pass to SetDate.
type step struct {
	in      string
	start   string // describe(start)
	end     string // describe(end), "" when no range
	reasons []string
}

// describe writes a resolved time as wall clock, zone and whether the date
// is known: "2026-11-20 14:32:00 PST -08:00", "0001-01-01 14:32:00 no-date
// no-zone".
func describe(t *hindsight.Time) string {
	if t == nil {
		return "nil"
	}
	s := t.Wall.Format("2006-01-02 15:04:05")
	if !t.DateKnown {
		s += " no-date"
	}
	if !t.ZoneKnown {
		return s + " no-zone"
	}
	return s + " " + t.Zone + " " + t.Wall.Format("-07:00")
}

func TestResolver(t *testing.T) {
	tests := []struct {
		name  string
		r     Resolver
		steps []step
	}{
		{"date from document", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "14:32", start: "2026-11-20 14:32:00 no-zone"},
			{in: "14:40:05", start: "2026-11-20 14:40:05 no-zone"},
		}},
		{"no date known", Resolver{}, []step{
			{in: "14:32", start: "0001-01-01 14:32:00 no-date no-zone"},
		}},
		{"set date", Resolver{Year: 2017, Month: 7, Day: 28}, []step{
			{in: "10:00", start: "2017-07-28 10:00:00 no-zone"},
			{in: "date 2017-07-30"},
			{in: "09:00", start: "2017-07-30 09:00:00 no-zone"},
		}},
		{"set date without document date", Resolver{}, []step{
			{in: "date 2017-07-30"},
			{in: "09:00", start: "2017-07-30 09:00:00 no-zone"},
		}},
		{"set date backwards is out of order, not a rollover", Resolver{Year: 2017, Month: 7, Day: 30}, []step{
			{in: "10:00", start: "2017-07-30 10:00:00 no-zone"},
			{in: "date 2017-07-29"},
			{in: "09:00", start: "2017-07-29 09:00:00 no-zone", reasons: []string{"out of order: 2017-07-29 09:00 comes after 2017-07-30 10:00"}},
		}},
		{"rollover past midnight", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "23:50", start: "2026-11-20 23:50:00 no-zone"},
			{in: "00:10", start: "2026-11-21 00:10:00 no-zone"},
			{in: "00:15", start: "2026-11-21 00:15:00 no-zone"},
		}},
		{"12-hour clock carried on", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "1:55pm", start: "2026-11-20 13:55:00 no-zone"},
			{in: "2:05", start: "2026-11-20 14:05:00 no-zone"},
			{in: "2:10–2:40", start: "2026-11-20 14:10:00 no-zone", end: "2026-11-20 14:40:00 no-zone"},
			{in: "11:40pm", start: "2026-11-20 23:40:00 no-zone"},
			{in: "12:05", start: "2026-11-21 00:05:00 no-zone"},
			{in: "1:30", start: "2026-11-21 01:30:00 no-zone"},
		}},
		{"12-hour clock over noon", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "11:50am", start: "2026-11-20 11:50:00 no-zone"},
			{in: "12:05", start: "2026-11-20 12:05:00 no-zone"},
			{in: "1:10", start: "2026-11-20 13:10:00 no-zone"},
			{in: "14:20", start: "2026-11-20 14:20:00 no-zone"},
		}},
		{"am/pm in prose, a 24-hour timeline after it", Resolver{Year: 2023, Month: 1, Day: 5}, []step{
			{in: "11AM", start: "2023-01-05 11:00:00 no-zone"},
			{in: "10:26", start: "2023-01-05 10:26:00 no-zone", reasons: []string{"out of order: 10:26 comes after 11:00"}},
			{in: "10:30", start: "2023-01-05 10:30:00 no-zone"},
			{in: "12:20", start: "2023-01-05 12:20:00 no-zone"},
		}},
		{"a 24-hour time ends the 12-hour run", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "11:50am", start: "2026-11-20 11:50:00 no-zone"},
			{in: "13:10", start: "2026-11-20 13:10:00 no-zone"},
			{in: "9:30", start: "2026-11-20 09:30:00 no-zone", reasons: []string{"out of order: 09:30 comes after 13:10"}},
		}},
		{"a leading zero is the 24-hour clock", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "1:55pm", start: "2026-11-20 13:55:00 no-zone"},
			{in: "02:05", start: "2026-11-20 02:05:00 no-zone", reasons: []string{"out of order: 02:05 comes after 13:55"}},
		}},
		{"24-hour clock: no am/pm written, none inferred", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "13:55", start: "2026-11-20 13:55:00 no-zone"},
			{in: "2:05", start: "2026-11-20 02:05:00 no-zone", reasons: []string{"out of order: 02:05 comes after 13:55"}},
		}},
		{"rollover without date", Resolver{}, []step{
			{in: "22:00", start: "0001-01-01 22:00:00 no-date no-zone"},
			{in: "01:30", start: "0001-01-02 01:30:00 no-date no-zone"},
		}},
		{"rollover after dated entry", Resolver{}, []step{
			{in: "2026-11-20 23:00", start: "2026-11-20 23:00:00 no-zone"},
			{in: "00:30", start: "2026-11-21 00:30:00 no-zone"},
		}},
		{"two zones in one timeline", Resolver{Year: 2026, Month: 10, Day: 2}, []step{
			{in: "16:41 PDT", start: "2026-10-02 16:41:00 PDT -07:00"},
			{in: "01:50 CEST", start: "2026-10-03 01:50:00 CEST +02:00"},
			{in: "17:00 PDT", start: "2026-10-02 17:00:00 PDT -07:00"},
			{in: "17:12 PDT", start: "2026-10-02 17:12:00 PDT -07:00"},
		}},
		{"rollover with zones", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "23:50 UTC", start: "2026-11-20 23:50:00 UTC +00:00"},
			{in: "00:10 UTC", start: "2026-11-21 00:10:00 UTC +00:00"},
		}},
		{"out of order", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "14:32", start: "2026-11-20 14:32:00 no-zone"},
			{in: "14:20", start: "2026-11-20 14:20:00 no-zone", reasons: []string{"out of order: 14:20 comes after 14:32"}},
			{in: "14:25", start: "2026-11-20 14:25:00 no-zone"},
		}},
		{"explicit date backwards", Resolver{}, []step{
			{in: "2026-11-20 14:32", start: "2026-11-20 14:32:00 no-zone"},
			{in: "2026-11-19 23:00", start: "2026-11-19 23:00:00 no-zone", reasons: []string{"out of order: 2026-11-19 23:00 comes after 2026-11-20 14:32"}},
		}},
		{"stated zones", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "14:32 PST", start: "2026-11-20 14:32:00 PST -08:00"},
			{in: "23:40 UTC", start: "2026-11-20 23:40:00 UTC +00:00"},
			// 05:30 +05:30 on the 20th is 00:00 UTC, 23h40 before the
			// previous time: past midnight.
			{in: "05:30 +05:30", start: "2026-11-21 05:30:00 +05:30 +05:30"},
			{in: "05:45 IST", start: "2026-11-21 05:45:00 IST +05:30"},
		}},
		{"document zone", Resolver{Year: 2026, Month: 11, Day: 20, Zone: "CET"}, []step{
			{in: "14:32", start: "2026-11-20 14:32:00 CET +01:00"},
			{in: "14:40 UTC", start: "2026-11-20 14:40:00 UTC +00:00"},
		}},
		{"document zone offset", Resolver{Zone: "+02:00"}, []step{
			{in: "14:32", start: "0001-01-01 14:32:00 no-date +02:00 +02:00"},
		}},
		{"unknown document zone", Resolver{Zone: "Mars/Olympus"}, []step{
			{in: "14:32", start: "0001-01-01 14:32:00 no-date no-zone", reasons: []string{`document zone "Mars/Olympus" not recognised; times left without a zone`}},
			{in: "14:40", start: "0001-01-01 14:40:00 no-date no-zone"},
		}},
		{"relative from start and previous", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "14:32", start: "2026-11-20 14:32:00 no-zone"},
			{in: "T+5m", start: "2026-11-20 14:37:00 no-zone"},
			{in: "+10 min", start: "2026-11-20 14:47:00 no-zone"},
			{in: "10 minutes later", start: "2026-11-20 14:57:00 no-zone"},
			{in: "T+1h30m", start: "2026-11-20 16:02:00 no-zone"},
			{in: "T+90s", start: "2026-11-20 14:33:30 no-zone", reasons: []string{"out of order: 14:33:30 comes after 16:02"}},
		}},
		{"relative keeps zone", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "14:32 PST", start: "2026-11-20 14:32:00 PST -08:00"},
			{in: "an hour later", start: "2026-11-20 15:32:00 PST -08:00"},
		}},
		{"relative across midnight", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "23:50", start: "2026-11-20 23:50:00 no-zone"},
			{in: "+20 min", start: "2026-11-21 00:10:00 no-zone"},
			{in: "00:15", start: "2026-11-21 00:15:00 no-zone"},
		}},
		{"relative with nothing to count from", Resolver{}, []step{
			{in: "T+5m", start: "nil", reasons: []string{"relative time with nothing to count from"}},
			{in: "+10 min", start: "nil", reasons: []string{"relative time with nothing to count from"}},
			{in: "14:00", start: "0001-01-01 14:00:00 no-date no-zone"},
			{in: "T+5m", start: "0001-01-01 14:05:00 no-date no-zone"},
		}},
		{"range", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "14:32–14:45 UTC", start: "2026-11-20 14:32:00 UTC +00:00", end: "2026-11-20 14:45:00 UTC +00:00"},
		}},
		{"range across midnight", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "23:50-00:10", start: "2026-11-20 23:50:00 no-zone", end: "2026-11-21 00:10:00 no-zone"},
		}},
		{"range end in another zone", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "14:00 UTC to 16:00 CET", start: "2026-11-20 14:00:00 UTC +00:00", end: "2026-11-20 16:00:00 CET +01:00"},
		}},
		{"range end before start", Resolver{}, []step{
			{in: "2026-11-20 14:00 to 2026-11-19 15:00", start: "2026-11-20 14:00:00 no-zone", end: "2026-11-19 15:00:00 no-zone",
				reasons: []string{"end of range before its start: 2026-11-20 14:00 to 2026-11-19 15:00"}},
		}},
		{"approximate", Resolver{Year: 2026, Month: 11, Day: 20}, []step{
			{in: "~14:30", start: "2026-11-20 14:30:00 no-zone", reasons: []string{"approximate time (as written: ~14:30)"}},
			{in: "about 10 minutes later", start: "2026-11-20 14:40:00 no-zone", reasons: []string{"approximate time (as written: about 10 minutes later)"}},
		}},
		{"date without year takes the document year", Resolver{Year: 2026}, []step{
			{in: "Nov 20 14:32", start: "2026-11-20 14:32:00 no-zone"},
			{in: "14:40", start: "2026-11-20 14:40:00 no-zone"},
		}},
		{"date without year wraps into the next year", Resolver{Year: 2026, Month: 12, Day: 31}, []step{
			{in: "Dec 31 23:50", start: "2026-12-31 23:50:00 no-zone"},
			{in: "Jan 1 00:10", start: "2027-01-01 00:10:00 no-zone"},
		}},
		{"date without year and no year known", Resolver{}, []step{
			{in: "Nov 20 14:32", start: "0001-11-20 14:32:00 no-date no-zone"},
		}},
		{"log style date", Resolver{Year: 2024}, []step{
			{in: "03-26 02:50", start: "2024-03-26 02:50:00 no-zone"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			for _, st := range tc.steps {
				var y, m, d int
				if n, _ := fmt.Sscanf(st.in, "date %d-%d-%d", &y, &m, &d); n == 3 {
					r.SetDate(y, m, d)
					continue
				}
				e, err := Parse(st.in)
				if err != nil {
					t.Fatalf("Parse(%q) error: %v", st.in, err)
				}
				start, end, reasons := r.Resolve(e)
				got := step{in: st.in, start: describe(start), reasons: reasons}
				if end != nil {
					got.end = describe(end)
				}
				if diff := cmp.Diff(st, got, cmp.AllowUnexported(step{})); diff != "" {
					t.Errorf("Resolve(%q) mismatch (-want +got):\n%s", st.in, diff)
				}
			}
		})
	}
}

func TestResolverISO(t *testing.T) {
	tests := []struct {
		in      string
		zone    string
		iso     string
		clock   string
		seconds bool
	}{
		{"14:32", "", "2026-11-20T14:32:00", "14:32", false},
		{"14:32:05", "", "2026-11-20T14:32:05", "14:32:05", true},
		{"14:32 UTC", "", "2026-11-20T14:32:00Z", "14:32", false},
		{"14:32Z", "", "2026-11-20T14:32:00Z", "14:32", false},
		{"2:32 PM PST", "", "2026-11-20T14:32:00-08:00", "14:32", false},
		{"14:32 +02:00", "", "2026-11-20T14:32:00+02:00", "14:32", false},
		{"14:32", "CEST", "2026-11-20T14:32:00+02:00", "14:32", false},
		{"2026-11-21T01:02:03-07:00", "", "2026-11-21T01:02:03-07:00", "01:02:03", true},
	}
	for _, tc := range tests {
		t.Run(tc.in+"/"+tc.zone, func(t *testing.T) {
			e, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tc.in, err)
			}
			r := Resolver{Year: 2026, Month: 11, Day: 20, Zone: tc.zone}
			start, _, _ := r.Resolve(e)
			if got := start.ISO(); got != tc.iso {
				t.Errorf("Resolve(%q).ISO() = %q, want %q", tc.in, got, tc.iso)
			}
			if got := start.Clock(); got != tc.clock || start.Seconds != tc.seconds {
				t.Errorf("Resolve(%q).Clock() = %q (seconds %v), want %q (seconds %v)", tc.in, got, start.Seconds, tc.clock, tc.seconds)
			}
			back, err := hindsight.ParseISO(start.ISO())
			if err != nil || back.Sub(*start) != 0 {
				t.Errorf("ParseISO(%q) = %v, %v; want the same instant", start.ISO(), back, err)
			}
		})
	}
	var r Resolver
	e, _ := Parse("14:32")
	if start, _, _ := r.Resolve(e); start.ISO() != "" || start.DateKnown {
		t.Errorf("Resolve(%q) with no date: ISO() = %q, DateKnown %v, want \"\", false", "14:32", start.ISO(), start.DateKnown)
	}
}

func TestResolverKeepsItsOwnCopy(t *testing.T) {
	r := Resolver{Year: 2026, Month: 11, Day: 20}
	e, _ := Parse("14:32")
	start, _, _ := r.Resolve(e)
	start.Wall = start.Wall.AddDate(0, 0, 5) // the caller's to change
	e, _ = Parse("+10 min")
	if next, _, _ := r.Resolve(e); describe(next) != "2026-11-20 14:42:00 no-zone" {
		t.Errorf("Resolve(%q) after the caller changed the previous time = %s, want 2026-11-20 14:42:00 no-zone", "+10 min", describe(next))
	}
}

// TestTwelveHourNotFromProse: am/pm in a sentence ("assuming its end at
// 11AM") does not put the timeline's clocks on the 12-hour clock; it moved
// a 9:26 to 21:26.
func TestTwelveHourNotFromProse(t *testing.T) {
	r := &Resolver{Year: 2023, Month: 1, Day: 5}
	for _, tc := range []struct {
		in    string
		prose bool
		want  string
	}{{"11AM", true, "11:00"}, {"9:26", false, "09:26"}, {"9:47", false, "09:47"}, {"11:18", false, "11:18"}} {
		es := Find(tc.in)
		if len(es) != 1 {
			t.Fatalf("Find(%q) = %v", tc.in, es)
		}
		es[0].InProse = tc.prose
		start, _, _ := r.Resolve(es[0])
		if start.Clock() != tc.want {
			t.Errorf("%q: %s, want %s", tc.in, start.Clock(), tc.want)
		}
	}
}
