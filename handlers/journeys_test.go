package handlers_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"streetfix/web"
)

// The alerts form refuses bad input with 422, keeps everything typed (HTML
// escaped) and says what to fix at the field; another site's form gets 403.
func TestAlertsFormErrors(t *testing.T) {
	s, _ := newNotifyServer(t, nil)
	base := url.Values{"email": {"voisin@example.org"}, "kind": {"radius"}, "lat": {"50.8467"}, "lon": {"4.3525"}, "radius": {"500"},
		"themes": {"safe"}, "frequency": {"daily"}, "locale": {"en"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range base {
			f[kk] = append([]string(nil), vv...)
		}
		f.Set(k, v)
		return f
	}
	cases := []struct {
		name   string
		form   url.Values
		field  string
		says   string
		echoes string
	}{
		{"lat not a number", with("lat", "fifty"), "centre", "must be numbers", `value="fifty"`},
		{"no centre", with("lat", ""), "centre", "Choose the centre", `value="4.3525"`},
		{"outside the region", with("lat", "48.85"), "centre", "outside the service area", `value="48.85"`},
		{"radius too big", with("radius", "99999"), "radius", "between 50 and 5000", `value="99999"`},
		{"radius not whole", with("radius", "1e9"), "radius", "between 50 and 5000", `value="1e9"`},
		{"bad email", with("email", "<b>x</b>@"), "email", "valid email", `value="&lt;b&gt;x&lt;/b&gt;@"`},
		{"unknown kind", with("kind", "planet"), "where", "Choose a municipality", `value="voisin@example.org"`},
		{"unknown area", with("kind", "area"), "where", "Choose a municipality", `value="voisin@example.org"`},
		{"huge lat", with("lat", strings.Repeat("9", 5000)), "centre", "must be numbers", ""},
		{"lat NaN", with("lat", "NaN"), "centre", "outside the service area", `value="NaN"`},
	}
	for _, c := range cases {
		w := s.postNotifyForm("/alerts", c.form, "Accept-Language", "en")
		b := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", c.name, w.Code)
			continue
		}
		if !strings.Contains(b, `data-for="`+c.field+`"`) || !strings.Contains(b, c.says) {
			t.Errorf("%s: no message %q at the field %s:\n%.2000s", c.name, c.says, c.field, b)
		}
		if !strings.Contains(b, c.echoes) || !strings.Contains(b, `name="themes" value="safe" checked`) || !strings.Contains(b, `value="daily" checked`) {
			t.Errorf("%s: the form did not keep what was typed", c.name)
		}
		if strings.Contains(b, "<b>x</b>") {
			t.Errorf("%s: typed HTML comes back unescaped", c.name)
		}
	}
	if w := s.postNotifyForm("/alerts", base, "Origin", "http://evil.example"); w.Code != http.StatusForbidden {
		t.Errorf("another site's form: %d, want 403", w.Code)
	}
	if w := s.postNotifyForm("/alerts", base); w.Code != http.StatusOK {
		t.Errorf("a good form: %d %s", w.Code, w.Body.String())
	}
	// A centre from the map's link.
	w := s.do(http.MethodGet, "/alerts?lat=50.85&lon=4.35&lang=en", nil)
	if b := w.Body.String(); w.Code != 200 || !strings.Contains(b, `id="alert-lat" data-field="centre" value="50.850000"`) || !strings.Contains(b, `value="radius" id="kind-radius" checked`) {
		t.Errorf("/alerts?lat=&lon=: %d %.3000s", w.Code, b)
	}
}

// A "me too" from the browser that sent the report is refused (409
// own_report); from another browser, or one that says nothing, it counts.
// Once the reporter erases their data the service no longer knows.
func TestSupportOwnReport(t *testing.T) {
	s := newTestServer(t)
	w := s.postJSON("/api/v1/reports", grandPlace(), "X-Client-Id", "phone-of-camille")
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	c := decode[createdBody](t, w)
	path := "/api/v1/reports/" + itoa(c.Report.ID) + "/supports"
	support := func(client string) *httptest.ResponseRecorder {
		h := []string{"Content-Type", "application/json"}
		if client != "" {
			h = append(h, "X-Client-Id", client)
		}
		return s.do(http.MethodPost, path, nil, h...)
	}
	if w := support("phone-of-camille"); w.Code != http.StatusConflict || decode[errorBody](t, w).Error.Code != "own_report" {
		t.Errorf("the reporter's own me too: %d %s", w.Code, w.Body)
	}
	if w := support("phone-of-a-neighbour"); w.Code != http.StatusCreated {
		t.Errorf("a neighbour's me too: %d %s", w.Code, w.Body)
	}
	if r, _ := s.store.PublicReport(context.Background(), c.Report.ID); r.SupportCount != 1 {
		t.Errorf("support count %d, want 1", r.SupportCount)
	}
	if w := s.postJSON("/api/v1/reports/"+itoa(c.Report.ID)+"/reporter-actions", map[string]string{"token": c.Token, "action": "erase"}); w.Code != 200 {
		t.Fatalf("erase: %d %s", w.Code, w.Body)
	}
	if w := support("phone-of-camille"); w.Code != http.StatusCreated {
		t.Errorf("after erasing, the service still links the report to the browser: %d %s", w.Code, w.Body)
	}
}

// Dutch addresses the reader as "u" everywhere (the formal register the
// region's services use), never "je", "jij", "jou", "jouw" or "jullie".
func TestDutchFormalRegister(t *testing.T) {
	informal := regexp.MustCompile(`(?i)\b(je|jij|jou|jouw|jullie|jezelf)\b`)
	locales := web.Locales()
	names, err := fs.Glob(locales, "*.nl.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no Dutch catalogues: %v", err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(locales, name)
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any // a string, or plural forms
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id, m := range msgs {
			forms := map[string]any{"": m}
			if o, ok := m.(map[string]any); ok {
				forms = o
			}
			for _, f := range forms {
				if s, _ := f.(string); informal.MatchString(s) {
					t.Errorf("%s %s says %q: use u/uw (%s)", name, id, informal.FindString(s), s)
				}
			}
		}
	}
}

// The plain form (no JavaScript) says a refusal at the top, as a link to
// the field, and again just above the field, which is marked invalid.
func TestPlainFormErrorAtField(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		name   string
		fields url.Values
		field  string
		before string // what the message sits just above
	}{
		{"no place", url.Values{"category": {"pothole"}}, "place", `<p class="hint js-only">`},
		{"outside", url.Values{"lat": {"48.85"}, "lon": {"2.35"}, "category": {"pothole"}}, "place", `<p class="hint js-only">`},
		{"no category", url.Values{"area": {"21004"}}, "category", `<label for="category">`},
		{"missing answer", url.Values{"area": {"21004"}, "category": {"pothole"}}, "answers", `<div id="questions"`},
		{"title too long", url.Values{"area": {"21004"}, "category": {"graffiti"}, "title": {strings.Repeat("é", 121)}}, "title", `<label for="title">`},
		{"bad email", url.Values{"area": {"21004"}, "category": {"graffiti"}, "email": {"<b>not</b> an email"}}, "email", `<label for="email">`},
	} {
		code, body := s.postReportForm(tc.fields, nil, "Cookie", "lang=en")
		at := `<p class="field-error" id="` + tc.field + `-error" data-for="` + tc.field + `">`
		i := strings.Index(body, at)
		if code != 422 || i < 0 || !strings.Contains(body, `<a href="#`+tc.field+`-error">`) {
			t.Errorf("%s: %d, no message at %s:\n%.3000s", tc.name, code, tc.field, body)
			continue
		}
		if rest := body[i:]; !strings.HasPrefix(rest[strings.Index(rest, "</p>")+len("</p>\n"):], tc.before) {
			t.Errorf("%s: the message is not just above %s", tc.name, tc.before)
		}
		if strings.Count(body, `class="field-error"`) != 1 {
			t.Errorf("%s: %d messages at fields, want 1", tc.name, strings.Count(body, `class="field-error"`))
		}
		if strings.Contains(body, "<b>not</b>") {
			t.Errorf("%s: typed HTML comes back unescaped", tc.name)
		}
	}
	_, body := s.postReportForm(url.Values{"area": {"21004"}, "category": {"graffiti"}, "email": {"nope"}}, nil, "Cookie", "lang=en")
	if !strings.Contains(body, `id="email" maxlength="254" value="nope" autocomplete="email" aria-describedby="email-error email-hint" aria-invalid="true"`) {
		t.Errorf("the email field is not marked invalid: %.4000s", body[strings.Index(body, `id="email"`)-40:])
	}
}
