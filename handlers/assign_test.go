package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"streetfix/db"
)

// assignWorld is a staffWorld whose Ixelles agent has a name that no public
// output may ever show, and a second Ixelles agent.
type assignWorld struct {
	*staffWorld
	agent, colleague, uccleAgent, adminID int64
}

const assigneeName = "Zébulon Assignee-Quatorze"

// assigneeShown is how staff pages name that agent of Ixelles (staffName).
const assigneeShown = "Ixelles – Z. Assignee-Quatorze"

func newAssignWorld(t *testing.T) *assignWorld {
	w := &assignWorld{staffWorld: newStaffWorld(t)}
	ctx := context.Background()
	for email, dst := range map[string]*int64{"agent@ixelles.example": &w.agent, "agent@uccle.example": &w.uccleAgent, "admin@example.org": &w.adminID} {
		u, err := w.store.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		*dst = u.ID
	}
	name := assigneeName
	if _, _, err := w.store.UpdateUser(ctx, w.agent, db.UserChange{Name: &name}, db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	w.colleague = w.addUser("colleague@ixelles.example", "staff", "commune-21009").ID
	return w
}

func (w *assignWorld) patch(b *browserSession, id int64, body string) *httptest.ResponseRecorder {
	return b.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", id), body)
}

// The right to assign, per role, through the API: staff of the report's
// body and admins may; staff of another body and the council get 403; an
// assignee who is not staff of the report's body gets 422 and changes nothing.
func TestAssignRoles(t *testing.T) {
	for _, c := range []struct {
		role string
		want int
	}{{"admin", 200}, {"ixelles", 200}, {"uccle", 403}, {"council", 403}} {
		t.Run(c.role, func(t *testing.T) {
			w := newAssignWorld(t)
			b := map[string]*browserSession{"admin": w.admin, "ixelles": w.ixl, "uccle": w.ucc, "council": w.council}[c.role]
			res := w.patch(b, w.inIxelles, fmt.Sprintf(`{"assignee": %d}`, w.colleague))
			if res.Code != c.want {
				t.Fatalf("assign: %d, want %d: %s", res.Code, c.want, res.Body.String())
			}
			r, _ := w.store.Report(context.Background(), w.inIxelles)
			if c.want != 200 {
				if r.AssigneeID.Valid || res.Body.Len() == 0 || decode[errorBody](t, res).Error.Code != "forbidden" {
					t.Errorf("refused assignment left %+v, answered %s", r.AssigneeID, res.Body.String())
				}
				return
			}
			if !r.AssigneeID.Valid || r.AssigneeID.Int64 != w.colleague {
				t.Fatalf("assignee %+v, want %d", r.AssigneeID, w.colleague)
			}
			got := decode[struct {
				Assignee *struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
				} `json:"assignee"`
			}](t, res)
			if got.Assignee == nil || got.Assignee.ID != w.colleague {
				t.Errorf("answer names assignee %+v", got.Assignee)
			}
			// Not staff of the report's body: the Uccle agent, the council, nobody at all.
			cu, _ := w.store.UserByEmail(context.Background(), "council@example.org")
			council := cu.ID
			for _, who := range []int64{w.uccleAgent, council, 999999, 0} {
				res := w.patch(b, w.inIxelles, fmt.Sprintf(`{"assignee": %d}`, who))
				if res.Code != http.StatusUnprocessableEntity || decode[errorBody](t, res).Error.Field != "assignee" {
					t.Errorf("assign to %d: %d %s", who, res.Code, res.Body.String())
				}
			}
			for _, bad := range []string{`"bob"`, `1.5`, `1e30`, `true`, `[1]`} {
				res := w.patch(b, w.inIxelles, `{"assignee": `+bad+`}`)
				if e := decode[errorBody](t, res); res.Code != http.StatusBadRequest || e.Error.Field != "assignee" || e.Error.Code != "invalid_type" {
					t.Errorf("assignee %s: %d %s", bad, res.Code, res.Body.String())
				}
			}
			if r, _ := w.store.Report(context.Background(), w.inIxelles); r.AssigneeID.Int64 != w.colleague {
				t.Errorf("refused assignments changed the assignee to %+v", r.AssigneeID)
			}
			// null takes it back; twice is a 422, not a silent success.
			if res := w.patch(b, w.inIxelles, `{"assignee": null}`); res.Code != 200 || !strings.Contains(res.Body.String(), `"assignee":null`) {
				t.Errorf("unassign: %d %s", res.Code, res.Body.String())
			}
			if res := w.patch(b, w.inIxelles, `{"assignee": null}`); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "not assigned to anyone") {
				t.Errorf("unassign twice: %d %s", res.Code, res.Body.String())
			}
			entries, _ := w.store.AuditLog(context.Background(), db.AuditQuery{ReportID: w.inIxelles, Action: "assign"})
			if len(entries) != 2 || !strings.Contains(entries[1].AfterRaw, strconv.FormatInt(w.colleague, 10)) || entries[0].AfterRaw != `{"assignee":null}` {
				t.Errorf("audit %+v", entries)
			}
		})
	}
}

// The report page's "take it" and assignment form, the queue's views and
// filter, and bulk assignment, per role.
func TestAssignStaffPages(t *testing.T) {
	w := newAssignWorld(t)
	path := fmt.Sprintf("/staff/reports/%d", w.inIxelles)
	// "Take it" on the report page.
	if res := w.ixl.postForm(path, url.Values{"action": {"assign"}, "assignee": {"me"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("take it: %d %s", res.Code, res.Body.String())
	}
	page := w.ixl.get(path).Body.String()
	if !strings.Contains(page, `<dd id="assignee">`+assigneeShown) || !strings.Contains(page, "Assigned to "+assigneeShown) && !strings.Contains(page, "Attribué à "+assigneeShown) {
		t.Errorf("the report page does not show the assignee and its history event")
	}
	// The Uccle agent may not assign an Ixelles report, even to its own staff.
	if res := w.ucc.postForm(path, url.Values{"action": {"assign"}, "assignee": {strconv.FormatInt(w.colleague, 10)}}); res.Code != http.StatusForbidden {
		t.Errorf("uccle assigns: %d", res.Code)
	}
	if res := w.council.postForm(path, url.Values{"action": {"assign"}, "assignee": {"me"}}); res.Code != http.StatusForbidden {
		t.Errorf("council takes it: %d", res.Code)
	}
	// Someone outside the body, through the form: the page says why, in its language.
	res := w.ixl.postForm(path+"?lang=nl", url.Values{"action": {"assign"}, "assignee": {strconv.FormatInt(w.uccleAgent, 10)}})
	if res.Code != http.StatusUnprocessableEntity {
		t.Errorf("assign to Uccle's agent: %d", res.Code)
	}

	// The queue: mine, by assignee, unassigned.
	other := w.newReport("sidewalk", ixelles, "Second loose stone", "Un autre pavé.", "fr")
	ids := func(b *browserSession, q string) string {
		res := b.get("/staff?" + q)
		if res.Code != 200 {
			t.Fatalf("queue %s: %d", q, res.Code)
		}
		var got []string
		for _, id := range []int64{w.inIxelles, other, w.inUccle} {
			if strings.Contains(res.Body.String(), fmt.Sprintf(`href="/staff/reports/%d"`, id)) {
				got = append(got, strconv.FormatInt(id, 10))
			}
		}
		return strings.Join(got, ",")
	}
	for q, want := range map[string]string{
		"assignee=me": fmt.Sprint(w.inIxelles),
		"assignee=" + strconv.FormatInt(w.agent, 10): fmt.Sprint(w.inIxelles),
		"assignee=none":                     fmt.Sprint(other),
		"assignee=me&q=loose":               fmt.Sprint(w.inIxelles),
		"assignee=me&q=second":              "",
		"assignee=none&q=loose&sort=oldest": fmt.Sprint(other),
		"":                                  fmt.Sprintf("%d,%d", w.inIxelles, other),
	} {
		if got := ids(w.ixl, q); got != want {
			t.Errorf("queue %q: %s, want %s", q, got, want)
		}
	}
	if got := ids(w.admin, "assignee="+strconv.FormatInt(w.agent, 10)); got != fmt.Sprint(w.inIxelles) {
		t.Errorf("admin's queue by assignee: %s", got)
	}
	if got := ids(w.admin, "assignee=none"); got != fmt.Sprintf("%d,%d", other, w.inUccle) {
		t.Errorf("admin's unassigned queue: %s", got)
	}
	for _, q := range []string{"assignee=bob", "assignee=-3"} {
		if res := w.ixl.get("/staff?" + q); res.Code != http.StatusBadRequest {
			t.Errorf("queue %s: %d", q, res.Code)
		}
	}

	// Bulk: both Ixelles reports to the colleague; the Uccle report, ticked
	// by a forged form, is refused and counted.
	form := url.Values{"action": {"assign"}, "assignee": {strconv.FormatInt(w.colleague, 10)}, "back": {"/staff?assignee=none"},
		"ids": {fmt.Sprint(w.inIxelles), fmt.Sprint(other), fmt.Sprint(w.inUccle)}}
	res = w.ixl.postForm("/staff/bulk", form)
	if res.Code != http.StatusSeeOther || !strings.HasSuffix(res.Header().Get("Location"), "done=2%2F3") {
		t.Fatalf("bulk assign: %d %s", res.Code, res.Header().Get("Location"))
	}
	if got := ids(w.ixl, "assignee="+strconv.FormatInt(w.colleague, 10)); got != fmt.Sprintf("%d,%d", w.inIxelles, other) {
		t.Errorf("after the bulk assignment: %s", got)
	}
	if r, _ := w.store.Report(context.Background(), w.inUccle); r.AssigneeID.Valid {
		t.Errorf("the Uccle report was assigned")
	}
	if res := w.council.postForm("/staff/bulk", form); res.Code != http.StatusForbidden {
		t.Errorf("council bulk: %d", res.Code)
	}
}

// Assignees are staff information: no public output names them or says
// that a report is assigned.
func TestAssigneeNotPublic(t *testing.T) {
	w := newAssignWorld(t)
	created := decode[createdBody](t, w.postJSON("/api/v1/reports", map[string]any{"category": "graffiti", "lat": ixelles[0], "lon": ixelles[1],
		"title": "Tag on the wall", "description": "Un tag.", "locale": "fr", "email": "camille@example.org"}))
	id := created.Report.ID
	for _, r := range []int64{id, w.inIxelles} {
		if res := w.patch(w.ixl, r, fmt.Sprintf(`{"assignee": %d, "status": "acknowledged", "note": "Vu."}`, w.agent)); res.Code != 200 {
			t.Fatalf("assign: %d %s", res.Code, res.Body.String())
		}
	}
	s := strconv.FormatInt(id, 10)
	paths := []string{
		"/api/v1/reports/" + s, "/reports/" + s, "/reports/" + s + "/feed.atom", "/feeds/reports.atom", "/feeds/reports.geojson",
		"/api/v1/reports?bbox=4.2,50.7,4.5,50.95&zoom=18", "/api/v1/reports/nearby?lat=50.8275&lon=4.3722&radius=250",
		"/open311/v2/requests.json?extensions=true", "/open311/v2/requests.xml?extensions=true", "/open311/v2/requests/" + s + ".json?extensions=true",
		"/open311/v2/servicerequestupdates.json?start_date=2000-01-01T00:00:00Z", "/stats/reports.csv", "/stats/reports.geojson", "/reports",
		"/reports/" + s + "/manage/export?token=" + created.Token, "/reports/" + s + "/manage?token=" + created.Token,
	}
	for _, p := range paths {
		res := w.do("GET", p, nil)
		if res.Code != 200 {
			t.Errorf("GET %s: %d", p, res.Code)
			continue
		}
		body := strings.ToLower(res.Body.String())
		for _, leak := range []string{"zébulon", "assignee-quatorze", "agent@ixelles", "assignee", "assigned", "attribué"} {
			if strings.Contains(body, leak) {
				t.Errorf("GET %s shows %q", p, leak)
			}
		}
	}
	// The council's export is not a staff tool either.
	for _, p := range []string{"/dashboard/reports.csv", "/dashboard/reports.geojson"} {
		res := w.council.get(p)
		if res.Code != 200 || strings.Contains(strings.ToLower(res.Body.String()), "zébulon") {
			t.Errorf("GET %s as council: %d", p, res.Code)
		}
	}
}
