package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// writePage renders a page into memory, then sends it. A page that set no
// cache rule of its own (a page with a secret sets no-store) gets a short,
// revalidating one: the browser keeps it but asks each time with its ETag,
// and an unchanged page costs a 304 without a body.
func (h *handler) writePage(c *gin.Context, status int, name string, data map[string]any) {
	var buf bytes.Buffer
	if err := h.pages.ExecuteTemplate(&buf, name, data); err != nil {
		h.logFailure(c, slog.LevelError, "render", "page", name, "err", err)
	}
	hd := c.Writer.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	if status == http.StatusOK && hd.Get("Cache-Control") == "" {
		sum := sha256.Sum256(buf.Bytes())
		etag := `W/"` + hex.EncodeToString(sum[:8]) + `"`
		hd.Set("Cache-Control", "no-cache")
		hd.Set("ETag", etag)
		if strings.Contains(c.GetHeader("If-None-Match"), etag) {
			c.Status(http.StatusNotModified)
			return
		}
	}
	c.Status(status)
	c.Writer.Write(buf.Bytes())
}
