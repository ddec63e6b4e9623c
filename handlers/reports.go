package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/intake"
)

// reportStore is what the report routes need of the database.
type reportStore interface {
	Catalog() *db.Catalog
	CreateReport(ctx context.Context, nr *db.NewReport) (db.Created, error)
	Report(ctx context.Context, id int64) (db.Report, error)
	PublicReport(ctx context.Context, id int64) (db.Report, error)
	ReportsByID(ctx context.Context, ids []int64) ([]db.Report, error)
	Events(ctx context.Context, reportID int64, withPrivate bool) ([]db.Event, error)
	Photos(ctx context.Context, reportID int64, withHidden bool) ([]db.Photo, error)
	Nearby(ctx context.Context, q db.NearbyQuery) ([]db.Nearby, error)
	MapView(f db.MapFilter, maxPoints int) db.MapView
	PublicCount() int
	Support(ctx context.Context, reportID int64, supporter string, quota ...db.SupportQuota) (int, bool, error)
}

// createdView is the answer to a new report: the only time the token is sent.
type createdView struct {
	Report reportView `json:"report"`
	Token  string     `json:"token"`
}

func (h *handler) createReport(c *gin.Context) {
	// A browser's post from another site (a page that makes its visitors
	// file reports) is refused before its body is read; clients that are
	// not browsers send no Origin and stay allowed.
	if !sameOrigin(c) {
		h.fail(c, crossSite())
		return
	}
	sub, err := h.readSubmission(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	key := c.GetHeader("Idempotency-Key")
	if err := checkIdempotencyKey(key); err != nil {
		h.fail(c, err)
		return
	}
	cat := h.store.Catalog()
	p, err := intake.Prepare(cat, sub.input, lang(c), h.now())
	if err != nil {
		h.fail(c, err)
		return
	}
	if p.Report.Photos, err = h.processPhotos(c.Request.Context(), sub.raw); err != nil {
		h.fail(c, err)
		return
	}
	if key != "" {
		p.Report.IdempotencyKey = key
		sums := make([][32]byte, len(sub.raw))
		for i, u := range sub.raw {
			sums[i] = u.Sum256()
		}
		p.Report.RequestHash = intake.RequestHash(sub.input, sums)
	}
	created, err := h.store.CreateReport(c.Request.Context(), &p.Report)
	if err != nil {
		h.fail(c, err)
		return
	}
	token := p.Token
	if created.Replayed {
		token = created.Token
		c.Header("Idempotent-Replayed", "true")
	} else {
		h.metrics.reportsCreated.Inc()
	}
	r := created.Report
	if err := h.rememberReporter(c, r.ID); err != nil {
		h.fail(c, err)
		return
	}
	photos, events, err := h.createdParts(c, created, p.Report.Photos)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1"+reportURL(r.ID))
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, createdView{Report: newReportView(cat, r, photos, events, lang(c)), Token: token})
}

// createdParts returns the photos and history of a report just created,
// known without asking the database; a replayed report may have changed
// since, so it is read back.
func (h *handler) createdParts(c *gin.Context, cr db.Created, sent []db.NewPhoto) ([]db.Photo, []db.Event, error) {
	r := cr.Report
	if cr.Replayed {
		photos, err := h.store.Photos(c.Request.Context(), r.ID, false)
		if err != nil {
			return nil, nil, err
		}
		events, err := h.store.Events(c.Request.Context(), r.ID, false)
		return photos, events, err
	}
	photos := make([]db.Photo, len(sent))
	for i, p := range sent {
		photos[i] = db.Photo{ID: p.ID, ReportID: r.ID, Position: i, Width: p.Width, Height: p.Height,
			ThumbWidth: p.ThumbWidth, ThumbHeight: p.ThumbHeight, CreatedAt: r.CreatedAt}
	}
	events := []db.Event{{ReportID: r.ID, Kind: db.EventCreated, Actor: db.ActorReporter, ToStatus: r.Status, Public: true, CreatedAt: r.CreatedAt}}
	return photos, events, nil
}

// checkIdempotencyKey accepts what clients send in practice (UUIDs, random
// strings) and nothing that could be abused as storage.
func checkIdempotencyKey(k string) error {
	if k == "" {
		return nil
	}
	if len(k) > 200 {
		return badRequest("invalid_idempotency_key", "Idempotency-Key", "Idempotency-Key must be at most 200 characters")
	}
	for _, r := range k {
		if r < 0x21 || r > 0x7e {
			return badRequest("invalid_idempotency_key", "Idempotency-Key", "Idempotency-Key must be printable ASCII without spaces")
		}
	}
	return nil
}

func parseID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, newError(http.StatusNotFound, "not_found", "id", "no such report: ids are positive whole numbers")
	}
	return id, nil
}

// publicReport reads the report named in the path with its public photos
// and history, for every route that shows one report.
func (h *handler) publicReport(c *gin.Context) (db.Report, []db.Photo, []db.Event, error) {
	id, err := parseID(c)
	if err != nil {
		return db.Report{}, nil, nil, err
	}
	ctx := c.Request.Context()
	r, err := h.store.PublicReport(ctx, id)
	if err != nil {
		return r, nil, nil, err
	}
	photos, err := h.store.Photos(ctx, id, false)
	if err != nil {
		return r, nil, nil, err
	}
	events, err := h.store.Events(ctx, id, false)
	return r, photos, events, err
}

func (h *handler) getReport(c *gin.Context) {
	r, photos, events, err := h.publicReport(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newReportView(h.store.Catalog(), r, photos, events, lang(c)))
}

func (h *handler) support(c *gin.Context) {
	id, err := parseID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	if !sameOrigin(c) {
		h.fail(c, crossSite())
		return
	}
	if err := h.checkNotOwn(c, id); err != nil {
		h.fail(c, err)
		return
	}
	count, added, err := h.store.Support(c.Request.Context(), id, h.supporterID(c), h.supportQuota(c))
	if errors.Is(err, db.ErrSupportQuota) {
		err = h.supportQuotaError(c)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	c.JSON(status, gin.H{"report_id": id, "support_count": count, "added": added})
}

// splitList splits a comma-separated query parameter, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
