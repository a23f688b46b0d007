package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// sfntFromWOFF unpacks a WOFF 1.0 font (the format of the @fontsource
// packages on npm) into the TrueType/OpenType file it wraps: each table,
// zlib-inflated where it was compressed, behind a rebuilt table directory.
func sfntFromWOFF(b []byte) ([]byte, error) {
	if len(b) < 44 || string(b[:4]) != "wOFF" {
		return nil, errors.New("not a WOFF font")
	}
	be := binary.BigEndian
	flavor := be.Uint32(b[4:])
	n := int(be.Uint16(b[12:]))
	if len(b) < 44+20*n {
		return nil, errors.New("WOFF table directory is truncated")
	}
	type table struct {
		tag, sum uint32
		data     []byte
	}
	tables := make([]table, n)
	for i := range tables {
		e := b[44+20*i:]
		off, clen, olen := be.Uint32(e[4:]), be.Uint32(e[8:]), be.Uint32(e[12:])
		if uint64(off)+uint64(clen) > uint64(len(b)) || clen > olen {
			return nil, fmt.Errorf("WOFF table %d is out of bounds", i)
		}
		data := b[off : off+clen]
		if clen < olen {
			z, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, err
			}
			data, err = io.ReadAll(io.LimitReader(z, int64(olen)+1))
			if err != nil {
				return nil, err
			}
			if len(data) != int(olen) {
				return nil, fmt.Errorf("WOFF table %d inflates to %d bytes, not %d", i, len(data), olen)
			}
		}
		tables[i] = table{be.Uint32(e), be.Uint32(e[16:]), data}
	}
	var out bytes.Buffer
	pow := 1
	log := 0
	for pow*2 <= n {
		pow *= 2
		log++
	}
	hdr := make([]byte, 12+16*n)
	be.PutUint32(hdr, flavor)
	be.PutUint16(hdr[4:], uint16(n))
	be.PutUint16(hdr[6:], uint16(pow*16))
	be.PutUint16(hdr[8:], uint16(log))
	be.PutUint16(hdr[10:], uint16(n*16-pow*16))
	off := len(hdr)
	for i, t := range tables {
		r := hdr[12+16*i:]
		be.PutUint32(r, t.tag)
		be.PutUint32(r[4:], t.sum)
		be.PutUint32(r[8:], uint32(off))
		be.PutUint32(r[12:], uint32(len(t.data)))
		off += (len(t.data) + 3) &^ 3
	}
	out.Write(hdr)
	for _, t := range tables {
		out.Write(t.data)
		out.Write(make([]byte, (4-len(t.data)%4)%4))
	}
	return out.Bytes(), nil
}
