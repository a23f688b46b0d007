package photo

import (
	"math"
	"strings"
	"unicode"
)

// ctcInput is a word's timesteps made ready for scoring many strings: the
// probabilities of the blank and of each letter (either case) at each
// timestep, over the timestep's best choice.
type ctcInput struct {
	steps     []step
	best      []float64
	blank     []float64
	letter    [][26]float64
	prev, cur []float64 // the forward variables, reused
}

func newCTCInput(steps []step) *ctcInput {
	in := &ctcInput{steps: steps, best: make([]float64, len(steps)), blank: make([]float64, len(steps)),
		letter: make([][26]float64, len(steps))}
	for t, st := range steps {
		b := st.best()
		in.best[t] = b
		in.blank[t] = st.blank() / b
		for c := range in.letter[t] {
			in.letter[t][c] = st.emitFold(rune('a'+c)) / b
		}
	}
	return in
}

// emit is the probability, over the best choice's, that timestep t shows
// r in either case.
func (in *ctcInput) emit(t int, r rune) float64 {
	if l := unicode.ToLower(r); l >= 'a' && l <= 'z' {
		return in.letter[t][l-'a']
	}
	return in.steps[t].emitFold(r) / in.best[t]
}

// score is how likely the timesteps are to spell s, ignoring case, under
// connectionist temporal classification (the sum over every alignment of
// s's characters to the timesteps, blanks between them and repeats
// collapsed), as the log of its probability over that of the best path,
// Tesseract's own reading. 0 means as likely as what Tesseract read; a
// string the timesteps barely hold scores far below. It is -Inf for an
// empty s or too few timesteps.
func (in *ctcInput) score(s string) float64 {
	target := []rune(strings.ToLower(s)) // case-folded, as the emissions are: "lL" is a repeat
	T, L := len(in.steps), len(target)
	if L == 0 || T == 0 {
		return math.Inf(-1)
	}
	// The forward variables over the extended target: blank, c1, blank,
	// c2, ..., blank.
	S := 2*L + 1
	if cap(in.prev) < S {
		in.prev, in.cur = make([]float64, S), make([]float64, S)
	}
	prev, cur := in.prev[:S], in.cur[:S]
	emit := func(t, j int) float64 {
		if j%2 == 0 {
			return in.blank[t]
		}
		return in.emit(t, target[j/2])
	}
	clear(prev)
	prev[0], prev[1] = emit(0, 0), emit(0, 1)
	logScale := 0.0
	for t := 1; t < T; t++ {
		m := 0.0
		for j := range S {
			a := prev[j]
			if j > 0 {
				a += prev[j-1]
			}
			if j > 1 && j%2 == 1 && target[j/2] != target[j/2-1] {
				a += prev[j-2]
			}
			cur[j] = a * emit(t, j)
			m = max(m, cur[j])
		}
		if m == 0 {
			return math.Inf(-1)
		}
		// Keep the variables in range over long words.
		for j := range cur {
			cur[j] /= m
		}
		logScale += math.Log(m)
		prev, cur = cur, prev
	}
	p := prev[S-1] + prev[S-2]
	if p == 0 {
		return math.Inf(-1)
	}
	return math.Log(p) + logScale
}

// emitFold is the probability that the timestep shows c, in either case.
func (s step) emitFold(c rune) float64 {
	lc := unicode.ToLower(c)
	var p float64
	for _, ch := range s {
		if r := []rune(ch.text); len(r) == 1 && unicode.ToLower(r[0]) == lc {
			p += ch.p
		}
	}
	return max(p, stepFloor)
}
