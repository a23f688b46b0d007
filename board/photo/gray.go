package photo

import (
	"image"
	"image/color"
)

// toGray returns img as one gray channel where ink is dark. It takes the
// darkest of the red, green and blue channels rather than the luminance:
// marker inks are saturated (blue ink is dark in red, red ink dark in green
// and blue) while the board is white in all three, so the minimum gives
// coloured ink the contrast of black ink.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	switch m := img.(type) {
	case *image.Gray:
		for y := 0; y < h; y++ {
			copy(out.Pix[y*out.Stride:y*out.Stride+w], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			row := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range row {
				X, Y := b.Min.X+x, b.Min.Y+y
				ci := m.COffset(X, Y)
				r, g, bl := color.YCbCrToRGB(m.Y[m.YOffset(X, Y)], m.Cb[ci], m.Cr[ci])
				row[x] = min(r, g, bl)
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			row := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range row {
				p := src[4*x : 4*x+4]
				v := min(p[0], p[1], p[2])
				// Transparent pixels are board, not ink.
				row[x] = uint8((int(v)*int(p[3]) + 255*(255-int(p[3]))) / 255)
			}
		}
	case *image.RGBA:
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			row := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range row {
				p := src[4*x : 4*x+4]
				row[x] = uint8(min(255, int(min(p[0], p[1], p[2]))+255-int(p[3]))) // premultiplied: add the missing white
			}
		}
	default:
		for y := 0; y < h; y++ {
			row := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range row {
				r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				v := min(r, g, bl) + (0xffff - a)
				row[x] = uint8(min(v, 0xffff) >> 8)
			}
		}
	}
	return out
}
