package handlers

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/db"
	"streetfix/photo"
)

// Photo redaction: staff with the moderation right blur rectangles of a
// photo (a face, a number plate). The public then sees only the redacted
// photo, under a new address; the original is kept for admins, who read it
// here (each reading audited), and is erased with the reporter's data.

type redactStore interface {
	RedactPhoto(ctx context.Context, id int64, photoID string, red db.NewPhoto, areas any, audit db.AuditEntry) (db.Report, error)
	PhotoOriginal(ctx context.Context, photoID string) (db.PhotoOriginal, error)
	RedactedPhotos(ctx context.Context, reportID int64) (map[string]bool, error)
}

// redaction asks to blur areas of one photo; in JSON the areas are
// fractions of the photo's width and height: {"x", "y", "w", "h"}.
type redaction struct {
	Photo string     `json:"photo"`
	Areas []areaJSON `json:"areas"`
}

type areaJSON struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

func (r *redaction) areas() ([]photo.Area, error) {
	if r.Photo == "" {
		return nil, newError(http.StatusUnprocessableEntity, "missing_field", "redact_photo.photo", "say which photo to redact").
			say("refusal.redact_photo")
	}
	if len(r.Areas) == 0 || len(r.Areas) > photo.MaxAreas {
		return nil, newError(http.StatusUnprocessableEntity, "invalid_change", "redact_photo.areas",
			fmt.Sprintf("draw 1 to %d areas to blur", photo.MaxAreas)).say("refusal.redact_areas", "Max", photo.MaxAreas)
	}
	out := make([]photo.Area, len(r.Areas))
	for i, a := range r.Areas {
		out[i] = photo.Area{X: a.X, Y: a.Y, W: a.W, H: a.H}
		if !out[i].Valid() {
			return nil, newError(http.StatusUnprocessableEntity, "invalid_change", "redact_photo.areas",
				"each area lies inside the photo: x, y, w and h are fractions from 0 to 1 with x+w and y+h at most 1").say("refusal.redact_outside")
		}
	}
	return out, nil
}

// parseAreas reads the redaction form's areas: "x,y,w,h" in percent of
// the photo, one value each (what the page's script draws), and one more
// typed in the fields x, y, w and h (without the script).
func parseAreas(c *gin.Context) ([]areaJSON, error) {
	values := c.PostFormArray("area")
	if typed := []string{c.PostForm("x"), c.PostForm("y"), c.PostForm("w"), c.PostForm("h")}; strings.Join(typed, "") != "" {
		values = append(values, strings.Join(typed, ","))
	}
	var out []areaJSON
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		parts := strings.Split(v, ",")
		if len(parts) != 4 {
			return nil, newError(http.StatusUnprocessableEntity, "invalid_change", "area", "an area is x,y,w,h in percent").say("refusal.redact_outside")
		}
		var f [4]float64
		for i, p := range parts {
			n, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				return nil, newError(http.StatusUnprocessableEntity, "invalid_change", "area", "an area is x,y,w,h in percent").say("refusal.redact_outside")
			}
			f[i] = n / 100
		}
		out = append(out, areaJSON{X: f[0], Y: f[1], W: f[2], H: f[3]})
	}
	return out, nil
}

// redactPhoto blurs the areas of a report's photo and stores the result.
// Decoding and encoding run one request at a time, like uploads.
func (h *handler) redactPhoto(ctx context.Context, a actor, id int64, r redaction) (db.Report, error) {
	areas, err := r.areas()
	if err != nil {
		return db.Report{}, err
	}
	if _, _, ok := photoName(r.Photo + ".jpg"); !ok {
		return db.Report{}, newError(http.StatusUnprocessableEntity, "invalid_change", "redact_photo.photo", "no such photo on this report").
			say("refusal.no_photo")
	}
	large, _, err := h.store.AnyPhotoData(ctx, r.Photo, db.VariantLarge)
	if err != nil {
		return db.Report{}, newError(http.StatusUnprocessableEntity, "invalid_change", "redact_photo.photo", "no such photo on this report").
			say("refusal.no_photo")
	}
	if err := h.decoders.acquire(ctx); err != nil {
		return db.Report{}, err
	}
	img, err := photo.Redact(large, areas, h.cfg.Photo)
	h.decoders.release()
	if err != nil {
		return db.Report{}, err
	}
	newID, err := randomID()
	if err != nil {
		return db.Report{}, err
	}
	red := db.NewPhoto{ID: newID, Width: img.Width, Height: img.Height, ThumbWidth: img.ThumbWidth, ThumbHeight: img.ThumbHeight,
		Large: img.Large, Thumb: img.Thumb}
	return h.store.RedactPhoto(ctx, id, r.Photo, red, r.Areas, a.audit())
}

// redactPage is /staff/reports/{id}/photos/{photo}/redact: the photo with
// rectangles to draw (or to type in percent without a script).
func (h *handler) redactPage(c *gin.Context) { h.renderRedact(c, http.StatusOK, "") }

func (h *handler) renderRedact(c *gin.Context, status int, msg string) {
	id, err := parseID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	ctx := c.Request.Context()
	r, err := h.store.Report(ctx, id)
	if err != nil {
		h.failPage(c, err)
		return
	}
	u := currentUser(c)
	if !u.CanTouch(account.Moderate, r.BodyCode) {
		h.failPage(c, forbidden(u, r.BodyCode))
		return
	}
	photos, err := h.store.Photos(ctx, id, true)
	if err != nil {
		h.failPage(c, err)
		return
	}
	var p *db.Photo
	for i := range photos {
		if photos[i].ID == c.Param("photo") {
			p = &photos[i]
		}
	}
	if p == nil {
		h.failPage(c, newError(http.StatusNotFound, "not_found", "", "this photo is not on this report (any more)").say("refusal.no_photo"))
		return
	}
	tr, data := h.staffData(c, "")
	data["Title"] = tr.T("redact.title", "ID", r.ID)
	data["R"], data["P"], data["Large"] = r, p, "/staff/photos/"+p.ID+".jpg"
	data["Error"] = msg
	data["Max"] = photo.MaxAreas
	data["Words"] = map[string]string{"count": tr.T("redact.count"), "none": tr.T("redact.none"), "full": tr.T("redact.full", "Max", photo.MaxAreas)}
	h.render(c, status, "staff_redact.html", data)
}

// redactSubmit blurs the areas the form sends and goes back to the report.
func (h *handler) redactSubmit(c *gin.Context) {
	id, err := parseID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	areas, err := parseAreas(c)
	if err == nil {
		_, err = h.applyChange(c.Request.Context(), actorOf(c), id, staffChange{Redact: &redaction{Photo: c.Param("photo"), Areas: areas}})
	}
	if err != nil {
		h.pageError(c, err, func(status int, msg string) { h.renderRedact(c, status, msg) })
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/staff/reports/%d?done=redact_photo", id))
}

// staffOriginal serves the original behind a redacted photo to admins,
// and writes each reading to the audit log.
func (h *handler) staffOriginal(c *gin.Context, photoID string) {
	u := currentUser(c)
	if !u.Can(account.ReadOriginals) {
		h.fail(c, newError(http.StatusForbidden, "forbidden", "", "only administrators see the original of a redacted photo"))
		return
	}
	ctx := c.Request.Context()
	o, err := h.store.PhotoOriginal(ctx, photoID)
	if err != nil {
		h.fail(c, err)
		return
	}
	uid := u.ID
	if err := h.store.Audit(ctx, db.AuditEntry{UserID: &uid, Actor: u.AuditName(), Action: "view_photo_original", ReportID: &o.ReportID,
		Target: "photo:" + photoID, After: map[string]any{"original": o.OriginalID}}); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "image/jpeg", o.Data)
}
