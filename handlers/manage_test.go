package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// create makes a report through the API with a reporter's name and email
// and returns its id and token.
func createWithReporter(t *testing.T, s *testServer) (int64, string) {
	t.Helper()
	in := grandPlace()
	in["name"], in["email"], in["show_name"] = "Camille Dupont", "camille@example.org", true
	w := s.postJSON("/api/v1/reports", in)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	c := decode[createdBody](t, w)
	return c.Report.ID, c.Token
}

func TestReporterActionsAPI(t *testing.T) {
	s := newTestServer(t)
	id, token := createWithReporter(t, s)
	path := fmt.Sprintf("/api/v1/reports/%d/reporter-actions", id)
	for _, tc := range []struct {
		name string
		path string
		body string
		ct   string
		code int
		err  string
	}{
		{"wrong token", path, `{"token":"nope","action":"fixed"}`, "application/json", 403, "invalid_token"},
		{"empty token", path, `{"token":"","action":"fixed"}`, "application/json", 403, "invalid_token"},
		{"long token", path, `{"token":"` + strings.Repeat("a", 5000) + `","action":"fixed"}`, "application/json", 403, "invalid_token"},
		{"token of another report", "/api/v1/reports/999/reporter-actions", `{"token":"` + token + `","action":"fixed"}`, "application/json", 404, "not_found"},
		{"bad id", "/api/v1/reports/x/reporter-actions", `{"token":"` + token + `","action":"fixed"}`, "application/json", 404, "not_found"},
		{"unknown action", path, `{"token":"` + token + `","action":"delete"}`, "application/json", 400, "invalid_action"},
		{"unknown field", path, `{"token":"` + token + `","action":"fixed","status":"closed"}`, "application/json", 400, "unknown_field"},
		{"not JSON", path, `token=x`, "application/x-www-form-urlencoded", 415, "unsupported_media_type"},
		{"broken JSON", path, `{"token":`, "application/json", 400, "invalid_json"},
		{"reopen an open report", path, `{"token":"` + token + `","action":"reopen","reason":"still there"}`, "application/json", 409, "transition_not_allowed"},
		{"control characters", path, `{"token":"` + token + `","action":"fixed","reason":"a\u0000b"}`, "application/json", 422, "invalid_characters"},
	} {
		w := s.do("POST", tc.path, strings.NewReader(tc.body), "Content-Type", tc.ct)
		if w.Code != tc.code || decode[errorBody](t, w).Error.Code != tc.err {
			t.Errorf("%s: %d %s, want %d %s", tc.name, w.Code, w.Body, tc.code, tc.err)
		}
	}
	// Mark fixed, then reopen with a reason: both public history events.
	if w := s.postJSON(path, map[string]string{"token": token, "action": "fixed", "reason": "Filled <b>today</b>"}); w.Code != 200 || decode[reportBody](t, w).Status != "fixed" {
		t.Fatalf("fixed: %d %s", w.Code, w.Body)
	}
	if w := s.postJSON(path, map[string]string{"token": token, "action": "reopen"}); w.Code != 422 {
		t.Errorf("reopen without a reason: %d %s", w.Code, w.Body)
	}
	w := s.postJSON(path, map[string]string{"token": token, "action": "reopen", "reason": "The hole is back."})
	r := decode[reportBody](t, w)
	if w.Code != 200 || r.Status != "new" || len(r.History) != 3 || r.History[2].To != "new" {
		t.Fatalf("reopen: %d %s", w.Code, w.Body)
	}
	// The page shows the notes, escaped.
	page := s.do("GET", fmt.Sprintf("/reports/%d?lang=en", id), nil).Body.String()
	if !strings.Contains(page, "Filled &lt;b&gt;today&lt;/b&gt;") || !strings.Contains(page, "The hole is back.") {
		t.Errorf("notes missing from the page")
	}
	// Erase: the public name goes, the report stays, the link still works.
	if r.ReporterName != "Camille Dupont" {
		t.Fatalf("public name before erasing: %q", r.ReporterName)
	}
	w = s.postJSON(path, map[string]string{"token": token, "action": "erase"})
	if r := decode[reportBody](t, w); w.Code != 200 || r.ReporterName != "" {
		t.Fatalf("erase: %d %s", w.Code, w.Body)
	}
	if rep, err := s.store.Reporter(context.Background(), id); err != nil || rep.Name != "" || rep.Email != "" || rep.ErasedAt.IsZero() || rep.TokenHash == "" {
		t.Errorf("reporter row after erasing: %+v %v", rep, err)
	}
	if w := s.postJSON(path, map[string]string{"token": token, "action": "erase"}); w.Code != 200 {
		t.Errorf("erasing twice: %d", w.Code)
	}
}

func TestManagePage(t *testing.T) {
	s := newTestServer(t)
	id, token := createWithReporter(t, s)
	page := fmt.Sprintf("/reports/%d/manage", id)
	w := s.do("GET", page+"?lang=fr&token="+url.QueryEscape(token), nil)
	if w.Code != 200 || w.Header().Get("Referrer-Policy") != "same-origin" || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("manage page: %d %v", w.Code, w.Header())
	}
	if b := w.Body.String(); !strings.Contains(b, "Marquer comme résolu") || !strings.Contains(b, `name="token" value="`+token+`"`) ||
		!strings.Contains(b, "<dd>camille@example.org</dd>") {
		t.Errorf("manage page body: %.400s", b)
	}
	for _, bad := range []string{"", "?token=wrong", "?token=" + url.QueryEscape(token+"x")} {
		if w := s.do("GET", page+bad, nil); w.Code != 403 || strings.Contains(w.Body.String(), "Marquer") {
			t.Errorf("GET %s: %d", bad, w.Code)
		}
	}
	if w := s.do("GET", "/reports/999/manage?token="+token, nil); w.Code != 404 {
		t.Errorf("unknown report: %d", w.Code)
	}
	post := func(form url.Values, header ...string) (int, string) {
		w := s.do("POST", page, strings.NewReader(form.Encode()), append([]string{"Content-Type", "application/x-www-form-urlencoded", "Cookie", "lang=en"}, header...)...)
		return w.Code, w.Body.String()
	}
	if code, _ := post(url.Values{"token": {token}, "action": {"fixed"}}, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); code != 403 {
		t.Errorf("cross-site post: %d", code)
	}
	if code, _ := post(url.Values{"token": {"wrong"}, "action": {"fixed"}}); code != 403 {
		t.Errorf("wrong token post: %d", code)
	}
	if code, body := post(url.Values{"token": {token}, "action": {"fixed"}, "reason": {"<script>alert(1)</script>"}}); code != 200 || !strings.Contains(body, "marked as fixed") {
		t.Errorf("fixed: %d %.300s", code, body)
	}
	if code, body := post(url.Values{"token": {token}, "action": {"reopen"}}); code != 422 || !strings.Contains(body, "Say why") {
		t.Errorf("reopen without reason: %d %.300s", code, body)
	}
	if code, body := post(url.Values{"token": {token}, "action": {"erase"}}); code != 200 || !strings.Contains(body, "was erased") ||
		strings.Contains(body, "camille@example.org") || !strings.Contains(body, "keeps no name, email or phone") {
		t.Errorf("erase: %d %.300s", code, body)
	}
	if body := s.do("GET", fmt.Sprintf("/reports/%d", id), nil).Body.String(); strings.Contains(body, "<script>alert") || strings.Contains(body, "Camille") {
		t.Errorf("report page shows hostile markup or the erased name")
	}
}
