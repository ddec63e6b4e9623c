package handlers

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// photoStore gives the bytes of public photos.
type photoStore interface {
	PhotoData(ctx context.Context, id, variant string) ([]byte, error)
}

// photo serves /photos/{id}.jpg and /photos/{id}_thumb.jpg. The bytes under
// a name never change, so clients may keep them for a year.
func (h *handler) photo(c *gin.Context) {
	name, ok := strings.CutSuffix(c.Param("name"), ".jpg")
	variant := db.VariantLarge
	if id, thumb := strings.CutSuffix(name, "_thumb"); thumb {
		name, variant = id, db.VariantThumb
	}
	if !ok || len(name) != 32 || strings.Trim(name, "0123456789abcdef") != "" {
		h.fail(c, db.ErrNotFound)
		return
	}
	// Read first: a photo hidden since the client cached it must not be
	// confirmed with a 304.
	b, err := h.store.PhotoData(c.Request.Context(), name, variant)
	if err != nil {
		h.fail(c, err)
		return
	}
	etag := `"` + name + "-" + variant + `"`
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Header("ETag", etag)
	c.Data(http.StatusOK, "image/jpeg", b)
}
