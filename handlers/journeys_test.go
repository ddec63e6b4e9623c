package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
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
