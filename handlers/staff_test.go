package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/report"
)

// Places in two municipalities: Ixelles (21009) and Uccle (21016).
var (
	ixelles = [2]float64{50.8275, 4.3722} // Place Flagey
	uccle   = [2]float64{50.8000, 4.3370} // near the town hall
)

// newReport files a report through the public API and returns its id.
func (s *testServer) newReport(category string, at [2]float64, title, description, locale string, extra ...any) int64 {
	s.t.Helper()
	in := map[string]any{"category": category, "lat": at[0], "lon": at[1], "title": title, "description": description, "locale": locale}
	switch category {
	case "pothole", "road_surface":
		in["answers"] = map[string]any{"surface": "roadway"}
	case "sidewalk", "dangerous_tree":
		in["answers"] = map[string]any{"danger": "yes"}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		in[extra[i].(string)] = extra[i+1]
	}
	w := s.postJSON("/api/v1/reports", in)
	if w.Code != http.StatusCreated {
		s.t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	return decode[createdBody](s.t, w).Report.ID
}

// staffWorld is a test server with one account per role and a report in
// Ixelles and one in Uccle.
type staffWorld struct {
	*testServer
	admin, ixl, ucc, council *browserSession
	inIxelles, inUccle       int64
	tokens                   map[int64]string // reporters' tokens of reports the test made
}

func newStaffWorld(t *testing.T, tweak ...func(*handlers.Config)) *staffWorld {
	// The staff pages' maps load no tiles unless a test serves some: no
	// other host is reachable here.
	noTiles := func(c *handlers.Config) { c.TileURL = "" }
	s := newTestServer(t, append([]func(*handlers.Config){noTiles}, tweak...)...)
	s.addUser("admin@example.org", "admin")
	s.addUser("agent@ixelles.example", "staff", "commune-21009")
	s.addUser("agent@uccle.example", "staff", "commune-21016")
	s.addUser("council@example.org", "council")
	w := &staffWorld{testServer: s, tokens: map[int64]string{},
		inIxelles: s.newReport("sidewalk", ixelles, "Loose paving stones by the pond", "Les pavés bougent près des étangs, danger pour les poussettes.", "fr"),
		inUccle:   s.newReport("sidewalk", uccle, "Broken kerb", "De stoeprand is gebroken aan de tramhalte.", "nl"),
	}
	r, _ := s.store.Report(context.Background(), w.inIxelles)
	if r.BodyCode != "commune-21009" {
		t.Fatalf("the Ixelles report went to %s", r.BodyCode)
	}
	r, _ = s.store.Report(context.Background(), w.inUccle)
	if r.BodyCode != "commune-21016" {
		t.Fatalf("the Uccle report went to %s", r.BodyCode)
	}
	w.admin, w.ixl, w.ucc, w.council = s.signIn("admin@example.org"), s.signIn("agent@ixelles.example"), s.signIn("agent@uccle.example"), s.signIn("council@example.org")
	return w
}

// Anonymous requests: pages redirect to the login page, the staff API says 401.
func TestStaffAnonymous(t *testing.T) {
	w := newStaffWorld(t)
	for _, p := range []string{"/staff", "/staff/reports/1", "/staff/audit", "/staff/admin", "/staff/templates", "/staff/photos/0123456789abcdef0123456789abcdef.jpg"} {
		res := w.do("GET", p, nil)
		if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/staff/login?next=") {
			t.Errorf("GET %s: %d %s", p, res.Code, res.Header().Get("Location"))
		}
	}
	for _, p := range []string{"/staff/bulk", "/staff/reports/1", "/staff/admin/users", "/staff/templates"} {
		if res := w.do("POST", p, strings.NewReader("x=1"), "Content-Type", "application/x-www-form-urlencoded"); res.Code != http.StatusSeeOther {
			t.Errorf("POST %s: %d", p, res.Code)
		}
	}
	res := w.do("PATCH", "/api/v1/reports/1", strings.NewReader(`{"status":"acknowledged"}`), "Content-Type", "application/json")
	if res.Code != http.StatusUnauthorized || decode[errorBody](t, res).Error.Code != "unauthorized" {
		t.Errorf("anonymous PATCH: %d %s", res.Code, res.Body.String())
	}
	if res := w.do("POST", "/api/v1/reports/1/notes", strings.NewReader(`{"note":"x"}`), "Content-Type", "application/json"); res.Code != http.StatusUnauthorized {
		t.Errorf("anonymous note: %d", res.Code)
	}
	if r, _ := w.store.Report(context.Background(), w.inIxelles); r.Status != report.StatusNew {
		t.Errorf("status changed to %s", r.Status)
	}
}

// Each role against each action on an Ixelles report: the permission table.
func TestStaffRoleTable(t *testing.T) {
	type action struct {
		name string
		form url.Values
	}
	actions := []action{
		{"status", url.Values{"action": {"status"}, "status": {"acknowledged"}, "note": {"Seen."}}},
		{"internal", url.Values{"action": {"internal"}, "note": {"Crew on Tuesday."}}},
		{"priority", url.Values{"action": {"priority"}, "priority": {"2"}}},
		{"reassign", url.Values{"action": {"reassign"}, "category": {"ice_snow"}, "body": {"commune-21009"}}},
		{"edit", url.Values{"action": {"edit"}, "title": {"Loose paving stones"}, "description": {"Moderated."}}},
		{"hide", url.Values{"action": {"hide"}, "reason": {"test"}}},
	}
	// Expected status code per role and action, on the Ixelles report.
	want := map[string]map[string]int{
		"admin":   {"view": 200, "status": 303, "internal": 303, "priority": 303, "reassign": 303, "edit": 303, "hide": 303},
		"ixelles": {"view": 200, "status": 303, "internal": 303, "priority": 303, "reassign": 303, "edit": 303, "hide": 303},
		"uccle":   {"view": 403, "status": 403, "internal": 403, "priority": 403, "reassign": 403, "edit": 403, "hide": 403},
		"council": {"view": 200, "status": 403, "internal": 403, "priority": 403, "reassign": 403, "edit": 403, "hide": 403},
	}
	for role, codes := range want {
		t.Run(role, func(t *testing.T) {
			w := newStaffWorld(t)
			b := map[string]*browserSession{"admin": w.admin, "ixelles": w.ixl, "uccle": w.ucc, "council": w.council}[role]
			path := fmt.Sprintf("/staff/reports/%d", w.inIxelles)
			if got := b.get(path).Code; got != codes["view"] {
				t.Errorf("view: %d, want %d", got, codes["view"])
			}
			for _, a := range actions {
				form := url.Values{}
				for k, v := range a.form {
					form[k] = v
				}
				if got := b.postForm(path, form).Code; got != codes[a.name] {
					t.Errorf("%s: %d, want %d", a.name, got, codes[a.name])
				}
			}
			entries, _ := w.store.AuditLog(context.Background(), db.AuditQuery{ReportID: w.inIxelles})
			var logged []string
			for _, e := range entries {
				logged = append(logged, e.Action)
			}
			want := ""
			if codes["status"] == 303 { // newest first
				want = "hide,moderate_text,reassign,set_priority,internal_note,change_status"
			}
			if strings.Join(logged, ",") != want {
				t.Errorf("audit actions %v, want %s", logged, want)
			}
			// Admin-only pages.
			for _, p := range []string{"/staff/audit", "/staff/admin"} {
				code := b.get(p).Code
				if (role == "admin") != (code == 200) || role != "admin" && code != 403 {
					t.Errorf("GET %s: %d", p, code)
				}
			}
			// Templates: staff and admin; council reads only reports.
			if code := b.get("/staff/templates").Code; (role == "council") != (code == 403) {
				t.Errorf("templates: %d", code)
			}
		})
	}
}

// A form post without the session's CSRF token, with another's token, or
// from another origin is refused and changes nothing.
func TestStaffCSRF(t *testing.T) {
	w := newStaffWorld(t)
	path := fmt.Sprintf("/staff/reports/%d", w.inIxelles)
	form := func() url.Values { return url.Values{"action": {"status"}, "status": {"acknowledged"}} }
	bad := []func() int{
		func() int { f := form(); f.Set("csrf", ""); return w.ixl.postForm(path, f).Code },
		func() int { f := form(); f.Set("csrf", w.admin.csrf); return w.ixl.postForm(path, f).Code },
		func() int {
			w.ixl.origin = "https://evil.example"
			defer func() { w.ixl.origin = "http://example.com" }()
			return w.ixl.postForm(path, form()).Code
		},
	}
	for i, f := range bad {
		if code := f(); code != http.StatusForbidden {
			t.Errorf("case %d: %d", i, code)
		}
	}
	// JSON API with a session needs the header too.
	req := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", w.inIxelles), `{"status":"acknowledged"}`)
	if req.Code != 200 {
		t.Fatalf("PATCH with token: %d %s", req.Code, req.Body.String())
	}
	w.ixl.csrf = "stolen?"
	if code := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", w.inIxelles), `{"status":"in_progress"}`).Code; code != 403 {
		t.Errorf("PATCH without the right token: %d", code)
	}
	if r, _ := w.store.Report(context.Background(), w.inIxelles); r.Status != report.StatusAcknowledged {
		t.Errorf("status %s", r.Status)
	}
}

// Every transition between visible statuses by staff, through the API; and
// refusals: the same status, hidden through status, unknown statuses.
func TestStaffTransitions(t *testing.T) {
	w := newStaffWorld(t)
	path := fmt.Sprintf("/api/v1/reports/%d", w.inIxelles)
	cur := report.StatusNew
	for _, from := range report.Visible() {
		for _, to := range report.Visible() {
			if from == to || to == report.StatusDuplicate || from == report.StatusDuplicate {
				continue
			}
			if cur != from {
				if res := w.ixl.sendJSON("PATCH", path, `{"status":"`+from+`"}`); res.Code != 200 {
					t.Fatalf("%s → %s: %d %s", cur, from, res.Code, res.Body.String())
				}
			}
			res := w.ixl.sendJSON("PATCH", path, `{"status":"`+to+`","note":"`+from+` to `+to+`"}`)
			if res.Code != 200 {
				t.Fatalf("%s → %s: %d %s", from, to, res.Code, res.Body.String())
			}
			cur = to
		}
	}
	for body, want := range map[string]int{
		`{"status":"` + cur + `"}`:          409,
		`{"status":"hidden"}`:               422,
		`{"status":"resolved"}`:             422,
		`{}`:                                400,
		`{"status":"fixed","colour":"red"}`: 400,
		`{"priority":7}`:                    422,
		`{"category":"nope"}`:               422,
		`{"body":"nope"}`:                   422,
		`{"duplicate_of":` + strconv.FormatInt(w.inIxelles, 10) + `}`: 422,
		`{"duplicate_of":99999}`:        422,
		`{"note":"` + "\x01" + `bell"}`: 400,
	} {
		if res := w.ixl.sendJSON("PATCH", path, body); res.Code != want {
			t.Errorf("%s: %d, want %d: %s", body, res.Code, want, res.Body.String())
		}
	}
	// Every status change by staff is audited, with before and after.
	entries, _ := w.store.AuditLog(context.Background(), db.AuditQuery{ReportID: w.inIxelles, Action: "change_status", Limit: 500})
	events, _ := w.store.Events(context.Background(), w.inIxelles, true)
	changes := 0
	for _, e := range events {
		if e.Kind == db.EventStatus {
			changes++
		}
	}
	if len(entries) != changes || changes < 40 {
		t.Errorf("%d status changes, %d audit entries", changes, len(entries))
	}
	var before, after map[string]any
	json.Unmarshal([]byte(entries[0].BeforeRaw), &before)
	json.Unmarshal([]byte(entries[0].AfterRaw), &after)
	if before["status"] == nil || after["status"] != cur || entries[0].Actor != "user:agent@ixelles.example" {
		t.Errorf("last entry %+v", entries[0])
	}
}
