package handlers_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"streetfix/db"
	"streetfix/handlers"
)

// logBuffer collects JSON log lines; the server writes from its own
// goroutines (the hub), so it is locked.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

// lines returns the log lines as objects, failing on a line that is not one.
func (l *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(l.String()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
		}
		out = append(out, m)
	}
	return out
}

// access returns the access-log lines.
func (l *logBuffer) access(t *testing.T) []map[string]any {
	var out []map[string]any
	for _, m := range l.lines(t) {
		if m["msg"] == "request" {
			out = append(out, m)
		}
	}
	return out
}

func newLoggedServer(t *testing.T, tweak func(*handlers.Config)) (*testServer, *logBuffer) {
	t.Helper()
	buf := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := buildLoggedServer(t, log, func(_ *db.Store, cfg *handlers.Config) {
		cfg.TrustedProxies = []string{"192.0.2.10", "2001:db8:ffff::/48"}
		if tweak != nil {
			tweak(cfg)
		}
	})
	return s, buf
}

// serve sends req from the peer remote (host:port) and returns the response.
func (s *testServer) serve(req *http.Request, remote string) *httptest.ResponseRecorder {
	req.RemoteAddr = remote
	w := httptest.NewRecorder()
	s.router.ServeHTTP(w, req)
	return w
}

// A request's line has its method, route pattern, status, bytes, duration,
// id and the client's network, and never the query string or path that
// held a secret.
func TestAccessLogLine(t *testing.T) {
	s, buf := newLoggedServer(t, nil)
	w := s.postJSON("/api/v1/reports", grandPlace())
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	created := decode[createdBody](t, w)
	token := created.Token
	buf.reset()
	secrets := []string{token, "s3cr3t-signature-value", "token-in-path-0123456789"}
	for _, path := range []string{
		"/reports/" + itoa(created.Report.ID) + "/manage?token=" + token,
		"/api/v1/reports/" + itoa(created.Report.ID) + "?sig=s3cr3t-signature-value",
		"/open311/v2/tokens/token-in-path-0123456789.json",
		"/no/such/page?token=" + token,
	} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("X-Forwarded-For", "203.0.113.77") // not from a trusted proxy: ignored
		w := s.serve(req, "198.51.100.23:5555")
		if w.Header().Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", path)
		}
	}
	out := buf.String()
	for _, sec := range secrets {
		if strings.Contains(out, sec) {
			t.Errorf("the log holds a secret of the URL %q:\n%s", sec, out)
		}
	}
	lines := buf.access(t)
	if len(lines) != 4 {
		t.Fatalf("want 4 access lines, got %d:\n%s", len(lines), out)
	}
	wantRoutes := []string{"/reports/:id/manage", "/api/v1/reports/:id", "/open311/v2/tokens/:file", "unmatched"}
	for i, l := range lines {
		for _, k := range []string{"method", "route", "status", "bytes", "duration", "request_id", "client"} {
			if _, ok := l[k]; !ok {
				t.Errorf("line %d lacks %s: %v", i, k, l)
			}
		}
		if l["level"] != "INFO" || l["method"] != "GET" || l["route"] != wantRoutes[i] {
			t.Errorf("line %d: %v, want route %s at INFO", i, l, wantRoutes[i])
		}
		if l["client"] != "198.51.100.0" {
			t.Errorf("line %d: client %v, want the peer's /24 198.51.100.0 (X-Forwarded-For from an untrusted peer is ignored)", i, l["client"])
		}
		if b, _ := l["bytes"].(float64); b <= 0 {
			t.Errorf("line %d: bytes %v", i, l["bytes"])
		}
	}
	if lines[0]["status"] != float64(200) || lines[3]["status"] != float64(404) {
		t.Errorf("statuses: %v and %v", lines[0]["status"], lines[3]["status"])
	}
}

// The client's address is what the trusted-proxy logic makes of it,
// truncated to its network unless the whole address is asked for.
func TestAccessLogClientAddress(t *testing.T) {
	for _, tc := range []struct {
		name           string
		full           bool
		remote, xff    string
		want           string
		wantFullRemote bool
	}{
		{"IPv4 behind a trusted proxy", false, "192.0.2.10:443", "203.0.113.77", "203.0.113.0", false},
		{"IPv6 behind a trusted proxy", false, "192.0.2.10:443", "2001:db8:abcd:12::1", "2001:db8:abcd::", false},
		{"IPv6 peer", false, "[2001:db8:1:2:3::4]:5000", "", "2001:db8:1::", false},
		{"proxy in a trusted IPv6 network", false, "[2001:db8:ffff::9]:443", "198.51.100.200", "198.51.100.0", false},
		{"forged header from an untrusted peer", false, "198.51.100.23:1", "10.9.8.7", "198.51.100.0", false},
		{"whole address when asked", true, "192.0.2.10:443", "203.0.113.77", "203.0.113.77", false},
		{"whole IPv6 when asked", true, "[2001:db8:1:2:3::4]:5000", "", "2001:db8:1:2:3::4", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, buf := newLoggedServer(t, func(c *handlers.Config) { c.AccessLogFullIP = tc.full })
			req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
			if tc.xff != "" {
				req.Header.Set("X-Forwarded-For", tc.xff)
			}
			s.serve(req, tc.remote)
			lines := buf.access(t)
			if len(lines) != 1 || lines[0]["client"] != tc.want {
				t.Fatalf("want client %s, got %v", tc.want, lines)
			}
		})
	}
}

// X-Request-Id is kept when a trusted proxy sends a well-formed one, and
// replaced otherwise; every other line of the request carries it.
func TestRequestID(t *testing.T) {
	s, buf := newLoggedServer(t, nil)
	for _, tc := range []struct {
		name, remote, sent string
		kept               bool
	}{
		{"trusted proxy, good id", "192.0.2.10:1", "lb-1.abc_DEF-42", true},
		{"trusted proxy, 64 characters", "192.0.2.10:1", strings.Repeat("a", 64), true},
		{"trusted proxy, 65 characters", "192.0.2.10:1", strings.Repeat("a", 65), false},
		{"trusted proxy, a space", "192.0.2.10:1", "abc def", false},
		{"trusted proxy, a line break", "192.0.2.10:1", "abc\ninjected=1", false},
		{"trusted proxy, markup", "192.0.2.10:1", "<script>", false},
		{"untrusted peer, good id", "198.51.100.23:1", "chosen-by-client", false},
	} {
		buf.reset()
		req := httptest.NewRequest(http.MethodGet, "/api/v1/themes", nil)
		req.Header["X-Request-Id"] = []string{tc.sent}
		w := s.serve(req, tc.remote)
		got := w.Header().Get("X-Request-Id")
		if tc.kept && got != tc.sent || !tc.kept && (got == tc.sent || got == "") {
			t.Errorf("%s: sent %q, answered %q", tc.name, tc.sent, got)
		}
		lines := buf.access(t)
		if len(lines) != 1 || lines[0]["request_id"] != got {
			t.Errorf("%s: log %v does not carry the id %q", tc.name, lines, got)
		}
	}
	// Two requests without an id get two different ones.
	a := s.do(http.MethodGet, "/healthz", nil).Header().Get("X-Request-Id")
	b := s.do(http.MethodGet, "/healthz", nil).Header().Get("X-Request-Id")
	if a == b || len(a) < 16 {
		t.Errorf("generated ids %q and %q", a, b)
	}

	// An error logged while serving a request carries its id: the
	// database is closed under the server, so readiness fails and says so.
	buf.reset()
	s.store.Close()
	w := s.do(http.MethodGet, "/readyz", nil)
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database closed: %d", w.Code)
	}
	id := w.Header().Get("X-Request-Id")
	var found bool
	for _, l := range buf.lines(t) {
		// Only the readiness check's warning: the live stream's poller,
		// which serves no request, may also warn of the closed database
		// at that moment (CI rehearsal under load, stop 24).
		if l["msg"] == "readyz: database" && l["level"] == "WARN" {
			found = true
			if l["request_id"] != id {
				t.Errorf("the request's warning %v lacks request_id %s", l, id)
			}
		}
	}
	if !found {
		t.Errorf("no warning logged for the failed readiness check:\n%s", buf.String())
	}
}

// A client that hangs up is not an error: logged at debug, 499 in the
// access log.
func TestCancelledRequestIsNotAnError(t *testing.T) {
	s, buf := newLoggedServer(t, nil)
	id := s.createReport(grandPlace())
	buf.reset()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/v1/reports/"+itoa(id), nil)
	s.serve(req, "198.51.100.23:1")
	var debug bool
	for _, l := range buf.lines(t) {
		if l["level"] == "ERROR" || l["level"] == "WARN" {
			t.Errorf("a cancelled request logged %v", l)
		}
		if l["level"] == "DEBUG" && l["cancelled"] == nil && strings.Contains(l["msg"].(string), "cancelled") {
			debug = true
		}
	}
	if !debug {
		t.Errorf("no debug line for the cancelled request:\n%s", buf.String())
	}
	if lines := buf.access(t); len(lines) != 1 || lines[0]["status"] != float64(499) {
		t.Errorf("access line of a cancelled request: %v", lines)
	}
}

// --access-log=false: no line per request; other lines still come.
func TestAccessLogOff(t *testing.T) {
	s, buf := newLoggedServer(t, func(c *handlers.Config) { c.AccessLog = false })
	w := s.do(http.MethodGet, "/api/v1/themes", nil)
	if w.Code != http.StatusOK || w.Header().Get("X-Request-Id") == "" {
		t.Fatalf("themes: %d, id %q", w.Code, w.Header().Get("X-Request-Id"))
	}
	if lines := buf.access(t); len(lines) != 0 {
		t.Errorf("access log is off but wrote %v", lines)
	}
}
