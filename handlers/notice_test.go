package handlers_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"streetfix/db"
)

// Emergency notices: the city's come with the catalogue; an admin edits
// them (audited) and the form and the API show them in the page's
// language; half a notice, or one too long, is refused and changes nothing.
func TestEmergencyNotices(t *testing.T) {
	s := newTestServer(t)
	ctx := context.Background()

	form := s.do("GET", "/report?lang=nl", nil).Body.String()
	if !strings.Contains(form, `<div class="emergency-notice" role="alert" data-category="missing_cover" hidden><p>Een open kolk`) {
		t.Errorf("the form lacks the city's notice for missing_cover, hidden until chosen")
	}
	if strings.Contains(form, `data-category="pothole"`) {
		t.Error("the form has a notice for pothole, which has none")
	}
	var api struct {
		Categories []struct {
			Code, Notice string
		}
	}
	if err := json.Unmarshal(s.do("GET", "/api/v1/categories?lang=fr", nil).Body.Bytes(), &api); err != nil {
		t.Fatal(err)
	}
	notices := map[string]string{}
	for _, c := range api.Categories {
		notices[c.Code] = c.Notice
	}
	if !strings.Contains(notices["missing_cover"], "appelez le 112") || notices["pothole"] != "" {
		t.Errorf("API notices: missing_cover %q, pothole %q", notices["missing_cover"], notices["pothole"])
	}

	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	cat, _ := s.store.Catalog().Category("pothole")
	q, _ := json.Marshal(cat.Questions)
	edit := func(notice [3]string) int {
		return b.postForm("/staff/admin/categories", url.Values{"code": {"pothole"}, "theme": {cat.Theme}, "owner": {cat.Owner},
			"active": {"1"}, "name_en": {cat.Name.EN}, "name_fr": {cat.Name.FR}, "name_nl": {cat.Name.NL}, "questions": {string(q)},
			"notice_en": {notice[0]}, "notice_fr": {notice[1]}, "notice_nl": {notice[2]}}).Code
	}
	for name, bad := range map[string][3]string{
		"English only":   {"Deep hole: call 101 if it is dangerous.", "", ""},
		"too long":       {strings.Repeat("x", 501), "x", "x"},
		"control bytes":  {"a\x00b", "b", "c"},
		"blank in Dutch": {"a", "b", "   "},
	} {
		if code := edit(bad); code != 422 {
			t.Errorf("%s: %d, want 422", name, code)
		}
	}
	if c, _ := s.store.Catalog().Category("pothole"); c.Notice.EN != "" {
		t.Fatalf("a refused notice was stored: %+v", c.Notice)
	}
	if code := edit([3]string{"Deep hole: <b>call 101</b> if it is dangerous.", "Trou profond : appelez le 101.", "Diep gat: bel 101."}); code != 303 {
		t.Fatalf("saving a notice: %d", code)
	}
	form = s.do("GET", "/report?lang=en", nil).Body.String()
	if !strings.Contains(form, `data-category="pothole" hidden><p>Deep hole: &lt;b&gt;call 101&lt;/b&gt; if it is dangerous.</p>`) {
		t.Error("the form lacks the admin's notice, escaped")
	}
	if !strings.Contains(b.get("/staff/admin").Body.String(), "Trou profond : appelez le 101.") {
		t.Error("the admin page does not show the notice it saved")
	}
	entries, _ := s.store.AuditLog(ctx, db.AuditQuery{Action: "update_category", Limit: 10})
	if len(entries) != 1 || !strings.Contains(entries[0].AfterRaw, "Diep gat: bel 101.") {
		t.Errorf("audit of the change: %+v", entries)
	}
	// Empty in the three languages: no notice.
	if code := edit([3]string{"", "", ""}); code != 303 {
		t.Fatalf("removing the notice: %d", code)
	}
	if strings.Contains(s.do("GET", "/report", nil).Body.String(), `data-category="pothole"`) {
		t.Error("the removed notice is still on the form")
	}
}
