package main

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMissingTesseract: a photo read without Tesseract installed says how to
// install it, and does not call it a bug in hindsight.
func TestMissingTesseract(t *testing.T) {
	dir := t.TempDir()
	img := image.NewGray(image.Rect(0, 0, 80, 60))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	img.Set(10, 10, color.Black)
	path := filepath.Join(dir, "board.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	t.Setenv("PATH", t.TempDir()) // no tesseract on it
	for _, cmd := range []string{"read", "snap"} {
		code, _, stderr := runCLI(t, "", cmd, path)
		if code != exitFailure || !strings.Contains(stderr, "apt-get install tesseract-ocr") || strings.Contains(stderr, "bug") {
			t.Errorf("%s without tesseract: exit %d, stderr %q; want exit 1 and the install command, not a bug report", cmd, code, stderr)
		}
	}
}
