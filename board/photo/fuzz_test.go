package photo

import (
	"context"
	"errors"
	"testing"

	"github.com/hindsight-dev/hindsight"
)

// FuzzRead fuzzes everything Read does before Tesseract: sniffing, the
// limits, decoding, EXIF orientation and the clean-up. It must never panic,
// and every error must be a *hindsight.Error.
func FuzzRead(f *testing.F) {
	small := boardImage(200, 150)
	jpg := encodeJPEG(f, small)
	png := encodePNG(f, small)
	f.Add(jpg)
	f.Add(png)
	f.Add(withExif(jpg, 6))
	f.Add(withExifDate(jpg, "2026:11:20 14:55:03"))
	f.Add(jpg[:len(jpg)/2])
	f.Add(pngHeader(30000, 30000))
	f.Add(pngHeader(1, 1))
	f.Add([]byte("TIMELINE\n14:02 deploy\n"))
	f.Add([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Small limits keep each run fast; HEIC is not converted.
		opt := Options{MaxPixels: 1 << 16, MaxBytes: 1 << 18, HEIFConvert: "/nonexistent/heif-convert"}.withDefaults()
		img, tr, err := prepare(context.Background(), "fuzz.jpg", data, &opt)
		if err != nil {
			var he *hindsight.Error
			if !errors.As(err, &he) {
				t.Fatalf("prepare: %v (%T), want a *hindsight.Error", err, err)
			}
			return
		}
		if img.Rect.Dx() < 1 || img.Rect.Dy() < 1 || tr.scale <= 0 {
			t.Fatalf("prepare: image %v, scale %v", img.Rect, tr.scale)
		}
		if px := img.Rect.Dx() * img.Rect.Dy(); px > 20e6 {
			t.Fatalf("prepare: %d pixels for Tesseract", px)
		}
	})
}
