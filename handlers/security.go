package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// clientNetwork is what one client controls: its IPv4 address, or its
// IPv6 /64 (a home or phone gets a whole /64 and may pick any address in
// it). Limits per client count by it.
func clientNetwork(c *gin.Context) string {
	a, err := netip.ParseAddr(c.ClientIP())
	if err != nil {
		return c.ClientIP()
	}
	if a = a.Unmap(); a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// supportQuota is the daily cap of new supports for the client's network,
// keyed with the supporters' key so the stored value names no address.
func (h *handler) supportQuota(c *gin.Context) db.SupportQuota {
	m := hmac.New(sha256.New, h.supporter)
	m.Write([]byte("network\x00" + clientNetwork(c)))
	return db.SupportQuota{Network: hex.EncodeToString(m.Sum(nil)), PerDay: h.cfg.SupportsPerDay}
}

// supportQuotaError answers 429 until the next UTC day, when the quota
// starts again.
func (h *handler) supportQuotaError(c *gin.Context) *apiError {
	now := h.now().UTC()
	next := now.Truncate(24 * time.Hour).Add(24 * time.Hour)
	c.Header("Retry-After", strconv.Itoa(max(1, int(next.Sub(now).Seconds()))))
	h.metrics.limited(c)
	return newError(http.StatusTooManyRequests, "too_many_supports", "",
		"your network has added "+strconv.Itoa(h.cfg.SupportsPerDay)+" supports today, the most it may; try again tomorrow").
		say("security.supports_quota", "Max", h.cfg.SupportsPerDay)
}

// crossSite refuses a browser's post from another site.
func crossSite() *apiError {
	return newError(http.StatusForbidden, "cross_site", "", "this request is accepted from this site only")
}
