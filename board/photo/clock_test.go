package photo

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// ctcReference is log P(label | steps) by the textbook CTC forward pass, in
// logs, one label at a time: what clockScores computes for all 1440 times
// at once (less the best path).
func ctcReference(steps []step, label string) float64 {
	l := []rune(label)
	n := 2*len(l) + 1
	emit := func(t, i int) float64 {
		if i%2 == 0 {
			return math.Log(steps[t].blank())
		}
		return math.Log(steps[t].emit(l[i/2]))
	}
	prev, cur := make([]float64, n), make([]float64, n)
	for i := range prev {
		prev[i] = math.Inf(-1)
	}
	prev[0], prev[1] = emit(0, 0), emit(0, 1)
	for t := 1; t < len(steps); t++ {
		for i := range cur {
			a := prev[i]
			if i >= 1 {
				a = logAdd(a, prev[i-1])
			}
			if i >= 2 && i%2 == 1 && l[i/2] != l[i/2-1] {
				a = logAdd(a, prev[i-2])
			}
			cur[i] = a + emit(t, i)
		}
		prev, cur = cur, prev
	}
	var best float64
	for _, st := range steps {
		best += math.Log(st.best())
	}
	return logAdd(prev[n-1], prev[n-2]) - best
}

func logAdd(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// readSteps makes the timesteps of a clean reading of text: each character
// over two timesteps, blanks between, a little doubt everywhere.
func readSteps(text string) []step {
	steps := []step{{{"", 0.99}}}
	for _, r := range text {
		c := string(r)
		steps = append(steps, step{{"", 0.6}, {c, 0.3}}, step{{c, 0.9}, {"", 0.05}}, step{{"", 0.95}})
	}
	return append(steps, step{{"", 0.99}})
}

func TestClockScoresMatchCTC(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	chars := []string{"", "1", "2", "4", ":", ";", "k", "O", "S", "7"}
	for trial := range 5 {
		var steps []step
		for range 8 + rng.Intn(20) {
			var st step
			for _, c := range chars {
				if rng.Intn(3) == 0 {
					st = append(st, choice{c, rng.Float64()})
				}
			}
			steps = append(steps, st)
		}
		got := clockScores(steps)
		for _, m := range []int{0, 61, 21*60 + 15, 11*60 + 11, 23*60 + 59} {
			want := ctcReference(steps, fmt.Sprintf("%02d:%02d", m/60, m%60))
			if math.Abs(got[m]-want) > 1e-9*max(1, math.Abs(want)) {
				t.Errorf("trial %d, %02d:%02d: clockScores %.9f, CTC %.9f", trial, m/60, m%60, got[m], want)
			}
		}
	}
}

func TestClockDecode(t *testing.T) {
	for _, tc := range []struct {
		read string
		want int // minute; -1: none
	}{
		{"21:15", 21*60 + 15},
		{"21;15", 21*60 + 15}, // a colon read as a semicolon
		{"O9:4O", 9*60 + 40},  // O for 0
		{"", -1},              // too few timesteps for a time
	} {
		r := clockReading{first: readSteps(tc.read)}
		r.decode()
		if r.minute != tc.want {
			t.Errorf("%q: decoded %d, want %d", tc.read, r.minute, tc.want)
		}
		if r.minute >= 0 && (r.margin < clockMargin || r.fit < clockFit) {
			t.Errorf("%q: margin %.1f, fit %.1f: a clean reading must pass", tc.read, r.margin, r.fit)
		}
	}
	// Without its leading zero, 9:40 could as well be 19:40: no margin, and
	// the word stays as read.
	r := clockReading{first: readSteps("9:40")}
	r.decode()
	if r.margin >= clockMargin {
		t.Errorf("9:40: margin %.1f, want < %v", r.margin, clockMargin)
	}
	// The crop's reading counts as much as the page's: two readings that
	// disagree on the hour leave no margin.
	r = clockReading{first: readSteps("21:15"), second: readSteps("11:15")}
	r.decode()
	if r.margin >= clockMargin {
		t.Errorf("21:15 and 11:15: margin %.1f, want < %v", r.margin, clockMargin)
	}
}

func TestClockLike(t *testing.T) {
	const sure = 85
	for _, tc := range []struct {
		text string
		conf float64
		want bool
	}{
		{"2k1S", 0, true}, {"222", 37, true}, {"2:30", 80, true}, {"22;05", 84, true},
		{"21:15", 97, false}, // read, and sure
		{"47:25", 94, true},  // shaped like a time, but not one
		{"09;03", 87, true},
		{"1500", 93, false}, // a number, read clearly
		{"1.", 40, false}, {"+t", 0, false}, {"ROLLBACK", 20, false}, {"v5.3.1.0", 50, false},
	} {
		if got := clockLike(tc.text, tc.conf, sure); got != tc.want {
			t.Errorf("clockLike(%q, %v) = %v, want %v", tc.text, tc.conf, got, tc.want)
		}
	}
}

func TestInOrder(t *testing.T) {
	at := func(s string) int { return clockMinute(s) }
	for _, tc := range []struct {
		name  string
		times []string // "=" before a time: a sure reading (anchor); "" no time
		want  []string // the decoded times kept, "" for dropped
	}{
		{"a timeline", []string{"21:15", "21:18", "21:22", "", "21:41", "22:05"},
			[]string{"21:15", "21:18", "21:22", "", "21:41", "22:05"}},
		{"across midnight", []string{"23:41", "=23:50", "00:06", "01:15"},
			[]string{"23:41", "", "00:06", "01:15"}},
		{"numbers among times", []string{"=10:02", "15:00", "10:31", "20:24", "=11:45"},
			[]string{"", "", "10:31", "", ""}},
		{"one time is no timeline", []string{"12:30"}, []string{""}},
		{"backwards", []string{"=14:02", "12:19", "=14:47"}, []string{"", "", ""}},
	} {
		var rs []*clockReading
		for _, s := range tc.times {
			r := &clockReading{minute: -1, margin: 1}
			if s != "" {
				r.anchor = s[0] == '='
				r.minute = at(s[len(s)-5:])
			}
			rs = append(rs, r)
		}
		inOrder(rs)
		for i, r := range rs {
			got := ""
			if r.minute >= 0 && !r.anchor {
				got = fmt.Sprintf("%02d:%02d", r.minute/60, r.minute%60)
			}
			if got != tc.want[i] {
				t.Errorf("%s: time %d: kept %q, want %q", tc.name, i, got, tc.want[i])
			}
		}
	}
}

func TestParseHOCR(t *testing.T) {
	// The shape of Tesseract 5's hOCR with lstm_choice_mode=1, cut down.
	const hocr = `  <div class='ocr_page' id='page_1' title='image "a.pgm"; bbox 0 0 198 151; ppageno 0'>
      <span class='ocrx_word' id='word_1_1' title='bbox 53 59 160 94; x_wconf 47'>+00
       <span class='ocr_symbol' id='symbol_1_1_1'>
        <span class='ocrx_cinfo' id='timestep1_1_1'>
         <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 72'></span>
         <span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 18'>4</span>
         <span class='ocrx_cinfo' id='choice_1_1_3' title='x_confs 3'>&amp;</span></span>
        <span class='ocrx_cinfo' id='timestep1_1_2'>
         <span class='ocrx_cinfo' id='choice_1_1_4' title='x_confs 99'>0</span></span></span>
  <div class='ocr_page' id='page_2' title='image "b.pgm"; bbox 0 0 10 10; ppageno 1'>
      <span class='ocrx_word' id='word_2_1' title='bbox 1 2 3 4; x_wconf 90'>7
        <span class='ocrx_cinfo' id='timestep2_1_1'>
         <span class='ocrx_cinfo' id='choice_2_1_1' title='x_confs 90'>7</span></span>
`
	got := parseHOCR([]byte(hocr))
	want := []hocrWord{
		{page: 1, box: rect{53, 59, 160, 94}, steps: []step{{{"", 0.72}, {"4", 0.18}, {"&", 0.03}}, {{"0", 0.99}}}},
		{page: 2, box: rect{1, 2, 3, 4}, steps: []step{{{"7", 0.9}}}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parseHOCR:\n got %v\nwant %v", got, want)
	}
}

// TestMinutePrior: where the evidence is torn between two last digits of the
// minute, the one people write more often wins; where it is clear, the
// evidence does.
func TestMinutePrior(t *testing.T) {
	torn := readSteps("16:5")
	torn = append(torn[:len(torn)-1], step{{"", 0.6}, {"9", 0.2}, {"0", 0.2}}, step{{"9", 0.45}, {"0", 0.45}}, step{{"", 0.99}})
	r := clockReading{first: torn}
	r.decode()
	if r.minute != 16*60+50 || r.margin < clockMargin {
		t.Errorf("16:5 then 9 or 0: decoded %02d:%02d (margin %.2f), want 16:50 by at least %v", r.minute/60, r.minute%60, r.margin, clockMargin)
	}
	r = clockReading{first: readSteps("16:59")}
	r.decode()
	if r.minute != 16*60+59 || r.margin < clockMargin {
		t.Errorf("a clear 16:59: decoded %02d:%02d (margin %.2f)", r.minute/60, r.minute%60, r.margin)
	}
	if minutePrior[0] <= minutePrior[5] || minutePrior[5] <= minutePrior[9] {
		t.Errorf("prior %.2f: want :x0 likelier than :x5, and :x5 than :x9", minutePrior)
	}
}

// TestMinuteDigits recounts minuteDigits: the last digits of the minutes of
// every clock time in ../shared/corpus's postmortems.
func TestMinuteDigits(t *testing.T) {
	const dir = "../../../shared/corpus"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no ../shared/corpus")
	}
	clock := regexp.MustCompile(`\b([01]?[0-9]|2[0-3]):[0-5]([0-9])\b`)
	var got [10]float64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for l := range strings.SplitSeq(string(b), "\n") {
			for _, m := range clock.FindAllStringSubmatch(l, -1) {
				got[m[2][0]-'0']++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != minuteDigits {
		t.Errorf("the corpus's minutes end in 0-9 %v times, minuteDigits has %v", got, minuteDigits)
	}
}

// TestInDoubt: a sure time is read again only when its own timesteps leave
// another time close to it.
func TestInDoubt(t *testing.T) {
	if inDoubt(readSteps("16:59"), 16*60+59) {
		t.Error("a clean 16:59 is in doubt")
	}
	torn := readSteps("16:5")
	torn = append(torn[:len(torn)-1], step{{"", 0.6}, {"9", 0.3}}, step{{"9", 0.6}, {"0", 0.3}}, step{{"", 0.99}})
	if !inDoubt(torn, 16*60+59) {
		t.Error("16:5 then 9 (0.6) or 0 (0.3): not in doubt")
	}
}
