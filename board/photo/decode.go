package photo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"unicode/utf8"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
)

// format is an image format told by its magic bytes.
type format string

const (
	formatJPEG format = "JPEG"
	formatPNG  format = "PNG"
	formatHEIC format = "HEIC"
)

// sniff returns the format of data by its magic bytes, and "" when it is
// none this package reads.
func sniff(data []byte) format {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return formatJPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case isHEIF(data):
		return formatHEIC
	}
	return ""
}

// isHEIF reports whether data starts with an ISO-BMFF "ftyp" box of a HEIF
// brand (what phones write as .heic or .heif, and AVIF).
func isHEIF(data []byte) bool {
	if len(data) < 12 || string(data[4:8]) != "ftyp" {
		return false
	}
	switch string(data[8:12]) {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis":
		return true
	}
	return false
}

// otherFormats names formats this package does not read, so the error can
// say what the file is.
var otherFormats = []struct {
	magic, name string
}{
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"BM", "a BMP image"},
	{"II*\x00", "a TIFF image"},
	{"MM\x00*", "a TIFF image"},
	{"%PDF", "a PDF document"},
	{"PK\x03\x04", "a ZIP archive (an .excalidraw, .docx or .zip file?)"},
	{"\x00\x00\x01\x00", "an icon (.ico)"},
	{"8BPS", "a Photoshop document"},
	{"\x1f\x8b", "a gzip archive"},
}

// describe names the kind of data that sniff did not recognise.
func describe(data []byte) string {
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return "a WebP image"
	}
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		return fmt.Sprintf("an ISO media file of brand %q (a video?)", data[8:12])
	}
	for _, f := range otherFormats {
		if bytes.HasPrefix(data, []byte(f.magic)) {
			return f.name
		}
	}
	head := data[:min(len(data), 4096)]
	if bytes.IndexByte(head, 0) < 0 && (utf8.Valid(head) || utf8.Valid(head[:max(0, len(head)-3)])) {
		return "text"
	}
	return "not a format hindsight knows"
}

// decode checks data against the limits in opt, then decodes it into an
// upright gray image, and returns when the photo was taken if its EXIF says
// ("2006-01-02T15:04:05", else ""). It never runs Tesseract.
func decode(ctx context.Context, name string, data []byte, opt *Options) (*image.Gray, string, error) {
	if int64(len(data)) > opt.MaxBytes {
		return nil, "", hindsight.Errorf(hindsight.ETOOLARGE, "%s is %s; the limit for a photo is %s: "+
			"resize it (a board reads well at 2000 to 4000 pixels wide) or raise the limit", name, board.HumanSize(int64(len(data))), board.HumanSize(opt.MaxBytes))
	}
	if len(data) == 0 {
		return nil, "", hindsight.Errorf(hindsight.EINVALID, "not an image: %s is empty; take the photo again or check the path", name)
	}
	f := sniff(data)
	switch f {
	case "":
		what := describe(data)
		if what == "text" {
			return nil, "", hindsight.Errorf(hindsight.EINVALID, "not an image: %s holds text, not a JPEG, PNG or HEIC photo; "+
				"if it is typed notes, give it a .txt or .md name so it is read as text", name)
		}
		return nil, "", hindsight.Errorf(hindsight.EINVALID, "not an image hindsight reads: %s is %s; "+
			"save the photo as JPEG or PNG and try again", name, what)
	case formatHEIC:
		png, err := heicToPNG(ctx, name, data, opt)
		if err != nil {
			return nil, "", err
		}
		return decodeStd(name, png, formatPNG, opt)
	}
	return decodeStd(name, data, f, opt)
}

// The most pixels a photo may have on one side, and how many times as long
// as wide it may be: a board photographed whole, or a panorama of one.
const (
	maxSide   = 20000
	maxAspect = 25
)

// decodeStd decodes a JPEG or PNG after checking its dimensions against
// opt.MaxPixels, so a decompression bomb is refused before any pixel is
// decoded.
func decodeStd(name string, data []byte, f format, opt *Options) (*image.Gray, string, error) {
	var cfg image.Config
	var err error
	if f == formatJPEG {
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	} else {
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return nil, "", damaged(name, data, f, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, "", hindsight.Errorf(hindsight.EINVALID, "%s: the %s has no pixels (%d×%d); take the photo again", name, f, cfg.Width, cfg.Height)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > opt.MaxPixels {
		return nil, "", hindsight.Errorf(hindsight.ETOOLARGE, "%s is %d×%d pixels (%.0f megapixels); the limit is %.0f megapixels: "+
			"resize it (a board reads well at 2000 to 4000 pixels wide) or raise the limit",
			name, cfg.Width, cfg.Height, float64(px)/1e6, float64(opt.MaxPixels)/1e6)
	}
	if long, short := max(cfg.Width, cfg.Height), min(cfg.Width, cfg.Height); long > maxSide || long > maxAspect*short {
		// A strip: Tesseract refuses a side over 32767 pixels, and
		// straightening a long thin image costs memory out of all
		// proportion to its pixels (1×60000: 1.8 GB).
		return nil, "", hindsight.Errorf(hindsight.EINVALID, "%s is %d×%d pixels, a strip rather than a photo of a board "+
			"(the limit is %d pixels a side, and %d times as long as wide): crop it to the board, or split it into photos",
			name, cfg.Width, cfg.Height, maxSide, maxAspect)
	}
	var img image.Image
	if f == formatJPEG {
		img, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		img, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, "", damaged(name, data, f, err)
	}
	exif := pngEXIF(data)
	if f == formatJPEG {
		exif = jpegEXIF(data)
	}
	o, taken := exifInfo(exif)
	return orient(toGray(img), o), taken, nil
}

// damaged is the error for an image that does not decode.
func damaged(name string, data []byte, f format, err error) error {
	msg := fmt.Sprintf("%s: the %s is damaged", name, f)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || truncated(data, f) {
		msg = fmt.Sprintf("%s: the %s is truncated (the file ends before the image does)", name, f)
	}
	return &hindsight.Error{Code: hindsight.EINVALID, Message: msg + "; copy the photo from the phone again", Err: err}
}

// truncated reports whether data lacks the end of a JPEG (the EOI marker)
// or of a PNG (the IEND chunk), as a photo cut short in copying does.
func truncated(data []byte, f format) bool {
	end := bytes.TrimRight(data, "\x00") // some cameras pad the file
	if f == formatJPEG {
		return !bytes.HasSuffix(end, []byte{0xff, 0xd9})
	}
	return !bytes.Contains(data[max(0, len(data)-16):], []byte("IEND"))
}

// heicToPNG converts a HEIC photo with libheif's heif-convert.
func heicToPNG(ctx context.Context, name string, data []byte, opt *Options) ([]byte, error) {
	bin, err := exec.LookPath(opt.HEIFConvert)
	if err != nil {
		return nil, hindsight.Errorf(hindsight.EMISSING, "%s is a HEIC photo and heif-convert was not found: "+
			"install it with `apt-get install libheif-examples`, or export the photo as JPEG on the phone", name)
	}
	dir, err := os.MkdirTemp("", "hindsight-heic-")
	if err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "create a temporary folder", Err: err}
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "in.heic"), filepath.Join(dir, "out.png")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "write a temporary file", Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, in, out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, hindsight.Errorf(hindsight.ETOOLARGE, "%s: converting the HEIC photo took over %s; export it as JPEG on the phone", name, opt.Timeout)
		}
		return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: fmt.Sprintf("%s: heif-convert could not read the HEIC photo (%s); export it as JPEG on the phone",
			name, firstLine(stderr.String())), Err: err}
	}
	// heif-convert may add a suffix when the file holds several images.
	png, err := os.ReadFile(out)
	if err != nil {
		matches, _ := filepath.Glob(filepath.Join(dir, "out*.png"))
		if len(matches) == 0 {
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: name + ": heif-convert wrote no image; export the photo as JPEG on the phone", Err: err}
		}
		png, err = os.ReadFile(matches[0])
		if err != nil {
			return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "read heif-convert's output", Err: err}
		}
	}
	return png, nil
}

func firstLine(s string) string {
	s = string(bytes.TrimSpace([]byte(s)))
	if i := bytes.IndexByte([]byte(s), '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "no message"
	}
	return s
}
