package photo

import "image"

// swapsSides reports whether EXIF orientation o turns the image a quarter
// turn, so that width and height trade places.
func swapsSides(o int) bool { return o >= 5 && o <= 8 }

// orientedPos maps stored pixel (x, y) of a w×h image to its upright
// position for EXIF orientation o (2-8).
func orientedPos(o, x, y, w, h int) (int, int) {
	switch o {
	case 2: // mirrored horizontally
		return w - 1 - x, y
	case 3: // rotated 180°
		return w - 1 - x, h - 1 - y
	case 4: // mirrored vertically
		return x, h - 1 - y
	case 5: // transposed
		return y, x
	case 6: // needs a 90° clockwise turn
		return h - 1 - y, x
	case 7: // transversed
		return h - 1 - y, w - 1 - x
	case 8: // needs a 90° counter-clockwise turn
		return y, w - 1 - x
	}
	return x, y
}

// applyOrientation returns m turned and mirrored so that it displays upright
// for EXIF orientation o; m must start at the origin. Orientation 1 and
// unknown values return m unchanged.
func applyOrientation(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if swapsSides(o) {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	if w == 0 || h == 0 {
		return dst
	}
	// The mapping is affine, so along a source row the destination offset
	// moves by a constant step; this keeps the inner loop branch-free.
	index := func(x, y int) int {
		dx, dy := orientedPos(o, x, y, w, h)
		return dy*dst.Stride + 4*dx
	}
	step := 0
	if w > 1 {
		step = index(1, 0) - index(0, 0)
	}
	for y := range h {
		s := m.Pix[y*m.Stride : y*m.Stride+4*w]
		d := index(0, y)
		for x := 0; x < len(s); x += 4 {
			copy(dst.Pix[d:d+4], s[x:x+4])
			d += step
		}
	}
	return dst
}
