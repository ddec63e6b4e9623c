package handlers_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// decodeBody undoes a Content-Encoding.
func decodeBody(t *testing.T, coding string, b []byte) []byte {
	t.Helper()
	if coding == "gzip" {
		return gunzip(t, b)
	}
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatalf("brotli stream: %v", err)
	}
	return out
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip stream: %v", err)
	}
	return out
}

// scriptURL finds the address a page links a static file at.
func scriptURL(t *testing.T, page, file string) string {
	t.Helper()
	re := regexp.MustCompile(`"(/static/` + regexp.QuoteMeta(strings.TrimSuffix(file, ".js")) + `\.[0-9a-f]{8}\.js)"`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page does not link %s by a hashed name", file)
	}
	return m[1]
}

func TestCompressedAndPlainAnswersAreTheSameBytes(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	page := s.do("GET", "/", nil).Body.String()
	for _, path := range []string{"/", "/report", "/reports?area=21004", "/reports/1", "/stats",
		"/api/v1/reports?bbox=4.24,50.76,4.49,50.92&zoom=18", "/api/v1/categories", "/api/v1/areas?format=geojson",
		"/feeds/reports.atom", "/feeds/reports.geojson", "/open311/v2/requests.xml?start_date=2026-11-19T00:00:00Z",
		"/api/openapi.json", "/static/style.css", scriptURL(t, page, "app.js"), "/static/vendor/leaflet/leaflet.js", "/manifest.webmanifest"} {
		plain := s.do("GET", path, nil)
		if plain.Code != 200 || plain.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: %d, Content-Encoding %q without asking", path, plain.Code, plain.Header().Get("Content-Encoding"))
			continue
		}
		for _, ask := range []struct{ header, coding string }{{"gzip", "gzip"}, {"gzip, deflate, br", "br"}, {"br;q=0.5, gzip", "gzip"}} {
			packed := s.do("GET", path, nil, "Accept-Encoding", ask.header)
			if packed.Code != 200 || packed.Header().Get("Content-Encoding") != ask.coding {
				t.Errorf("%s, Accept-Encoding %q: %d, Content-Encoding %q", path, ask.header, packed.Code, packed.Header().Get("Content-Encoding"))
				continue
			}
			if !strings.Contains(packed.Header().Get("Vary"), "Accept-Encoding") || !strings.Contains(plain.Header().Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s: Vary %q", path, packed.Header().Get("Vary"))
			}
			if got := decodeBody(t, ask.coding, packed.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) {
				t.Errorf("%s: the %s answer decodes to %d bytes, the plain one has %d", path, ask.coding, len(got), plain.Body.Len())
			}
			if packed.Body.Len() >= plain.Body.Len() {
				t.Errorf("%s: %d bytes in %s, %d plain", path, packed.Body.Len(), ask.coding, plain.Body.Len())
			}
			if tag := packed.Header().Get("ETag"); tag != "" && !strings.HasPrefix(tag, "W/") && tag == plain.Header().Get("ETag") {
				t.Errorf("%s: %s and identity share the strong ETag %s", path, ask.coding, tag)
			}
		}
	}
	// Not asked for, or refused with q=0: plain.
	for _, ae := range []string{"", "identity", "gzip;q=0", "gzip;q=0, br;q=0", "identity, gzip;q=0", "*;q=0", "br;q=0, *", "gzip;q=x", "deflate"} {
		for _, path := range []string{"/api/v1/categories", "/", "/static/vendor/leaflet/leaflet.js"} {
			w := s.do("GET", path, nil, "Accept-Encoding", ae)
			want := ""
			if ae == "br;q=0, *" {
				want = "gzip"
			}
			if got := w.Header().Get("Content-Encoding"); w.Code != 200 || got != want {
				t.Errorf("%s, Accept-Encoding %q: %d, Content-Encoding %q, want %q", path, ae, w.Code, got, want)
			}
		}
	}
	// Photos are JPEG already.
	if w := s.do("GET", "/static/icon.svg", nil, "Accept-Encoding", "gzip"); w.Code != 200 {
		t.Errorf("icon: %d", w.Code)
	}
}

// A page that carries a secret next to text a visitor controls is never
// compressed (BREACH): the reporter's manage page, a new report's token,
// the staff pages with their CSRF token, the login form.
func TestSecretsAreNotCompressed(t *testing.T) {
	s := newTestServer(t)
	w := s.postJSON("/api/v1/reports", map[string]any{"category": "graffiti", "lat": 50.8467, "lon": 4.3525,
		"description": strings.Repeat("a visitor's words ", 50)}, "Accept-Encoding", "gzip")
	if w.Code != 201 || w.Header().Get("Content-Encoding") != "" {
		t.Fatalf("the answer with the reporter's token: %d, Content-Encoding %q", w.Code, w.Header().Get("Content-Encoding"))
	}
	created := decode[createdBody](t, w)
	for _, path := range []string{"/reports/" + itoa(created.Report.ID) + "/manage?token=" + created.Token, "/staff/login"} {
		w := s.do("GET", path, nil, "Accept-Encoding", "gzip")
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "" || !strings.Contains(w.Header().Get("Cache-Control"), "no-store") {
			t.Errorf("%s: %d, Content-Encoding %q, Cache-Control %q", path, w.Code, w.Header().Get("Content-Encoding"), w.Header().Get("Cache-Control"))
		}
	}
	s.addUser("admin@example.org", "admin")
	staff := s.signIn("admin@example.org")
	req := httptest.NewRequest("GET", "/staff", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	if w := staff.do(req); w.Code != 200 || w.Header().Get("Content-Encoding") != "" {
		t.Errorf("staff queue: %d, Content-Encoding %q", w.Code, w.Header().Get("Content-Encoding"))
	}
}

// The event stream must flush each event: it is never compressed, even
// for a client that asks for gzip.
func TestEventStreamIsNotCompressed(t *testing.T) {
	s := newTestServer(t)
	srv := httptest.NewServer(s.router)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/feeds/events", nil)
	req.Header.Set("Accept-Encoding", "gzip") // set by hand: the client then does not decompress
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("event stream compressed: %q", resp.Header.Get("Content-Encoding"))
	}
	events := sseEvents(resp)
	s.postJSON("/api/v1/reports", map[string]any{"category": "graffiti", "lat": 50.8467, "lon": 4.3525})
	if got := take(t, events, 1, 10*time.Second); got[0].name != "report_created" {
		t.Errorf("first event %+v", got[0])
	}
}

// Pages link static files by content-hashed names, cached for a year as
// immutable; a stale hash redirects to the current file, the plain name
// keeps a short cache, and the service worker keeps the hashed names.
func TestHashedStaticURLs(t *testing.T) {
	s := newTestServer(t)
	page := s.do("GET", "/", nil).Body.String()
	app := scriptURL(t, page, "app.js")
	w := s.do("GET", app, nil)
	if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || w.Header().Get("ETag") == "" {
		t.Fatalf("%s: %d %q", app, w.Code, w.Header().Get("Cache-Control"))
	}
	if again := s.do("GET", app, nil, "If-None-Match", w.Header().Get("ETag")); again.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", again.Code)
	}
	plain := s.do("GET", "/static/app.js", nil)
	if plain.Code != 200 || plain.Header().Get("Cache-Control") != "public, max-age=3600" || !bytes.Equal(plain.Body.Bytes(), w.Body.Bytes()) {
		t.Errorf("/static/app.js: %d %q", plain.Code, plain.Header().Get("Cache-Control"))
	}
	stale := s.do("GET", "/static/app.00000000.js", nil)
	if stale.Code != http.StatusFound || stale.Header().Get("Location") != app {
		t.Errorf("stale hash: %d to %q, want 302 to %s", stale.Code, stale.Header().Get("Location"), app)
	}
	if w := s.do("GET", "/static/nothing.00000000.js", nil); w.Code != 404 {
		t.Errorf("unknown hashed name: %d", w.Code)
	}
	sw := s.do("GET", "/sw.js", nil).Body.String()
	if !strings.Contains(sw, "'"+app+"'") || strings.Contains(sw, "'/static/app.js'") {
		t.Errorf("the service worker does not keep %s", app)
	}
}

// Pages without a secret get a short, revalidating cache: no-cache with an
// ETag, and a 304 without a body when nothing changed.
func TestPagesRevalidate(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	for _, path := range []string{"/", "/report", "/reports/1", "/stats"} {
		w := s.do("GET", path, nil, "Accept-Encoding", "gzip")
		etag := w.Header().Get("ETag")
		if w.Code != 200 || w.Header().Get("Cache-Control") != "no-cache" || etag == "" {
			t.Errorf("%s: %d, Cache-Control %q, ETag %q", path, w.Code, w.Header().Get("Cache-Control"), etag)
			continue
		}
		again := s.do("GET", path, nil, "Accept-Encoding", "gzip", "If-None-Match", etag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("%s with If-None-Match: %d, %d bytes", path, again.Code, again.Body.Len())
		}
	}
	// A new report changes the map page.
	w := s.do("GET", "/", nil)
	s.postJSON("/api/v1/reports", map[string]any{"category": "graffiti", "lat": 50.8467, "lon": 4.3525})
	if again := s.do("GET", "/", nil, "If-None-Match", w.Header().Get("ETag")); again.Code != 200 {
		t.Errorf("the map page after a new report: %d", again.Code)
	}
}

// Each coding of a static file has its own strong ETag, and a revalidation
// with one answers 304 only for a request in the same coding.
func TestStaticETagPerCoding(t *testing.T) {
	s := newTestServer(t)
	page := s.do("GET", "/", nil).Body.String()
	app := scriptURL(t, page, "app.js")
	tags := map[string]string{}
	for _, ae := range []string{"", "gzip", "br"} {
		w := s.do("GET", app, nil, "Accept-Encoding", ae)
		tag := w.Header().Get("ETag")
		if w.Code != 200 || w.Header().Get("Content-Encoding") != ae || tag == "" || strings.HasPrefix(tag, "W/") {
			t.Fatalf("%q: %d, Content-Encoding %q, ETag %q", ae, w.Code, w.Header().Get("Content-Encoding"), tag)
		}
		for other, seen := range tags {
			if seen == tag {
				t.Errorf("%q and %q share the ETag %s", ae, other, tag)
			}
		}
		tags[ae] = tag
		if again := s.do("GET", app, nil, "Accept-Encoding", ae, "If-None-Match", tag); again.Code != http.StatusNotModified {
			t.Errorf("%q revalidated: %d", ae, again.Code)
		}
	}
	if w := s.do("GET", app, nil, "Accept-Encoding", "identity", "If-None-Match", tags["gzip"]); w.Code != 200 || w.Body.Len() == 0 {
		t.Errorf("gzip's ETag revalidated an identity request: %d", w.Code)
	}
}

// HEAD answers pages, static files and feeds with GET's status and headers
// and no body, never 405.
func TestHeadLikeGet(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	srv := httptest.NewServer(s.router)
	defer srv.Close()
	page := s.do("GET", "/", nil).Body.String()
	for _, path := range []string{"/", "/report", "/reports", "/reports/1", "/privacy", "/stats", "/static/style.css",
		scriptURL(t, page, "app.js"), "/feeds/reports.atom", "/manifest.webmanifest"} {
		for _, ae := range []string{"", "gzip, br"} {
			get := s.do("GET", path, nil, "Accept-Encoding", ae)
			req, _ := http.NewRequest("HEAD", srv.URL+path, nil)
			req.Header.Set("Accept-Encoding", ae)
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != get.Code || len(body) != 0 {
				t.Errorf("HEAD %s (%q): %d with %d bytes, GET %d", path, ae, resp.StatusCode, len(body), get.Code)
			}
			for _, h := range []string{"Content-Type", "Content-Encoding", "Cache-Control"} {
				if resp.Header.Get(h) != get.Header().Get(h) {
					t.Errorf("HEAD %s (%q): %s %q, GET %q", path, ae, h, resp.Header.Get(h), get.Header().Get(h))
				}
			}
		}
	}
	if w := s.do("HEAD", "/staff", nil); w.Code == http.StatusOK {
		t.Errorf("HEAD /staff: %d without a session", w.Code)
	}
}

// Scripts and styles carry no page policy (it is the page's that applies
// to them); the JSON API, the SVG icon and the manifest carry the strictest
// one; pages keep theirs.
func TestPoliciesByKindOfAnswer(t *testing.T) {
	s := newTestServer(t)
	page := s.do("GET", "/", nil)
	csp := page.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("page CSP %q", csp)
	}
	for path, want := range map[string]string{
		scriptURL(t, page.Body.String(), "app.js"): "", "/static/style.css": "",
		"/privacy":                     csp,
		"/static/icon.svg":             "default-src 'none'; frame-ancestors 'none'",
		"/manifest.webmanifest":        "default-src 'none'; frame-ancestors 'none'",
		"/api/v1/categories":           "default-src 'none'; frame-ancestors 'none'",
		"/api/v1/areas?format=geojson": "default-src 'none'; frame-ancestors 'none'",
	} {
		w := s.do("GET", path, nil, "Accept-Encoding", "br")
		if got := w.Header().Get("Content-Security-Policy"); w.Code != 200 || got != want || w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d, CSP %q, want %q", path, w.Code, got, want)
		}
	}
}
