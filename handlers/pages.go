package handlers

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/web"
)

// pageTexts are the index page's strings per language.
type pageTexts struct{ Intro, Count, API string }

var indexTexts = map[string]pageTexts{
	"en": {"Report problems in public space: potholes, broken lights, dumped waste. The citizen app is on its way; the open API below serves every public report.", "Public reports", "Open data"},
	"fr": {"Signalez les problèmes dans l'espace public : nids-de-poule, éclairage en panne, dépôts clandestins. L'application citoyenne arrive ; l'API ouverte ci-dessous sert tous les signalements publics.", "Signalements publics", "Données ouvertes"},
	"nl": {"Meld problemen in de openbare ruimte: putten, kapotte verlichting, sluikstort. De burgerapp komt eraan; de open API hieronder levert alle openbare meldingen.", "Openbare meldingen", "Open data"},
}

func (h *handler) index(c *gin.Context) {
	l := lang(c)
	c.Header("Content-Type", "text/html; charset=utf-8")
	err := h.pages.ExecuteTemplate(c.Writer, "index.html", map[string]any{
		"Lang": l, "T": indexTexts[l], "CityName": h.cfg.CityName.Get(l),
		"Count": h.store.PublicCount(), "Attribution": h.cfg.Attribution,
	})
	if err != nil {
		h.log.Error("render index", "err", err)
	}
}

// static serves the embedded files under /static/, never a folder listing.
func (h *handler) static(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("path"), "/")
	st, err := fs.Stat(web.Static(), name)
	if name == "" || err != nil || st.IsDir() {
		h.fail(c, newError(http.StatusNotFound, "not_found", "", "no such file"))
		return
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.FileFromFS(name, http.FS(web.Static()))
}
