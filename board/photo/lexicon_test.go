package photo

import "testing"

func TestClosestWord(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"WWGRATION", "MIGRATION", true}, // two edits in nine letters
		{"WGRATIONS", "MIGRATIONS", true},
		{"TiMELIWE", "TIMELINE", true}, // mostly capitals: capitals
		{"Contig", "Config", true},
		{"Schemp", "Schema", true},
		{"OPSTREAMS", "UPSTREAMS", true}, // plurals are in the vocabulary
		{"rollbak,", "rollback,", true},  // trailing punctuation kept
		{"MIGRATION", "", false},         // a word already
		{"Contigs", "Configs", true},
		{"STOPPED", "", false}, // a word not near any of the vocabulary
		{"Cxnfjg", "", false},  // two edits in six letters: too far
		{"v2.31", "", false},   // digits and marks: not a word to correct
		{"p99", "", false},     // too short
		{"deploy", "", false},  // already a word
		{"deplay", "deploy", true},
		{"SCHEMAS", "", false},  // a word already (plural)
		{"releases", "", false}, // a word already (plural)
		{"restors", "", false},  // "restore" and "restores": as close; no guess
	} {
		got, ok := closestWord(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("closestWord(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		max  int
		want int
	}{
		{"kitten", "sitting", 5, 3}, {"", "abc", 5, 3}, {"abc", "abc", 5, 0},
		{"migration", "wwgration", 5, 2}, {"abcdef", "uvwxyz", 2, 3}, // over max: max+1
	} {
		if got := editDistance(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}
