package handlers_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// A browser's post from another site to the report and update APIs is
// refused with 403 in the error shape, as the form routes are; clients
// that are not browsers (no Origin) and this site's pages are not.
func TestCrossSiteAPIPosts(t *testing.T) {
	s := newTestServer(t)
	body, _ := json.Marshal(grandPlace())
	for _, tc := range []struct {
		name   string
		header []string
		want   int
	}{
		{"another site's Origin", []string{"Origin", "https://evil.example"}, 403},
		{"Sec-Fetch-Site cross-site", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"no Origin (not a browser)", nil, 201},
		{"this site's Origin", []string{"Origin", "http://example.com", "Sec-Fetch-Site", "same-origin"}, 201},
	} {
		w := s.do("POST", "/api/v1/reports", strings.NewReader(string(body)), append([]string{"Content-Type", "application/json"}, tc.header...)...)
		if w.Code != tc.want || (tc.want == 403 && !jsonHasCode(w.Body.Bytes(), "cross_site")) {
			t.Errorf("report, %s: %d %s", tc.name, w.Code, w.Body)
		}
	}
	created := decode[createdBody](t, s.postJSON("/api/v1/reports", grandPlace()))
	update := `{"token":"` + created.Token + `","text":"Still there this morning."}`
	path := "/api/v1/reports/" + itoa(created.Report.ID) + "/updates"
	if w := s.do("POST", path, strings.NewReader(update), "Content-Type", "application/json", "Origin", "https://evil.example"); w.Code != 403 || !jsonHasCode(w.Body.Bytes(), "cross_site") {
		t.Errorf("update from another site: %d %s", w.Code, w.Body)
	}
	if w := s.do("POST", path, strings.NewReader(update), "Content-Type", "application/json"); w.Code >= 300 {
		t.Errorf("update without Origin: %d %s", w.Code, w.Body)
	}
}
