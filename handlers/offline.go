package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"regexp"
	"sort"

	"github.com/gin-gonic/gin"

	"streetfix/web"
)

// The app works offline through a service worker that keeps the app shell
// (the map and form pages, scripts, styles, area outlines) and a manifest
// that lets phones install it. The worker must be served from the root to
// control every page, so it is not under /static/.

// shellVersion names the service worker's cache after the static files'
// contents, so a new release replaces the cached shell and an unchanged one
// keeps it.
func shellVersion() string {
	h := sha256.New()
	var names []string
	fs.WalkDir(web.Static(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		b, _ := fs.ReadFile(web.Static(), n)
		h.Write([]byte(n))
		h.Write(b)
	}
	b, _ := fs.ReadFile(web.Worker(), "sw.js")
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// shellFile is a static file named in the service worker's script.
var shellFile = regexp.MustCompile(`'/static/[^']+'`)

// serviceWorker is GET /sw.js.
func (h *handler) serviceWorker(c *gin.Context) {
	b, err := fs.ReadFile(web.Worker(), "sw.js")
	if err != nil {
		h.fail(c, err)
		return
	}
	b = bytes.ReplaceAll(b, []byte("__VERSION__"), []byte(h.shell))
	// The shell lists the static files the pages link to: their hashed names.
	b = shellFile.ReplaceAllFunc(b, func(m []byte) []byte {
		return []byte("'" + h.files.URL(string(m[len("'/static/"):len(m)-1])) + "'")
	})
	// Browsers check for a new worker on navigation; no-cache makes them ask.
	c.Header("Cache-Control", "no-cache")
	c.Header("Service-Worker-Allowed", "/")
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", b)
}

// manifest is GET /manifest.webmanifest, in the visitor's language.
func (h *handler) manifest(c *gin.Context) {
	l := lang(c)
	tr := h.translator(l)
	c.Header("Cache-Control", "public, max-age=3600")
	c.Header("Content-Type", "application/manifest+json; charset=utf-8")
	c.JSON(http.StatusOK, gin.H{
		"name": "Streetfix — " + h.cfg.CityName.Get(l), "short_name": "Streetfix", "lang": l,
		"description": tr.T("app.map.intro"), "start_url": "/", "scope": "/", "display": "standalone",
		"background_color": "#ffffff", "theme_color": "#0b4f8a",
		"icons": []gin.H{{"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}},
	})
}
