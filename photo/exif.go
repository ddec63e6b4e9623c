package photo

import (
	"bytes"
	"encoding/binary"
)

// tagOrientation is the EXIF/TIFF Orientation tag in IFD0.
const tagOrientation = 0x0112

// orientation returns the Orientation value (1-8) from a TIFF-structured EXIF
// block, or 1 when the block is absent, malformed or holds another value.
// Only IFD0 is read and no offsets are chased, so hostile pointer loops
// cannot matter; every read is bounds-checked.
func orientation(tiff []byte) int {
	// Some WebP and PNG writers keep the JPEG-style "Exif\0\0" prefix.
	tiff = bytes.TrimPrefix(tiff, exifHead)
	if len(tiff) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(tiff[2:]) != 42 {
		return 1
	}
	off := uint64(bo.Uint32(tiff[4:]))
	if off < 8 || off+2 > uint64(len(tiff)) {
		return 1
	}
	count := int(bo.Uint16(tiff[off:]))
	entries := tiff[off+2:]
	if count*12 > len(entries) {
		return 1 // truncated IFD: treat the whole block as untrustworthy
	}
	for i := range count {
		e := entries[i*12 : i*12+12]
		if bo.Uint16(e) != tagOrientation {
			continue
		}
		const typeShort = 3
		if bo.Uint16(e[2:]) != typeShort || bo.Uint32(e[4:]) < 1 {
			return 1
		}
		// A single SHORT sits left-justified in the 4-byte value field.
		if v := int(bo.Uint16(e[8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
