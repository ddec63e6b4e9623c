package photo

import (
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// fit returns w×h scaled down so that its longer side is at most side,
// keeping the aspect ratio; images already small enough are not upscaled.
func fit(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	// int64 keeps w*side from overflowing on 32-bit platforms.
	scale := func(a, b int) int { return max(1, int((int64(a)*int64(side)+int64(b)/2)/int64(b))) }
	if w >= h {
		return side, scale(h, w)
	}
	return scale(w, h), side
}

// shrink returns src resized to dw×dh as an opaque RGBA image starting at the
// origin, with any transparency flattened onto white.
//
// Large reductions first halve the image with 2×2 box averages, which are
// cheap, use every source pixel (no aliasing from skipped pixels) and need
// little memory, and finish with draw.ApproxBiLinear over a ratio below two.
// draw.BiLinear alone looks about the same but allocates 32 bytes per
// (output width × input height) pixel, about 150 MB for a 12-megapixel photo.
func shrink(src image.Image, dw, dh int) *image.RGBA {
	b := src.Bounds()
	halve := b.Dx()/2 >= dw && b.Dy()/2 >= dh
	var cur *image.RGBA
	switch m := src.(type) {
	case *image.YCbCr:
		if halve {
			// Halving straight from YCbCr skips an RGBA copy of a JPEG.
			cur = halveYCbCr(m)
		}
	case *image.RGBA:
		if m.Rect.Min == (image.Point{}) && m.Opaque() {
			cur = m
		}
	}
	switch {
	case cur != nil:
	case halve:
		cur = halveImage(src)
	default:
		cur = flatten(src)
	}
	for cur.Rect.Dx()/2 >= dw && cur.Rect.Dy()/2 >= dh {
		cur = halveImage(cur)
	}
	if cur.Rect.Dx() == dw && cur.Rect.Dy() == dh {
		return cur
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	draw.ApproxBiLinear.Scale(dst, dst.Rect, cur, cur.Rect, draw.Src, nil)
	return dst
}

// isOpaque reports whether src is known to have no transparent pixels.
func isOpaque(src image.Image) bool {
	o, ok := src.(interface{ Opaque() bool })
	return ok && o.Opaque()
}

// flatten copies src into a new RGBA image at the origin, compositing it over
// white so transparent areas do not turn black in the JPEG.
func flatten(src image.Image) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	flattenInto(dst, src, b.Min, isOpaque(src))
	return dst
}

// flattenInto fills dst from src starting at sp, over white unless opaque.
func flattenInto(dst *image.RGBA, src image.Image, sp image.Point, opaque bool) {
	if opaque {
		draw.Draw(dst, dst.Rect, src, sp, draw.Src)
		return
	}
	// A sub-image's Pix runs past its last row; fill only its own rows.
	pix := dst.Pix[:dst.Rect.Dy()*dst.Stride]
	for i := range pix {
		pix[i] = 0xFF
	}
	draw.Draw(dst, dst.Rect, src, sp, draw.Over)
}

// halveBand is the number of source rows flattened at a time by halveImage;
// it must be even.
const halveBand = 64

// halveImage returns src at half size, flattened onto white, each pixel the
// rounded mean of a 2×2 block; an odd last row or column is dropped. It
// flattens the source a band of rows at a time, so a big PNG never gets a
// second full-size copy, and an *image.RGBA at the origin is read directly.
func halveImage(src image.Image) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx()/2, b.Dy()/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if m, ok := src.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) && m.Opaque() {
		halveRows(dst, 0, m, h)
		return dst
	}
	opaque := isOpaque(src)
	band := image.NewRGBA(image.Rect(0, 0, b.Dx(), halveBand))
	for y := 0; y < 2*h; y += halveBand {
		rows := min(halveBand, 2*h-y)
		part := band.SubImage(image.Rect(0, 0, b.Dx(), rows)).(*image.RGBA)
		flattenInto(part, src, image.Pt(b.Min.X, b.Min.Y+y), opaque)
		halveRows(dst, y/2, part, rows/2)
	}
	return dst
}

// halveRows writes n rows of dst, starting at row dy, from the first 2n rows
// of m, which must start at the origin.
func halveRows(dst *image.RGBA, dy int, m *image.RGBA, n int) {
	w := dst.Rect.Dx()
	for y := range n {
		r0 := m.Pix[2*y*m.Stride:]
		r1 := m.Pix[(2*y+1)*m.Stride:]
		d := dst.Pix[(dy+y)*dst.Stride : (dy+y)*dst.Stride+4*w]
		for i := range d {
			// Byte i of the output averages bytes j and j+4 of two rows.
			j := (i/4)*8 + i%4
			d[i] = uint8((uint(r0[j]) + uint(r0[j+4]) + uint(r1[j]) + uint(r1[j+4]) + 2) >> 2)
		}
	}
}

// halveYCbCr is halveImage for a decoded JPEG. It averages luma and chroma
// in YCbCr and converts once per output pixel; the conversion is affine, so
// this matches averaging in RGB except where channels clip.
func halveYCbCr(m *image.YCbCr) *image.RGBA {
	b := m.Rect
	w, h := b.Dx()/2, b.Dy()/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if m.SubsampleRatio == image.YCbCrSubsampleRatio420 && b.Min.X%2 == 0 && b.Min.Y%2 == 0 {
		// Most JPEGs: each 2×2 luma block shares exactly one chroma sample.
		for y := range h {
			y0 := m.Y[2*y*m.YStride:]
			y1 := m.Y[(2*y+1)*m.YStride:]
			cb := m.Cb[y*m.CStride : y*m.CStride+w]
			cr := m.Cr[y*m.CStride : y*m.CStride+w]
			d := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
			for x := range cb {
				yy := (uint(y0[2*x]) + uint(y0[2*x+1]) + uint(y1[2*x]) + uint(y1[2*x+1]) + 2) >> 2
				r, g, bl := color.YCbCrToRGB(uint8(yy), cb[x], cr[x])
				p := d[4*x : 4*x+4]
				p[0], p[1], p[2], p[3] = r, g, bl, 0xFF
			}
		}
		return dst
	}
	for y := range h {
		sy := b.Min.Y + 2*y
		d := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for x := range w {
			sx := b.Min.X + 2*x
			y0, y1 := m.YOffset(sx, sy), m.YOffset(sx, sy+1)
			c00, c01 := m.COffset(sx, sy), m.COffset(sx+1, sy)
			c10, c11 := m.COffset(sx, sy+1), m.COffset(sx+1, sy+1)
			yy := (uint(m.Y[y0]) + uint(m.Y[y0+1]) + uint(m.Y[y1]) + uint(m.Y[y1+1]) + 2) >> 2
			cb := (uint(m.Cb[c00]) + uint(m.Cb[c01]) + uint(m.Cb[c10]) + uint(m.Cb[c11]) + 2) >> 2
			cr := (uint(m.Cr[c00]) + uint(m.Cr[c01]) + uint(m.Cr[c10]) + uint(m.Cr[c11]) + 2) >> 2
			r, g, bl := color.YCbCrToRGB(uint8(yy), uint8(cb), uint8(cr))
			p := d[4*x : 4*x+4]
			p[0], p[1], p[2], p[3] = r, g, bl, 0xFF
		}
	}
	return dst
}
