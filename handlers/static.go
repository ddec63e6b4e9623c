package handlers

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gin-gonic/gin"
)

// Static files are read once at start-up. Each gets a content-hashed name
// (app.js is also /static/app.3f2a9c1d.js) that pages link to and that is
// cached for a year as immutable: a new release changes the hash, so a
// browser never keeps a stale script. The plain name stays served with a
// short cache for what links to it from outside pages (the manifest's icon,
// old bookmarks); a hash that is not the current one redirects to the
// current file. Text files are compressed here, once, with Brotli and gzip
// at their best levels, and served as they are to clients that accept one
// of them. Each coding has its own ETag (app's "3f2a9c1d", "3f2a9c1d-br",
// "3f2a9c1d-gzip"): a strong ETag names one sequence of bytes.

// staticFile is one file under /static/.
type staticFile struct {
	body, gz    []byte // gz (and br) are nil when compressing does not pay
	br          []byte
	contentType string
	etag        string
	hashed      string // the content-hashed name: dir/app.3f2a9c1d.js
}

// staticFiles maps plain and hashed names to files.
type staticFiles struct {
	byName   map[string]*staticFile
	byHashed map[string]*staticFile
}

func loadStatic(fsys fs.FS) (*staticFiles, error) {
	s := &staticFiles{byName: map[string]*staticFile{}, byHashed: map[string]*staticFile{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		hash := hex.EncodeToString(sum[:])[:8]
		ext := path.Ext(p)
		f := &staticFile{body: b, contentType: mime.TypeByExtension(ext), etag: `"` + hash + `"`,
			hashed: strings.TrimSuffix(p, ext) + "." + hash + ext}
		if f.contentType == "" {
			f.contentType = http.DetectContentType(b)
		}
		if mt, _, _ := mime.ParseMediaType(f.contentType); compressible[mt] {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(b)
			zw.Close()
			if buf.Len() < len(b) {
				f.gz = buf.Bytes()
			}
			if br := brotliBest(string(sum[:]), b); len(br) < len(b) {
				f.br = br
			}
		}
		s.byName[p], s.byHashed[f.hashed] = f, f
		return nil
	})
	return s, err
}

// URL is the content-hashed address of a static file, for pages; a name
// that is not a static file keeps its plain address (and answers 404).
func (s *staticFiles) URL(name string) string {
	if f, ok := s.byName[name]; ok {
		return "/static/" + f.hashed
	}
	return "/static/" + name
}

// static serves GET /static/*path: a hashed name as immutable, a plain one
// with a short cache, a stale hash as a redirect to the current file, never
// a folder listing.
func (h *handler) static(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("path"), "/")
	if f, ok := h.files.byHashed[name]; ok {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
		h.serveStatic(c, f)
		return
	}
	if f, ok := h.files.byName[name]; ok {
		c.Header("Cache-Control", "public, max-age=3600")
		h.serveStatic(c, f)
		return
	}
	if plain, ok := staleHashed(name); ok {
		if f, ok := h.files.byName[plain]; ok {
			c.Header("Cache-Control", "no-cache")
			c.Redirect(http.StatusFound, "/static/"+f.hashed)
			return
		}
	}
	h.fail(c, newError(http.StatusNotFound, "not_found", "", "no such file"))
}

// staleHashed turns dir/app.0123abcd.js back into dir/app.js.
func staleHashed(name string) (string, bool) {
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	dot := strings.LastIndexByte(base, '.')
	if dot < 0 || len(base)-dot-1 != 8 {
		return "", false
	}
	for _, r := range base[dot+1:] {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return "", false
		}
	}
	return base[:dot] + ext, true
}

func (h *handler) serveStatic(c *gin.Context, f *staticFile) {
	body, etag := f.body, f.etag
	ae := c.GetHeader("Accept-Encoding")
	switch {
	case f.br != nil && negotiate(ae) == "br":
		body, etag = f.br, f.codingETag("br")
		c.Header("Content-Encoding", "br")
	case f.gz != nil && quality(ae, "gzip") > 0:
		body, etag = f.gz, f.codingETag("gzip")
		c.Header("Content-Encoding", "gzip")
	}
	c.Header("ETag", etag)
	if f.contentType != "image/svg+xml" {
		// Scripts and styles are not documents: the page's policy is the
		// one that applies to them, and a phone saves the bytes. An SVG
		// keeps the strict one securityHeaders set, in case it is opened
		// alone.
		c.Writer.Header().Del("Content-Security-Policy")
		c.Writer.Header().Del("X-Frame-Options")
	}
	if match := c.GetHeader("If-None-Match"); match != "" && strings.Contains(match, etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Data(http.StatusOK, f.contentType, body)
}

// codingETag is the ETag of the file's bytes in a coding.
func (f *staticFile) codingETag(coding string) string {
	return strings.TrimSuffix(f.etag, `"`) + "-" + coding + `"`
}

// brotliCache keeps the Brotli form of each embedded file by its SHA-256: the
// best level takes about a second for all of them, which the process pays
// once however many routers it builds (the tests build hundreds).
var brotliCache sync.Map

func brotliBest(key string, b []byte) []byte {
	if v, ok := brotliCache.Load(key); ok {
		return v.([]byte)
	}
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	w.Write(b)
	w.Close()
	brotliCache.Store(key, buf.Bytes())
	return buf.Bytes()
}
