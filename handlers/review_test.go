package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"streetfix/handlers"
)

// The plain form's refusal shows what the visitor typed (their email):
// no cache may keep it, and it is not compressed next to the page's text.
func TestFormRefusalNotStored(t *testing.T) {
	s := newTestServer(t)
	for _, fields := range []url.Values{
		{"area": {"21004"}, "category": {"graffiti"}, "email": {"nope"}, "name": {"Odile Verhaegen"}},
		{"category": {"pothole"}, "email": {"odile@example.org"}},
	} {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range fields {
			mw.WriteField(k, vs[0])
		}
		mw.Close()
		w := s.do("POST", "/reports", &buf, "Content-Type", mw.FormDataContentType(), "Origin", "http://example.com", "Accept-Encoding", "gzip, br")
		if w.Code != 422 || !strings.Contains(w.Header().Get("Cache-Control"), "no-store") || w.Header().Get("Content-Encoding") != "" {
			t.Errorf("%v: %d, Cache-Control %q, Content-Encoding %q", fields, w.Code, w.Header().Get("Cache-Control"), w.Header().Get("Content-Encoding"))
		}
	}
}

// The language cookie is Secure as the session's is: with --secure-cookies
// (behind a TLS proxy) and not without.
func TestLangCookieSecure(t *testing.T) {
	for _, secure := range []bool{false, true} {
		s := newTestServer(t, func(c *handlers.Config) { c.SecureCookies = secure })
		w := s.do("GET", "/?lang=nl", nil)
		cookie := w.Header().Get("Set-Cookie")
		if w.Code != 200 || !strings.HasPrefix(cookie, "lang=nl") || strings.Contains(cookie, "Secure") != secure {
			t.Errorf("--secure-cookies=%v: %d, Set-Cookie %q", secure, w.Code, cookie)
		}
	}
}

// A right-to-left override in a title or description does not reach the
// report's page or the API.
func TestBidiOverridesRemoved(t *testing.T) {
	s := newTestServer(t)
	in := grandPlace()
	in["title"], in["description"] = "Trou \u202Egpj.exe", "Devant le \u2066n°12\u2069."
	w := s.postJSON("/api/v1/reports", in)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	id := decode[createdBody](t, w).Report.ID
	for _, path := range []string{"/api/v1/reports/" + itoa(id), "/reports/" + itoa(id)} {
		body := s.do("GET", path, nil).Body.String()
		if strings.ContainsAny(body, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069") || !strings.Contains(body, "Trou gpj.exe") {
			t.Errorf("%s still carries a bidi control, or lost the title", path)
		}
	}
}

// /report?lat=NaN (or Inf, or out of range) opens the form without a
// point instead of one that breaks its map; a real point is kept.
func TestReportFormBadPoint(t *testing.T) {
	s := newTestServer(t)
	for _, q := range []string{"lat=NaN&lon=4.35", "lat=50.85&lon=NaN", "lat=Inf&lon=4.35", "lat=50.85&lon=-Inf", "lat=91&lon=4.35",
		"lat=50.85&lon=181", "lat=1e400&lon=4.35", "lat=0x1p-2&lon=4.35"} {
		w := s.do("GET", "/report?"+q, nil)
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, `id="lat" value=""`) || !strings.Contains(body, `id="lon" value=""`) {
			t.Errorf("%s: %d, the form keeps the point", q, w.Code)
		}
	}
	if body := s.do("GET", "/report?lat=50.85&lon=4.35", nil).Body.String(); !strings.Contains(body, `id="lat" value="50.85"`) {
		t.Error("a real point is not kept")
	}
}

// A reporter's own update is theirs in Open311: marked updated_by reporter
// in the updates feed, and never the request's status_notes (the city's).
func TestOpen311ReporterUpdateAttributed(t *testing.T) {
	s := newTestServer(t)
	id, token := createWithReporter(t, s)
	s.addUser("admin@example.org", "admin")
	staff := s.signIn("admin@example.org")
	if w := staff.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"status":"acknowledged","note":"Nous passons demain."}`); w.Code != 200 {
		t.Fatalf("staff note: %d %s", w.Code, w.Body)
	}
	if w := s.postJSON("/api/v1/reports/"+itoa(id)+"/updates", map[string]string{"token": token, "text": "La flaque s'agrandit."}); w.Code != 201 {
		t.Fatalf("reporter update: %d %s", w.Code, w.Body)
	}
	var ups []struct {
		Description string `json:"description"`
		UpdatedBy   string `json:"updated_by"`
	}
	w := s.do("GET", "/open311/v2/servicerequestupdates.json?start_date=2000-01-01T00:00:00Z", nil)
	if err := json.Unmarshal(w.Body.Bytes(), &ups); err != nil {
		t.Fatalf("updates: %d %s", w.Code, w.Body)
	}
	by := map[string]string{}
	for _, u := range ups {
		by[u.Description] = u.UpdatedBy
	}
	if by["La flaque s'agrandit."] != "reporter" || by["Nous passons demain."] != "city" {
		t.Errorf("updated_by: %v", by)
	}
	if x := s.do("GET", "/open311/v2/servicerequestupdates.xml?start_date=2000-01-01T00:00:00Z", nil).Body.String(); !strings.Contains(x, "<updated_by>reporter</updated_by>") {
		t.Errorf("XML updates carry no updated_by: %.600s", x)
	}
	var reqs []struct {
		StatusNotes string `json:"status_notes"`
	}
	w = s.do("GET", "/open311/v2/requests/"+itoa(id)+".json", nil)
	if err := json.Unmarshal(w.Body.Bytes(), &reqs); err != nil || len(reqs) != 1 {
		t.Fatalf("request: %d %s", w.Code, w.Body)
	}
	if reqs[0].StatusNotes != "Nous passons demain." {
		t.Errorf("status_notes %q, want the city's note", reqs[0].StatusNotes)
	}
}

// The admin category page marks a question's answers private with a box:
// checked, the API stops showing the answer; unchecked, it shows it again.
func TestAdminPrivateQuestionBox(t *testing.T) {
	s := newTestServer(t)
	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	page := b.get("/staff/admin").Body.String()
	if !strings.Contains(page, `name="q.0.private" value="1"`) {
		t.Fatal("no private box for pothole's question surface")
	}
	id := s.createReport(grandPlace()) // answers surface=roadway
	save := func(private bool) {
		f := potholeForm(t, s)
		for k := range f {
			if strings.HasPrefix(k, "q.2.") {
				delete(f, k) // no new question
			}
		}
		f.Del("q.0.private")
		if private {
			f.Set("q.0.private", "1")
		}
		if w := b.postForm("/staff/admin/categories", f); w.Code != 303 {
			t.Fatalf("save (private %v): %d %s", private, w.Code, w.Body)
		}
		if c, _ := s.store.Catalog().Category("pothole"); c.Questions[0].Private != private {
			t.Errorf("stored private %v, want %v", c.Questions[0].Private, private)
		}
		shown := strings.Contains(s.do("GET", "/api/v1/reports/"+itoa(id), nil).Body.String(), `"surface"`)
		if shown == private {
			t.Errorf("private %v: the API shows the answer: %v", private, shown)
		}
	}
	save(true)
	if page := b.get("/staff/admin").Body.String(); !strings.Contains(page, `name="q.0.private" value="1" checked`) {
		t.Error("the box is not shown checked")
	}
	save(false)
}

// After a reporter erases their data, neither the public exports and feeds
// nor the live event stream carry their name or email, and an event sent
// after the erasure (a staff status change) carries none either.
func TestPublicOutputsAfterErasure(t *testing.T) {
	s := newTestServer(t)
	const name, email = "Philomène Verstraeten", "philomene.verstraeten@example.org"
	in := grandPlace()
	in["name"], in["email"], in["show_name"] = name, email, true
	w := s.postJSON("/api/v1/reports", in)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	created := decode[createdBody](t, w)
	id := created.Report.ID
	if w := s.postJSON("/api/v1/reports/"+itoa(id)+"/reporter-actions", map[string]string{"token": created.Token, "action": "erase"}); w.Code != 200 {
		t.Fatalf("erase: %d %s", w.Code, w.Body)
	}
	srv := httptest.NewServer(s.router)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/feeds/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := sseEvents(resp)
	s.addUser("admin@example.org", "admin")
	staff := s.signIn("admin@example.org")
	if w := staff.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"status":"acknowledged"}`); w.Code != 200 {
		t.Fatalf("PATCH: %d %s", w.Code, w.Body)
	}
	for _, ev := range take(t, events, 1, 10*time.Second) {
		b, _ := json.Marshal(ev.data)
		if strings.Contains(string(b), "Philom") || strings.Contains(string(b), "erstraeten") {
			t.Errorf("event %s carries the erased reporter: %s", ev.name, b)
		}
	}
	for _, path := range []string{"/stats/reports.csv", "/stats/reports.geojson", "/feeds/reports.geojson", "/feeds/reports.atom",
		"/api/v1/reports/" + itoa(id), "/reports/" + itoa(id), "/open311/v2/requests/" + itoa(id) + ".json"} {
		w := s.do("GET", path, nil)
		if w.Code != 200 {
			t.Errorf("%s: %d", path, w.Code)
			continue
		}
		for _, v := range append(byteForms(name), byteForms(email)...) {
			if strings.Contains(w.Body.String(), v) {
				t.Errorf("%s carries %q after erasure", path, v)
			}
		}
	}
}
