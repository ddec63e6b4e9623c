package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Format names reported in Image.Format.
const (
	formatJPEG = "jpeg"
	formatPNG  = "png"
	formatWebP = "webp"
)

// maxJPEGScans bounds progressive scans: the decoder walks every block of the
// image once per scan, so thousands of tiny scans turn a small file into
// minutes of CPU. Real encoders write about a dozen.
const maxJPEGScans = 100

var (
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicPNG  = []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}
	exifHead  = []byte("Exif\x00\x00")
)

// sniff names the format from magic bytes only, so a declared content type
// or file name can never steer which decoder runs. It returns "" when the
// bytes are none of the supported formats.
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, magicJPEG):
		return formatJPEG
	case bytes.HasPrefix(b, magicPNG):
		return formatPNG
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return formatWebP
	}
	return ""
}

// inspect walks the container structure of a sniffed file before decoding.
// It returns the EXIF orientation (1 when absent) and rejects files whose
// structure is hostile or outside what we support.
func inspect(format string, b []byte) (int, error) {
	switch format {
	case formatJPEG:
		exif, scans := walkJPEG(b)
		if scans > maxJPEGScans {
			return 0, fmt.Errorf("photo: jpeg has %d scans: %w", scans, ErrCorrupt)
		}
		return orientation(exif), nil
	case formatPNG:
		return orientation(pngExif(b)), nil
	case formatWebP:
		exif, animated := walkWebP(b)
		if animated {
			return 0, fmt.Errorf("photo: animated webp: %w", ErrUnsupported)
		}
		return orientation(exif), nil
	}
	return 1, nil
}

// walkJPEG returns the payload of the first APP1 Exif segment (nil if none)
// and the number of SOS markers. Like image/jpeg it skips stray bytes
// between segments, so it sees every scan the decoder would process.
func walkJPEG(b []byte) (exif []byte, scans int) {
	i := 2 // past SOI
	for i < len(b) {
		if b[i] != 0xFF {
			// Entropy-coded data or junk: jump to the next possible marker.
			j := bytes.IndexByte(b[i:], 0xFF)
			if j < 0 {
				return exif, scans
			}
			i += j
		}
		for i < len(b) && b[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(b) {
			return exif, scans
		}
		m := b[i]
		i++
		switch {
		case m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			continue // byte stuffing, TEM and restart markers carry no length
		case m == 0xD9:
			return exif, scans // EOI
		}
		if i+2 > len(b) {
			return exif, scans
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 || i+n > len(b) {
			return exif, scans
		}
		seg := b[i+2 : i+n]
		i += n
		switch m {
		case 0xE1:
			if exif == nil && bytes.HasPrefix(seg, exifHead) {
				exif = seg[len(exifHead):]
			}
		case 0xDA:
			scans++
		}
	}
	return exif, scans
}

// pngExif returns the data of the first eXIf chunk, or nil.
func pngExif(b []byte) []byte {
	p := b[len(magicPNG):]
	for len(p) >= 12 {
		n64 := uint64(binary.BigEndian.Uint32(p))
		if n64 > uint64(len(p)-12) {
			return nil
		}
		n := int(n64) // fits: bounded by len(p)
		switch string(p[4:8]) {
		case "eXIf":
			return p[8 : 8+n]
		case "IEND":
			return nil
		}
		p = p[12+n:]
	}
	return nil
}

// walkWebP returns the data of the first EXIF chunk (nil if none) and whether
// the extended header marks the file as animated, which we do not support.
func walkWebP(b []byte) (exif []byte, animated bool) {
	p := b[12:]
	for len(p) >= 8 {
		id := string(p[:4])
		n64 := uint64(binary.LittleEndian.Uint32(p[4:8]))
		p = p[8:]
		if n64 > uint64(len(p)) {
			return exif, animated
		}
		n := int(n64) // fits: bounded by len(p)
		data := p[:n]
		switch id {
		case "VP8X":
			if n >= 1 && data[0]&0x02 != 0 {
				animated = true
			}
		case "EXIF":
			if exif == nil {
				exif = data
			}
		}
		// Chunks are padded to an even length.
		skip := n + n&1
		if skip > len(p) {
			return exif, animated
		}
		p = p[skip:]
	}
	return exif, animated
}
