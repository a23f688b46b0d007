package photo

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// spell makes the timesteps of a clear reading of s: each character on one
// timestep, a blank between.
func spell(s string) []step {
	var steps []step
	for _, r := range s {
		steps = append(steps, step{{text: string(r), p: 1}}, step{{text: "", p: 1}})
	}
	return steps
}

// score is ctcInput.score of s on steps.
func score(steps []step, s string) float64 { return newCTCInput(steps).score(s) }

func TestCTCScore(t *testing.T) {
	steps := spell("rollback")
	for _, tc := range []struct {
		s    string
		want float64 // ±0.1 (a timestep's unlisted characters count a little); -Inf for "far below"
	}{
		{"rollback", 0},
		{"ROLLBACK", 0}, // case does not count
		{"rolback", math.Inf(-1)},
		{"rollbacks", math.Inf(-1)},
		{"", math.Inf(-1)},
	} {
		got := score(steps, tc.s)
		if math.IsInf(tc.want, -1) {
			if got > -4 {
				t.Errorf("score(%q) = %.2f, want far below 0", tc.s, got)
			}
		} else if math.Abs(got-tc.want) > 0.1 {
			t.Errorf("score(%q) = %.2f, want %.2f", tc.s, got, tc.want)
		}
	}
	// A character held over two timesteps is one character, not two,
	// unless a blank parts them.
	steps = []step{{{"a", 1}}, {{"b", 1}}, {{"b", 1}}, {{"a", 1}}}
	if got := score(steps, "aba"); math.Abs(got) > 0.1 {
		t.Errorf(`score("abba" read as "aba") = %.2f, want 0`, got)
	}
	if got := score(steps, "abba"); got > -4 {
		t.Errorf(`score(no blank between the b's, "abba") = %.2f, want far below 0`, got)
	}
	// Case does not part a repeat: "lL" held on one timestep is one letter.
	steps = spell("rolb")
	if got := score(steps, "rolLb"); got > -4 {
		t.Errorf(`score("rolLb" on "rolb") = %.2f, want far below 0`, got)
	}
	// Probabilities split between two readings: each gets its share.
	steps = []step{{{"c", 0.6}, {"r", 0.4}}, {{"", 1}}, {{"o", 1}}}
	if got, want := score(steps, "ro"), math.Log(0.4/0.6); math.Abs(got-want) > 0.01 {
		t.Errorf(`score("ro") = %.3f, want %.3f`, got, want)
	}
	// A long word far less likely than the reading stays in range: 400
	// characters at 1/9 each is e^-879, below the smallest float64.
	var long []step
	for range 400 {
		long = append(long, step{{"b", 0.9}, {"a", 0.1}}, step{{"", 1}})
	}
	if got, want := score(long, strings.Repeat("a", 400)), 400*math.Log(0.1/0.9); math.Abs(got-want) > 5 {
		t.Errorf("score(400 characters) = %.1f, want %.1f", got, want)
	}
}

// misread makes timesteps that read as the first of each pair of
// characters with probability p, and as the second with 1-p: the LSTM's
// doubt between two letters.
func misread(pairs [][2]string, p float64) []step {
	var steps []step
	for _, c := range pairs {
		st := step{{text: c[0], p: p}}
		if c[1] != "" {
			st = append(st, choice{text: c[1], p: 1 - p})
		}
		steps = append(steps, st, step{{text: "", p: 1}})
	}
	return steps
}

func TestLikeliestWord(t *testing.T) {
	// "collwck": the LSTM weighed r against c, l against w... and the
	// vocabulary's "rollback" keeps most of the weight.
	doubt := misread([][2]string{{"c", "r"}, {"o", ""}, {"l", ""}, {"l", ""}, {"w", "b"}, {"c", "a"}, {"k", "c"}}, 0.6)
	// "rollback" needs a k after the c: the last timestep held both.
	doubt[len(doubt)-2] = step{{"k", 0.55}, {"c", 0.45}}
	doubt = append(doubt[:len(doubt)-1], step{{"k", 1}}, step{{"", 1}})
	checkCorrections(t, "likeliestWord", likeliestWord, []correction{
		{"doubt between letters", "collwck", doubt, "rollback", true},
		{"trailing punctuation kept", "collwck,", append(slices.Clone(doubt), step{{",", 1}}, step{{"", 1}}), "rollback,", true},
		{"a singular is not made plural", "reguest", misread([][2]string{{"r", ""}, {"e", ""}, {"g", "q"}, {"u", ""}, {"e", ""}, {"s", ""}, {"t", ""}}, 0.6), "request", true},
		// Every letter in doubt between "canary" and "memory": no guess.
		{"two words as near: no guess", "cenory", misread([][2]string{{"c", "m"}, {"e", "a"}, {"n", "m"}, {"o", "a"}, {"r", ""}, {"y", ""}}, 0.5), "", false},
		// One letter with no evidence at all is allowed in a long word
		// ("collwck" above), not in a short one.
		{"a short word is not respelled", "wrote", spell("wrote"), "", false},
		{"a reading the timesteps cannot hold", "rollbackqqqqqqqq", spell("rollbackqq"), "", false},
		{"capitals stay capitals", "COLLWCK", doubt, "ROLLBACK", true},
		{"a clear reading is left", "wrote", spell("wrote"), "", false},
		{"a vocabulary word is left", "canary", spell("canary"), "", false},
		{"the singular of one too", "alert", spell("alert"), "", false},
		{"short words are left", "@lee", spell("@lee"), "", false},
		{"no timesteps, no evidence", "collwck", nil, "", false},
		{"digits are not a word", "v2.41", spell("v2.41"), "", false},
	})
}

// correction is a case of likeliestWord or likeliestHeading.
type correction struct {
	name  string
	text  string
	steps []step
	want  string
	ok    bool
}

func checkCorrections(t *testing.T, name string, fn func(string, []step) (string, bool), cases []correction) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := fn(tc.text, tc.steps)
			if ok != tc.ok || got != tc.want {
				t.Errorf("%s(%q) = %q, %v; want %q, %v", name, tc.text, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// BenchmarkLikeliestWord scores one unsure word against the whole
// vocabulary: what the correction by evidence costs per word (a hard photo
// has a hundred or so).
func BenchmarkLikeliestWord(b *testing.B) {
	steps := misread([][2]string{{"c", "r"}, {"o", "a"}, {"l", "i"}, {"l", "t"}, {"w", "b"}, {"c", "a"}, {"k", "c"}, {"e", "s"}, {"r", "n"}}, 0.6)
	for b.Loop() {
		likeliestWord("collwcker", steps)
	}
}

func TestLikeliestHeading(t *testing.T) {
	// "FOES": the LSTM weighed "O" against "I" and saw an "X" it did not
	// keep.
	foes := []step{{{"F", 1}}, {{"", 1}}, {{"O", 0.6}, {"I", 0.4}}, {{"", 0.7}, {"X", 0.3}}, {{"E", 1}}, {{"", 1}}, {{"S", 1}}, {{"", 1}}}
	checkCorrections(t, "likeliestHeading", likeliestHeading, []correction{
		{"a misread heading", "FOES", foes, "FIXES", true},
		// "OKE" faint: timesteps the LSTM took for blanks, with a little
		// weight on the letters.
		{"letters of a heading lost", "WHAT BR", append(append(spell("WHAT"), spell("BR")...),
			step{{"", 0.8}, {"O", 0.2}}, step{{"", 0.8}, {"K", 0.2}}, step{{"", 0.8}, {"E", 0.2}}), "WHAT BROKE", true},
		{"a heading already", "TIMELINE", spell("TIMELINE"), "", false},
		{"a heading read as two words", "TIMEL INE", append(spell("TIMEL"), spell("INE")...), "TIMELINE", true},
		{"a two-word heading already", "WHAT BROKE", append(spell("WHAT"), spell("BROKE")...), "", false},
		{"the board's own heading", "NUMBERS", spell("NUMBERS"), "", false},
		{"a line of notes", "deploy v2", spell("deployv2"), "", false},
	})
	// In place: the first line of each column, not the lines under it.
	cols := [][]*line{{
		{words: []word{{text: "FOES", conf: 60, steps: foes}}},
		{words: []word{{text: "FOES", conf: 60, steps: foes}}},
	}}
	correctHeadings(cols)
	if a, b := cols[0][0].text(), cols[0][1].text(); a != "FIXES" || b != "FOES" {
		t.Errorf("correctHeadings: %q, %q; want the heading FIXES and the line under it as read", a, b)
	}
}
