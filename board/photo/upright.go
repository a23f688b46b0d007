package photo

import (
	"bytes"
	"context"
	"image/jpeg"

	"github.com/hindsight-dev/hindsight"
)

// Upright decodes a photo with the same checks as Read (format, byte and
// pixel limits, HEIC, EXIF orientation) and returns it upright as a
// grayscale JPEG no larger than maxSide pixels on its longest side: what a
// model reader sends, smaller than the phone's original.
func Upright(ctx context.Context, name string, data []byte, maxSide int, opt Options) ([]byte, error) {
	opt = opt.withDefaults()
	g, _, err := decode(ctx, name, data, &opt)
	if err != nil {
		return nil, err
	}
	b := g.Bounds()
	long := max(b.Dx(), b.Dy())
	if maxSide > 0 && long > maxSide {
		g = boxDown(g, (long+maxSide-1)/maxSide)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: 85}); err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "encode " + name + " for the model", Err: err}
	}
	return buf.Bytes(), nil
}
