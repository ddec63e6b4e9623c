package handlers

import (
	"math"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"
)

// privacyPage is /privacy: what is collected, why, who sees it, how long
// it is kept (the configured retention, Config.Retention) and how to
// exercise each right.
func (h *handler) privacyPage(c *gin.Context) {
	data, tr := h.page(c)
	days := func(d time.Duration) string { return tr.Number(max(1, int64(math.Round(d.Hours()/24)))) }
	p := h.cfg.Retention
	data["Keep"] = map[string]string{"Reporters": days(p.Reporters), "Subscriptions": days(p.Subscriptions),
		"Pending": days(p.Pending), "Messages": days(p.Messages)}
	// Tiles from another host see visitors' addresses: say which host.
	if u, err := url.Parse(h.cfg.TileURL); err == nil && u.Host != "" {
		data["TileHost"] = u.Host
	}
	c.Header("Cache-Control", "public, max-age=300")
	h.render(c, http.StatusOK, "privacy.html", data)
}
