package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
)

// Area is a rectangle of a photo as fractions of its width and height
// (0 to 1 from the top left corner), so that it means the same place on
// the large variant, the thumbnail and the page that drew it.
type Area struct {
	X, Y, W, H float64
}

// MaxAreas bounds how many rectangles one redaction blurs.
const MaxAreas = 10

// Valid reports whether a lies inside the photo and is not empty.
func (a Area) Valid() bool {
	return a.X >= 0 && a.Y >= 0 && a.W > 0 && a.H > 0 && a.X+a.W <= 1.0001 && a.Y+a.H <= 1.0001
}

// pixels returns a on an image of w×h pixels, at least one pixel each way.
func (a Area) pixels(w, h int) image.Rectangle {
	r := image.Rect(int(a.X*float64(w)), int(a.Y*float64(h)), int((a.X+a.W)*float64(w)+0.999), int((a.Y+a.H)*float64(h)+0.999))
	r = r.Intersect(image.Rect(0, 0, w, h))
	if r.Dx() == 0 && r.Max.X < w {
		r.Max.X++
	}
	if r.Dy() == 0 && r.Max.Y < h {
		r.Max.Y++
	}
	return r
}

// Redact blurs areas of a stored large variant (a JPEG this package made)
// and returns the new large variant and its thumbnail. The blur is strong
// (three box passes with a radius of a quarter of the area's shorter side):
// a face or a number plate under it cannot be read, while the photo still
// shows what the report is about.
func Redact(large []byte, areas []Area, lim Limits) (*Image, error) {
	lim = lim.withDefaults()
	if len(areas) == 0 || len(areas) > MaxAreas {
		return nil, fmt.Errorf("photo: redact: %d areas, want 1 to %d", len(areas), MaxAreas)
	}
	for _, a := range areas {
		if !a.Valid() {
			return nil, fmt.Errorf("photo: redact: area %+v is not inside the photo", a)
		}
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(large))
	if err != nil {
		return nil, decodeError(formatJPEG, "header", err)
	}
	if err := checkDimensions(cfg.Width, cfg.Height, lim); err != nil {
		return nil, fmt.Errorf("photo: redact %dx%d: %w", cfg.Width, cfg.Height, err)
	}
	src, err := jpeg.Decode(bytes.NewReader(large))
	if err != nil {
		return nil, decodeError(formatJPEG, "image", err)
	}
	m := flatten(src)
	w, h := m.Rect.Dx(), m.Rect.Dy()
	for _, a := range areas {
		blur(m, a.pixels(w, h))
	}
	tw, th := fit(w, h, lim.ThumbSide)
	out := &Image{Width: w, Height: h, ThumbWidth: tw, ThumbHeight: th, Format: formatJPEG}
	if out.Large, err = encodeJPEG(m, lim.Quality); err != nil {
		return nil, err
	}
	if out.Thumb, err = encodeJPEG(shrink(m, tw, th), lim.Quality); err != nil {
		return nil, err
	}
	return out, nil
}

// blur smooths the pixels of r in m with three passes of a box blur each
// way, reading only pixels inside r: what is outside neither changes nor
// bleeds in, and what is inside cannot be recovered from its edges.
func blur(m *image.RGBA, r image.Rectangle) {
	radius := max(6, min(r.Dx(), r.Dy())/4)
	line := make([]uint8, 4*max(r.Dx(), r.Dy()))
	for range 3 {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			off := m.PixOffset(r.Min.X, y)
			boxLine(m.Pix[off:off+4*r.Dx()], 4, r.Dx(), radius, line)
		}
		for x := r.Min.X; x < r.Max.X; x++ {
			off := m.PixOffset(x, r.Min.Y)
			boxLine(m.Pix[off:], m.Stride, r.Dy(), radius, line)
		}
	}
}

// boxLine replaces n pixels of p, step bytes apart, by the mean of the
// pixels within radius of each (fewer at the ends), using tmp as scratch.
func boxLine(p []uint8, step, n, radius int, tmp []uint8) {
	for i := range n {
		copy(tmp[4*i:4*i+4], p[i*step:i*step+4])
	}
	var sum [4]int
	lo, hi := 0, -1 // the window is tmp[lo..hi]
	for i := range n {
		for hi < min(n-1, i+radius) {
			hi++
			for c := range 4 {
				sum[c] += int(tmp[4*hi+c])
			}
		}
		for lo < i-radius {
			for c := range 4 {
				sum[c] -= int(tmp[4*lo+c])
			}
			lo++
		}
		count := hi - lo + 1
		for c := range 4 {
			p[i*step+c] = uint8((sum[c] + count/2) / count)
		}
	}
}
