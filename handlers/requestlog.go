package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// Every request has an id: the one a trusted proxy sent in X-Request-Id, or
// a new one. It goes back in the response's X-Request-Id, on the access-log
// line and on every other log line written with the request's context, so
// an operator can find everything one request did from what a user quotes.

// requestIDHeader carries the id both ways.
const requestIDHeader = "X-Request-Id"

type requestIDKey struct{}

// requestID returns the id of the request whose context ctx is, or "".
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// validRequestID accepts what a proxy may pass on: 1 to 64 letters,
// digits, '.', '_' or '-', so an id can never smuggle a log line or markup.
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 12)
	rand.Read(b) // never fails (crypto/rand panics rather)
	return hex.EncodeToString(b)
}

// proxySet says whether a peer is one of the trusted proxies.
type proxySet []netip.Prefix

// parseProxies reads addresses and CIDRs, as --trusted-proxies lists them.
func parseProxies(list []string) (proxySet, error) {
	var out proxySet
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is not an address or a CIDR", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func (ps proxySet) contains(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// truncateIP keeps the network of an address, not the host: IPv4 to /24,
// IPv6 to /48. An address is personal data; its network is enough to see
// where traffic comes from. Something that is not an address is dropped.
func truncateIP(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	a = a.Unmap()
	bits := 48
	if a.Is4() {
		bits = 24
	}
	p, _ := a.Prefix(bits)
	return p.Addr().String()
}

// accessLog is the first middleware: it gives the request its id and,
// unless turned off, writes one line when the request is done. The line
// names the route pattern, never the path or query string, which may hold
// a token (manage links, signed links); and the client's network unless
// the full address is asked for.
func (h *handler) accessLog(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader(requestIDHeader)
	if !validRequestID(id) || !h.fromProxy(c) {
		id = newRequestID()
	}
	c.Header(requestIDHeader, id)
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey{}, id))
	c.Next()
	if !h.cfg.AccessLog {
		return
	}
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	client := c.ClientIP()
	if !h.cfg.AccessLogFullIP {
		client = truncateIP(client)
	}
	bytes := c.Writer.Size()
	if bytes < 0 {
		bytes = 0 // nothing written
	}
	h.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("method", c.Request.Method), slog.String("route", route), slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", bytes), slog.Duration("duration", time.Since(start)), slog.String("client", client))
}

// requestLog wraps a log handler so that every line written with a
// request's context carries the request's id.
type requestLog struct{ slog.Handler }

func (l requestLog) Handle(ctx context.Context, r slog.Record) error {
	if id := requestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return l.Handler.Handle(ctx, r)
}

func (l requestLog) WithAttrs(as []slog.Attr) slog.Handler {
	return requestLog{l.Handler.WithAttrs(as)}
}

func (l requestLog) WithGroup(name string) slog.Handler {
	return requestLog{l.Handler.WithGroup(name)}
}

// clientGone says whether the request ended because its client hung up:
// what failed then is no fault of the service.
func clientGone(c *gin.Context) bool {
	return c.Request.Context().Err() == context.Canceled
}

// statusClientClosed is what the access log records for a request whose
// client went away before the answer (nginx's 499).
const statusClientClosed = 499

// logFailure logs what went wrong with a request at level, or at debug when
// the client hung up: a cancelled request is not something an operator
// must act on, and its database call or write failing is what follows.
func (h *handler) logFailure(c *gin.Context, level slog.Level, msg string, args ...any) {
	if clientGone(c) {
		level = slog.LevelDebug
		args = append(args, "cancelled", true)
	}
	h.log.Log(c.Request.Context(), level, msg, args...)
}
