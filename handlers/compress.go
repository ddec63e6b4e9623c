package handlers

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gin-gonic/gin"
)

// Text answers (pages, scripts, styles, JSON, GeoJSON, Atom, XML, CSV, SVG)
// go out compressed to clients that accept it, with Brotli when they accept
// it and gzip otherwise: a phone on a slow network loads the map page in a
// third of the bytes. A coding refused with q=0 is never used. Left alone:
//   - the event stream: each event must reach the client when it is
//     written, not when a compressor's buffer fills;
//   - images, already compressed;
//   - every answer marked no-store or private. Those carry a secret (a
//     session's CSRF token, a reporter's manage token, a new report's
//     token) next to text a visitor controls, and the length of such an
//     answer, compressed, tells an attacker who controls that text how much
//     of the secret he guessed (BREACH). Pages that carry secrets mark
//     themselves so (privatePage, the staff session), which is the one rule
//     the compressor reads.
//
// Static files are compressed once, at start-up, at the best levels
// (staticFiles); other answers as they are written, at fast levels (the
// map's GeoJSON must stay within its latency target).

// compressible lists the media types worth compressing.
var compressible = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true, "application/javascript": true,
	"application/json": true, "application/geo+json": true, "application/atom+xml": true,
	"text/xml": true, "application/xml": true, "text/csv": true, "image/svg+xml": true,
	"application/manifest+json": true, "text/plain": true,
}

// brotliLevel is the dynamic answers' Brotli level: smaller than gzip's
// fastest for the map's GeoJSON and still well under a millisecond.
const brotliLevel = 5

// encoder is what gzip.Writer and brotli.Writer have in common.
type encoder interface {
	io.Writer
	Reset(io.Writer)
	Flush() error
	Close() error
}

var encoders = map[string]*sync.Pool{
	"gzip": {New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return w
	}},
	"br": {New: func() any { return brotli.NewWriterLevel(nil, brotliLevel) }},
}

// compress is the middleware: it says that answers vary with
// Accept-Encoding and wraps the writer when the client accepts a coding.
// HEAD goes through it too, so that its headers are those of GET.
func (h *handler) compress(c *gin.Context) {
	addVary(c.Writer.Header(), "Accept-Encoding")
	coding := negotiate(c.GetHeader("Accept-Encoding"))
	if coding == "" {
		c.Next()
		return
	}
	w := &compressWriter{ResponseWriter: c.Writer, coding: coding}
	c.Writer = w
	defer func() {
		w.finish()
		c.Writer = w.ResponseWriter
	}()
	c.Next()
}

// negotiate reads an Accept-Encoding header and returns the coding to use:
// "br", "gzip" or "" (identity). Brotli wins a tie.
func negotiate(header string) string {
	br, gz := quality(header, "br"), quality(header, "gzip")
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// quality is what an Accept-Encoding header says of a coding: its own
// entry's q, else that of "*", else 0 (not accepted). Zero refuses, and so
// does a q that cannot be read.
func quality(header, coding string) float64 {
	star, found := 0.0, false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != coding && name != "*" {
			continue
		}
		v := 1.0
		for _, p := range strings.Split(params, ";") {
			if s, ok := strings.CutPrefix(strings.ReplaceAll(p, " ", ""), "q="); ok {
				if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f <= 1 {
					v = f
				} else {
					v = 0
				}
			}
		}
		if name == coding {
			return v
		}
		star, found = v, true
	}
	if found {
		return star
	}
	return 0
}

// shouldCompress decides from the status and the headers the handler set.
func shouldCompress(status int, h interface{ Get(string) string }) bool {
	if status < 200 || status == 204 || status == 206 || status == 304 || h.Get("Content-Encoding") != "" {
		return false
	}
	if cc := h.Get("Cache-Control"); strings.Contains(cc, "no-store") || strings.Contains(cc, "private") {
		return false // it carries a secret: see above
	}
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	return compressible[mt]
}

// compressWriter compresses what the handler writes once it knows, at the
// first write, whether the answer should be.
type compressWriter struct {
	gin.ResponseWriter
	coding  string
	enc     encoder
	decided bool
}

func (w *compressWriter) decide() {
	if w.decided {
		return
	}
	w.decided = true
	if !shouldCompress(w.Status(), w.Header()) {
		return
	}
	w.Header().Del("Content-Length")
	w.Header().Set("Content-Encoding", w.coding)
	w.enc = encoders[w.coding].Get().(encoder)
	w.enc.Reset(w.ResponseWriter)
}

func (w *compressWriter) Write(b []byte) (int, error) {
	w.decide()
	if w.enc == nil {
		return w.ResponseWriter.Write(b)
	}
	return w.enc.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (upload
// deadlines).
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *compressWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

func (w *compressWriter) WriteHeaderNow() {
	w.decide()
	w.ResponseWriter.WriteHeaderNow()
}

func (w *compressWriter) Flush() {
	if w.enc != nil {
		w.enc.Flush()
	}
	w.ResponseWriter.Flush()
}

// finish ends the compressed stream.
func (w *compressWriter) finish() {
	if w.enc == nil {
		return
	}
	w.enc.Close()
	encoders[w.coding].Put(w.enc)
	w.enc = nil
}
