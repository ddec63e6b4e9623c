package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/calendar"
	"streetfix/db"
	"streetfix/report"
)

// dateText formats a time for people in lang, in the city's local time.
func (h *handler) dateText(t time.Time, lang string) string {
	return calendar.DateTime(t, h.cfg.Location, lang)
}

type pagePhoto struct {
	URL, Thumb string
	W, H       int
}

type pageEvent struct {
	At, AtText, What, Note string
}

// reportPage is /reports/{id}: the report as people read it. The citizen
// app (map, "me too", follow) builds on it.
func (h *handler) reportPage(c *gin.Context) {
	r, photos, events, err := h.publicReport(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	data, tr := h.page(c)
	l := tr.Lang
	v := newReportView(h.store.Catalog(), r, photos, events, l)
	for k, x := range map[string]any{
		"R": r, "Group": report.Group(r.Status), "StatusName": tr.T("status." + r.Status),
		"Category": v.Category.Name, "Theme": v.Theme.Name, "Area": v.Area.Name, "Body": v.Body.Name,
		"Address": v.Address, "Created": r.CreatedAt.UTC().Format(time.RFC3339), "CreatedText": h.dateText(r.CreatedAt.Time, l),
		"Supports": tr.Number(int64(r.SupportCount)), "Supported": c.Query("supported") == "1",
		"ShareURL": baseURL(c) + reportURL(r.ID), "App": h.appData(tr, false),
		"Follow": h.cfg.Notify != nil, // the follow form, where subscriptions are served
	} {
		data[k] = x
	}
	var ps []pagePhoto
	for _, p := range photos {
		ps = append(ps, pagePhoto{URL: photoURL(p.ID, db.VariantLarge), Thumb: photoURL(p.ID, db.VariantThumb), W: p.ThumbWidth, H: p.ThumbHeight})
	}
	data["Photos"] = ps
	var hist []pageEvent
	for _, e := range v.History {
		what := tr.T("report.note")
		switch e.Kind {
		case db.EventCreated:
			what = tr.T("report.created")
		case db.EventStatus:
			what = tr.T("status."+e.From) + " → " + tr.T("status."+e.To)
		}
		hist = append(hist, pageEvent{At: e.At.UTC().Format(time.RFC3339), AtText: h.dateText(e.At, l), What: what, Note: e.Note})
	}
	data["History"] = hist
	if r.DuplicateOf.Valid {
		data["Kept"] = h.keptReport(c, r.DuplicateOf.Int64)
	}
	h.render(c, http.StatusOK, "report.html", data)
}

// supportForm is the "me too" button without script: it counts the support
// and goes back to the report.
func (h *handler) supportForm(c *gin.Context) {
	if !sameOrigin(c) {
		h.failPage(c, newError(http.StatusForbidden, "cross_site", "", "forms are accepted from this site only"))
		return
	}
	id, err := parseID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	_, _, err = h.store.Support(c.Request.Context(), id, h.supporterID(c), h.supportQuota(c))
	if errors.Is(err, db.ErrSupportQuota) {
		err = h.supportQuotaError(c)
	}
	if err != nil {
		h.failPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, reportURL(id)+"?supported=1")
}

// failPage answers a page request with a page in the visitor's language
// rather than JSON.
func (h *handler) failPage(c *gin.Context, err error) {
	e := h.toAPIError(c, err)
	c.Abort()
	l := lang(c)
	tr := h.translator(l)
	c.Status(e.Status)
	c.Header("Content-Type", "text/html; charset=utf-8")
	if err := h.pages.ExecuteTemplate(c.Writer, "error.html", map[string]any{
		"Lang": l, "Tr": tr, "Code": e.Status, "StatusText": http.StatusText(e.Status), "Message": h.pageMessage(tr, e),
		"Staff": strings.HasPrefix(c.Request.URL.Path, "/staff"),
	}); err != nil {
		h.logFailure(c, slog.LevelError, "render error page", "err", err)
	}
}

// keptLink is the report a duplicate points at, for its page.
type keptLink struct {
	ID         int64
	URL, Title string
}

// keptReport links a duplicate to the report that was kept: with its title
// when it is public, by number otherwise.
func (h *handler) keptReport(c *gin.Context, id int64) keptLink {
	k := keptLink{ID: id, URL: reportURL(id)}
	if r, err := h.store.PublicReport(c.Request.Context(), id); err == nil {
		k.Title = r.Title
	}
	return k
}
