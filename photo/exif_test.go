package photo

import (
	"encoding/binary"
	"testing"
)

// TIFF field types used by the test builder.
const (
	tASCII    = 2
	tShort    = 3
	tLong     = 4
	tRational = 5
)

// order is a byte order that can both read and append.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tiffEntry is one IFD entry; data holds the value bytes in the file's byte
// order and is stored inline when it fits in four bytes.
type tiffEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

func shortEntry(bo order, tag, v uint16) tiffEntry {
	return tiffEntry{tag, tShort, 1, bo.AppendUint16(nil, v)}
}

func asciiEntry(tag uint16, s string) tiffEntry {
	return tiffEntry{tag, tASCII, uint32(len(s) + 1), append([]byte(s), 0)}
}

func rationalsEntry(bo order, tag uint16, vs ...uint32) tiffEntry {
	var b []byte
	for _, v := range vs {
		b = bo.AppendUint32(b, v)
		b = bo.AppendUint32(b, 1)
	}
	return tiffEntry{tag, tRational, uint32(len(vs)), b}
}

// appendIFD appends an IFD placed at offset base (== len(out)) followed by
// its out-of-line values, with next as the next-IFD pointer.
func appendIFD(out []byte, bo order, entries []tiffEntry, next uint32) []byte {
	base := len(out)
	extra := base + 2 + 12*len(entries) + 4
	var tail []byte
	out = bo.AppendUint16(out, uint16(len(entries)))
	for _, e := range entries {
		out = bo.AppendUint16(out, e.tag)
		out = bo.AppendUint16(out, e.typ)
		out = bo.AppendUint32(out, e.count)
		if len(e.data) <= 4 {
			var v [4]byte
			copy(v[:], e.data)
			out = append(out, v[:]...)
			continue
		}
		out = bo.AppendUint32(out, uint32(extra+len(tail)))
		tail = append(tail, e.data...)
		if len(tail)%2 == 1 {
			tail = append(tail, 0)
		}
	}
	out = bo.AppendUint32(out, next)
	return append(out, tail...)
}

// ifdSize is the number of bytes appendIFD writes for entries.
func ifdSize(entries []tiffEntry) int {
	return len(appendIFD(nil, binary.LittleEndian, entries, 0))
}

func tiffHeader(bo order) []byte {
	h := []byte("II")
	if bo == binary.BigEndian {
		h = []byte("MM")
	}
	h = bo.AppendUint16(h, 42)
	return bo.AppendUint32(h, 8)
}

// buildTIFF returns an EXIF TIFF block with IFD0 and, when gps is non-empty,
// a GPS IFD linked from IFD0 by tag 0x8825.
func buildTIFF(bo order, ifd0, gps []tiffEntry) []byte {
	if len(gps) > 0 {
		ptr := tiffEntry{0x8825, tLong, 1, nil}
		ifd0 = append(ifd0, ptr)
		gpsOff := uint32(8 + ifdSize(ifd0))
		ifd0[len(ifd0)-1].data = bo.AppendUint32(nil, gpsOff)
	}
	out := appendIFD(tiffHeader(bo), bo, ifd0, 0)
	if len(gps) > 0 {
		out = appendIFD(out, bo, gps, 0)
	}
	return out
}

// orientationTIFF is the smallest EXIF block carrying orientation o.
func orientationTIFF(bo order, o uint16) []byte {
	return buildTIFF(bo, []tiffEntry{shortEntry(bo, tagOrientation, o)}, nil)
}

func TestOrientationValid(t *testing.T) {
	for _, bo := range []order{binary.LittleEndian, binary.BigEndian} {
		for o := 1; o <= 8; o++ {
			tiff := orientationTIFF(bo, uint16(o))
			if got := orientation(tiff); got != o {
				t.Errorf("%v orientation %d: got %d", bo, o, got)
			}
			if got := orientation(append([]byte("Exif\x00\x00"), tiff...)); got != o {
				t.Errorf("%v orientation %d with Exif prefix: got %d", bo, o, got)
			}
		}
	}
	// The tag may follow others in IFD0.
	bo := binary.BigEndian
	tiff := buildTIFF(bo, []tiffEntry{
		asciiEntry(0x010E, "a description long enough to live out of line"),
		asciiEntry(0x010F, "Maker"),
		shortEntry(bo, tagOrientation, 7),
	}, []tiffEntry{rationalsEntry(bo, 2, 50, 50, 1)})
	if got := orientation(tiff); got != 7 {
		t.Errorf("orientation after other tags: got %d, want 7", got)
	}
}

// malformedEXIF lists hostile or broken EXIF blocks; each must read as 1.
func malformedEXIF() map[string][]byte {
	le := binary.LittleEndian
	valid := orientationTIFF(le, 6)
	patch := func(off int, v uint32) []byte {
		b := append([]byte(nil), valid...)
		le.PutUint32(b[off:], v)
		return b
	}
	patch16 := func(off int, v uint16) []byte {
		b := append([]byte(nil), valid...)
		le.PutUint16(b[off:], v)
		return b
	}
	// IFD0 at 8: count(2) then the entry: tag(2) type(2) count(4) value(4).
	const entry = 10
	loop := buildTIFF(le, []tiffEntry{
		{0x8825, tLong, 1, le.AppendUint32(nil, 8)}, // GPS IFD pointing at IFD0
		{0x8769, tLong, 1, le.AppendUint32(nil, 8)}, // Exif IFD likewise
	}, nil)
	le.PutUint32(loop[len(loop)-4:], 8) // next IFD is IFD0 again
	return map[string][]byte{
		"nil":                 nil,
		"prefix only":         []byte("Exif\x00\x00"),
		"short header":        valid[:7],
		"bad byte order":      append([]byte("XX"), valid[2:]...),
		"bad magic":           patch16(2, 43),
		"ifd offset past end": patch(4, 0xFFFFFFFF),
		"ifd offset at end":   patch(4, uint32(len(valid)-1)),
		"ifd offset zero":     patch(4, 0),
		"huge entry count":    patch16(8, 0xFFFF),
		"truncated entry":     valid[:len(valid)-8],
		"type long":           patch16(entry+2, tLong),
		"type ascii":          patch16(entry+2, tASCII),
		"count zero":          patch(entry+4, 0),
		"value zero":          patch16(entry+8, 0),
		"value nine":          patch16(entry+8, 9),
		"value 0xffff":        patch16(entry+8, 0xFFFF),
		"pointer loops":       loop,
		"garbage":             []byte("II*\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"),
	}
}

func TestOrientationMalformed(t *testing.T) {
	for name, b := range malformedEXIF() {
		t.Run(name, func(t *testing.T) {
			if got := orientation(b); got != 1 {
				t.Errorf("got %d, want 1", got)
			}
		})
	}
}

func TestOrientedPos(t *testing.T) {
	// A 3×2 image: where each orientation puts stored (0,0) and (2,0).
	tests := []struct {
		o              int
		origin, corner [2]int
	}{
		{1, [2]int{0, 0}, [2]int{2, 0}},
		{2, [2]int{2, 0}, [2]int{0, 0}},
		{3, [2]int{2, 1}, [2]int{0, 1}},
		{4, [2]int{0, 1}, [2]int{2, 1}},
		{5, [2]int{0, 0}, [2]int{0, 2}},
		{6, [2]int{1, 0}, [2]int{1, 2}},
		{7, [2]int{1, 2}, [2]int{1, 0}},
		{8, [2]int{0, 2}, [2]int{0, 0}},
	}
	for _, tt := range tests {
		x, y := orientedPos(tt.o, 0, 0, 3, 2)
		if [2]int{x, y} != tt.origin {
			t.Errorf("o=%d: (0,0) -> (%d,%d), want %v", tt.o, x, y, tt.origin)
		}
		x, y = orientedPos(tt.o, 2, 0, 3, 2)
		if [2]int{x, y} != tt.corner {
			t.Errorf("o=%d: (2,0) -> (%d,%d), want %v", tt.o, x, y, tt.corner)
		}
	}
}
