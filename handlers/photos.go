package handlers

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// photoStore gives the bytes of photos.
type photoStore interface {
	PhotoData(ctx context.Context, id, variant string) ([]byte, error)
	AnyPhotoData(ctx context.Context, id, variant string) ([]byte, string, error)
}

// photoName splits "{id}.jpg" or "{id}_thumb.jpg" into id and variant.
func photoName(file string) (name, variant string, ok bool) {
	name, ok = strings.CutSuffix(file, ".jpg")
	variant = db.VariantLarge
	if id, thumb := strings.CutSuffix(name, "_thumb"); thumb {
		name, variant = id, db.VariantThumb
	}
	ok = ok && len(name) == 32 && strings.Trim(name, "0123456789abcdef") == ""
	return name, variant, ok
}

// staffPhoto serves any photo, hidden ones included, to staff who see its
// report's body; never cached outside the browser. {id}_original.jpg is
// the original behind a redacted photo, for admins.
func (h *handler) staffPhoto(c *gin.Context) {
	if id, ok := strings.CutSuffix(c.Param("name"), "_original.jpg"); ok {
		if _, _, ok := photoName(id + ".jpg"); ok {
			h.staffOriginal(c, id)
			return
		}
	}
	name, variant, ok := photoName(c.Param("name"))
	if !ok {
		h.fail(c, db.ErrNotFound)
		return
	}
	b, body, err := h.store.AnyPhotoData(c.Request.Context(), name, variant)
	if err != nil {
		h.fail(c, err)
		return
	}
	if !currentUser(c).Sees(body) {
		h.fail(c, forbidden(currentUser(c), body))
		return
	}
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "image/jpeg", b)
}

// photo serves /photos/{id}.jpg and /photos/{id}_thumb.jpg. The bytes under
// a name never change; caches keep them an hour, so a hidden photo leaves them soon.
func (h *handler) photo(c *gin.Context) {
	name, variant, ok := photoName(c.Param("name"))
	if !ok {
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
	// An hour, not a year: a photo hidden by moderation must leave caches
	// soon; after that, the ETag makes a check cheap (and refused once hidden).
	c.Header("Cache-Control", "public, max-age=3600")
	c.Header("ETag", etag)
	c.Data(http.StatusOK, "image/jpeg", b)
}
