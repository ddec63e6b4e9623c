package photo

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"
)

// stripes is a black and white pattern of 4-pixel stripes: text, a face
// or a number plate has detail of this size.
func stripes(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{0, 0, 0, 255}
			if (x/4+y/4)%2 == 0 {
				c = color.NRGBA{255, 255, 255, 255}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

// spread is the standard deviation of the grey levels of r in m.
func spread(m image.Image, r image.Rectangle) float64 {
	var sum, sq, n float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g := float64(color.GrayModel.Convert(m.At(x, y)).(color.Gray).Y)
			sum, sq, n = sum+g, sq+g*g, n+1
		}
	}
	mean := sum / n
	return math.Sqrt(sq/n - mean*mean)
}

func TestRedactBlursOnlyTheAreas(t *testing.T) {
	orig := process(t, encodePNGTest(t, stripes(800, 600)))
	areas := []Area{{X: 0.25, Y: 0.25, W: 0.25, H: 0.2}, {X: 0.7, Y: 0.7, W: 0.2, H: 0.2}}
	red, err := Redact(orig.Large, areas, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if red.Width != 800 || red.Height != 600 || red.ThumbWidth != 320 || red.ThumbHeight != 240 {
		t.Errorf("sizes %dx%d / %dx%d", red.Width, red.Height, red.ThumbWidth, red.ThumbHeight)
	}
	large, _ := checkOutput(t, red)
	before, _ := jpeg.Decode(bytes.NewReader(orig.Large))
	for _, a := range areas {
		r := a.pixels(800, 600)
		inner := r.Inset(2) // JPEG blocks at the edge mix both sides
		if s0, s1 := spread(before, inner), spread(large, inner); s0 < 100 || s1 > 15 {
			t.Errorf("area %v: grey spread %.1f before, %.1f after; want it flattened", r, s0, s1)
		}
	}
	// Away from the areas, the stripes are as sharp as they were.
	for _, r := range []image.Rectangle{image.Rect(0, 0, 150, 100), image.Rect(600, 0, 800, 150), image.Rect(0, 500, 400, 600)} {
		if s0, s1 := spread(before, r), spread(large, r); math.Abs(s0-s1) > 3 {
			t.Errorf("outside %v: spread %.1f became %.1f", r, s0, s1)
		}
	}
}

func TestRedactRefusesBadAreas(t *testing.T) {
	orig := process(t, encodePNGTest(t, stripes(200, 100)))
	for _, areas := range [][]Area{
		nil,
		{{X: -0.1, Y: 0, W: 0.5, H: 0.5}},
		{{X: 0.6, Y: 0, W: 0.5, H: 0.5}},
		{{X: 0, Y: 0, W: 0, H: 0.5}},
		make([]Area, MaxAreas+1),
	} {
		if _, err := Redact(orig.Large, areas, DefaultLimits()); err == nil {
			t.Errorf("%v accepted", areas)
		}
	}
	if _, err := Redact([]byte("not a jpeg"), []Area{{0, 0, 1, 1}}, DefaultLimits()); !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) {
		t.Errorf("garbage: %v", err)
	}
	// A sliver at the edge still blurs at least a pixel.
	if _, err := Redact(orig.Large, []Area{{X: 0.999, Y: 0.999, W: 0.001, H: 0.001}}, DefaultLimits()); err != nil {
		t.Errorf("sliver: %v", err)
	}
}
