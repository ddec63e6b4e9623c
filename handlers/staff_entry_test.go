package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/db"
)

// Staff enter a report for a citizen who phoned: the same form, the
// citizen's contact optional, marked as entered by staff on the staff page
// and in the audit, and nothing of it on the public side.
func TestStaffEntersReportForCitizen(t *testing.T) {
	w := newAssignWorld(t)
	page := w.ixl.get("/staff/new?lang=en")
	if page.Code != 200 || !strings.Contains(page.Body.String(), `action="/staff/new"`) || !strings.Contains(page.Body.String(), `name="channel"`) ||
		strings.Contains(page.Body.String(), "app.js") {
		t.Fatalf("form: %d", page.Code)
	}
	form := url.Values{"area": {"21009"}, "address": {"Place Flagey"}, "category": {"graffiti"}, "title": {"Tag on the school"},
		"description": {"Called in by a neighbour."}, "channel": {"phone"}, "locale": {"fr"}}
	// The council may not; anonymous people are sent to sign in.
	clone := func(v url.Values) url.Values {
		out := url.Values{}
		for k, x := range v {
			out[k] = x
		}
		return out
	}
	if res := w.council.postForm("/staff/new", clone(form)); res.Code != http.StatusForbidden {
		t.Errorf("council: %d", res.Code)
	}
	if res := w.do("GET", "/staff/new", nil); res.Code != http.StatusSeeOther {
		t.Errorf("anonymous: %d", res.Code)
	}
	bad := clone(form)
	bad.Set("channel", "pigeon")
	if res := w.ixl.postForm("/staff/new", bad); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), `value="Tag on the school"`) {
		t.Errorf("unknown channel: %d", res.Code)
	}
	res := w.ixl.postForm("/staff/new", clone(form))
	if res.Code != http.StatusSeeOther || !strings.Contains(res.Header().Get("Location"), "done=entered") {
		t.Fatalf("entered: %d %s %s", res.Code, res.Header().Get("Location"), res.Body.String())
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(res.Header().Get("Location"), "?")[0], "/staff/reports/"), 10, 64)
	r, err := w.store.Report(context.Background(), id)
	if err != nil || !r.EnteredBy.Valid || r.EnteredBy.Int64 != w.agent || r.EntryChannel != "phone" || r.Title != "Tag on the school" {
		t.Fatalf("report %+v %v", r, err)
	}
	staffPage := w.ixl.get(res.Header().Get("Location") + "&lang=en").Body.String()
	if !strings.Contains(staffPage, `<dd id="entered-by">phone — `+assigneeShown) || !strings.Contains(staffPage, "Report entered for the citizen.") {
		t.Errorf("the staff page does not say who entered it")
	}
	if entries, _ := w.store.AuditLog(context.Background(), db.AuditQuery{ReportID: id, Action: "entered_for_citizen"}); len(entries) != 1 {
		t.Errorf("audit %+v", entries)
	}
	s := strconv.FormatInt(id, 10)
	for _, p := range []string{"/api/v1/reports/" + s, "/reports/" + s, "/reports/" + s + "/feed.atom", "/open311/v2/requests/" + s + ".json?extensions=true", "/feeds/reports.geojson"} {
		body := strings.ToLower(w.do("GET", p, nil).Body.String())
		leaks := []string{"zébulon", "agent@ixelles", "entered", "encodé", "ingevoerd", "entry_channel", "entered_by"}
		if !strings.HasPrefix(p, "/reports/"+s) || strings.HasSuffix(p, ".atom") { // pages carry the app's strings, which name phones
			leaks = append(leaks, "phone", "staff")
		}
		for _, leak := range leaks {
			if strings.Contains(body, leak) {
				t.Errorf("GET %s shows %q", p, leak)
			}
		}
	}
	// With the citizen's contact: they are the reporter, as on the public form.
	form.Set("email", "citizen@example.org")
	form.Set("channel", "counter")
	res = w.ixl.postForm("/staff/new", form)
	id, _ = strconv.ParseInt(strings.TrimPrefix(strings.Split(res.Header().Get("Location"), "?")[0], "/staff/reports/"), 10, 64)
	if rep, err := w.store.ReporterOf(context.Background(), id); err != nil || rep.Email != "citizen@example.org" {
		t.Errorf("reporter %+v %v", rep, err)
	}
}

// The staff entry form in Chromium at tablet and desktop sizes.
func TestStaffEntryInBrowser(t *testing.T) {
	for _, size := range []viewport{tabletSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			w := newAssignWorld(t)
			b := browse(t, w.testServer, size)
			b.signInStaff("agent@ixelles.example")
			b.do(chromedp.Click(chromedp.CSS(`#new-for-citizen`)))
			b.wait(`location.pathname === "/staff/new" && document.querySelector("#channel") !== null`, "the staff form")
			b.do(chromedp.SetValue(chromedp.CSS(`#channel`), "counter"), chromedp.SetValue(chromedp.CSS(`#area`), "21009"),
				chromedp.SetValue(chromedp.CSS(`#address`), "Place Flagey"), chromedp.SetValue(chromedp.CSS(`#category`), "graffiti"),
				chromedp.SendKeys(chromedp.CSS(`#title`), "Tag at the counter"))
			b.shot("entry_1_form_" + size.name)
			b.do(chromedp.Click(chromedp.CSS(`#send`)))
			b.wait(`document.querySelector("#entered-by") !== null`, "the staff page of the new report")
			b.shot("entry_2_done_" + size.name)
			if got := evalJS[string](b, `document.querySelector("#entered-by").textContent`); !strings.Contains(got, assigneeShown) {
				t.Errorf("entered by %q", got)
			}
		})
	}
}
