package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"streetfix/db"
)

// Staff pages and the staff API name a colleague one way, "Body – A.
// Martin", or role and number when the account has no name: never the
// private email, neither in the assignee lists nor in the API.
func TestStaffNameNeverEmail(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	nameless := w.addUser("bob@ixelles.example", "staff", "commune-21009")
	anne, err := w.store.CreateUser(ctx, db.NewUser{Email: "anne.martin@ixelles.example", Name: "Anne Martin", Role: "staff",
		Bodies: []string{"commune-21009"}, Password: testPassword}, db.AuditEntry{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	api := fmt.Sprintf("/api/v1/reports/%d", w.inIxelles)
	for _, tc := range []struct {
		id   int64
		want string
	}{{anne.ID, "Ixelles – A. Martin"}, {nameless.ID, fmt.Sprintf("Ixelles – agent #%d", nameless.ID)}} {
		r := w.ixl.sendJSON("PATCH", api+"?lang=fr", fmt.Sprintf(`{"assignee":%d}`, tc.id))
		if r.Code != 200 {
			t.Fatalf("assign %d: %d %s", tc.id, r.Code, r.Body)
		}
		page := w.ixl.get(fmt.Sprintf("/staff/reports/%d?lang=fr", w.inIxelles)).Body.String()
		queue := w.ixl.get("/staff?lang=fr").Body.String()
		res := r.Body.String()
		for where, text := range map[string]string{"report page": page, "queue": queue, "API": res} {
			if strings.Contains(text, "anne.martin@") || strings.Contains(text, "bob@") {
				t.Errorf("%s shows a colleague's email", where)
			}
			if !strings.Contains(text, tc.want) {
				t.Errorf("%s does not name the assignee %q: %.300s", where, tc.want, text)
			}
		}
	}
}

// The FR staff report page says who acted in French ("auteur du
// signalement", not "reporter") and writes French colons ("Priorité :").
func TestStaffReportPageInFrench(t *testing.T) {
	w := newStaffWorld(t)
	page := fmt.Sprintf("/staff/reports/%d", w.inIxelles)
	if r := w.ixl.postForm(page, url.Values{"action": {"priority"}, "priority": {"2"}}); r.Code != 303 {
		t.Fatalf("priority: %d", r.Code)
	}
	body := w.ixl.get(page + "?lang=fr").Body.String()
	hist := body[strings.Index(body, `<ol class="history">`):]
	hist = hist[:strings.Index(hist, "</ol>")]
	if strings.Contains(hist, "(reporter") || !strings.Contains(hist, "(auteur du signalement") {
		t.Errorf("the reporter is not named in French: %s", hist)
	}
	if !strings.Contains(hist, "Priorité\u00a0: normale → urgente") {
		t.Errorf("no French colon in the priority change: %s", hist)
	}
	if nl := w.ixl.get(page + "?lang=nl").Body.String(); !strings.Contains(nl, "(melder") || !strings.Contains(nl, "Prioriteit: ") {
		t.Error("the Dutch page does not name the reporter in Dutch or writes its colon otherwise")
	}
	if q := w.ixl.get("/staff?lang=fr").Body.String(); strings.Contains(q, "nouveau: ") {
		t.Error("the queue's counts have an English colon in French")
	}
}

// The bulk panel offers the shared templates and those of the signed-in
// person's bodies, not the other bodies'; posting another body's template
// is refused.
func TestBulkPanelTemplatesOfOwnBodies(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	ids := map[string]int64{}
	for name, body := range map[string]string{"Shared reply": "", "Ixelles reply": "commune-21009", "Uccle reply": "commune-21016"} {
		tpl, err := w.store.SaveTemplate(ctx, db.ResponseTemplate{Name: name, Body: body, Status: "acknowledged",
			TextEN: "Seen.", TextFR: "Vu.", TextNL: "Gezien."}, db.AuditEntry{Actor: "test"})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = tpl.ID
	}
	panel := w.ixl.get("/staff?lang=en").Body.String()
	if i := strings.Index(panel, `id="b-template"`); i < 0 {
		t.Fatal("no template list in the bulk panel")
	} else {
		panel = panel[i:]
		panel = panel[:strings.Index(panel, "</select>")]
	}
	for name, want := range map[string]bool{"Shared reply": true, "Ixelles reply": true, "Uccle reply": false} {
		if got := strings.Contains(panel, name); got != want {
			t.Errorf("Ixelles's bulk panel lists %q: %v, want %v", name, got, want)
		}
	}
	if all := w.admin.get("/staff?lang=en").Body.String(); !strings.Contains(all, "Uccle reply") {
		t.Error("the admin's bulk panel misses a body's template")
	}
	form := url.Values{"action": {"status"}, "status": {"acknowledged"}, "template": {fmt.Sprint(ids["Uccle reply"])}, "note": {""},
		"ids": {fmt.Sprint(w.inIxelles)}}
	if res := w.ixl.postForm("/staff/bulk", form); res.Code != 422 {
		t.Errorf("Ixelles posts Uccle's template: %d, want 422", res.Code)
	}
}

// A repeated parameter is refused with a message that is true: the list
// filters take commas, the others one value.
func TestStatsRepeatedParamMessage(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct{ query, want, not string }{
		{"area=21009&area=21016", "separated by commas (area=a,b)", "one value"},
		{"from=2026-01-01&from=2026-02-01", "send it once, with one value", "comma"},
		{"period=week&period=month", "send it once, with one value", "comma"},
	} {
		w := s.do("GET", "/api/v1/stats?"+tc.query, nil)
		msg := decode[errorBody](t, w).Error.Message
		if w.Code != 400 || !strings.Contains(msg, tc.want) || strings.Contains(msg, tc.not) {
			t.Errorf("%s: %d %q", tc.query, w.Code, msg)
		}
	}
}

// A period wholly in the future is empty and never ends before it starts.
func TestStatsFuturePeriod(t *testing.T) {
	s := newTestServer(t)
	s.createReport(grandPlace())
	for _, path := range []string{"/api/v1/stats?from=2090-01-01", "/api/v1/stats/heatmap?from=2090-01-01", "/api/v1/stats?from=2090-01-01&to=2090-12-31"} {
		w := s.do("GET", path, nil)
		var v struct {
			Period struct{ From, To string } `json:"period"`
			Total  int                       `json:"total"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || w.Code != 200 {
			t.Fatalf("%s: %d %s", path, w.Code, w.Body)
		}
		if v.Period.From == "" || v.Period.To < v.Period.From || v.Total != 0 {
			t.Errorf("%s: period %+v, total %d", path, v.Period, v.Total)
		}
	}
}
