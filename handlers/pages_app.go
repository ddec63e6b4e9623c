package handlers

import "streetfix/report"

// The citizen app's scripts read what they need from a JSON block in the
// page (<script type="application/json" id="app-data">): the user's
// language and its strings, the map's configuration and the reference data.
// So the Content-Security-Policy needs no inline script, and the scripts
// need no extra request before they can draw.

type appData struct {
	Lang       string            `json:"lang"`
	Tiles      appTiles          `json:"tiles"`
	Center     [2]float64        `json:"center"` // lon, lat
	Zoom       int               `json:"zoom"`
	Themes     []appTheme        `json:"themes"`
	Categories []appCategory     `json:"categories,omitempty"`
	Areas      []appArea         `json:"areas,omitempty"` // the form's, like categories
	Groups     map[string]string `json:"groups"`
	T          map[string]string `json:"t"`
	TimeZone   string            `json:"time_zone"` // the city's: dates show its local time
}

type appTiles struct {
	URL         string `json:"url"`
	Attribution string `json:"attribution"`
	Data        string `json:"data"` // the reference data's attribution
}

type appTheme struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type appQuestion struct {
	Code     string     `json:"code"`
	Datatype string     `json:"datatype"`
	Required bool       `json:"required"`
	Label    string     `json:"label"`
	Values   []appValue `json:"values,omitempty"`
}

type appValue struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

type appCategory struct {
	Code      string        `json:"code"`
	Theme     string        `json:"theme"`
	Name      string        `json:"name"`
	Questions []appQuestion `json:"questions"`
}

type appArea struct {
	Code  string     `json:"code"`
	Name  string     `json:"name"`
	Label [2]float64 `json:"label"` // lon, lat
}

// jsMessages are the catalogue ids the scripts of every page use.
var jsMessages = []string{
	"js.locating", "js.located", "js.locate.failed", "js.load.failed", "js.shown", "js.cluster",
	"js.offline", "js.outbox.waiting", "js.outbox.sent", "js.outbox.failed",
	"js.view", "js.manage", "js.metoo", "js.metoo.done", "js.metoo.failed", "js.error", "js.copied",
	"js.share.text", "js.zoom.in", "js.zoom.out",
	"js.shown.one", "js.dismiss", "js.metoo.done.one", "js.report.point",
	"js.metoo.own", "js.alerts.here", "js.filters.none", "js.filters.allthemes", "js.filters.themes", "js.filters.shown",
	// app.js shows the outbox's errors, on every page
	"js.error.invalid_email", "js.error.outside_service_area", "js.error.missing_field", "js.error.too_long",
}

// formMessages are those only the report form's script (report.js) uses:
// the other pages, the map first, load without them.
var formMessages = []string{
	"js.place.set", "js.place.photo.none", "js.place.photo.set",
	"js.place.missing", "js.category.missing", "js.answer.missing", "js.step", "js.nearby.none",
	"js.nearby.found", "js.nearby.checking", "js.photo.remove",
	"js.photo.max", "js.photo.alt", "js.sending", "js.sent.title", "js.sent.thanks", "js.sent.manage",
	"js.sent.manage.hint", "js.sent.another", "js.saved.title", "js.saved.text", "js.distance",
	"js.report.here", "js.required", "js.address.prefix", "js.nearby.found.one",
}

func (h *handler) appData(tr Tr, withCategories bool) appData {
	l := tr.Lang
	cat := h.store.Catalog()
	d := appData{
		Lang:   l,
		Tiles:  appTiles{URL: h.cfg.TileURL, Attribution: h.cfg.TileAttribution, Data: h.cfg.Attribution.Get(l)},
		Center: [2]float64{h.cfg.Center[0], h.cfg.Center[1]}, Zoom: h.cfg.Zoom,
		Groups: map[string]string{}, T: map[string]string{}, TimeZone: h.cfg.Location.String(),
	}
	for _, g := range []string{report.GroupOpen, report.GroupFixed, report.GroupClosed} {
		d.Groups[g] = tr.T("group." + g)
	}
	for _, t := range cat.Themes {
		d.Themes = append(d.Themes, appTheme{Code: t.Code, Name: t.Name.Get(l)})
	}
	if withCategories {
		for _, a := range cat.Areas {
			d.Areas = append(d.Areas, appArea{Code: a.Code, Name: a.Name.Get(l), Label: [2]float64{a.Label[0], a.Label[1]}})
		}
		for _, k := range cat.Categories {
			if !k.Active {
				continue
			}
			ac := appCategory{Code: k.Code, Theme: k.Theme, Name: k.Name.Get(l), Questions: []appQuestion{}}
			for _, q := range k.Questions {
				aq := appQuestion{Code: q.Code, Datatype: q.Datatype, Required: q.Required, Label: q.Description.Get(l)}
				for _, v := range q.Values {
					aq.Values = append(aq.Values, appValue{Key: v.Key, Name: v.Name.Get(l)})
				}
				ac.Questions = append(ac.Questions, aq)
			}
			d.Categories = append(d.Categories, ac)
		}
	}
	for _, id := range jsMessages {
		d.T[id] = tr.T(id)
	}
	if withCategories {
		for _, id := range formMessages {
			d.T[id] = tr.T(id)
		}
	}
	for _, id := range geocodeMessages {
		d.T[id] = tr.T(id)
	}
	return d
}
