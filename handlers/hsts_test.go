package handlers_test

import (
	"testing"

	"streetfix/handlers"
)

// Strict-Transport-Security goes with answers over HTTPS as a trusted
// proxy reports it, never over plain HTTP nor on anyone else's word;
// /metrics asks for its token when one is set.
func TestHSTSAndMetricsToken(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) {
		c.TrustedProxies = []string{"192.0.2.1"} // httptest's client address
		c.MetricsToken = "m-secret"
	})
	if h := s.do("GET", "/healthz", nil).Header().Get("Strict-Transport-Security"); h != "" {
		t.Errorf("over plain HTTP: %q", h)
	}
	if h := s.do("GET", "/healthz", nil, "X-Forwarded-Proto", "https").Header().Get("Strict-Transport-Security"); h == "" {
		t.Error("no HSTS behind a trusted proxy saying https")
	}
	other := newTestServer(t)
	if h := other.do("GET", "/healthz", nil, "X-Forwarded-Proto", "https").Header().Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS on an untrusted X-Forwarded-Proto: %q", h)
	}
	if w := s.do("GET", "/metrics", nil); w.Code != 401 || !jsonHasCode(w.Body.Bytes(), "unauthorized") {
		t.Errorf("/metrics without the token: %d %s", w.Code, w.Body)
	}
	if w := s.do("GET", "/metrics", nil, "Authorization", "Bearer wrong"); w.Code != 401 {
		t.Errorf("/metrics with a wrong token: %d", w.Code)
	}
	if w := s.do("GET", "/metrics", nil, "Authorization", "Bearer m-secret"); w.Code != 200 {
		t.Errorf("/metrics with the token: %d", w.Code)
	}
}

// The public exports are rate-limited per address; the signed-in
// dashboard's are not.
func TestPublicExportRateLimit(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.ExportsPerMinute = 2 })
	for i, want := range []int{200, 200, 429} {
		w := s.do("GET", "/stats/reports.csv", nil)
		if w.Code != want || (want == 429 && (!jsonHasCode(w.Body.Bytes(), "rate_limited") || w.Header().Get("Retry-After") == "")) {
			t.Errorf("export %d: %d %s, want %d", i+1, w.Code, w.Body.String()[:min(200, w.Body.Len())], want)
		}
	}
	if w := s.do("GET", "/stats/reports.geojson", nil); w.Code != 429 {
		t.Errorf("GeoJSON export past the limit: %d", w.Code)
	}
}
