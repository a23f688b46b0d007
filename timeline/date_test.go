package timeline

import "testing"

func TestFindDate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		y, m, d int
		ok      bool
	}{
		{"iso", "2026-11-20", 2026, 11, 20, true},
		{"iso slash", "2026/11/20", 2026, 11, 20, true},
		{"iso in heading", "# Incident on 2022-07-11 - Slow performance", 2022, 7, 11, true},
		{"iso with clock", "2026-11-20T14:32Z", 2026, 11, 20, true},
		{"month day year", "Nov 20, 2026", 2026, 11, 20, true},
		{"full month ordinal year", "November 20th 2026", 2026, 11, 20, true},
		{"day month year", "20 Nov 2026", 2026, 11, 20, true},
		{"ordinal of month year", "20th of November 2026", 2026, 11, 20, true},
		{"weekday day-first dashes", "<h3>Wednesday 28-07-2017</h3>", 2017, 7, 28, true},
		{"day-first dashes ambiguous", "Friday 05-07-2017", 2017, 7, 5, true},
		{"day-first slashes ambiguous", "06/04/2023", 2023, 4, 6, true},
		{"month-first slashes", "11/20/2026", 2026, 11, 20, true},
		{"day-first dots", "**Date**: 27.11.2023", 2023, 11, 27, true},
		{"in parens", `Service Disruption (29-01-2026)"`, 2026, 1, 29, true},
		{"ordinal of month no year", "15th of February", 0, 2, 15, true},
		{"day with dot", "On Monday 3. February 2020, a planned upgrade", 2020, 2, 3, true},
		{"day with dot no year", "On 17. November, KIAM was upgraded", 0, 11, 17, true},
		{"month day no year", "On March 19 we deployed", 0, 3, 19, true},
		{"file name", "2018-03-23-post-mortem.md", 2018, 3, 23, true},
		{"path", "_posts/2018-03-23-post-mortem.md", 2018, 3, 23, true},
		{"first of two", "from 2026-11-20 to 2026-11-21", 2026, 11, 20, true},
		{"leap day", "2024-02-29", 2024, 2, 29, true},
		{"id", "PM2021-002", 0, 0, 0, false},
		{"id with date-like tail", "PM2021-002 - Flux version bump", 0, 0, 0, false},
		{"version", "release 0.2.119", 0, 0, 0, false},
		{"ip", "10.0.32.54", 0, 0, 0, false},
		{"dotted version with year", "v1.2.2023", 0, 0, 0, false},
		{"not a leap day", "2023-02-29", 0, 0, 0, false},
		{"month 13", "2026-13-01", 0, 0, 0, false},
		{"day 32", "32/01/2026", 0, 0, 0, false},
		{"lower case month without year", "we may 5 times", 0, 0, 0, false},
		{"clock", "14:32", 0, 0, 0, false},
		{"year alone", "in 2026", 0, 0, 0, false},
		{"empty", "", 0, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			y, m, d, ok := FindDate(tc.in)
			if y != tc.y || m != tc.m || d != tc.d || ok != tc.ok {
				t.Errorf("FindDate(%q) = %d, %d, %d, %v, want %d, %d, %d, %v", tc.in, y, m, d, ok, tc.y, tc.m, tc.d, tc.ok)
			}
		})
	}
}

func TestZone(t *testing.T) {
	const hr = 3600
	tests := []struct {
		in     string
		offset int
		ok     bool
	}{
		{"UTC", 0, true}, {"GMT", 0, true}, {"Z", 0, true}, {"utc", 0, true},
		{"PST", -8 * hr, true}, {"PDT", -7 * hr, true}, {"MST", -7 * hr, true}, {"MDT", -6 * hr, true},
		{"CST", -6 * hr, true}, {"CDT", -5 * hr, true}, {"EST", -5 * hr, true}, {"EDT", -4 * hr, true},
		{"CET", hr, true}, {"CEST", 2 * hr, true}, {"BST", hr, true}, {"IST", 5*hr + 30*60, true},
		{"JST", 9 * hr, true}, {"AEST", 10 * hr, true}, {"AEDT", 11 * hr, true},
		{"EET", 2 * hr, true}, {"EEST", 3 * hr, true}, {"WET", 0, true}, {"WEST", hr, true},
		{"HST", -10 * hr, true}, {"AKST", -9 * hr, true}, {"AKDT", -8 * hr, true},
		{"NZST", 12 * hr, true}, {"NZDT", 13 * hr, true}, {"SGT", 8 * hr, true}, {"HKT", 8 * hr, true},
		{"KST", 9 * hr, true}, {"MSK", 3 * hr, true},
		{"+02:00", 2 * hr, true}, {"+0200", 2 * hr, true}, {"-07:00", -7 * hr, true}, {"-0700", -7 * hr, true},
		{"+05:30", 5*hr + 30*60, true},
		{"UTC+2", 2 * hr, true}, {"GMT-8", -8 * hr, true}, {"UTC+05:30", 5*hr + 30*60, true}, {"UTC-0330", -3*hr - 30*60, true},
		{" (UTC) ", 0, true}, {"cest", 2 * hr, true},
		{"", 0, false}, {"XYZ", 0, false}, {"Europe/Berlin", 0, false}, {"+25:00", 0, false},
		{"-13:00", 0, false}, {"-1201", 0, false}, {"UTC-12:30", 0, false}, {"+14:00", 14 * hr, true}, {"-12:00", -12 * hr, true}, {"+02:75", 0, false}, {"UTC+", 0, false}, {"UTC+2x", 0, false}, {"PSTX", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			off, ok := Zone(tc.in)
			if off != tc.offset || ok != tc.ok {
				t.Errorf("Zone(%q) = %d, %v, want %d, %v", tc.in, off, ok, tc.offset, tc.ok)
			}
		})
	}
}

func TestDayMonth(t *testing.T) {
	for _, tc := range []struct {
		in         string
		month, day int
		ok         bool
	}{
		{"3/21", 3, 21, true}, {"21/3", 3, 21, true}, {"3/4", 4, 3, true}, {"12/12", 12, 12, true},
		{"29/2", 2, 29, true}, {"31/2", 0, 0, false}, {"1/32", 0, 0, false}, {"13/13", 0, 0, false},
		{"2.4", 0, 0, false}, {"3/21/2026", 0, 0, false}, {"3/", 0, 0, false}, {"/3", 0, 0, false},
		{"123/4", 0, 0, false}, {"", 0, 0, false}, {"3/21 ", 0, 0, false},
	} {
		m, d, ok := DayMonth(tc.in)
		if ok != tc.ok || ok && (m != tc.month || d != tc.day) {
			t.Errorf("DayMonth(%q) = %d, %d, %v; want %d, %d, %v", tc.in, m, d, ok, tc.month, tc.day, tc.ok)
		}
	}
}
