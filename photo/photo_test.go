package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/webp"
)

var (
	red         = color.NRGBA{255, 0, 0, 255}
	green       = color.NRGBA{0, 255, 0, 255}
	blue        = color.NRGBA{0, 0, 255, 255}
	transparent = color.NRGBA{0, 0, 0, 0}
)

// pattern paints the top-left quadrant red, the top-right quadrant green and
// the bottom half blue, so any mirror or turn lands the colours in a unique
// pair of corners.
func pattern(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := blue
			if y < h/2 {
				c = red
				if x >= w/2 {
					c = green
				}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

// redQuadrant paints the top-left quadrant red and the rest blue.
func redQuadrant(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := blue
			if x < w/2 && y < h/2 {
				c = red
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func encodeJPEGTest(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNGTest(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// jpegSegment returns marker FF m with payload and its length field.
func jpegSegment(m byte, payload []byte) []byte {
	s := []byte{0xFF, m, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(payload)+2))
	return append(s, payload...)
}

// spliceJPEG inserts segments right after SOI, where cameras put metadata.
func spliceJPEG(j []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), j[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, j[2:]...)
}

func exifSegment(tiff []byte) []byte {
	return jpegSegment(0xE1, append([]byte("Exif\x00\x00"), tiff...))
}

func jpegWithOrientation(t testing.TB, m image.Image, o uint16) []byte {
	return spliceJPEG(encodeJPEGTest(t, m), exifSegment(orientationTIFF(binary.BigEndian, o)))
}

// pngChunk returns one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// pngInsert adds chunks right after IHDR (8-byte signature + 25-byte IHDR).
func pngInsert(p []byte, chunks ...[]byte) []byte {
	out := append([]byte(nil), p[:33]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[33:]...)
}

// pngHeader returns a PNG signature and IHDR claiming w×h RGBA pixels, which
// is all DecodeConfig reads.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

// bitWriter packs bits LSB first, as VP8L reads them.
type bitWriter struct {
	buf []byte
	acc uint64
	n   uint
}

func (w *bitWriter) write(v uint32, bits uint) {
	w.acc |= uint64(v) << w.n
	w.n += bits
	for w.n >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		return append(w.buf, byte(w.acc))
	}
	return w.buf
}

// encodeVP8L writes a lossless WebP bitstream for images whose channels are
// all 0 or 255: each channel gets a two-symbol prefix code {0, 255}, so
// every pixel costs four bits and no transforms are needed.
func encodeVP8L(m *image.NRGBA) []byte {
	b := m.Bounds()
	w := &bitWriter{buf: []byte{0x2f}}
	w.write(uint32(b.Dx()-1), 14)
	w.write(uint32(b.Dy()-1), 14)
	w.write(1, 1) // alpha hint
	w.write(0, 3) // version
	w.write(0, 1) // no transform
	w.write(0, 1) // no colour cache
	w.write(0, 1) // no meta prefix codes
	for range 4 { // green, red, blue, alpha
		w.write(1, 1) // simple code
		w.write(1, 1) // two symbols
		w.write(0, 1) // first symbol in 1 bit
		w.write(0, 1) // symbol 0
		w.write(255, 8)
	}
	w.write(1, 1) // distance: simple code, one symbol 0
	w.write(0, 1)
	w.write(0, 1)
	w.write(0, 1)
	bit := func(v uint8) uint32 { return uint32(v >> 7) }
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := m.NRGBAAt(x, y)
			w.write(bit(c.G), 1)
			w.write(bit(c.R), 1)
			w.write(bit(c.B), 1)
			w.write(bit(c.A), 1)
		}
	}
	return w.bytes()
}

func riffChunk(id string, data []byte) []byte {
	c := append([]byte(id), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	c = append(c, data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

func riffWebP(chunks ...[]byte) []byte {
	var body []byte
	for _, c := range chunks {
		body = append(body, c...)
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+len(body)))
	out = append(out, "WEBP"...)
	return append(out, body...)
}

// vp8x returns an extended-format header chunk for a w×h canvas.
func vp8x(flags byte, w, h int) []byte {
	d := []byte{flags, 0, 0, 0}
	d = append(d, byte(w-1), byte((w-1)>>8), byte((w-1)>>16))
	d = append(d, byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
	return riffChunk("VP8X", d)
}

// encodeWebPTest wraps m as a lossless WebP, with an EXIF chunk when exif is
// non-nil.
func encodeWebPTest(m *image.NRGBA, exif []byte) []byte {
	vp8l := riffChunk("VP8L", encodeVP8L(m))
	if exif == nil && m.Opaque() {
		return riffWebP(vp8l)
	}
	var flags byte
	if !m.Opaque() {
		flags |= 0x10
	}
	if exif != nil {
		flags |= 0x08
	}
	b := m.Bounds()
	chunks := [][]byte{vp8x(flags, b.Dx(), b.Dy()), vp8l}
	if exif != nil {
		chunks = append(chunks, riffChunk("EXIF", exif))
	}
	return riffWebP(chunks...)
}

func TestHandMadeWebPDecodes(t *testing.T) {
	src := pattern(6, 4)
	src.SetNRGBA(5, 3, transparent)
	for name, b := range map[string][]byte{
		"simple":   encodeWebPTest(src, nil),
		"extended": encodeWebPTest(src, orientationTIFF(binary.LittleEndian, 6)),
	} {
		m, err := webp.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for y := range 4 {
			for x := range 6 {
				got := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
				if got != src.NRGBAAt(x, y) {
					t.Fatalf("%s: pixel (%d,%d) = %v, want %v", name, x, y, got, src.NRGBAAt(x, y))
				}
			}
		}
	}
}

type corner int

const (
	topLeft corner = iota
	topRight
	bottomLeft
	bottomRight
)

func (c corner) String() string {
	return [...]string{"top-left", "top-right", "bottom-left", "bottom-right"}[c]
}

// at returns the colour a few pixels inside corner c, away from edges that
// JPEG blurs.
func at(m image.Image, c corner) color.RGBA {
	b := m.Bounds()
	const inset = 3
	x, y := b.Min.X+inset, b.Min.Y+inset
	if c == topRight || c == bottomRight {
		x = b.Max.X - 1 - inset
	}
	if c == bottomLeft || c == bottomRight {
		y = b.Max.Y - 1 - inset
	}
	return color.RGBAModel.Convert(m.At(x, y)).(color.RGBA)
}

func near(got color.RGBA, want color.NRGBA) bool {
	d := func(a, b uint8) bool { return int(a)-int(b) < 60 && int(b)-int(a) < 60 }
	return d(got.R, want.R) && d(got.G, want.G) && d(got.B, want.B)
}

// checkOutput decodes a result and verifies the invariants every output must
// hold: plain JPEGs of the reported sizes with no metadata segments.
func checkOutput(t *testing.T, img *Image) (large, thumb image.Image) {
	t.Helper()
	for name, b := range map[string][]byte{"large": img.Large, "thumb": img.Thumb} {
		if bad := metadataMarkers(b); len(bad) > 0 {
			t.Errorf("%s has metadata markers %x", name, bad)
		}
		if bytes.Contains(b, []byte("Exif")) {
			t.Errorf("%s contains \"Exif\"", name)
		}
	}
	var err error
	if large, err = jpeg.Decode(bytes.NewReader(img.Large)); err != nil {
		t.Fatalf("large does not decode: %v", err)
	}
	if thumb, err = jpeg.Decode(bytes.NewReader(img.Thumb)); err != nil {
		t.Fatalf("thumb does not decode: %v", err)
	}
	if s := large.Bounds().Size(); s != image.Pt(img.Width, img.Height) {
		t.Errorf("large is %v, Image says %dx%d", s, img.Width, img.Height)
	}
	if s := thumb.Bounds().Size(); s != image.Pt(img.ThumbWidth, img.ThumbHeight) {
		t.Errorf("thumb is %v, Image says %dx%d", s, img.ThumbWidth, img.ThumbHeight)
	}
	return large, thumb
}

// metadataMarkers walks a JPEG's header segments and returns any marker that
// is not one image/jpeg needs to draw pixels (SOF0, DHT, DQT, DRI, SOS).
func metadataMarkers(b []byte) []byte {
	var bad []byte
	i := 2
	for i+4 <= len(b) && b[i] == 0xFF {
		m := b[i+1]
		switch m {
		case 0xC0, 0xC4, 0xDB, 0xDD:
		case 0xDA:
			return bad // entropy-coded data follows
		default:
			bad = append(bad, m)
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return append(bad, 0x00) // never reached SOS: malformed
}

func process(t *testing.T, b []byte) *Image {
	t.Helper()
	img, err := Process(bytes.NewReader(b), DefaultLimits())
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	return img
}

func TestFormats(t *testing.T) {
	src := pattern(40, 20)
	withAlpha := pattern(40, 20)
	withAlpha.SetNRGBA(0, 0, transparent)
	tests := []struct {
		name   string
		data   []byte
		format string
		w, h   int
	}{
		{"jpeg", encodeJPEGTest(t, src), "jpeg", 40, 20},
		{"jpeg gray", encodeJPEGTest(t, image.NewGray(image.Rect(0, 0, 33, 17))), "jpeg", 33, 17},
		{"jpeg cmyk", encodeJPEGTest(t, image.NewCMYK(image.Rect(0, 0, 33, 17))), "jpeg", 33, 17},
		{"png", encodePNGTest(t, src), "png", 40, 20},
		{"png paletted", encodePNGTest(t, image.NewPaletted(image.Rect(0, 0, 9, 5), color.Palette{red, transparent})), "png", 9, 5},
		{"png 16-bit", encodePNGTest(t, image.NewRGBA64(image.Rect(0, 0, 9, 5))), "png", 9, 5},
		{"png exif 6", pngInsert(encodePNGTest(t, src), pngChunk("eXIf", orientationTIFF(binary.BigEndian, 6))), "png", 20, 40},
		{"webp lossless", encodeWebPTest(src, nil), "webp", 40, 20},
		{"webp alpha", encodeWebPTest(withAlpha, nil), "webp", 40, 20},
		{"webp exif 6", encodeWebPTest(src, orientationTIFF(binary.LittleEndian, 6)), "webp", 20, 40},
		{"webp exif 8 with prefix", encodeWebPTest(src, append([]byte("Exif\x00\x00"), orientationTIFF(binary.LittleEndian, 8)...)), "webp", 20, 40},
		{"1x1", encodePNGTest(t, pattern(1, 1)), "png", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := process(t, tt.data)
			if img.Format != tt.format {
				t.Errorf("Format = %q, want %q", img.Format, tt.format)
			}
			if img.Width != tt.w || img.Height != tt.h {
				t.Errorf("large %dx%d, want %dx%d", img.Width, img.Height, tt.w, tt.h)
			}
			checkOutput(t, img)
		})
	}
}

func TestStripsMetadataAndRotates(t *testing.T) {
	const planted = "PLANTED-SECRET-GPS-MARKER"
	bo := binary.LittleEndian
	tiff := buildTIFF(bo,
		[]tiffEntry{
			asciiEntry(0x010E, planted+" description"),
			asciiEntry(0x010F, "AcmePhone"),
			shortEntry(bo, tagOrientation, 6),
		},
		[]tiffEntry{
			{0x0000, 1, 4, []byte{2, 3, 0, 0}}, // GPSVersionID
			asciiEntry(0x0001, "N"),
			rationalsEntry(bo, 0x0002, 50, 50, 4488),
			asciiEntry(0x0003, "E"),
			rationalsEntry(bo, 0x0004, 4, 21, 1812),
			asciiEntry(0x0012, planted+" datum"),
		})
	src := spliceJPEG(encodeJPEGTest(t, redQuadrant(40, 20)),
		exifSegment(tiff),
		jpegSegment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"+planted+"</x:xmpmeta>")),
		jpegSegment(0xE2, []byte("ICC_PROFILE\x00\x01\x01"+planted)),
		jpegSegment(0xFE, []byte("comment "+planted)),
	)
	if orientation(tiff) != 6 {
		t.Fatal("test EXIF does not carry orientation 6")
	}
	img := process(t, src)
	for name, b := range map[string][]byte{"large": img.Large, "thumb": img.Thumb} {
		for _, s := range []string{"Exif", planted, "AcmePhone", "xmpmeta", "ICC_PROFILE", "\xFF\xE1"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s contains %q", name, s)
			}
		}
	}
	large, thumb := checkOutput(t, img)
	if img.Width != 20 || img.Height != 40 {
		t.Fatalf("large %dx%d, want 20x40", img.Width, img.Height)
	}
	// A quarter turn clockwise carries the top-left quadrant to the top right.
	for name, m := range map[string]image.Image{"large": large, "thumb": thumb} {
		if c := at(m, topRight); !near(c, red) {
			t.Errorf("%s top-right = %v, want red", name, c)
		}
		for _, k := range []corner{topLeft, bottomLeft, bottomRight} {
			if c := at(m, k); !near(c, blue) {
				t.Errorf("%s %v = %v, want blue", name, k, c)
			}
		}
	}
}

func TestOrientations(t *testing.T) {
	tests := []struct {
		o          uint16
		w, h       int
		red, green corner
	}{
		{1, 40, 20, topLeft, topRight},
		{2, 40, 20, topRight, topLeft},
		{3, 40, 20, bottomRight, bottomLeft},
		{4, 40, 20, bottomLeft, bottomRight},
		{5, 20, 40, topLeft, bottomLeft},
		{6, 20, 40, topRight, bottomRight},
		{7, 20, 40, bottomRight, topRight},
		{8, 20, 40, bottomLeft, topLeft},
	}
	src := pattern(40, 20)
	for _, tt := range tests {
		t.Run(string(rune('0'+tt.o)), func(t *testing.T) {
			img := process(t, jpegWithOrientation(t, src, tt.o))
			if img.Width != tt.w || img.Height != tt.h {
				t.Fatalf("large %dx%d, want %dx%d", img.Width, img.Height, tt.w, tt.h)
			}
			large, _ := checkOutput(t, img)
			if c := at(large, tt.red); !near(c, red) {
				t.Errorf("%v = %v, want red", tt.red, c)
			}
			if c := at(large, tt.green); !near(c, green) {
				t.Errorf("%v = %v, want green", tt.green, c)
			}
		})
	}
}

func TestOrientationsAfterResize(t *testing.T) {
	// Shrinking happens before turning, so check the pair on a big image too.
	jpg := encodeJPEGTest(t, pattern(4000, 2000))
	for _, o := range []uint16{3, 5, 6, 8} {
		img := process(t, spliceJPEG(jpg, exifSegment(orientationTIFF(binary.BigEndian, o))))
		large, thumb := checkOutput(t, img)
		want := map[uint16][2]corner{3: {bottomRight, bottomLeft}, 5: {topLeft, bottomLeft}, 6: {topRight, bottomRight}, 8: {bottomLeft, topLeft}}[o]
		for name, m := range map[string]image.Image{"large": large, "thumb": thumb} {
			if c := at(m, want[0]); !near(c, red) {
				t.Errorf("o=%d %s %v = %v, want red", o, name, want[0], c)
			}
			if c := at(m, want[1]); !near(c, green) {
				t.Errorf("o=%d %s %v = %v, want green", o, name, want[1], c)
			}
		}
	}
}

var (
	photo12MPOnce sync.Once
	photo12MP     []byte
)

// photo12MPJPEG is a 4000×3000 JPEG with gradients and fine detail, so
// decoding costs what a real phone photo costs.
func photo12MPJPEG(t testing.TB) []byte {
	photo12MPOnce.Do(func() {
		m := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
		for y := range 3000 {
			for x := range 4000 {
				m.Y[y*m.YStride+x] = uint8(x/16 + y/12 + (x*y)%7*9)
			}
		}
		for y := range 1500 {
			for x := range 2000 {
				m.Cb[y*m.CStride+x] = uint8(x / 8)
				m.Cr[y*m.CStride+x] = uint8(y / 6)
			}
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
			panic(err)
		}
		photo12MP = buf.Bytes()
	})
	return photo12MP
}

func TestResize(t *testing.T) {
	tests := []struct {
		name         string
		data         func(t *testing.T) []byte
		w, h, tw, th int
	}{
		{"12MP landscape", func(t *testing.T) []byte { return photo12MPJPEG(t) }, 1600, 1200, 320, 240},
		{"portrait png", func(t *testing.T) []byte { return encodePNGTest(t, pattern(1500, 2000)) }, 1200, 1600, 240, 320},
		{"12MP orientation 6", func(t *testing.T) []byte {
			return spliceJPEG(photo12MPJPEG(t), exifSegment(orientationTIFF(binary.BigEndian, 6)))
		}, 1200, 1600, 240, 320},
		{"odd sides", func(t *testing.T) []byte { return encodeJPEGTest(t, pattern(3333, 1111)) }, 1600, 533, 320, 107},
		{"small not upscaled", func(t *testing.T) []byte { return encodeJPEGTest(t, pattern(100, 50)) }, 100, 50, 100, 50},
		{"between sizes", func(t *testing.T) []byte { return encodeJPEGTest(t, pattern(800, 600)) }, 800, 600, 320, 240},
		{"sliver", func(t *testing.T) []byte { return encodePNGTest(t, pattern(6000, 2)) }, 1600, 1, 320, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := process(t, tt.data(t))
			if img.Width != tt.w || img.Height != tt.h || img.ThumbWidth != tt.tw || img.ThumbHeight != tt.th {
				t.Errorf("got large %dx%d thumb %dx%d, want %dx%d and %dx%d",
					img.Width, img.Height, img.ThumbWidth, img.ThumbHeight, tt.w, tt.h, tt.tw, tt.th)
			}
			checkOutput(t, img)
		})
	}
}

func TestResizeKeepsColours(t *testing.T) {
	img := process(t, encodePNGTest(t, pattern(4001, 3001)))
	large, thumb := checkOutput(t, img)
	if img.Width != 1600 || img.Height != 1200 {
		t.Errorf("large %dx%d, want 1600x1200", img.Width, img.Height)
	}
	for name, m := range map[string]image.Image{"large": large, "thumb": thumb} {
		for k, want := range map[corner]color.NRGBA{topLeft: red, topRight: green, bottomLeft: blue, bottomRight: blue} {
			if c := at(m, k); !near(c, want) {
				t.Errorf("%s %v = %v, want %v", name, k, c, want)
			}
		}
	}
}

func TestTransparencyBecomesWhite(t *testing.T) {
	white := color.NRGBA{255, 255, 255, 255}
	half := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			if x >= 20 {
				half.SetNRGBA(x, y, red)
			}
		}
	}
	// Big enough to take the banded halving path.
	big := image.NewNRGBA(image.Rect(0, 0, 4000, 1001))
	for y := range 1001 {
		for x := 2000; x < 4000; x++ {
			big.SetNRGBA(x, y, red)
		}
	}
	for name, data := range map[string][]byte{
		"png":       encodePNGTest(t, half),
		"png large": encodePNGTest(t, big),
		"webp":      encodeWebPTest(half, nil),
	} {
		t.Run(name, func(t *testing.T) {
			large, thumb := checkOutput(t, process(t, data))
			for _, m := range []image.Image{large, thumb} {
				if c := at(m, topLeft); !near(c, white) {
					t.Errorf("transparent side = %v, want white", c)
				}
				if c := at(m, bottomRight); !near(c, red) {
					t.Errorf("opaque side = %v, want red", c)
				}
			}
		})
	}
}

// truncateAfterSOS cuts a JPEG right after its scan header.
func truncateAfterSOS(t *testing.T, j []byte) []byte {
	i := bytes.Index(j, []byte{0xFF, 0xDA})
	if i < 0 {
		t.Fatal("no SOS")
	}
	return j[:i+2+int(binary.BigEndian.Uint16(j[i+2:]))]
}

// patchSOF0 rewrites the frame size of a baseline JPEG.
func patchSOF0(t *testing.T, j []byte, w, h uint16) []byte {
	j = append([]byte(nil), j...)
	i := bytes.Index(j, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no SOF0")
	}
	binary.BigEndian.PutUint16(j[i+5:], h)
	binary.BigEndian.PutUint16(j[i+7:], w)
	return j
}

func TestRejections(t *testing.T) {
	jpg := encodeJPEGTest(t, pattern(40, 20))
	pngData := encodePNGTest(t, pattern(40, 20))
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, pattern(8, 8), nil); err != nil {
		t.Fatal(err)
	}
	manyScans := append([]byte(nil), jpg[:len(jpg)-2]...)
	for range maxJPEGScans + 1 {
		manyScans = append(manyScans, jpegSegment(0xDA, []byte{1, 1, 0, 0, 63, 0})...)
	}
	manyScans = append(manyScans, 0xFF, 0xD9)

	tests := []struct {
		name string
		data []byte
		lim  func(*Limits)
		want error
	}{
		{"empty", nil, nil, ErrUnsupported},
		{"gif", gifBuf.Bytes(), nil, ErrUnsupported},
		{"html", []byte("<html><body><img src=x onerror=alert(1)></body></html>"), nil, ErrUnsupported},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), nil, ErrUnsupported},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), nil, ErrUnsupported},
		{"text", []byte("just some text"), nil, ErrUnsupported},
		{"two jpeg bytes", []byte{0xFF, 0xD8}, nil, ErrUnsupported},
		{"riff wave", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), nil, ErrUnsupported},
		{"animated webp", riffWebP(vp8x(0x02, 40, 20), riffChunk("ANIM", make([]byte, 6))), nil, ErrUnsupported},
		{"png 100000x100000", pngHeader(100000, 100000), nil, ErrDimensions},
		{"png side over MaxSide", pngHeader(13000, 10), nil, ErrDimensions},
		{"jpeg 7100x7100, over 50 MP", patchSOF0(t, jpg, 7100, 7100), nil, ErrDimensions},
		{"jpeg zero height", patchSOF0(t, jpg, 40, 0), nil, ErrDimensions},
		{"webp 16384x16384", riffWebP(vp8x(0, 16384, 16384), riffChunk("VP8L", []byte{0x2f})), nil, ErrDimensions},
		{"over pixel limit", jpg, func(l *Limits) { l.MaxPixels = 799 }, ErrDimensions},
		{"over side limit", jpg, func(l *Limits) { l.MaxSide = 39 }, ErrDimensions},
		{"too large", jpg, func(l *Limits) { l.MaxBytes = int64(len(jpg) - 1) }, ErrTooLarge},
		{"too large garbage", make([]byte, 101), func(l *Limits) { l.MaxBytes = 100 }, ErrTooLarge},
		{"jpeg truncated after header", truncateAfterSOS(t, jpg), nil, ErrCorrupt},
		{"jpeg truncated mid-scan", jpg[:len(jpg)/2], nil, ErrCorrupt},
		{"jpeg magic only", []byte{0xFF, 0xD8, 0xFF}, nil, ErrCorrupt},
		{"jpeg too many scans", manyScans, nil, ErrCorrupt},
		{"png truncated", pngData[:len(pngData)/2], nil, ErrCorrupt},
		{"png header only", pngHeader(40, 20), nil, ErrCorrupt},
		{"png bad crc", append(append([]byte(nil), pngData[:30]...), 0, 0, 0, 0), nil, ErrCorrupt},
		{"webp garbage", riffWebP(riffChunk("VP8L", []byte{0x2f, 1, 2, 3, 4, 5, 6, 7})), nil, ErrCorrupt},
		{"webp no image chunk", riffWebP(riffChunk("EXIF", orientationTIFF(binary.LittleEndian, 6))), nil, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lim := DefaultLimits()
			if tt.lim != nil {
				tt.lim(&lim)
			}
			img, err := Process(bytes.NewReader(tt.data), lim)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if img != nil {
				t.Error("non-nil image with error")
			}
			if !strings.HasPrefix(err.Error(), "photo: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestBombRejectedWithoutAllocating(t *testing.T) {
	for name, data := range map[string][]byte{
		"png":  pngHeader(100000, 100000),
		"jpeg": patchSOF0(t, encodeJPEGTest(t, pattern(16, 16)), 65000, 65000),
		"webp": riffWebP(vp8x(0, 1<<24, 1<<24), riffChunk("VP8L", []byte{0x2f})),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Process(bytes.NewReader(data), DefaultLimits())
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrDimensions) && !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrDimensions", name, err)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("%s: allocated %d bytes rejecting a bomb", name, n)
		}
	}
}

// endless is an infinite reader that counts what it hands out.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadsAtMostMaxBytesPlusOne(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxBytes = 1000
	r := &endless{}
	_, err := Process(r, lim)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if r.n > lim.MaxBytes+1 {
		t.Errorf("read %d bytes, want at most %d", r.n, lim.MaxBytes+1)
	}
}

func TestExactlyMaxBytesAccepted(t *testing.T) {
	jpg := encodeJPEGTest(t, pattern(40, 20))
	lim := DefaultLimits()
	lim.MaxBytes = int64(len(jpg))
	if _, err := Process(bytes.NewReader(jpg), lim); err != nil {
		t.Fatal(err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestReadErrorIsNotASentinel(t *testing.T) {
	_, err := Process(failingReader{}, DefaultLimits())
	if !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("err = %v, want io.ErrClosedPipe", err)
	}
	for _, s := range []error{ErrTooLarge, ErrUnsupported, ErrDimensions, ErrCorrupt} {
		if errors.Is(err, s) {
			t.Errorf("read failure reported as %v", s)
		}
	}
}

func TestZeroLimitsUseDefaults(t *testing.T) {
	img, err := Process(bytes.NewReader(encodeJPEGTest(t, pattern(400, 200))), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if img.ThumbWidth != 320 || img.ThumbHeight != 160 {
		t.Errorf("thumb %dx%d, want 320x160", img.ThumbWidth, img.ThumbHeight)
	}
}

func TestMalformedEXIFInJPEG(t *testing.T) {
	jpg := encodeJPEGTest(t, pattern(40, 20))
	cases := malformedEXIF()
	// Segment-level damage: an APP1 whose length runs past the file end.
	cases["app1 length past end"] = nil
	for name, tiff := range cases {
		t.Run(name, func(t *testing.T) {
			data := spliceJPEG(jpg, exifSegment(tiff))
			if name == "app1 length past end" {
				data = append(jpg[:2:2], 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M')
			}
			img, err := Process(bytes.NewReader(data), DefaultLimits())
			if name == "app1 length past end" {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("err = %v, want ErrCorrupt", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if img.Width != 40 || img.Height != 20 {
				t.Errorf("large %dx%d, want 40x20 (orientation 1)", img.Width, img.Height)
			}
			large, _ := checkOutput(t, img)
			if c := at(large, topLeft); !near(c, red) {
				t.Errorf("top-left = %v, want red", c)
			}
		})
	}
}

// fuzzLimits keep each fuzz iteration small and fast.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 4096, LargeSide: 64, ThumbSide: 16, Quality: 50}

// fuzzSeeds are small valid inputs of every format and metadata kind.
func fuzzSeeds(t testing.TB) [][]byte {
	src := pattern(24, 12)
	alpha := pattern(24, 12)
	alpha.SetNRGBA(1, 1, transparent)
	le := binary.LittleEndian
	return [][]byte{
		encodeJPEGTest(t, src),
		jpegWithOrientation(t, src, 6),
		spliceJPEG(encodeJPEGTest(t, src), exifSegment(buildTIFF(le,
			[]tiffEntry{shortEntry(le, tagOrientation, 5)},
			[]tiffEntry{rationalsEntry(le, 2, 1, 2, 3)}))),
		encodePNGTest(t, alpha),
		pngInsert(encodePNGTest(t, src), pngChunk("eXIf", orientationTIFF(binary.BigEndian, 7))),
		encodeWebPTest(src, nil),
		encodeWebPTest(alpha, orientationTIFF(le, 3)),
	}
}

func FuzzProcess(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Process(bytes.NewReader(data), fuzzLimits)
		if err != nil {
			for _, s := range []error{ErrTooLarge, ErrUnsupported, ErrDimensions, ErrCorrupt} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("unclassified error: %v", err)
		}
		if img.Width < 1 || img.Height < 1 || img.Width > fuzzLimits.LargeSide || img.Height > fuzzLimits.LargeSide {
			t.Fatalf("large %dx%d out of range", img.Width, img.Height)
		}
		if img.ThumbWidth < 1 || img.ThumbHeight < 1 || img.ThumbWidth > fuzzLimits.ThumbSide || img.ThumbHeight > fuzzLimits.ThumbSide {
			t.Fatalf("thumb %dx%d out of range", img.ThumbWidth, img.ThumbHeight)
		}
		for _, b := range [][]byte{img.Large, img.Thumb} {
			if _, err := jpeg.DecodeConfig(bytes.NewReader(b)); err != nil {
				t.Fatalf("output does not decode: %v", err)
			}
		}
	})
}

func BenchmarkProcess12MP(b *testing.B) {
	data := photo12MPJPEG(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(bytes.NewReader(data), DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDecodeMemoryBudget(t *testing.T) {
	// A 16-bit RGBA PNG of 6000×6600 is within the pixel limit but would
	// take 300 MiB decoded: refused from the header alone.
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 6000)
	binary.BigEndian.PutUint32(ihdr[4:], 6600)
	ihdr[8], ihdr[9] = 16, 6 // bit depth 16, colour type RGBA
	data := append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
	_, err := Process(bytes.NewReader(data), DefaultLimits())
	if !errors.Is(err, ErrDimensions) || !strings.Contains(err.Error(), "MiB to decode") {
		t.Fatalf("16-bit 40 MP PNG: %v, want ErrDimensions for its decoded size", err)
	}
	// 20 MP in 8 bits (76 MiB) fits; the header-only file then fails to decode.
	if _, err := Process(bytes.NewReader(pngHeader(4000, 5000)), DefaultLimits()); errors.Is(err, ErrDimensions) {
		t.Fatalf("8-bit 20 MP PNG refused for its size: %v", err)
	}
}
