package photo

import (
	"math"
	"unicode"
)

// ctcScore is how likely the timesteps are to spell s, ignoring case, under
// connectionist temporal classification (the sum over every alignment of
// s's characters to the timesteps, blanks between them and repeats
// collapsed), as the log of its probability over that of the best path,
// Tesseract's own reading. 0 means as likely as what Tesseract read; a
// word the timesteps barely hold scores far below. It returns -Inf for an
// empty s or too few timesteps.
func ctcScore(steps []step, s string) float64 {
	target := []rune(s)
	T, L := len(steps), len(target)
	if L == 0 || T == 0 {
		return math.Inf(-1)
	}
	// alpha[j] over the extended target: blank, c1, blank, c2, ..., blank.
	S := 2*L + 1
	prev := make([]float64, S)
	cur := make([]float64, S)
	emit := func(t, j int) float64 {
		st := steps[t]
		b := st.best()
		if j%2 == 0 {
			return st.blank() / b
		}
		return st.emitFold(target[j/2]) / b
	}
	logScale := 0.0
	prev[0], prev[1] = emit(0, 0), emit(0, 1)
	for t := 1; t < T; t++ {
		for j := range S {
			a := prev[j]
			if j > 0 {
				a += prev[j-1]
			}
			if j > 1 && j%2 == 1 && target[j/2] != target[j/2-1] {
				a += prev[j-2]
			}
			cur[j] = a * emit(t, j)
		}
		// Keep the variables in range over long words.
		m := 0.0
		for _, v := range cur {
			m = max(m, v)
		}
		if m == 0 {
			return math.Inf(-1)
		}
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
