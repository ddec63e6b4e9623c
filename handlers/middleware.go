package handlers

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
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
// hosts but the configured tile server's images.
func securityHeaders(tileOrigin string) gin.HandlerFunc {
	csp := contentSecurityPolicy(tileOrigin)
	return func(c *gin.Context) {
		hd := c.Writer.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Content-Security-Policy", csp)
		c.Next()
	}
}

// rateLimiter allows each client address a number of writes per minute,
// refilled continuously (a token bucket), and answers 429 past it.
type rateLimiter struct {
	perMinute float64
	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(perMinute int) *rateLimiter {
	return &rateLimiter{perMinute: float64(perMinute), buckets: map[string]*bucket{}}
}

// take spends a token for key and, when none is left, says how long to wait.
func (l *rateLimiter) take(key string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute {
		// Forget full buckets, so memory follows active clients only.
		for k, b := range l.buckets {
			if now.Sub(b.last) > time.Minute {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b, found := l.buckets[key]
	if !found {
		b = &bucket{tokens: l.perMinute, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.perMinute, b.tokens+now.Sub(b.last).Minutes()*l.perMinute)
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.perMinute * float64(time.Minute))
	}
	b.tokens--
	return true, 0
}

func (l *rateLimiter) middleware(h *handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if l.perMinute <= 0 {
			return
		}
		if ok, wait := l.take(c.ClientIP(), time.Now()); !ok {
			secs := int(math.Ceil(wait.Seconds()))
			c.Header("Retry-After", strconv.Itoa(secs))
			msg := fmt.Sprintf("too many requests from your address; try again in %d seconds", secs)
			if _, format, ok := splitFormat(c.FullPath()); ok && strings.HasPrefix(c.FullPath(), "/open311/") {
				(&o311{h: h, c: c, format: format}).fail(http.StatusTooManyRequests, msg) // the spec's error shape
				return
			}
			h.fail(c, newError(http.StatusTooManyRequests, "rate_limited", "", msg))
		}
	}
}
