package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// recover turns a panic into a 500 in the API's error shape, logged once.
func (h *handler) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.log.ErrorContext(c.Request.Context(), "panic", slog.String("route", c.FullPath()), slog.Any("panic", v))
			c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": newError(http.StatusInternalServerError,
				"internal_error", "", "something went wrong on our side; please try again")})
		}
	}()
	c.Next()
}

// securityHeaders applies to every response. Pages load nothing from other
// hosts but the configured tile server's images. The JSON API's answers,
// static files and the manifest are never documents that load anything
// (an SVG opened alone included): theirs is the strictest policy, and the
// shortest (a phone's first load fetches eight of them).
func securityHeaders(tileOrigin string) gin.HandlerFunc {
	csp := contentSecurityPolicy(tileOrigin)
	return func(c *gin.Context) {
		hd := c.Writer.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		if p := c.Request.URL.Path; strings.HasPrefix(p, "/api/v1/") || strings.HasPrefix(p, "/static/") || p == "/manifest.webmanifest" {
			hd.Set("Content-Security-Policy", apiContentSecurityPolicy)
		} else {
			hd.Set("Content-Security-Policy", csp)
		}
		c.Next()
	}
}

const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'"

// rateLimiter allows each client address a number of writes per minute,
// refilled continuously (a token bucket), and answers 429 past it. The
// buckets are in the database, shared by every instance of the service.
type rateLimiter struct {
	perMinute int
	store     limitStore
	prefix    string // the buckets' key: "write:" or "export:", then the address
}

// limitStore spends the tokens.
type limitStore interface {
	TakeToken(ctx context.Context, key string, perMinute int, now time.Time) (ok bool, wait time.Duration, err error)
}

func newRateLimiter(perMinute int, store limitStore) *rateLimiter {
	return &rateLimiter{perMinute: perMinute, store: store, prefix: "write:"}
}

func (l *rateLimiter) middleware(h *handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if l.perMinute <= 0 {
			return
		}
		ok, wait, err := l.store.TakeToken(c.Request.Context(), l.prefix+c.ClientIP(), l.perMinute, time.Now())
		if err != nil {
			if db.IsBusy(err) || db.IsFull(err) {
				// The write behind it would fail alike, after waiting
				// again: answer now (503) what the store said.
				l.refuse(h, c, h.toAPIError(c, err))
				return
			}
			// The write behind it needs the same database: let it say
			// what is wrong rather than refuse with a wrong reason.
			h.log.Warn("rate limit", "err", err)
			return
		}
		if !ok {
			h.metrics.limited(c)
			secs := max(1, int(math.Ceil(wait.Seconds())))
			c.Header("Retry-After", strconv.Itoa(secs))
			msg := fmt.Sprintf("too many requests from your address; try again in %d seconds", secs)
			l.refuse(h, c, newError(http.StatusTooManyRequests, "rate_limited", "", msg))
		}
	}
}

// refuse answers in the shape the route's clients read: Open311's error
// list, JSON for the API and the exports, and a page in the visitor's
// language for the forms (a person without script once got raw JSON).
func (l *rateLimiter) refuse(h *handler, c *gin.Context, e *apiError) {
	path := c.FullPath()
	switch {
	case strings.HasPrefix(path, "/open311/"):
		h.open311Fail(c, e.Status, e.Message)
	case strings.HasPrefix(path, "/api/"), strings.HasSuffix(path, ".csv"), strings.HasSuffix(path, ".geojson"):
		h.fail(c, e)
	default:
		h.failPage(c, e)
	}
}
