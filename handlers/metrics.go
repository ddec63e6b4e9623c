package handlers

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the service's Prometheus series, registered on the registry
// the caller owns (tests build many routers; a global registry would clash).
type metrics struct {
	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	reportsCreated prometheus.Counter
	rateLimited    *prometheus.CounterVec
}

// rateGroups are the route groups whose refusals streetfix_ratelimited_total
// counts, each exported at zero from the start.
var rateGroups = []string{"reports", "supports", "manage", "open311", "login", "subscriptions", "other"}

// rateGroup names the group of a rate-limited route.
func rateGroup(route string) string {
	switch route {
	case "/reports", "/api/v1/reports":
		return "reports"
	case "/reports/:id/supports", "/api/v1/reports/:id/supports":
		return "supports"
	case "/reports/:id/manage", "/api/v1/reports/:id/reporter-actions":
		return "manage"
	case "/staff/login":
		return "login"
	case "/alerts", "/reports/:id/follow", "/api/v1/subscriptions":
		return "subscriptions"
	}
	if strings.HasPrefix(route, "/open311/") {
		return "open311"
	}
	return "other"
}

// limited counts a request refused by a rate limit or a login throttle.
func (m *metrics) limited(c *gin.Context) {
	m.rateLimited.WithLabelValues(rateGroup(c.FullPath())).Inc()
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streetfix_http_requests_total", Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "streetfix_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		reportsCreated: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "streetfix_reports_created_total", Help: "Reports created through the API.",
		}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "streetfix_ratelimited_total", Help: "Requests refused by a rate limit or the login throttle, by route group.",
		}, []string{"group"}),
	}
	for _, g := range rateGroups {
		m.rateLimited.WithLabelValues(g)
	}
	reg.MustRegister(m.requests, m.duration, m.reportsCreated, m.rateLimited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) middleware(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched" // keeps label values bounded whatever paths clients try
	}
	m.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
	m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
}

func (m *metrics) handler(reg *prometheus.Registry) gin.HandlerFunc {
	h := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return gin.WrapH(h)
}

// NewMetrics is the router of --metrics-addr: /metrics alone, asking for
// cfg's metrics token as the main address would.
func NewMetrics(cfg Config, log *slog.Logger, reg *prometheus.Registry) http.Handler {
	h := &handler{cfg: cfg, log: log}
	r := gin.New()
	r.GET("/metrics", h.metricsAuth, (*metrics)(nil).handler(reg))
	return r
}
