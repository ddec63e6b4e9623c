package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"streetfix/report"
)

// page is what every page template is given: the language, its
// translator, the switcher's links and the footer's attribution.
func (h *handler) page(c *gin.Context) (map[string]any, Tr) {
	l := pageLang(c)
	tr := h.translator(l)
	return map[string]any{
		"Lang": l, "Tr": tr, "Langs": langLinks(c, l), "CityName": h.cfg.CityName.Get(l),
		"Attribution": h.cfg.Attribution.Get(l),
	}, tr
}

type themeOption struct{ Code, Name, Description string }

type groupOption struct {
	Code, Name string
	On         bool
}

func (h *handler) themeOptions(l string) []themeOption {
	var out []themeOption
	for _, t := range h.store.Catalog().Themes {
		out = append(out, themeOption{Code: t.Code, Name: t.Name.Get(l), Description: t.Description.Get(l)})
	}
	return out
}

// groupOptions are the status filters; on lists the groups asked for, or
// all of them when none is.
func groupOptions(tr Tr, on []string) []groupOption {
	var out []groupOption
	for _, g := range []string{report.GroupOpen, report.GroupFixed, report.GroupClosed} {
		sel := len(on) == 0
		for _, o := range on {
			sel = sel || o == g
		}
		out = append(out, groupOption{Code: g, Name: tr.T("group." + g), On: sel})
	}
	return out
}

// index is the map of reports, the citizen app's home.
func (h *handler) index(c *gin.Context) {
	data, tr := h.page(c)
	l := tr.Lang
	data["Count"] = h.store.PublicCount()
	data["Themes"] = h.themeOptions(l)
	data["Groups"] = groupOptions(tr, []string{report.GroupOpen})
	data["App"] = h.appData(tr, false)
	h.render(c, http.StatusOK, "map.html", data)
}
