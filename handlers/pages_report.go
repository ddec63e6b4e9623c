package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/report"
)

// reportTexts are the report page's labels per language.
type reportTexts struct {
	Status, Category, Area, Body, Reported, Supports, Photo, History, Feed string
	Created, Note                                                          string
	Statuses                                                               map[string]string
}

var reportPageTexts = map[string]reportTexts{
	"en": {"Status", "Category", "Municipality", "Handled by", "Reported", "Me too", "Photo of the problem", "History", "Follow this report (Atom feed)",
		"Reported", "Note", map[string]string{"new": "new", "acknowledged": "acknowledged", "in_progress": "in progress", "scheduled": "scheduled",
			"fixed": "fixed", "duplicate": "duplicate", "not_responsible": "referred elsewhere", "wont_fix": "will not be fixed", "closed": "closed"}},
	"fr": {"Statut", "Catégorie", "Commune", "Pris en charge par", "Signalé le", "Moi aussi", "Photo du problème", "Historique", "Suivre ce signalement (flux Atom)",
		"Signalé", "Note", map[string]string{"new": "nouveau", "acknowledged": "pris en compte", "in_progress": "en cours", "scheduled": "planifié",
			"fixed": "résolu", "duplicate": "doublon", "not_responsible": "transmis ailleurs", "wont_fix": "ne sera pas traité", "closed": "clôturé"}},
	"nl": {"Status", "Categorie", "Gemeente", "Behandeld door", "Gemeld op", "Ik ook", "Foto van het probleem", "Geschiedenis", "Deze melding volgen (Atom-feed)",
		"Gemeld", "Notitie", map[string]string{"new": "nieuw", "acknowledged": "erkend", "in_progress": "in behandeling", "scheduled": "gepland",
			"fixed": "opgelost", "duplicate": "dubbel", "not_responsible": "doorverwezen", "wont_fix": "wordt niet behandeld", "closed": "afgesloten"}},
}

// dateText formats a time for people in lang, in UTC until the city's time
// zone is part of its configuration.
func dateText(t time.Time, lang string) string {
	layout := map[string]string{"en": "2 Jan 2006, 15:04 UTC", "fr": "02/01/2006 15:04 UTC", "nl": "02-01-2006 15:04 UTC"}[lang]
	return t.UTC().Format(layout)
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
	l := lang(c)
	t := reportPageTexts[l]
	v := newReportView(h.store.Catalog(), r, photos, events, l)
	data := map[string]any{
		"Lang": l, "T": t, "R": r, "CityName": h.cfg.CityName.Get(l), "Attribution": h.cfg.Attribution,
		"Group": report.Group(r.Status), "StatusName": t.Statuses[r.Status],
		"Category": v.Category.Name, "Theme": v.Theme.Name, "Area": v.Area.Name, "Body": v.Body.Name,
		"Created": r.CreatedAt.UTC().Format(time.RFC3339), "CreatedText": dateText(r.CreatedAt.Time, l),
	}
	var ps []pagePhoto
	for _, p := range photos {
		ps = append(ps, pagePhoto{URL: photoURL(p.ID, db.VariantLarge), Thumb: photoURL(p.ID, db.VariantThumb), W: p.ThumbWidth, H: p.ThumbHeight})
	}
	data["Photos"] = ps
	var hist []pageEvent
	for _, e := range v.History {
		what := t.Note
		switch e.Kind {
		case db.EventCreated:
			what = t.Created
		case db.EventStatus:
			what = t.Statuses[e.From] + " → " + t.Statuses[e.To]
		}
		hist = append(hist, pageEvent{At: e.At.UTC().Format(time.RFC3339), AtText: dateText(e.At, l), What: what, Note: e.Note})
	}
	data["History"] = hist
	c.Header("Content-Type", "text/html; charset=utf-8")
	if err := h.pages.ExecuteTemplate(c.Writer, "report.html", data); err != nil {
		h.log.Error("render report page", "err", err)
	}
}

// failPage answers a page request with a plain page rather than JSON.
func (h *handler) failPage(c *gin.Context, err error) {
	e := h.toAPIError(c, err)
	c.Abort()
	c.Data(e.Status, "text/html; charset=utf-8", []byte("<!doctype html><meta charset=utf-8><title>Streetfix</title><p>"+
		http.StatusText(e.Status)+"</p><p><a href=\"/\">Streetfix</a></p>"))
}
