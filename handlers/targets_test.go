package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"streetfix/city"
	"streetfix/db"
	"streetfix/handlers"
)

// Admins set times to fix by category or theme on the admin page; the
// dashboard uses them at the next request, each change is audited, and a
// reset goes back to the city's targets.csv.
func TestAdminSetsTargets(t *testing.T) {
	brussels, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, func(c *handlers.Config) { c.Targets = brussels.Targets }) // as the service runs
	s.reportAt(s.store.Now().Add(-20 * 24 * time.Hour).UTC().Format(time.RFC3339))   // an open pothole, 20 days old
	s.addUser("admin@example.org", "admin")
	s.addUser("staff@example.org", "staff", "commune-21004")
	admin := s.signIn("admin@example.org")
	target := func(code string) (hours int64, overdue int) {
		t.Helper()
		b := decode[statsBody](t, s.do(http.MethodGet, "/api/v1/stats", nil))
		for _, o := range b.OverdueByCat {
			if o.Code == code {
				return o.TargetHours, o.Overdue
			}
		}
		t.Fatalf("no overdue row for %s", code)
		return 0, 0
	}
	want := func(code string, hours int64, overdue int) {
		t.Helper()
		if h, o := target(code); h != hours || o != overdue {
			t.Errorf("%s: target %d h with %d overdue, want %d h and %d", code, h, o, hours, overdue)
		}
	}
	set := func(form url.Values, status int) *strings.Builder {
		t.Helper()
		w := admin.postForm("/staff/admin/targets", form)
		if w.Code != status {
			t.Fatalf("%v: %d, want %d: %s", form, w.Code, status, w.Body.String())
		}
		var b strings.Builder
		b.WriteString(w.Body.String())
		return &b
	}
	want("pothole", 30*24, 0)      // infrastructure's 30 days in targets.csv
	want("streetlight_out", 72, 0) // its own 3 days in targets.csv

	set(url.Values{"code": {"pothole"}, "days": {"10"}}, http.StatusSeeOther)
	want("pothole", 10*24, 1)
	set(url.Values{"code": {"infrastructure"}, "days": {"0,5"}}, http.StatusSeeOther) // a decimal comma, as typed in French
	want("pothole", 10*24, 1)                                                         // its own stays
	want("clogged_drain", 12, 0)                                                      // infrastructure, without its own

	page := admin.get("/staff/admin?lang=en").Body.String()
	for _, wantText := range []string{`id="targets"`, `id="t-pothole"`, `value="10"`, `value="0.5"`, "set here", "the city&#39;s file", "its theme"} {
		if !strings.Contains(page, wantText) {
			t.Errorf("the admin page lacks %s", wantText)
		}
	}

	for _, bad := range []url.Values{
		{"code": {"pothole"}, "days": {"-1"}}, {"code": {"pothole"}, "days": {"abc"}}, {"code": {"pothole"}, "days": {"4000"}},
		{"code": {"pothole"}, "days": {""}}, {"code": {"pothole"}, "days": {"0.01"}}, {"code": {"no_such"}, "days": {"3"}},
		{"code": {"streetlight_out"}, "reset": {"1"}}, // nothing set here to reset
	} {
		body := set(bad, http.StatusUnprocessableEntity).String()
		if !strings.Contains(body, `role="alert"`) {
			t.Errorf("%v: no error shown", bad)
		}
	}
	want("pothole", 10*24, 1) // nothing changed
	if w := s.signIn("staff@example.org").postForm("/staff/admin/targets", url.Values{"code": {"pothole"}, "days": {"1"}}); w.Code != http.StatusForbidden {
		t.Errorf("staff setting a target: %d", w.Code)
	}

	set(url.Values{"code": {"pothole"}, "reset": {"1"}}, http.StatusSeeOther)
	want("pothole", 12, 1) // its theme's, as set here
	set(url.Values{"code": {"infrastructure"}, "reset": {"1"}}, http.StatusSeeOther)
	want("pothole", 30*24, 0) // the city's file again

	entries, err := s.store.AuditLog(t.Context(), db.AuditQuery{Action: "set_target"})
	if err != nil || len(entries) != 4 {
		t.Fatalf("%d set_target entries (%v), want 4", len(entries), err)
	}
	if e := entries[len(entries)-1]; e.Target != "target:pothole" || e.BeforeRaw != `{"days":"default"}` || e.AfterRaw != `{"days":10}` || e.Actor != "user:admin@example.org" {
		t.Errorf("first entry: %+v", e)
	}
}
