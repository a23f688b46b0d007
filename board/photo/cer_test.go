package photo

import (
	"strings"
	"unicode"
)

// The character error rate as ../shared/whiteboard/tool/score.go computes
// it: both texts normalised (dashes, arrows, bullets and quotes to ASCII,
// case-folded, whitespace collapsed so a line break counts as one space),
// then the Levenshtein distance over runes divided by the ground truth's
// length. The tool applies Unicode NFKC first; of what NFKC changes, only
// the ligatures Tesseract can emit occur here, and the replacer handles them.

var cerReplacer = strings.NewReplacer(
	"→", "->", "⟶", "->", "➔", "->", "—", "-", "–", "-", "−", "-", "‐", "-",
	"•", "*", "●", "*", "·", "*", "‘", "'", "’", "'", "“", "\"", "”", "\"", "„", "\"",
	"ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff", "ﬃ", "ffi", "ﬄ", "ffl",
)

func normalizeCER(s string) string {
	s = cerReplacer.Replace(s)
	s = strings.ToLower(s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// cer is the character error rate of ocr against the ground truth gt.
func cer(gt, ocr string) float64 {
	g, o := []rune(normalizeCER(gt)), []rune(normalizeCER(ocr))
	return float64(levenshtein(g, o)) / float64(max(1, len(g)))
}
