// Package photo turns untrusted uploaded photos into safe, re-encoded JPEGs.
//
// Every output is decoded to pixels and encoded afresh, so no metadata from
// the upload (EXIF, GPS, XMP, ICC profiles, comments) can survive. The EXIF
// orientation is read first and baked into the pixels, because dropping the
// metadata would otherwise leave sideways photos.
package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// Sentinel errors returned (wrapped) by Process; callers map them to HTTP
// statuses with errors.Is.
var (
	// ErrTooLarge means the upload has more than Limits.MaxBytes bytes.
	ErrTooLarge = errors.New("upload too large")
	// ErrUnsupported means the bytes are not a JPEG, PNG or WebP image we can
	// decode (GIF, SVG, HTML, PDF, text, empty, animated WebP, arithmetic-coded
	// JPEG, ...).
	ErrUnsupported = errors.New("unsupported format")
	// ErrDimensions means the image is zero-sized or over Limits.MaxPixels or
	// Limits.MaxSide.
	ErrDimensions = errors.New("bad dimensions")
	// ErrCorrupt means the bytes look like a supported image but do not decode.
	ErrCorrupt = errors.New("corrupt image")
)

// Limits bounds what Process accepts and what it produces. A zero or negative
// field takes its DefaultLimits value.
type Limits struct {
	MaxBytes  int64 // largest accepted upload in bytes
	MaxPixels int   // largest width*height accepted, checked before decoding
	// MaxDecodeBytes bounds the memory the decoded pixels may take, from the
	// header's pixel format: a 16-bit PNG takes eight bytes a pixel, a JPEG
	// from a phone about one and a half.
	MaxDecodeBytes int64
	MaxSide        int // largest width or height accepted
	LargeSide      int // longest side of the large variant (never upscaled)
	ThumbSide      int // longest side of the thumbnail (never upscaled)
	Quality        int // JPEG quality of both variants, 1-100
}

// DefaultLimits returns limits suited to phone photos of street issues.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:  10 << 20,
		MaxPixels: 50_000_000,
		// 96 MiB lets through a 48-megapixel phone JPEG (72 MiB decoded)
		// and a 12-megapixel 16-bit PNG, and keeps one decode within the
		// service's memory budget.
		MaxDecodeBytes: 96 << 20,
		MaxSide:        12000,
		LargeSide:      1600,
		ThumbSide:      320,
		Quality:        82,
	}
}

// withDefaults fills unset fields so a zero Limits is safe rather than
// rejecting everything or allowing everything.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = d.MaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = d.MaxSide
	}
	if l.MaxDecodeBytes <= 0 {
		l.MaxDecodeBytes = d.MaxDecodeBytes
	}
	if l.LargeSide <= 0 {
		l.LargeSide = d.LargeSide
	}
	if l.ThumbSide <= 0 {
		l.ThumbSide = d.ThumbSide
	}
	if l.Quality <= 0 {
		l.Quality = d.Quality
	}
	l.Quality = min(l.Quality, 100)
	return l
}

// Image is one processed photo.
type Image struct {
	Large, Thumb            []byte // JPEG bytes without any metadata segments
	Width, Height           int    // of Large, after orientation
	ThumbWidth, ThumbHeight int
	Format                  string // detected source format: "jpeg", "png" or "webp"
}

// codec pairs the decoder functions of one format so Process never consults
// the global image format registry.
type codec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

var codecs = map[string]codec{
	formatJPEG: {jpeg.DecodeConfig, jpeg.Decode},
	formatPNG:  {png.DecodeConfig, png.Decode},
	formatWebP: {webp.DecodeConfig, webp.Decode},
}

// Process reads one uploaded photo from r and returns its large and thumbnail
// JPEG variants. It reads at most lim.MaxBytes+1 bytes, trusts only the bytes
// themselves for the format, and checks the dimensions in the header before
// decoding any pixels.
func Process(r io.Reader, lim Limits) (*Image, error) {
	lim = lim.withDefaults()
	data, err := readAll(r, lim.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("photo: read upload: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("photo: upload over %d bytes: %w", lim.MaxBytes, ErrTooLarge)
	}
	format := sniff(data)
	if format == "" {
		return nil, fmt.Errorf("photo: not jpeg, png or webp: %w", ErrUnsupported)
	}
	orient, err := inspect(format, data)
	if err != nil {
		return nil, err
	}

	c := codecs[format]
	cfg, err := c.config(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(format, "header", err)
	}
	if err := checkDimensions(cfg.Width, cfg.Height, lim); err != nil {
		return nil, fmt.Errorf("photo: %s %dx%d: %w", format, cfg.Width, cfg.Height, err)
	}
	if need := int64(cfg.Width) * int64(cfg.Height) * bytesPerPixel(cfg.ColorModel); need > lim.MaxDecodeBytes {
		return nil, fmt.Errorf("photo: %s %dx%d would take %d MiB to decode: %w", format, cfg.Width, cfg.Height, need>>20, ErrDimensions)
	}
	src, err := c.decode(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(format, "image", err)
	}
	// The decoders size the image from the same header DecodeConfig read; this
	// guards the pipeline below should a decoder ever disagree.
	if b := src.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, fmt.Errorf("photo: decode %s: size %v differs from header: %w", format, b.Size(), ErrCorrupt)
	}

	// Sizes are fitted in display orientation, then mapped back to the stored
	// orientation so the expensive shrink runs before the cheap rotation.
	ow, oh := cfg.Width, cfg.Height
	if swapsSides(orient) {
		ow, oh = oh, ow
	}
	lw, lh := fit(ow, oh, lim.LargeSide)
	sw, sh := lw, lh
	if swapsSides(orient) {
		sw, sh = sh, sw
	}
	large := applyOrientation(shrink(src, sw, sh), orient)
	tw, th := fit(lw, lh, lim.ThumbSide)
	thumb := shrink(large, tw, th)

	out := &Image{
		Width: lw, Height: lh,
		ThumbWidth: tw, ThumbHeight: th,
		Format: format,
	}
	if out.Large, err = encodeJPEG(large, lim.Quality); err != nil {
		return nil, err
	}
	if out.Thumb, err = encodeJPEG(thumb, lim.Quality); err != nil {
		return nil, err
	}
	return out, nil
}

// checkDimensions applies the size limits; it uses int64 so a hostile header
// cannot overflow the product on 32-bit platforms.
func checkDimensions(w, h int, lim Limits) error {
	switch {
	case w <= 0 || h <= 0:
		return fmt.Errorf("zero-sized image: %w", ErrDimensions)
	case w > lim.MaxSide || h > lim.MaxSide:
		return fmt.Errorf("side over %d: %w", lim.MaxSide, ErrDimensions)
	case int64(w)*int64(h) > int64(lim.MaxPixels):
		return fmt.Errorf("over %d pixels: %w", lim.MaxPixels, ErrDimensions)
	}
	return nil
}

// decodeError classifies a decoder failure: features the decoders do not
// implement (12-bit or arithmetic-coded JPEG, say) are unsupported, anything
// else is corruption.
func decodeError(format, what string, err error) error {
	var ju jpeg.UnsupportedError
	var pu png.UnsupportedError
	if errors.As(err, &ju) || errors.As(err, &pu) {
		return fmt.Errorf("photo: decode %s %s: %w: %w", format, what, ErrUnsupported, err)
	}
	return fmt.Errorf("photo: decode %s %s: %w: %w", format, what, ErrCorrupt, err)
}

// encodeJPEG writes m with image/jpeg, which emits no APPn or COM segments.
func encodeJPEG(m image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("photo: encode jpeg: %w", err)
	}
	return buf.Bytes(), nil
}

// bytesPerPixel estimates the decoded size of one pixel in the colour model
// a decoder reported.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	case color.YCbCrModel, color.NYCbCrAModel:
		return 2 // 4:2:0 takes 1.5, 4:2:2 two; 4:4:4 (three) is rare from cameras
	case color.Gray16Model:
		return 2
	case color.GrayModel, color.AlphaModel:
		return 1
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}
