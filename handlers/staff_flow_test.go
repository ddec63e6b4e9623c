package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"streetfix/db"
	"streetfix/report"
)

// Moderation replaces what the public sees everywhere and keeps the
// original in a history only admins read.
func TestModeration(t *testing.T) {
	w := newStaffWorld(t)
	body, ct := multipartBody(t, map[string]string{"category": "graffiti", "lat": "50.8275", "lon": "4.3722", "title": "Tag with a phone number 0470 12 34 56",
		"description": "Call 0470 12 34 56 for a good time", "name": "Jo Public", "show_name": "true", "locale": "fr"}, jpegWithGPS(t, 40, 30))
	res := w.do("POST", "/api/v1/reports", body, "Content-Type", ct)
	if res.Code != 201 {
		t.Fatalf("%d %s", res.Code, res.Body.String())
	}
	created := decode[createdBody](t, res).Report
	id := created.ID
	photoID := strings.TrimSuffix(strings.TrimPrefix(created.Photos[0].URL, "/photos/"), ".jpg")
	path := fmt.Sprintf("/staff/reports/%d", id)
	for _, form := range []url.Values{
		{"action": {"edit"}, "title": {"Tag on the wall"}, "description": {"(phone number removed by moderation)"}},
		{"action": {"hide_photo"}, "photo": {photoID}},
		{"action": {"anonymise"}},
	} {
		if r := w.ixl.postForm(path, form); r.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", form.Get("action"), r.Code, r.Body.String())
		}
	}
	// The public sees the moderated version only, on every output.
	secret := "0470 12 34 56"
	for _, p := range []string{fmt.Sprintf("/api/v1/reports/%d", id), fmt.Sprintf("/reports/%d", id), fmt.Sprintf("/reports/%d/feed.atom", id),
		"/feeds/reports.atom", "/feeds/reports.geojson", fmt.Sprintf("/open311/v2/requests/%d.json?extensions=true", id)} {
		r := w.do("GET", p, nil)
		if r.Code != 200 {
			t.Errorf("GET %s: %d", p, r.Code)
			continue
		}
		if b := r.Body.String(); strings.Contains(b, secret) || strings.Contains(b, "Jo Public") || strings.Contains(b, photoID) {
			t.Errorf("GET %s still shows the original", p)
		}
	}
	if r := w.do("GET", "/photos/"+photoID+".jpg", nil); r.Code != 404 {
		t.Errorf("hidden photo served publicly: %d", r.Code)
	}
	if r := w.ixl.get("/staff/photos/" + photoID + "_thumb.jpg"); r.Code != 200 {
		t.Errorf("staff cannot see the hidden photo: %d", r.Code)
	}
	if b := w.ixl.get(path).Body.String(); !regexp.MustCompile(`<img src="/staff/photos/` + photoID + `_thumb.jpg" width="[1-9]\d*" height="[1-9]\d*"`).MatchString(b) {
		t.Error("the staff page's thumbnail has no size, so the page moves under a click as it loads")
	}
	if r := w.ucc.get("/staff/photos/" + photoID + "_thumb.jpg"); r.Code != 403 {
		t.Errorf("another body's staff sees the photo: %d", r.Code)
	}
	// Originals: in the moderation history, shown to admins only.
	if b := w.admin.get(path).Body.String(); !strings.Contains(b, secret) || !strings.Contains(b, "Jo Public") {
		t.Error("admin does not see the originals")
	}
	// Staff see the reporter's private contact (entitled), not the replaced text.
	if b := w.ixl.get(path).Body.String(); strings.Contains(b, secret) {
		t.Error("staff see the original text")
	}
	mods, _ := w.store.ModerationHistory(context.Background(), id)
	var fields []string
	for _, m := range mods {
		fields = append(fields, m.Field)
	}
	slices.Sort(fields)
	if strings.Join(fields, ",") != "description,photo,public_name,title" {
		t.Errorf("moderation history fields %v", fields)
	}
	// The audit log records the actions but not the removed text.
	entries, _ := w.store.AuditLog(context.Background(), db.AuditQuery{ReportID: id})
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if strings.Contains(e.BeforeRaw+e.AfterRaw, secret) || strings.Contains(e.BeforeRaw+e.AfterRaw, "Jo Public") {
			t.Errorf("audit entry %s holds the original", e.Action)
		}
	}
	if strings.Join(actions, ",") != "anonymise,hide_photo,moderate_text" {
		t.Errorf("audit actions %v", actions)
	}
	// Showing the photo again brings it back.
	if r := w.ixl.postForm(path, url.Values{"action": {"show_photo"}, "photo": {photoID}}); r.Code != 303 {
		t.Fatalf("show photo: %d", r.Code)
	}
	if r := w.do("GET", "/photos/"+photoID+".jpg", nil); r.Code != 200 {
		t.Errorf("shown photo: %d", r.Code)
	}
	// Bad moderation input is refused with the page and a message.
	if r := w.ixl.postForm(path, url.Values{"action": {"edit"}, "title": {""}, "description": {"x"}}); r.Code != 422 || !strings.Contains(r.Body.String(), "title") {
		t.Errorf("empty title: %d", r.Code)
	}
	if r := w.ixl.postForm(path, url.Values{"action": {"hide_photo"}, "photo": {"nope"}}); r.Code != 422 {
		t.Errorf("unknown photo: %d", r.Code)
	}
}

// Hiding takes a report out of every public output; unhiding restores the
// status it had.
func TestHideAndUnhide(t *testing.T) {
	w := newStaffWorld(t)
	api := fmt.Sprintf("/api/v1/reports/%d", w.inIxelles)
	if r := w.ixl.sendJSON("PATCH", api, `{"status":"in_progress"}`); r.Code != 200 {
		t.Fatal(r.Code)
	}
	if r := w.ixl.sendJSON("PATCH", api, `{"hidden":true,"internal_note":"personal data in the photo"}`); r.Code != 200 || decode[map[string]any](t, r)["hidden"] != true {
		t.Fatalf("hide: %d %s", r.Code, r.Body.String())
	}
	for _, p := range []string{api, fmt.Sprintf("/reports/%d", w.inIxelles), fmt.Sprintf("/open311/v2/requests/%d.json", w.inIxelles)} {
		if r := w.do("GET", p, nil); r.Code != 404 {
			t.Errorf("GET %s of a hidden report: %d", p, r.Code)
		}
	}
	if b := w.do("GET", "/api/v1/reports?bbox=4.2,50.7,4.5,50.95&zoom=18", nil).Body.String(); strings.Contains(b, `"id":`+fmt.Sprint(w.inIxelles)+`,`) {
		t.Error("hidden report on the map")
	}
	if r := w.ixl.sendJSON("PATCH", api, `{"hidden":false}`); r.Code != 200 {
		t.Fatal(r.Code)
	}
	if r, _ := w.store.Report(context.Background(), w.inIxelles); r.Status != report.StatusInProgress {
		t.Errorf("unhidden to %s, want in_progress", r.Status)
	}
	// The hide and its reason never reach public histories.
	if b := w.do("GET", api, nil).Body.String(); strings.Contains(b, "personal data") || strings.Contains(b, "hidden") {
		t.Errorf("public history mentions the hide: %s", b)
	}
}

// Merging a duplicate moves its supports (each supporter once) to the kept
// report and closes it pointing there.
func TestMergeDuplicate(t *testing.T) {
	w := newStaffWorld(t)
	dup := w.newReport("sidewalk", [2]float64{50.8276, 4.3723}, "Pavés qui bougent", "Même problème.", "fr")
	support := func(id int64, client string) {
		if r := w.do("POST", fmt.Sprintf("/api/v1/reports/%d/supports", id), nil, "X-Client-Id", client); r.Code != 200 && r.Code != 201 {
			t.Fatalf("support: %d %s", r.Code, r.Body.String())
		}
	}
	support(w.inIxelles, "alice")
	support(dup, "alice") // the same person on both: counted once after the merge
	support(dup, "bob")
	support(dup, "carol")
	r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d", dup), url.Values{"action": {"duplicate"}, "kept": {fmt.Sprintf("#%d", w.inIxelles)}, "note": {"Already reported."}})
	if r.Code != 303 {
		t.Fatalf("merge: %d %s", r.Code, r.Body.String())
	}
	kept, _ := w.store.Report(context.Background(), w.inIxelles)
	d, _ := w.store.Report(context.Background(), dup)
	if kept.SupportCount != 3 || d.SupportCount != 0 || d.Status != report.StatusDuplicate || d.DuplicateOf.Int64 != w.inIxelles {
		t.Errorf("kept %d supports; duplicate %s of %d with %d", kept.SupportCount, d.Status, d.DuplicateOf.Int64, d.SupportCount)
	}
	pub := decode[map[string]any](t, w.do("GET", fmt.Sprintf("/api/v1/reports/%d", dup), nil))
	if pub["duplicate_of"] != float64(w.inIxelles) || !strings.Contains(fmt.Sprint(pub["history"]), "Already reported.") {
		t.Errorf("public duplicate: %v", pub)
	}
	entries, _ := w.store.AuditLog(context.Background(), db.AuditQuery{ReportID: dup, Action: "merge_duplicate"})
	if len(entries) != 1 || !strings.Contains(entries[0].AfterRaw, `"supports_moved":2`) {
		t.Errorf("audit: %+v", entries)
	}
	// Merging into a duplicate, or into itself, is refused.
	third := w.newReport("sidewalk", [2]float64{50.8277, 4.3724}, "Encore", "", "fr")
	for _, kept := range []int64{dup, third} {
		if r := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", third), fmt.Sprintf(`{"duplicate_of":%d}`, kept)); r.Code != 422 {
			t.Errorf("merge %d into %d: %d", third, kept, r.Code)
		}
	}
}

// The queue finds reports by a word of their description in French and in
// Dutch, accents or not, and staff see only their bodies' reports.
func TestQueueSearchAndScope(t *testing.T) {
	w := newStaffWorld(t)
	ids := func(b *browserSession, query string) []string {
		t.Helper()
		r := b.get("/staff?" + query)
		if r.Code != 200 {
			t.Fatalf("queue %s: %d %s", query, r.Code, r.Body.String())
		}
		var out []string
		for _, m := range regexp.MustCompile(`name="ids" value="(\d+)"`).FindAllStringSubmatch(r.Body.String(), -1) {
			out = append(out, m[1])
		}
		return out
	}
	ixl, ucc := fmt.Sprint(w.inIxelles), fmt.Sprint(w.inUccle)
	for q, want := range map[string][]string{
		"q=poussettes":                      {ixl},
		"q=paves":                           {ixl}, // "pavés" without its accent
		"q=PAVÉS":                           {ixl},
		"q=stoeprand":                       {ucc},
		"q=tramhal":                         {ucc}, // a prefix of the last word
		"q=pav%C3%A9s+tramhalte":            nil,   // every word must match
		"q=%22+OR+*":                        nil,   // FTS syntax is not passed through
		"theme=safe&status=open&area=21009": {ixl},
		"area=21016":                        {ucc},
		"status=fixed":                      nil,
		"photo=yes":                         nil,
		"min_days=1":                        nil,
		"sort=supported":                    {ucc, ixl},
	} {
		if got := ids(w.admin, q); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("admin %s: %v, want %v", q, got, want)
		}
	}
	if got := ids(w.ixl, ""); strings.Join(got, ",") != ixl {
		t.Errorf("Ixelles staff see %v", got)
	}
	if got := ids(w.ixl, "body=commune-21016"); len(got) != 0 {
		t.Errorf("Ixelles staff filtering on Uccle see %v", got)
	}
	for _, bad := range []string{"theme=nope", "status=maybe", "area=1", "sort=random", "min_days=-1", "page=x", "photo=perhaps", "q=" + strings.Repeat("a", 201)} {
		if r := w.admin.get("/staff?" + bad); r.Code != 400 {
			t.Errorf("%s: %d", bad, r.Code)
		}
	}
	if b := w.admin.get("/staff").Body.String(); !strings.Contains(b, "2 signalements") && !strings.Contains(b, "2 reports") {
		t.Errorf("total missing")
	}
}

// Bulk actions apply one change to the ticked reports the user may touch.
func TestBulkActions(t *testing.T) {
	w := newStaffWorld(t)
	second := w.newReport("dangerous_tree", [2]float64{50.8280, 4.3730}, "Branch hanging", "", "en")
	form := url.Values{"ids": {fmt.Sprint(w.inIxelles), fmt.Sprint(second), fmt.Sprint(w.inUccle)}, "action": {"status"}, "status": {"acknowledged"},
		"note": {"We have seen it."}, "back": {"/staff?status=open"}}
	r := w.ixl.postForm("/staff/bulk", form)
	if r.Code != 303 || r.Header().Get("Location") != "/staff?status=open&done=2%2F3" {
		t.Fatalf("bulk: %d %s", r.Code, r.Header().Get("Location"))
	}
	for id, want := range map[int64]string{w.inIxelles: "acknowledged", second: "acknowledged", w.inUccle: "new"} {
		if rep, _ := w.store.Report(context.Background(), id); rep.Status != want {
			t.Errorf("report %d: %s, want %s", id, rep.Status, want)
		}
	}
	r = w.admin.postForm("/staff/bulk", url.Values{"ids": {fmt.Sprint(second)}, "action": {"body"}, "body": {"brussels-mobility"}})
	if r.Code != 303 {
		t.Fatal(r.Code)
	}
	if rep, _ := w.store.Report(context.Background(), second); rep.BodyCode != "brussels-mobility" {
		t.Errorf("body %s", rep.BodyCode)
	}
	if r := w.council.postForm("/staff/bulk", form); r.Code != 403 {
		t.Errorf("council bulk: %d", r.Code)
	}
	for _, bad := range []url.Values{{"action": {"status"}}, {"ids": {"1"}, "action": {"explode"}}} {
		if r := w.admin.postForm("/staff/bulk", bad); r.Code != 400 {
			t.Errorf("bad bulk %v: %d", bad, r.Code)
		}
	}
}

// Integrations use an API key with reports:update; it may change statuses
// and add notes, not moderate.
func TestStaffAPIKey(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	update, _, _ := w.store.CreateAPIKey(ctx, "Works system", []string{db.ScopeUpdate})
	create, _, _ := w.store.CreateAPIKey(ctx, "Kiosk", []string{db.ScopeCreate})
	send := func(key, method, path, body string) int {
		return w.do(method, path, strings.NewReader(body), "Content-Type", "application/json", "Authorization", "Bearer "+key).Code
	}
	api := fmt.Sprintf("/api/v1/reports/%d", w.inUccle)
	if code := send(update, "PATCH", api, `{"status":"scheduled","note":"Planned for Monday."}`); code != 200 {
		t.Errorf("update key: %d", code)
	}
	if code := send(update, "POST", api+"/notes", `{"note":"Crew 4","public":false}`); code != 201 {
		t.Errorf("note: %d", code)
	}
	if code := send(update, "PATCH", api, `{"title":"Changed"}`); code != 403 {
		t.Errorf("moderation with a key: %d", code)
	}
	if code := send(create, "PATCH", api, `{"status":"fixed"}`); code != 403 {
		t.Errorf("create-only key: %d", code)
	}
	if code := send("sfk_nope", "PATCH", api, `{"status":"fixed"}`); code != 401 {
		t.Errorf("unknown key: %d", code)
	}
	if code := send(update, "PATCH", api, `not json`); code != 400 {
		t.Errorf("bad JSON: %d", code)
	}
	if code := w.do("PATCH", api, strings.NewReader(`{"status":"fixed"}`), "Content-Type", "text/plain", "Authorization", "Bearer "+update).Code; code != 415 {
		t.Errorf("text/plain: %d", code)
	}
	events, _ := w.store.Events(ctx, w.inUccle, false)
	last := events[len(events)-1]
	if last.ToStatus != "scheduled" || last.Note != "Planned for Monday." {
		t.Errorf("public history ends with %+v", last)
	}
	entries, _ := w.store.AuditLog(ctx, db.AuditQuery{ReportID: w.inUccle})
	if len(entries) != 2 || entries[0].Actor != "apikey:Works system" || entries[0].Action != "internal_note" {
		t.Errorf("audit %+v", entries)
	}
}

// The scenario: an Ixelles agent filters open Safe reports in
// Ixelles, acknowledges one with a templated note that appears on the
// public page and its feed, merges a duplicate, cannot touch an Uccle
// report, and an admin sees all of it in the audit log.
func TestIxellesScenario(t *testing.T) {
	w := newStaffWorld(t)
	dup := w.newReport("sidewalk", [2]float64{50.8276, 4.3723}, "Pavés", "Idem.", "fr")
	// An admin writes the template.
	if r := w.admin.postForm("/staff/templates", url.Values{"name": {"Seen"}, "status": {"acknowledged"}, "category": {""},
		"text_fr": {"Merci, nos équipes passeront cette semaine."}, "text_nl": {"Bedankt, onze ploegen komen deze week langs."}, "text_en": {"Thanks, our crews will come this week."}}); r.Code != 303 {
		t.Fatalf("template: %d %s", r.Code, r.Body.String())
	}
	tpls, _ := w.store.Templates(context.Background(), "acknowledged", "sidewalk")
	if len(tpls) != 1 {
		t.Fatalf("templates %v", tpls)
	}
	queue := w.ixl.get("/staff?theme=safe&status=open&area=21009").Body.String()
	if !strings.Contains(queue, fmt.Sprintf(`href="/staff/reports/%d"`, w.inIxelles)) || strings.Contains(queue, fmt.Sprintf(`href="/staff/reports/%d"`, w.inUccle)) {
		t.Fatal("filtered queue is wrong")
	}
	page := w.ixl.get(fmt.Sprintf("/staff/reports/%d", w.inIxelles)).Body.String()
	if !strings.Contains(page, `data-text="Merci, nos équipes passeront cette semaine."`) {
		t.Error("the template is not offered in the reporter's language")
	}
	r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d", w.inIxelles), url.Values{"action": {"status"}, "status": {""}, "template": {fmt.Sprint(tpls[0].ID)}})
	if r.Code != 303 {
		t.Fatalf("acknowledge: %d %s", r.Code, r.Body.String())
	}
	for _, p := range []string{fmt.Sprintf("/reports/%d", w.inIxelles), fmt.Sprintf("/reports/%d/feed.atom", w.inIxelles)} {
		if b := w.do("GET", p, nil, "Accept-Language", "fr").Body.String(); !strings.Contains(b, "Merci, nos équipes passeront cette semaine.") || !strings.Contains(b, "pris en compte") && !strings.Contains(b, "acknowledged") {
			t.Errorf("%s lacks the templated note", p)
		}
	}
	if r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d", dup), url.Values{"action": {"duplicate"}, "kept": {fmt.Sprint(w.inIxelles)}}); r.Code != 303 {
		t.Fatalf("merge: %d", r.Code)
	}
	if r := w.ixl.get(fmt.Sprintf("/staff/reports/%d", w.inUccle)); r.Code != 403 {
		t.Errorf("Uccle report page: %d", r.Code)
	}
	if r := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", w.inUccle), `{"status":"fixed"}`); r.Code != 403 {
		t.Errorf("Uccle PATCH: %d", r.Code)
	}
	audit := w.admin.get("/staff/audit?q=agent%40ixelles").Body.String()
	for _, want := range []string{"change_status", "merge_duplicate", "login", fmt.Sprintf("#%d", w.inIxelles), fmt.Sprintf("#%d", dup)} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if strings.Contains(audit, "create_template") {
		t.Error("search by actor shows the admin's entries")
	}
}

// Admin pages: accounts, bodies and categories, each audited. A category's
// new owner routes new reports only.
func TestAdminPages(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	post := func(path string, form url.Values, want int) string {
		t.Helper()
		r := w.admin.postForm(path, form)
		if r.Code != want {
			t.Fatalf("POST %s %v: %d, want %d: %s", path, form, r.Code, want, r.Body.String())
		}
		return r.Body.String()
	}
	post("/staff/admin/users", url.Values{"email": {"new@etterbeek.example"}, "role": {"staff"}, "bodies": {"commune-21005"}, "password": {testPassword}}, 303)
	post("/staff/admin/users", url.Values{"email": {"new@etterbeek.example"}, "role": {"staff"}, "bodies": {"commune-21005"}, "password": {testPassword}}, 409)
	post("/staff/admin/users", url.Values{"email": {"x@example.org"}, "role": {"staff"}, "password": {testPassword}}, 422)
	post("/staff/admin/users", url.Values{"email": {"y@example.org"}, "role": {"council"}, "password": {"short"}}, 422)
	newcomer := w.signIn("new@etterbeek.example")
	u, _ := w.store.UserByEmail(ctx, "new@etterbeek.example")
	post("/staff/admin/users", url.Values{"id": {fmt.Sprint(u.ID)}, "disabled": {"1"}}, 303)
	if r := newcomer.get("/staff"); r.Code != 303 {
		t.Errorf("disabled account still signed in: %d", r.Code)
	}
	me, _ := w.store.UserByEmail(ctx, "admin@example.org")
	post("/staff/admin/users", url.Values{"id": {fmt.Sprint(me.ID)}, "disabled": {"1"}}, 422)

	post("/staff/admin/bodies", url.Values{"code": {"commune-21009"}, "name_fr": {"Commune d'Ixelles"}, "name_nl": {"Gemeente Elsene"}, "name_en": {"Ixelles"}, "email": {"travaux@ixelles.example"}}, 303)
	post("/staff/admin/bodies", url.Values{"code": {"bruxelles-environnement"}, "owner": {"Bruxelles Environnement"}, "name_fr": {"Bruxelles Environnement"}, "name_nl": {"Leefmilieu Brussel"}, "name_en": {"Brussels Environment"}}, 303)
	post("/staff/admin/bodies", url.Values{"code": {"Bad Code"}, "name_fr": {"x"}, "name_nl": {"x"}, "name_en": {"x"}}, 422)
	// Names and address change in the same form; an empty address is none.
	if b, ok := w.store.Catalog().Body("commune-21009"); !ok || b.Email != "travaux@ixelles.example" || b.Name.NL != "Gemeente Elsene" {
		t.Errorf("body %+v", b)
	}
	post("/staff/admin/bodies", url.Values{"code": {"commune-21009"}, "name_fr": {"Ixelles"}, "name_nl": {"Elsene"}, "name_en": {"Ixelles"}, "email": {""}}, 303)
	if b, ok := w.store.Catalog().Body("commune-21009"); !ok || b.Email != "" || b.Name.NL != "Elsene" {
		t.Errorf("body %+v", b)
	}
	// Before: sidewalks go to the municipality. After: to the new body, for new reports only.
	before := w.inIxelles
	cat, _ := w.store.Catalog().Category("sidewalk")
	q, _ := json.Marshal(cat.Questions)
	post("/staff/admin/categories", url.Values{"code": {"sidewalk"}, "theme": {"safe"}, "owner": {"Bruxelles Environnement"}, "active": {"1"},
		"name_fr": {cat.Name.FR}, "name_nl": {cat.Name.NL}, "name_en": {cat.Name.EN}, "questions": {string(q)}}, 303)
	after := w.newReport("sidewalk", ixelles, "Another loose stone", "", "fr")
	rb, _ := w.store.Report(ctx, before)
	ra, _ := w.store.Report(ctx, after)
	if rb.BodyCode != "commune-21009" || ra.BodyCode != "bruxelles-environnement" {
		t.Errorf("routing: before %s, after %s", rb.BodyCode, ra.BodyCode)
	}
	post("/staff/admin/categories", url.Values{"code": {"pigeons"}, "theme": {"social"}, "owner": {"commune"}, "active": {"1"},
		"name_fr": {"Pigeons"}, "name_nl": {"Duiven"}, "name_en": {"Pigeons"}, "questions": {`[{"code":"count","datatype":"number","required":false,"description":{"en":"How many?","fr":"Combien ?","nl":"Hoeveel?"}}]`}}, 303)
	if c := w.do("GET", "/api/v1/categories", nil).Body.String(); !strings.Contains(c, `"code":"pigeons"`) {
		t.Error("new category not served")
	}
	post("/staff/admin/categories", url.Values{"code": {"rats"}, "theme": {"social"}, "owner": {"nobody"}, "name_fr": {"R"}, "name_nl": {"R"}, "name_en": {"R"}}, 422)
	post("/staff/admin/categories", url.Values{"code": {"rats"}, "theme": {"social"}, "owner": {"commune"}, "name_fr": {"R"}, "name_nl": {"R"}, "name_en": {"R"}, "questions": {"{not json"}}, 422)
	entries, _ := w.store.AuditLog(ctx, db.AuditQuery{Actor: "user:admin@example.org", Limit: 100})
	var got []string
	for _, e := range entries {
		got = append(got, e.Action)
	}
	for _, want := range []string{"create_user", "update_user", "update_body", "create_body", "update_category", "create_category"} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s in the audit log: %v", want, got)
		}
	}
	if r := w.ixl.postForm("/staff/admin/categories", url.Values{"code": {"sidewalk"}}); r.Code != 403 {
		t.Errorf("staff edits categories: %d", r.Code)
	}
}

// A change that asks for something the actor may not do changes nothing,
// even the parts it may do; merging two reports into each other at once
// leaves one open; a reopened duplicate points nowhere.
func TestStaffChangeIsAllOrNothing(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	key, _, _ := w.store.CreateAPIKey(ctx, "Works", []string{db.ScopeUpdate})
	api := fmt.Sprintf("/api/v1/reports/%d", w.inIxelles)
	res := w.do("PATCH", api, strings.NewReader(`{"priority":1,"title":"renamed by a key"}`), "Content-Type", "application/json", "Authorization", "Bearer "+key)
	if res.Code != 403 {
		t.Fatalf("key moderating: %d", res.Code)
	}
	if r, _ := w.store.Report(ctx, w.inIxelles); r.Priority != 0 {
		t.Errorf("priority changed to %d by a refused request", r.Priority)
	}
	if e, _ := w.store.AuditLog(ctx, db.AuditQuery{ReportID: w.inIxelles}); len(e) != 0 {
		t.Errorf("refused request audited: %+v", e)
	}
	if r := w.ixl.sendJSON("PATCH", api, `{"status":"duplicate"}`); r.Code != 422 {
		t.Errorf("duplicate without a target: %d", r.Code)
	}
	// Merge into each other, at once, many times: never both closed.
	for i := 0; i < 10; i++ {
		a := w.newReport("sidewalk", ixelles, fmt.Sprintf("A%d", i), "", "fr")
		b := w.newReport("sidewalk", ixelles, fmt.Sprintf("B%d", i), "", "fr")
		var wg sync.WaitGroup
		for _, p := range [][2]int64{{a, b}, {b, a}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.admin.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", p[0]), fmt.Sprintf(`{"duplicate_of":%d}`, p[1]))
			}()
		}
		wg.Wait()
		ra, _ := w.store.Report(ctx, a)
		rb, _ := w.store.Report(ctx, b)
		if ra.Status == report.StatusDuplicate && rb.Status == report.StatusDuplicate {
			t.Fatalf("%d and %d are duplicates of each other", a, b)
		}
		dup := ra
		if rb.Status == report.StatusDuplicate {
			dup = rb
		}
		if i == 0 {
			if r := w.admin.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", dup.ID), `{"status":"new","note":"Not the same after all."}`); r.Code != 200 {
				t.Fatal(r.Code)
			}
			if r, _ := w.store.Report(ctx, dup.ID); r.DuplicateOf.Valid {
				t.Errorf("reopened duplicate still points at %d", r.DuplicateOf.Int64)
			}
		}
	}
	// Private notes on a hidden report are allowed; public ones are not.
	if r := w.ixl.sendJSON("PATCH", api, `{"hidden":true}`); r.Code != 200 {
		t.Fatal(r.Code)
	}
	if r := w.ixl.sendJSON("POST", api+"/notes", `{"note":"Waiting for legal","public":false}`); r.Code != 201 {
		t.Errorf("private note on a hidden report: %d %s", r.Code, r.Body.String())
	}
	if r := w.ixl.sendJSON("POST", api+"/notes", `{"note":"Public","public":true}`); r.Code != 404 {
		t.Errorf("public note on a hidden report: %d", r.Code)
	}
}

// Staff see a reporter's contact only when the reporter allowed the body to
// contact them; admins always, to act on requests about the data.
func TestReporterContactNeedsConsent(t *testing.T) {
	w := newStaffWorld(t)
	without := w.newReport("sidewalk", ixelles, "No consent", "", "fr", "email", "quiet@example.org", "name", "Quiet Person")
	with := w.newReport("sidewalk", ixelles, "Consent", "", "fr", "email", "open@example.org", "contact_consent", true)
	if b := w.ixl.get(fmt.Sprintf("/staff/reports/%d", without)).Body.String(); strings.Contains(b, "quiet@example.org") || strings.Contains(b, "Quiet Person") {
		t.Error("staff see the contact of a reporter who did not consent")
	}
	if b := w.ixl.get(fmt.Sprintf("/staff/reports/%d", with)).Body.String(); !strings.Contains(b, "open@example.org") {
		t.Error("staff do not see the contact of a reporter who consented")
	}
	if b := w.admin.get(fmt.Sprintf("/staff/reports/%d", without)).Body.String(); !strings.Contains(b, "quiet@example.org") {
		t.Error("admins do not see the contact")
	}
}
