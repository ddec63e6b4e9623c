package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
)

// /alerts: email alerts for a municipality or a circle around a point. The
// centre is chosen on a map, by "locate me" or by a street (alerts.js);
// without script, by typing coordinates. A refused form comes back with
// everything that was typed and the message at its field.

// alertForm is what the alerts form holds, kept when it comes back.
type alertForm struct {
	Email, Kind, Area, Lat, Lon, Radius, Frequency string
	Themes                                         map[string]bool
}

// alertMessages are the catalogue ids alerts.js uses.
var alertMessages = []string{"alerts.js.centre", "alerts.js.placed", "js.locating", "js.locate.failed"}

// alertsPage is GET /alerts; ?lat=&lon= (from the map) sets the centre.
func (h *handler) alertsPage(c *gin.Context) {
	f := alertForm{Kind: db.SubArea, Radius: strconv.Itoa(notify.DefaultAlertRadius)}
	lat, errLat := strconv.ParseFloat(c.Query("lat"), 64)
	lon, errLon := strconv.ParseFloat(c.Query("lon"), 64)
	if errLat == nil && errLon == nil {
		f.Kind, f.Lat, f.Lon = db.SubRadius, strconv.FormatFloat(lat, 'f', 6, 64), strconv.FormatFloat(lon, 'f', 6, 64)
	}
	h.renderAlerts(c, http.StatusOK, f, "", "")
}

// alertsSubmit is POST /alerts.
func (h *handler) alertsSubmit(c *gin.Context) {
	if !sameOrigin(c) {
		h.failPage(c, newError(http.StatusForbidden, "csrf", "", "this form came from another site"))
		return
	}
	f := alertForm{Email: c.PostForm("email"), Kind: c.PostForm("kind"), Area: c.PostForm("area"), Lat: strings.TrimSpace(c.PostForm("lat")),
		Lon: strings.TrimSpace(c.PostForm("lon")), Radius: strings.TrimSpace(c.PostForm("radius")), Frequency: c.PostForm("frequency"), Themes: map[string]bool{}}
	req := notify.SubscribeRequest{Kind: f.Kind, Email: f.Email, Frequency: f.Frequency, Locale: c.PostForm("locale"), Themes: c.PostFormArray("themes")}
	for _, t := range req.Themes {
		f.Themes[t] = true
	}
	if f.Kind == db.SubRadius {
		req.Area = ""
		if f.Lat == "" || f.Lon == "" {
			if f.Lat != "" || f.Lon != "" {
				h.renderAlerts(c, http.StatusUnprocessableEntity, f, "centre", "alerts.error.centre")
				return
			}
		} else {
			lat, err1 := strconv.ParseFloat(strings.ReplaceAll(f.Lat, ",", "."), 64)
			lon, err2 := strconv.ParseFloat(strings.ReplaceAll(f.Lon, ",", "."), 64)
			if err1 != nil || err2 != nil {
				h.renderAlerts(c, http.StatusUnprocessableEntity, f, "centre", "alerts.error.number")
				return
			}
			req.Lat, req.Lon = &lat, &lon
		}
		if f.Radius != "" {
			n, err := strconv.Atoi(f.Radius)
			if err != nil {
				h.renderAlerts(c, http.StatusUnprocessableEntity, f, "radius", "alerts.error.radius")
				return
			}
			req.Radius = n
		}
	} else {
		req.Area = f.Area
	}
	_, err := h.cfg.Notify.Subscribe(c.Request.Context(), req, pageLang(c))
	var ie *intake.Error
	switch {
	case err == nil:
		h.notifyPage(c, http.StatusOK, "subscribe.sent.title", "subscribe.sent.body", "")
	case errors.Is(err, db.ErrTooManySubscriptions):
		h.renderAlerts(c, http.StatusUnprocessableEntity, f, "email", "form.too_many")
	case errors.As(err, &ie):
		field, msg := alertError(ie)
		h.renderAlerts(c, http.StatusUnprocessableEntity, f, field, msg)
	default:
		h.failPage(c, err)
	}
}

// alertError says which part of the form a refusal is about, and the
// message that says what to fix.
func alertError(e *intake.Error) (field, msg string) {
	switch e.Field {
	case "email":
		return "email", "form.invalid_email"
	case "lat", "lon":
		if e.Code == "outside_service_area" {
			return "centre", "alerts.error.outside"
		}
		return "centre", "alerts.error.centre"
	case "radius":
		return "radius", "alerts.error.radius"
	case "area", "kind":
		return "where", "alerts.error.where"
	default:
		return "", "form.invalid"
	}
}

func (h *handler) renderAlerts(c *gin.Context, status int, f alertForm, field, msg string) {
	data, tr := h.page(c)
	l := tr.Lang
	type option struct {
		Code, Name string
		On         bool
	}
	cat := h.store.Catalog()
	var areas, themes []option
	for _, a := range cat.Areas {
		areas = append(areas, option{a.Code, a.Name.Get(l), a.Code == f.Area})
	}
	for _, t := range cat.Themes {
		themes = append(themes, option{t.Code, t.Name.Get(l), f.Themes[t.Code]})
	}
	data["Areas"], data["Themes"], data["Form"] = areas, themes, f
	data["MaxRadius"], data["MinRadius"] = db.MaxAlertRadius, notify.MinAlertRadius
	data["Field"], data["Error"] = field, ""
	if msg != "" {
		data["Error"] = tr.T(msg, "Min", notify.MinAlertRadius, "Max", db.MaxAlertRadius)
	}
	app := h.appData(tr, false)
	for _, id := range alertMessages {
		app.T[id] = tr.T(id)
	}
	data["App"] = app
	c.Header("Cache-Control", "no-store") // it may hold what was typed
	h.render(c, status, "alerts.html", data)
}
