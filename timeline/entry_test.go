package timeline

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLeading(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ex
		rest string
		ok   bool
	}{
		{"plain", "14:32 deploy started", tm("14:32", 14, 32), "deploy started", true},
		{"em dash", "14:32 — deploy started", tm("14:32", 14, 32), "deploy started", true},
		{"en dash", "16:48 – More secrets found:", tm("16:48", 16, 48), "More secrets found:", true},
		{"hyphen", "17:56 - access removed", tm("17:56", 17, 56), "access removed", true},
		{"arrow", "14:15 -> paged on-call", tm("14:15", 14, 15), "paged on-call", true},
		{"long arrow", "14:15 --> paged", tm("14:15", 14, 15), "paged", true},
		{"double arrow", "14:15 => paged", tm("14:15", 14, 15), "paged", true},
		{"arrow sign", "14:15 → paged", tm("14:15", 14, 15), "paged", true},
		{"colon", "2023-11-01 10:41: Prometheus restarted", tm("2023-11-01 10:41", 10, 41).date(2023, 11, 1), "Prometheus restarted", true},
		{"bullet dash", "- 08:33 Start the deployment", tm("08:33", 8, 33), "Start the deployment", true},
		{"bullet star", "* 2025-10-29 14:05 Communicated", tm("2025-10-29 14:05", 14, 5).date(2025, 10, 29), "Communicated", true},
		{"bullet plus", "+ 14:32 deploy", tm("14:32", 14, 32), "deploy", true},
		{"bullet dot", "• 14:32 deploy", tm("14:32", 14, 32), "deploy", true},
		{"numbered dot", "1. 14:32 deploy", tm("14:32", 14, 32), "deploy", true},
		{"numbered paren", "12) 14:32 deploy", tm("14:32", 14, 32), "deploy", true},
		{"bold", "- **14:30** Admins from our sister team", tm("14:30", 14, 30), "Admins from our sister team", true},
		{"bold dated colon", "- **2020-09-03 13:57**: We ran a deployment", tm("2020-09-03 13:57", 13, 57).date(2020, 9, 3), "We ran a deployment", true},
		{"italic", "* *14:08* Production is monkey-patched", tm("14:08", 14, 8), "Production is monkey-patched", true},
		{"html bold", "<b>12:57 UTC</b> – The package downgrade", tm("12:57 UTC", 12, 57).zone("UTC", 0), "The package downgrade", true},
		{"table", "| 2022-07-07 09:08 | [No Data] Topic |", tm("2022-07-07 09:08", 9, 8).date(2022, 7, 7), "[No Data] Topic |", true},
		{"bracket log", "[03-26 02:50] kubelet restarted", tm("03-26 02:50", 2, 50).date(0, 3, 26), "kubelet restarted", true},
		{"log at start", "03-26 02:50 kubelet restarted", tm("03-26 02:50", 2, 50).date(0, 3, 26), "kubelet restarted", true},
		{"bracket clock", "- [14:32] deploy", tm("14:32", 14, 32), "deploy", true},
		{"at", "At 14:32 the deploy began", tm("14:32", 14, 32), "the deploy began", true},
		{"at lower comma", "at 14:32, the deploy began", tm("14:32", 14, 32), "the deploy began", true},
		{"tilde", "~14:30 — pager fired", tm("~14:30", 14, 30).approx(), "pager fired", true},
		{"around", "Around 09:50 (CEST), we ran a deployment", tm("Around 09:50 (CEST)", 9, 50).zone("CEST", 7200).approx(), "we ran a deployment", true},
		{"range", "14:32–14:45 canary at 5%", tm("14:32–14:45", 14, 32).to(tm("14:45", 14, 45)), "canary at 5%", true},
		{"relative", "T+5m — errors climb", rel("T+5m", 5*time.Minute, AnchorStart), "errors climb", true},
		{"relative plus", "+10 min: rollback", rel("+10 min", 10*time.Minute, AnchorPrevious), "rollback", true},
		{"relative later", "10 minutes later, recovered", rel("10 minutes later", 10*time.Minute, AnchorPrevious), "recovered", true},
		{"indented", "    - 14:32 deploy", tm("14:32", 14, 32), "deploy", true},
		{"time only", "14:32", tm("14:32", 14, 32), "", true},
		{"prose", "The deploy began at 14:32", ex{}, "", false},
		{"date only", "2026-11-20 — deploy", ex{}, "", false},
		{"numbered prose", "10. Deployed at 14:32", ex{}, "", false},
		{"version", "- v1.14.3 released", ex{}, "", false},
		{"empty", "", ex{}, "", false},
		{"bullet only", "- ", ex{}, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, rest, ok := Leading(tc.in)
			if ok != tc.ok || rest != tc.rest {
				t.Fatalf("Leading(%q) = %q, %q, %v, want %q, %q, %v", tc.in, got.Text, rest, ok, tc.want.Text, tc.rest, tc.ok)
			}
			if !ok {
				return
			}
			from := strings.Index(tc.in, tc.want.Text)
			if diff := cmp.Diff(tc.want.place(tc.in, from), got); diff != "" {
				t.Errorf("Leading(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "empty"},
		{"   ", "empty"},
		{"25:00", "hour 25 is out of range"},
		{"14:61", "minute 61 is out of range"},
		{"v1.14.3", "not a time expression"},
		{"deploy", "not a time expression"},
		{"14:32 deploy", `unexpected "deploy" after "14:32"`},
		{"14:32 14:40", `unexpected "14:40" after "14:32"`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := Parse(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%q) error = %v, want one containing %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestParseOffsets(t *testing.T) {
	e, err := Parse("  14:32 UTC \n")
	if err != nil {
		t.Fatalf("Parse error: %v", err)
	}
	if e.Start != 2 || e.End != 11 || e.Text != "14:32 UTC" {
		t.Errorf("Parse(%q) = %d:%d %q, want 2:11 %q", "  14:32 UTC \n", e.Start, e.End, e.Text, "14:32 UTC")
	}
}
