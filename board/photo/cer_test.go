package photo

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
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

// cer is the character error rate of ocr against the ground truth gt.
func cer(gt, ocr string) float64 {
	g, o := normalizeCER(gt), normalizeCER(ocr)
	return float64(editDistance(g, o, math.MaxInt-1)) / float64(max(1, utf8.RuneCountInString(g)))
}
