package excalidraw

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hindsight-dev/hindsight/board"
)

// How Excalidraw embeds a scene (packages/excalidraw/data/image.ts,
// encode.ts and scene/export.ts in the Excalidraw repository):
//
//   - The scene JSON is wrapped as {"version":"1","encoding":"bstring",
//     "compressed":true,"encoded":"…"}, where encoded is a byte string
//     (one character per byte, U+0000–U+00FF) of the zlib-deflated scene
//     (pako), or of its UTF-8 bytes when not compressed.
//   - PNG: that JSON in a text chunk whose keyword is MIMEType, before
//     IEND: tEXt (Latin-1) in the versions most files come from, iTXt
//     (UTF-8, optionally compressed) in newer ones.
//   - SVG: base64 of that JSON, taken as a byte string, between
//     <!-- payload-start --> and <!-- payload-end --> in the SVG's
//     <metadata>, after <!-- payload-type:application/vnd.excalidraw+json -->
//     and <!-- payload-version:2 -->. Version 1 (older) base64-encodes the
//     UTF-8 bytes instead.
//   - Older exports hold the scene JSON itself instead of the wrapper.

var errTooLarge = errors.New("too large")

// pngPayload returns the text of the PNG chunk that holds an Excalidraw
// scene, as UTF-8. found is false when there is none; err is set when the
// PNG is cut short before one was found, or the chunk cannot be read.
func pngPayload(data []byte) (text string, found bool, err error) {
	p := data[len(pngSignature):]
	for len(p) > 0 {
		if len(p) < 12 {
			return "", false, errors.New("the file ends inside a chunk header")
		}
		n := binary.BigEndian.Uint32(p[:4])
		typ := string(p[4:8])
		if uint64(n) > uint64(len(p)-12) {
			return "", false, fmt.Errorf("the %q chunk runs past the end of the file", printable(typ))
		}
		body := p[8 : 8+n]
		p = p[12+n:]
		switch typ {
		case "tEXt", "zTXt", "iTXt":
			text, ok, err := textChunk(typ, body)
			if ok {
				return text, true, err
			}
		case "IEND":
			return "", false, nil
		}
	}
	return "", false, nil
}

// textChunk reads a PNG text chunk; ok is false when its keyword is not
// MIMEType.
func textChunk(typ string, body []byte) (text string, ok bool, err error) {
	keyword, rest, found := bytes.Cut(body, []byte{0})
	if !found || string(keyword) != MIMEType {
		return "", false, nil
	}
	switch typ {
	case "tEXt":
		return latin1(rest), true, nil
	case "zTXt":
		if len(rest) < 1 {
			return "", true, errors.New("the zTXt chunk is empty")
		}
		b, err := inflate(rest[1:])
		return latin1(b), true, err
	}
	// iTXt: compression flag, method, language\0, translated keyword\0, text.
	if len(rest) < 2 {
		return "", true, errors.New("the iTXt chunk is cut short")
	}
	compressed := rest[0] == 1
	rest = rest[2:]
	for range 2 {
		if _, rest, found = bytes.Cut(rest, []byte{0}); !found {
			return "", true, errors.New("the iTXt chunk is cut short")
		}
	}
	if compressed {
		if rest, err = inflate(rest); err != nil {
			return "", true, err
		}
	}
	return string(rest), true, nil
}

// svgPayload returns the base64 payload of an SVG export and its version;
// found is set when the SVG says it embeds a scene, and payload is empty
// when the scene cannot be found in it.
func svgPayload(data []byte) (payload string, version string, found bool) {
	s := string(data)
	if !strings.Contains(s, "payload-type:"+MIMEType) {
		return "", "", false
	}
	m := svgPayloadRE.FindStringSubmatch(s)
	if m == nil {
		// Exported with the scene, which is cut short or altered: damaged,
		// not missing.
		return "", "", true
	}
	version = "1"
	if v := svgVersionRE.FindStringSubmatch(s); v != nil {
		version = v[1]
	}
	return m[1], version, true
}

var (
	svgPayloadRE = regexp.MustCompile(`<!--\s*payload-start\s*-->\s*([A-Za-z0-9+/=\s]*?)\s*<!--\s*payload-end\s*-->`)
	svgVersionRE = regexp.MustCompile(`<!--\s*payload-version:(\d+)\s*-->`)
)

// decodeSVGPayload decodes the base64 payload of an SVG export: version 1
// holds UTF-8 bytes, later versions a byte string.
func decodeSVGPayload(payload, version string) ([]byte, error) {
	b, err := decodeBase64(payload)
	if err != nil {
		return nil, err
	}
	text := string(b)
	if version != "1" {
		text = latin1(b)
	}
	return decodePayload(text, true)
}

// decodePayload turns the embedded JSON into the scene's JSON: the
// {"encoded": …} wrapper is unpacked; a bare scene is taken as it is. A
// payload that is not JSON is tried as base64 once (some older exports).
func decodePayload(text string, base64Tried bool) ([]byte, error) {
	var w struct {
		Encoded    *string `json:"encoded"`
		Encoding   string  `json:"encoding"`
		Compressed bool    `json:"compressed"`
		Type       string  `json:"type"`
	}
	if err := json.Unmarshal([]byte(text), &w); err != nil {
		if !base64Tried {
			if b, err := decodeBase64(text); err == nil {
				return decodePayload(string(b), true)
			}
		}
		return nil, fmt.Errorf("the embedded data is not JSON: %w", err)
	}
	if w.Encoded == nil {
		if w.Type == "excalidraw" {
			return []byte(text), nil
		}
		return nil, errors.New("the embedded data is neither a scene nor an encoded scene")
	}
	if w.Encoding != "" && w.Encoding != "bstring" {
		return nil, fmt.Errorf("unknown encoding %q", clip(w.Encoding, 20))
	}
	raw, ok := byteString(*w.Encoded)
	if !w.Compressed {
		if !ok { // already text
			return []byte(*w.Encoded), nil
		}
		return raw, nil
	}
	if !ok {
		return nil, errors.New("the compressed scene is not a byte string")
	}
	return inflate(raw)
}

// byteString turns a string of characters U+0000–U+00FF into its bytes;
// ok is false when a character is outside that range.
func byteString(s string) ([]byte, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return nil, false
		}
		b = append(b, byte(r))
	}
	return b, true
}

// latin1 decodes ISO 8859-1 bytes (PNG tEXt) into a UTF-8 string.
func latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		if c < utf8.RuneSelf {
			sb.WriteByte(c)
		} else {
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

// inflate decompresses zlib data (pako's deflate), or raw deflate data, up
// to board.MaxSize: more is errTooLarge, so a small file cannot unpack into
// gigabytes.
func inflate(b []byte) ([]byte, error) {
	var r io.ReadCloser
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		r = flate.NewReader(bytes.NewReader(b))
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, board.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("the compressed scene is damaged: %w", err)
	}
	if len(out) > board.MaxSize {
		return nil, errTooLarge
	}
	return out, nil
}

func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, s)
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r > '~' {
			return '?'
		}
		return r
	}, s)
}
