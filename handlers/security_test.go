package handlers_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/report"
)

// An integration key made for some bodies acts on their reports only, through
// the staff API and Open311's updates alike; a key without bodies covers all.
func TestAPIKeyBodies(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	ixlKey, k, err := w.store.CreateAPIKey(ctx, "Ixelles works", []string{db.ScopeUpdate}, "commune-21009")
	if err != nil || strings.Join(k.Bodies, ",") != "commune-21009" {
		t.Fatalf("create: %v %+v", err, k)
	}
	if _, _, err := w.store.CreateAPIKey(ctx, "typo", []string{db.ScopeUpdate}, "commune-99999"); err == nil {
		t.Error("a key for an unknown body was made")
	}
	allKey, _, _ := w.store.CreateAPIKey(ctx, "Region", []string{db.ScopeUpdate})
	send := func(key, method string, id int64, suffix, body string) (int, string) {
		res := w.do(method, fmt.Sprintf("/api/v1/reports/%d%s", id, suffix), strings.NewReader(body),
			"Content-Type", "application/json", "Authorization", "Bearer "+key)
		return res.Code, res.Body.String()
	}
	for _, tc := range []struct{ method, suffix, body string }{
		{"PATCH", "", `{"status":"closed","note":"Closed by a stranger."}`},
		{"PATCH", "", `{"hidden":true,"internal_note":"gone"}`},
		{"PATCH", "", `{"body":"commune-21009"}`},
		{"PATCH", "", `{"priority":2}`},
		{"PATCH", "", fmt.Sprintf(`{"status":"duplicate","duplicate_of":%d}`, w.inIxelles)},
		{"POST", "/notes", `{"note":"seen","public":false}`},
	} {
		code, body := send(ixlKey, tc.method, w.inUccle, tc.suffix, tc.body)
		if code != 403 || !strings.Contains(body, "commune-21016") {
			t.Errorf("Ixelles key, %s %s on Uccle's report: %d %s", tc.method, tc.body, code, body)
		}
	}
	form := url.Values{"api_key": {ixlKey}, "service_request_id": {strconv.FormatInt(w.inUccle, 10)}, "status": {"CLOSED"}}
	if r := w.postForm("/open311/v2/servicerequestupdates.json", form); r.code != 403 {
		t.Errorf("Ixelles key, Open311 update of Uccle's report: %d %s", r.code, r.body)
	} else {
		checkOpen311Error(t, "other body", "json", r.body, 403)
	}
	r, _ := w.store.Report(ctx, w.inUccle)
	if r.Status != report.StatusNew || r.Priority != 0 || r.BodyCode != "commune-21016" {
		t.Errorf("Uccle's report changed by refused requests: %s priority %d body %s", r.Status, r.Priority, r.BodyCode)
	}
	if e, _ := w.store.AuditLog(ctx, db.AuditQuery{ReportID: w.inUccle}); len(e) != 0 {
		t.Errorf("refused requests audited: %+v", e)
	}
	// Its own body's reports: as before.
	if code, body := send(ixlKey, "PATCH", w.inIxelles, "", `{"status":"acknowledged","priority":1}`); code != 200 {
		t.Errorf("Ixelles key on an Ixelles report: %d %s", code, body)
	}
	form = url.Values{"api_key": {ixlKey}, "service_request_id": {strconv.FormatInt(w.inIxelles, 10)}, "status": {"IN_PROGRESS"}}
	if r := w.postForm("/open311/v2/servicerequestupdates.json", form); r.code != 200 {
		t.Errorf("Ixelles key, Open311 update of its report: %d %s", r.code, r.body)
	}
	// Handing its report to another body is the last thing it may do to it.
	if code, body := send(ixlKey, "PATCH", w.inIxelles, "", `{"body":"sibelga"}`); code != 200 {
		t.Errorf("reassign away: %d %s", code, body)
	}
	if code, _ := send(ixlKey, "PATCH", w.inIxelles, "", `{"priority":0}`); code != 403 {
		t.Errorf("after reassigning away: %d", code)
	}
	// A key without bodies still covers every body.
	if code, body := send(allKey, "PATCH", w.inUccle, "", `{"status":"acknowledged"}`); code != 200 {
		t.Errorf("key for every body: %d %s", code, body)
	}
}

// Open311 updates: DUPLICATE needs a valid duplicate_of, and a dated update
// may not go before the report's last event nor more than 5 minutes ahead.
func TestOpen311UpdateRules(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s) // report 1: made 20 Nov 09:30, last event 21 Nov 14:00
	key := s.apiKey(db.ScopeUpdate)
	other := s.newReport("pothole", [2]float64{50.8467, 4.3525}, "Second pothole", "", "en")
	post := func(v url.Values) *httpResponse {
		v.Set("api_key", key)
		return s.postForm("/open311/v2/servicerequestupdates.json", v)
	}
	now := s.store.Now().UTC()
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"duplicate without a target", url.Values{"service_request_id": {"1"}, "status": {"DUPLICATE"}}, "duplicate_of"},
		{"duplicate of nonsense", url.Values{"service_request_id": {"1"}, "status": {"DUPLICATE"}, "duplicate_of": {"x"}}, "duplicate_of"},
		{"duplicate of nothing", url.Values{"service_request_id": {"1"}, "status": {"DUPLICATE"}, "duplicate_of": {"999"}}, "999"},
		{"duplicate of itself", url.Values{"service_request_id": {"1"}, "status": {"DUPLICATE"}, "duplicate_of": {"1"}}, "itself"},
		{"one second after creation", url.Values{"service_request_id": {"1"}, "status": {"FIXED"}, "updated_datetime": {"2026-11-20T09:30:01Z"}}, "2026-11-21T14:00:00Z"},
		{"six minutes ahead", url.Values{"service_request_id": {"1"}, "status": {"FIXED"}, "updated_datetime": {now.Add(6 * 60e9).Format("2006-01-02T15:04:05Z")}}, "future"},
	} {
		r := post(tc.form)
		if r.code != 400 || !strings.Contains(string(r.body), tc.want) {
			t.Errorf("%s: %d %s", tc.name, r.code, r.body)
		}
	}
	if r, _ := s.store.Report(context.Background(), 1); r.Status != "in_progress" {
		t.Fatalf("refused updates changed the status to %s", r.Status)
	}
	// After the last event, dated: kept as dated; then nothing before it.
	if r := post(url.Values{"service_request_id": {"1"}, "status": {"FIXED"}, "updated_datetime": {"2026-11-22T08:00:00+01:00"}}); r.code != 200 ||
		!strings.Contains(string(r.body), "2026-11-22T07:00:00Z") {
		t.Errorf("dated update: %d %s", r.code, r.body)
	}
	if r := post(url.Values{"service_request_id": {"1"}, "description": {"late"}, "updated_datetime": {"2026-11-22T06:59:59Z"}}); r.code != 400 {
		t.Errorf("before the update just made: %d %s", r.code, r.body)
	}
	// Report 1 is fixed now: no duplicate goes into it (issue 16).
	if r := post(url.Values{"service_request_id": {strconv.FormatInt(other, 10)}, "status": {"DUPLICATE"}, "duplicate_of": {"1"}}); r.code != 400 ||
		!strings.Contains(string(r.body), "open report") {
		t.Errorf("duplicate of a fixed request: %d %s", r.code, r.body)
	}
	// A valid duplicate merges like staff do.
	kept := s.newReport("pothole", [2]float64{50.8468, 4.3526}, "First pothole", "", "en")
	r := post(url.Values{"service_request_id": {strconv.FormatInt(other, 10)}, "status": {"DUPLICATE"}, "duplicate_of": {strconv.FormatInt(kept, 10)}, "description": {"Already reported."}})
	if r.code != 200 || !strings.Contains(string(r.body), `"status":"DUPLICATE"`) {
		t.Fatalf("duplicate: %d %s", r.code, r.body)
	}
	d, _ := s.store.Report(context.Background(), other)
	if d.Status != report.StatusDuplicate || d.DuplicateOf.Int64 != kept {
		t.Errorf("duplicate stored as %s of %v", d.Status, d.DuplicateOf)
	}
	// The store refuses a duplicate without its target whoever asks.
	if _, _, err := s.store.ChangeStatus(context.Background(), db.StatusChange{ReportID: 1, To: report.StatusDuplicate, Actor: db.ActorStaff, At: s.store.Now()}); err == nil {
		t.Error("ChangeStatus made a duplicate without a target")
	}
}

// supportFrom posts a "me too" from a client address with a client id.
func (s *testServer) supportFrom(path, addr, client string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, nil)
	req.RemoteAddr = addr
	req.Header.Set("X-Client-Id", client)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.router.ServeHTTP(w, req)
	return w
}

// "Me too" through the API: cross-site posts are refused like the form's,
// and one network adds at most SupportsPerDay new supports a day, whatever
// client ids it sends, while different people behind it count once each.
func TestSupportsCrossSiteAndQuota(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.SupportsPerDay = 3 })
	id := s.newReport("pothole", [2]float64{50.8467, 4.3525}, "Pothole", "", "en")
	other := s.newReport("pothole", [2]float64{50.8470, 4.3530}, "Another pothole", "", "en")
	api := fmt.Sprintf("/api/v1/reports/%d/supports", id)
	count := func(id int64) int {
		r, _ := s.store.Report(context.Background(), id)
		return r.SupportCount
	}
	for _, h := range [][]string{{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}, {"Origin", "null"}} {
		w := s.supportFrom(api, "192.0.2.10:5000", "a", h...)
		if w.Code != 403 || decode[errorBody](t, w).Error.Code != "cross_site" {
			t.Errorf("%v: %d %s", h, w.Code, w.Body)
		}
	}
	if n := count(id); n != 0 {
		t.Fatalf("cross-site posts counted: %d", n)
	}
	// Three people in one office: each counted once, from this site or
	// from an app that sends no Origin.
	for i, h := range [][]string{{"Origin", "http://example.com"}, {"Sec-Fetch-Site", "same-origin"}, nil} {
		if w := s.supportFrom(api, "192.0.2.10:5000", fmt.Sprint("person", i), h...); w.Code != 201 {
			t.Errorf("person %d: %d %s", i, w.Code, w.Body)
		}
	}
	// The same person again is no new support and spends nothing.
	if w := s.supportFrom(api, "192.0.2.10:6000", "person0"); w.Code != 200 {
		t.Errorf("again: %d %s", w.Code, w.Body)
	}
	// A fourth client id from the same address, on any report: 429.
	for _, p := range []string{api, fmt.Sprintf("/api/v1/reports/%d/supports", other)} {
		w := s.supportFrom(p, "192.0.2.10:5000", "invented-4")
		if w.Code != 429 || decode[errorBody](t, w).Error.Code != "too_many_supports" || w.Header().Get("Retry-After") == "" {
			t.Errorf("fourth from one address: %d %s %q", w.Code, w.Body, w.Header().Get("Retry-After"))
		}
	}
	// The plain form's route shares the quota and says so in the page's language.
	w := s.supportFrom(fmt.Sprintf("/reports/%d/supports?lang=nl", other), "192.0.2.10:5000", "invented-5", "Origin", "http://example.com")
	if w.Code != 429 || !strings.Contains(w.Body.String(), "Uw netwerk") {
		t.Errorf("form over the quota: %d %.300s", w.Code, w.Body)
	}
	if n, m := count(id), count(other); n != 3 || m != 0 {
		t.Errorf("counts %d and %d, want 3 and 0", n, m)
	}
	// Another address has its own quota; an IPv6 /64 is one network.
	if w := s.supportFrom(api, "198.51.100.7:5000", "invented-4"); w.Code != 201 {
		t.Errorf("another address: %d %s", w.Code, w.Body)
	}
	for i, code := range []int{201, 201, 201, 429} {
		addr := fmt.Sprintf("[2001:db8:1:2::%x]:443", i+1)
		if w := s.supportFrom(fmt.Sprintf("/api/v1/reports/%d/supports", other), addr, "v6"); w.Code != code {
			t.Errorf("IPv6 address %d of one /64: %d, want %d", i, w.Code, code)
		}
	}
}

// request sends one request from addr with headers, through the router.
func (s *testServer) request(method, path, addr string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = addr
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.router.ServeHTTP(w, req)
	return w
}

// Absolute links come from --base-url whatever Host says; forwarded headers
// count only from trusted proxies.
func TestBaseURLAndTrustedProxies(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) {
		c.BaseURL = "https://streetfix.example.org/"
		c.TrustedProxies = []string{"10.0.0.2"}
		c.SupportsPerDay = 1
	})
	seedFixed(t, s)
	body, ct := multipartBody(t, map[string]string{"category": "pothole", "lat": "50.8467", "lon": "4.3525", "title": "With a photo",
		"answers": `{"surface":"roadway"}`}, stripedJPEG(t, 64, 48))
	w := s.do("POST", "/api/v1/reports", body, "Content-Type", ct)
	if w.Code != 201 {
		t.Fatalf("report with a photo: %d %s", w.Code, w.Body)
	}
	withPhoto := decode[createdBody](t, w).Report.ID
	for _, p := range []string{"/feeds/reports.atom", "/reports/1/feed.atom", "/open311/v2/discovery.json",
		"/open311/v2/discovery.xml", fmt.Sprintf("/open311/v2/requests/%d.json", withPhoto), fmt.Sprintf("/open311/v2/requests/%d.xml", withPhoto),
		"/reports/1", "/stats/reports.csv", "/stats/reports.geojson", "/feeds/reports.geojson"} {
		for _, peer := range []string{"192.0.2.1:1000", "10.0.0.2:1000"} {
			w := s.request("GET", p, peer, "Host", "evil.example", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http")
			absolute := p != "/feeds/reports.geojson" // its links are relative
			if w.Code != 200 || strings.Contains(w.Body.String(), "evil.example") || absolute && !strings.Contains(w.Body.String(), "https://streetfix.example.org/") {
				t.Errorf("%s from %s: %d %.300s", p, peer, w.Code, w.Body)
			}
		}
	}
	// X-Forwarded-Proto makes cookies Secure from a trusted proxy only.
	for _, tc := range []struct {
		peer   string
		secure bool
	}{{"192.0.2.1:1000", false}, {"10.0.0.2:1000", true}} {
		w := s.request("GET", "/staff/login", tc.peer, "X-Forwarded-Proto", "https")
		if c := w.Header().Get("Set-Cookie"); strings.Contains(c, "Secure") != tc.secure {
			t.Errorf("login cookie from %s with X-Forwarded-Proto: https: %q", tc.peer, c)
		}
	}
	// X-Forwarded-For from anyone else does not make a new client address.
	path := "/api/v1/reports/1/supports"
	if w := s.request("POST", path, "192.0.2.1:1000", "X-Forwarded-For", "203.0.113.1", "X-Client-Id", "a"); w.Code != 201 {
		t.Fatalf("first support: %d %s", w.Code, w.Body)
	}
	if w := s.request("POST", path, "192.0.2.1:1000", "X-Forwarded-For", "203.0.113.2", "X-Client-Id", "b"); w.Code != 429 {
		t.Errorf("a forged X-Forwarded-For escaped the address's quota: %d %s", w.Code, w.Body)
	}
	for _, fwd := range []string{"203.0.113.1", "203.0.113.2"} {
		if w := s.request("POST", path, "10.0.0.2:1000", "X-Forwarded-For", fwd, "X-Client-Id", "c"); w.Code != 201 {
			t.Errorf("client %s behind the trusted proxy: %d %s", fwd, w.Code, w.Body)
		}
	}
}
