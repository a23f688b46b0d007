package photo

import (
	"image"
	"math"
	"testing"
)

// TestRemoveLines draws what removeLines must tell apart on a white image,
// with letters 24 px high: ruled lines it whitens, and ink it keeps.
func TestRemoveLines(t *testing.T) {
	const letter = 24
	img := image.NewGray(image.Rect(0, 0, 400, 400))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	fill := func(x0, y0, x1, y1 int, v uint8) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Pix[y*img.Stride+x] = v
			}
		}
	}
	// count counts the pixels darker than level in a box.
	count := func(level uint8, x0, y0, x1, y1 int) (n int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if img.Pix[y*img.Stride+x] < level {
					n++
				}
			}
		}
		return n
	}
	ink := func(x0, y0, x1, y1 int) int { return count(inkLevel, x0, y0, x1, y1) }

	// A column separator, 2 px wide, with a block letter touching it on the
	// left.
	fill(300, 20, 302, 380, 40)
	fill(280, 100, 300, 124, 40)
	// A faint underline drawn with a dry marker: light grey, darker in
	// dashes too short to be a line at inkLevel.
	fill(20, 60, 220, 63, 180)
	for x := 20; x < 220; x += 30 {
		fill(x, 60, x+12, 63, 60)
	}
	// A joined-up handwritten word as thin as a line: a stroke 2 px thick
	// that goes up and down at the scale of letters.
	for x := 20; x < 140; x++ {
		y := 200 + int(math.Round(8*math.Sin(float64(x)/4)))
		fill(x, y, x+2, y+2, 40)
	}
	wordInk := ink(20, 180, 142, 222)

	removeLines(img, letter)

	if n := ink(299, 20, 303, 380) - ink(299, 100, 303, 124); n != 0 {
		t.Errorf("the separator keeps %d pixels of ink", n)
	}
	if n := ink(280, 100, 298, 124); n < 18*24*9/10 {
		t.Errorf("the letter touching the separator keeps %d of %d pixels of ink", n, 18*24)
	}
	if n := count(255, 20, 58, 220, 65); n != 0 {
		t.Errorf("the faint underline keeps %d grey pixels", n)
	}
	if n := ink(20, 180, 142, 222); n != wordInk {
		t.Errorf("the thin handwritten word keeps %d of its %d pixels of ink", n, wordInk)
	}
}
