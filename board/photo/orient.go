package photo

import (
	"encoding/binary"
	"image"
)

// jpegOrientation returns the EXIF orientation (1-8) of a JPEG, 1 when it
// has none.
func jpegOrientation(data []byte) int {
	o, _ := exifInfo(jpegEXIF(data))
	return o
}

// jpegEXIF returns the TIFF structure of a JPEG's EXIF block, nil when it
// has none.
func jpegEXIF(data []byte) []byte {
	p := 2 // after SOI
	for p+4 <= len(data) && data[p] == 0xff {
		marker := data[p+1]
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			break
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			break
		}
		seg := data[p+4 : p+2+n]
		if marker == 0xe1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return seg[6:]
		}
		p += 2 + n
	}
	return nil
}

// pngEXIF returns the TIFF structure in a PNG's eXIf chunk, nil when it has
// none.
func pngEXIF(data []byte) []byte {
	p := 8 // after the signature
	for p+8 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		if n < 0 || n > len(data)-p-12 {
			break
		}
		if typ == "eXIf" {
			return data[p+8 : p+8+n]
		}
		if typ == "IEND" {
			break
		}
		p += 12 + n
	}
	return nil
}

// exifInfo reads the orientation (1-8; 1 when absent) and the time the
// photo was taken ("2006-01-02T15:04:05"; "" when absent) from an EXIF
// block's TIFF structure: tag 0x0112 of IFD0, and 0x9003 DateTimeOriginal
// of the EXIF IFD (0x0132 DateTime of IFD0 when that is missing).
func exifInfo(t []byte) (orientation int, taken string) {
	orientation = 1
	if len(t) < 8 {
		return
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return
	}
	// entry finds tag in the IFD at off: its type, count and value field.
	entry := func(off int64, tag uint16) (typ uint16, count uint32, val []byte) {
		if off < 8 || off+2 > int64(len(t)) {
			return 0, 0, nil
		}
		n := int64(bo.Uint16(t[off:]))
		for i := int64(0); i < n; i++ {
			e := off + 2 + 12*i
			if e+12 > int64(len(t)) {
				break
			}
			if bo.Uint16(t[e:]) == tag {
				return bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:]), t[e+8 : e+12]
			}
		}
		return 0, 0, nil
	}
	// ascii reads a 20-byte EXIF date ("2006:01:02 15:04:05\x00").
	ascii := func(typ uint16, count uint32, val []byte) string {
		if typ != 2 || count < 19 || val == nil {
			return ""
		}
		off := int64(bo.Uint32(val))
		if off < 0 || off+19 > int64(len(t)) {
			return ""
		}
		d := []byte(string(t[off : off+19]))
		if d[4] != ':' || d[7] != ':' || d[10] != ' ' {
			return ""
		}
		d[4], d[7], d[10] = '-', '-', 'T'
		for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
			if d[i] < '0' || d[i] > '9' {
				return ""
			}
		}
		return string(d)
	}
	ifd0 := int64(bo.Uint32(t[4:]))
	if typ, _, val := entry(ifd0, 0x0112); typ == 3 {
		if o := int(bo.Uint16(val)); o >= 1 && o <= 8 {
			orientation = o
		}
	}
	if typ, _, val := entry(ifd0, 0x8769); typ == 4 { // the EXIF IFD
		taken = ascii(entry(int64(bo.Uint32(val)), 0x9003))
	}
	if taken == "" {
		taken = ascii(entry(ifd0, 0x0132))
	}
	return orientation, taken
}

// orient returns g turned upright according to EXIF orientation o.
func orient(g *image.Gray, o int) *image.Gray {
	if o <= 1 || o > 8 {
		return g
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	dw, dh := w, h
	if o >= 5 { // the transposing orientations swap width and height
		dw, dh = h, w
	}
	// src returns the source pixel for destination (x, y).
	src := map[int]func(x, y int) (int, int){
		2: func(x, y int) (int, int) { return w - 1 - x, y },
		3: func(x, y int) (int, int) { return w - 1 - x, h - 1 - y },
		4: func(x, y int) (int, int) { return x, h - 1 - y },
		5: func(x, y int) (int, int) { return y, x },
		6: func(x, y int) (int, int) { return y, h - 1 - x },
		7: func(x, y int) (int, int) { return w - 1 - y, h - 1 - x },
		8: func(x, y int) (int, int) { return w - 1 - y, x },
	}[o]
	out := image.NewGray(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		row := out.Pix[y*out.Stride : y*out.Stride+dw]
		for x := range row {
			sx, sy := src(x, y)
			row[x] = g.Pix[sy*g.Stride+sx]
		}
	}
	return out
}
