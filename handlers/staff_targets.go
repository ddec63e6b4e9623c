package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// Times to fix: how long a report of a category is expected to take; the
// dashboard counts open reports older than that as overdue. The city's
// targets.csv gives the defaults; admins set a category's or a theme's on
// the admin page, which takes effect at the next request.

// Where a time to fix comes from.
const (
	targetAdmin   = "admin"   // set on the admin page
	targetFile    = "file"    // the city's targets.csv
	targetTheme   = "theme"   // a category without its own: its theme's
	targetDefault = "default" // neither: db.DefaultTarget
)

// themeTarget is a theme's time to fix and where it comes from.
func (h *handler) themeTarget(cat *db.Catalog, theme string) (time.Duration, string) {
	if d, ok := cat.Targets[theme]; ok {
		return d, targetAdmin
	}
	if d, ok := h.cfg.Targets[theme]; ok {
		return d, targetFile
	}
	return db.DefaultTarget, targetDefault
}

// categoryTarget is a category's time to fix and where it comes from: the
// most specific setting wins, and an admin's over the file's at the same
// level.
func (h *handler) categoryTarget(cat *db.Catalog, code, theme string) (time.Duration, string) {
	if d, ok := cat.Targets[code]; ok {
		return d, targetAdmin
	}
	if d, ok := h.cfg.Targets[code]; ok {
		return d, targetFile
	}
	d, src := h.themeTarget(cat, theme)
	if src != targetDefault {
		src = targetTheme
	}
	return d, src
}

// targetRow is one line of the admin page's table.
type targetRow struct {
	Code, Name, Days, Source string
	Theme, Own               bool // a theme's row; a value set here, which can be reset
}

func (h *handler) targetRows(cat *db.Catalog, l string) []targetRow {
	days := func(d time.Duration) string {
		return strconv.FormatFloat(d.Hours()/24, 'f', -1, 64)
	}
	var rows []targetRow
	for _, t := range cat.Themes {
		d, src := h.themeTarget(cat, t.Code)
		rows = append(rows, targetRow{Code: t.Code, Name: t.Name.Get(l), Days: days(d), Source: src, Theme: true, Own: src == targetAdmin})
		for _, k := range cat.Categories {
			if k.Theme != t.Code {
				continue
			}
			d, src := h.categoryTarget(cat, k.Code, k.Theme)
			rows = append(rows, targetRow{Code: k.Code, Name: k.Name.Get(l), Days: days(d), Source: src, Own: src == targetAdmin})
		}
	}
	return rows
}

// saveTarget sets a category's or theme's time to fix in days (a fraction
// is allowed: 0.5 is twelve hours), or with reset=1 goes back to the city's.
func (h *handler) saveTarget(c *gin.Context) {
	code := c.PostForm("code")
	var d time.Duration
	if c.PostForm("reset") != "1" {
		days, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(c.PostForm("days")), ",", "."), 64)
		if err != nil || days*24 < 1 || days > 3650 {
			h.renderAdmin(c, http.StatusUnprocessableEntity, h.translator(pageLang(c)).T("targets.invalid"))
			return
		}
		d = time.Duration(days * float64(24*time.Hour)).Round(time.Minute)
	}
	if err := h.store.SetTarget(c.Request.Context(), code, d, actorOf(c).audit()); err != nil {
		h.pageError(c, err, func(status int, msg string) { h.renderAdmin(c, status, msg) })
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/admin?done=target_saved#targets")
}
