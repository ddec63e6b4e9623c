package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
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

// The service's own address. Absolute links come from --base-url alone:
// the Host header is the client's to choose, and feeds, Open311 answers
// and exports are cached. Forwarded headers are read only from
// --trusted-proxies: X-Forwarded-For by gin (c.ClientIP, the client
// address everywhere), X-Forwarded-Proto by scheme.

const ctxBaseURL = "streetfix.base_url"

// CheckBaseURL checks --base-url: an absolute http(s) URL with a host and
// no query or fragment. It returns it without a trailing slash.
func CheckBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("base-url: %q is not an absolute http(s) URL such as https://streetfix.example.org", s)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// origin gives the request the service's base URL, for baseURL, and
// whether its cookies are Secure, for the cookies set outside handler
// methods (the language's, pageLang).
func (h *handler) origin(c *gin.Context) {
	c.Set(ctxBaseURL, h.cfg.BaseURL)
	c.Set(ctxSecureCookies, h.secure(c))
}

const ctxSecureCookies = "streetfix.secure_cookies"

// baseURL is --base-url, without a trailing slash: prefix of every
// absolute link.
func baseURL(c *gin.Context) string { return c.GetString(ctxBaseURL) }

// baseOrigin is the scheme and host of --base-url, as browsers send it in
// Origin.
func baseOrigin(c *gin.Context) string {
	u, err := url.Parse(baseURL(c))
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// fromProxy reports whether the request came through a trusted proxy.
func (h *handler) fromProxy(c *gin.Context) bool { return h.proxies.contains(c.RemoteIP()) }

// scheme is the scheme the client used: https over TLS, or when a trusted
// proxy says so; anyone else's X-Forwarded-Proto is ignored.
func (h *handler) scheme(c *gin.Context) string {
	if c.Request.TLS != nil || (h.fromProxy(c) && strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https")) {
		return "https"
	}
	return "http"
}

// hsts tells browsers to use HTTPS only, on answers the client got over
// HTTPS (TLS here, or a trusted proxy that says so): sent over plain HTTP
// it would be ignored, and an attacker could strip it anyway.
func (h *handler) hsts(c *gin.Context) {
	if h.scheme(c) == "https" {
		c.Header("Strict-Transport-Security", "max-age=31536000")
	}
}

// metricsAuth asks for --metrics-token as a bearer token, when one is set.
func (h *handler) metricsAuth(c *gin.Context) {
	if h.cfg.MetricsToken == "" {
		return
	}
	got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(h.cfg.MetricsToken)) != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="metrics"`)
		h.fail(c, newError(http.StatusUnauthorized, "unauthorized", "", "/metrics needs the metrics token as a bearer token"))
	}
}
