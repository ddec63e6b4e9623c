package handlers

import (
	"compress/gzip"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// Text answers (pages, scripts, styles, JSON, GeoJSON, Atom, XML, CSV, SVG)
// go out gzip-compressed to clients that accept it: a phone on a slow
// network loads the map page in a third of the bytes. Left alone:
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
// Static files are compressed once, at start-up, at the best level
// (staticFiles); other answers as they are written, at the fastest level
// (the map's GeoJSON must stay within its latency target).

// compressible lists the media types worth compressing.
var compressible = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true, "application/javascript": true,
	"application/json": true, "application/geo+json": true, "application/atom+xml": true,
	"text/xml": true, "application/xml": true, "text/csv": true, "image/svg+xml": true,
	"application/manifest+json": true, "text/plain": true,
}

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// compress is the middleware: it says that answers vary with
// Accept-Encoding and wraps the writer when the client accepts gzip.
func (h *handler) compress(c *gin.Context) {
	addVary(c.Writer.Header(), "Accept-Encoding")
	if c.Request.Method == "HEAD" || !acceptsGzip(c.GetHeader("Accept-Encoding")) {
		c.Next()
		return
	}
	w := &gzipWriter{ResponseWriter: c.Writer}
	c.Writer = w
	defer func() {
		w.finish()
		c.Writer = w.ResponseWriter
	}()
	c.Next()
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) with a quality
// above zero.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
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

// gzipWriter compresses what the handler writes once it knows, at the first
// write, whether the answer should be.
type gzipWriter struct {
	gin.ResponseWriter
	gz      *gzip.Writer
	decided bool
}

func (w *gzipWriter) decide() {
	if w.decided {
		return
	}
	w.decided = true
	if !shouldCompress(w.Status(), w.Header()) {
		return
	}
	w.Header().Del("Content-Length")
	w.Header().Set("Content-Encoding", "gzip")
	w.gz = gzipWriters.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	w.decide()
	if w.gz == nil {
		return w.ResponseWriter.Write(b)
	}
	return w.gz.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (upload
// deadlines).
func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *gzipWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

func (w *gzipWriter) WriteHeaderNow() {
	w.decide()
	w.ResponseWriter.WriteHeaderNow()
}

func (w *gzipWriter) Flush() {
	if w.gz != nil {
		w.gz.Flush()
	}
	w.ResponseWriter.Flush()
}

// finish ends the compressed stream.
func (w *gzipWriter) finish() {
	if w.gz == nil {
		return
	}
	w.gz.Close()
	gzipWriters.Put(w.gz)
	w.gz = nil
}
