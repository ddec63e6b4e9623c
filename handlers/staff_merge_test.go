package handlers_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/report"
)

// A merge target must be a report the same person may merge on, and open;
// the refusal says so in the page's language and nothing moves.
func TestMergeTargets(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	dup := w.newReport("sidewalk", [2]float64{50.8276, 4.3723}, "Pavés qui bougent", "Même problème.", "fr")
	fixed := w.newReport("sidewalk", [2]float64{50.8277, 4.3724}, "Pavés réparés", "", "fr")
	if r := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", fixed), `{"status":"fixed"}`); r.Code != 200 {
		t.Fatalf("fix: %d %s", r.Code, r.Body.String())
	}
	if r := w.do("POST", fmt.Sprintf("/api/v1/reports/%d/supports", dup), nil, "X-Client-Id", "alice"); r.Code != 200 && r.Code != 201 {
		t.Fatalf("support: %d", r.Code)
	}
	for _, tc := range []struct {
		name   string
		who    *browserSession
		kept   int64
		status int
		want   string
	}{
		{"another body's report", w.ixl, w.inUccle, 422, "belongs to commune-21016"},
		{"a fixed report", w.ixl, fixed, 422, "merge only into an open report"},
		{"itself", w.ixl, dup, 422, "itself"},
		{"no such report", w.ixl, 99999, 422, "no report 99999"},
		{"council", w.council, w.inIxelles, 403, ""},
		{"Uccle staff on an Ixelles report", w.ucc, w.inUccle, 403, ""},
	} {
		r := tc.who.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", dup), fmt.Sprintf(`{"duplicate_of":%d}`, tc.kept))
		if r.Code != tc.status || !strings.Contains(r.Body.String(), tc.want) {
			t.Errorf("%s: %d %s", tc.name, r.Code, r.Body.String())
		}
		if tc.status == 422 && !strings.Contains(r.Body.String(), `"field":"duplicate_of"`) {
			t.Errorf("%s: no field: %s", tc.name, r.Body.String())
		}
	}
	d, _ := w.store.Report(ctx, dup)
	u, _ := w.store.Report(ctx, w.inUccle)
	if d.Status != report.StatusNew || d.SupportCount != 1 || u.SupportCount != 0 {
		t.Fatalf("a refused merge changed something: %s, %d supports; Uccle %d", d.Status, d.SupportCount, u.SupportCount)
	}
	// The page says why in its language, and never "saved".
	for lang, want := range map[string]string{"fr": "relève de Uccle", "nl": "hoort bij Ukkel", "en": "belongs to Uccle"} {
		r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d?lang=%s", dup, lang), url.Values{"action": {"duplicate"}, "kept_id": {fmt.Sprint(w.inUccle)}})
		body := r.Body.String()
		if r.Code != 422 || !strings.Contains(body, want) || strings.Contains(body, `class="flash"`) || strings.Contains(body, "on whose reports") {
			t.Errorf("%s page: %d %s", lang, r.Code, findAlert(body))
		}
	}
	// An admin may merge into any body's open report.
	if r := w.admin.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", dup), fmt.Sprintf(`{"duplicate_of":%d}`, w.inUccle)); r.Code != 200 {
		t.Errorf("admin: %d %s", r.Code, r.Body.String())
	}
}

func findAlert(body string) string {
	m := regexp.MustCompile(`(?s)<p class="error" role="alert">(.*?)</p>`).FindStringSubmatch(body)
	if m == nil {
		return "(no alert)"
	}
	return html.UnescapeString(m[1])
}

// The report page offers open reports of the same category within 250 m
// that the person may merge into, nearest first, with distance and age.
func TestMergeCandidates(t *testing.T) {
	w := newStaffWorld(t)
	at := func(dLat float64) [2]float64 { return [2]float64{ixelles[0] + dLat, ixelles[1]} } // 0.001° of latitude is about 111 m
	near := w.newReport("sidewalk", at(0.0009), "Near", "", "fr")
	nearest := w.newReport("sidewalk", at(0.0003), "Nearest", "", "fr")
	far := w.newReport("sidewalk", at(0.0030), "Far", "", "fr")
	other := w.newReport("graffiti", at(0.0002), "Other category", "", "fr")
	closed := w.newReport("sidewalk", at(0.0001), "Closed", "", "fr")
	if r := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", closed), `{"status":"wont_fix"}`); r.Code != 200 {
		t.Fatalf("close: %d", r.Code)
	}
	body := w.ixl.get(fmt.Sprintf("/staff/reports/%d?lang=en", w.inIxelles)).Body.String()
	ids := regexp.MustCompile(`id="kept-(\d+)"`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, m := range ids {
		got = append(got, m[1])
	}
	if want := []string{fmt.Sprint(nearest), fmt.Sprint(near)}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("candidates %v, want %v (far %d, other %d, closed %d)", got, want, far, other, closed)
	}
	if !strings.Contains(body, "33 m") || !strings.Contains(body, "100 m") || !strings.Contains(body, "0 days") {
		t.Errorf("distances and age missing: %s", body[strings.Index(body, "merge-form"):][:1500])
	}
	// A candidate is merged by ticking it.
	if r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d", near), url.Values{"action": {"duplicate"}, "kept": {fmt.Sprint(nearest)}}); r.Code != 303 {
		t.Fatalf("merge: %d %s", r.Code, findAlert(r.Body.String()))
	}
	// Staff of another body see none of Ixelles' reports as candidates
	// (an Uccle report far from Ixelles has none at all).
	if body := w.ucc.get(fmt.Sprintf("/staff/reports/%d?lang=en", w.inUccle)).Body.String(); strings.Contains(body, `id="kept-`) || !strings.Contains(body, `id="no-candidates"`) {
		t.Error("Uccle staff are offered candidates")
	}
}

// Undoing a merge reopens the duplicate in its former status, takes back
// the supports and followers the merge moved (a follower of both reports
// keeps following the kept one), and is audited.
func TestUndoMerge(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	dup := w.newReport("sidewalk", [2]float64{50.8276, 4.3723}, "Pavés qui bougent", "Même problème.", "fr")
	if r := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", dup), `{"status":"acknowledged"}`); r.Code != 200 {
		t.Fatalf("acknowledge: %d", r.Code)
	}
	support := func(id int64, client string) {
		if r := w.do("POST", fmt.Sprintf("/api/v1/reports/%d/supports", id), nil, "X-Client-Id", client); r.Code != 200 && r.Code != 201 {
			t.Fatalf("support: %d %s", r.Code, r.Body.String())
		}
	}
	support(w.inIxelles, "alice")
	support(dup, "alice")
	support(dup, "bob")
	conn := w.sqlDB()
	follow := func(id int64, email string) int64 {
		var n int64
		err := conn.Get(&n, conn.Rebind(`INSERT INTO subscriptions (email, lang, kind, report_id, status, created_at) VALUES (?, 'fr', 'report', ?, 'active', 0) RETURNING id`), email, id)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	both := follow(w.inIxelles, "both@example.org")
	bothDup := follow(dup, "both@example.org")
	only := follow(dup, "only@example.org")
	if r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d", dup), url.Values{"action": {"duplicate"}, "kept_id": {fmt.Sprint(w.inIxelles)}}); r.Code != 303 {
		t.Fatalf("merge: %d %s", r.Code, findAlert(r.Body.String()))
	}
	subs := func() map[int64]string {
		rows, err := conn.Query(`SELECT id, report_id, status FROM subscriptions`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64]string{}
		for rows.Next() {
			var id, rid int64
			var st string
			rows.Scan(&id, &rid, &st)
			out[id] = fmt.Sprintf("%d %s", rid, st)
		}
		return out
	}
	kept, _ := w.store.Report(ctx, w.inIxelles)
	if s := subs(); kept.SupportCount != 2 || s[only] != fmt.Sprintf("%d active", w.inIxelles) || s[bothDup] != fmt.Sprintf("%d cancelled", dup) {
		t.Fatalf("after the merge: kept %d supports, followers %v", kept.SupportCount, s)
	}
	// The page offers the undo; another body's staff cannot use it.
	if body := w.ixl.get(fmt.Sprintf("/staff/reports/%d", dup)).Body.String(); !strings.Contains(body, `value="undo_merge"`) {
		t.Error("no undo on the duplicate's page")
	}
	if r := w.ucc.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", dup), `{"undo_merge":true}`); r.Code != 403 {
		t.Errorf("Uccle staff undo: %d", r.Code)
	}
	if r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d", dup), url.Values{"action": {"undo_merge"}}); r.Code != 303 {
		t.Fatalf("undo: %d %s", r.Code, findAlert(r.Body.String()))
	}
	d, _ := w.store.Report(ctx, dup)
	kept, _ = w.store.Report(ctx, w.inIxelles)
	if d.Status != report.StatusAcknowledged || d.DuplicateOf.Valid || d.SupportCount != 2 || kept.SupportCount != 1 {
		t.Errorf("after the undo: %s of %v with %d supports; kept %d", d.Status, d.DuplicateOf, d.SupportCount, kept.SupportCount)
	}
	want := map[int64]string{both: fmt.Sprintf("%d active", w.inIxelles), bothDup: fmt.Sprintf("%d active", dup), only: fmt.Sprintf("%d active", dup)}
	if s := subs(); fmt.Sprint(s) != fmt.Sprint(want) {
		t.Errorf("followers after the undo: %v, want %v", s, want)
	}
	entries, _ := w.store.AuditLog(ctx, db.AuditQuery{ReportID: dup, Action: "undo_merge"})
	if len(entries) != 1 || !strings.Contains(entries[0].AfterRaw, `"supports_restored":2`) || !strings.Contains(entries[0].AfterRaw, `"followers_restored":2`) {
		t.Errorf("audit: %+v", entries)
	}
	// Nothing left to undo.
	if r := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", dup), `{"undo_merge":true}`); r.Code != 422 {
		t.Errorf("second undo: %d %s", r.Code, r.Body.String())
	}
	// The public page of a duplicate links to the kept report.
	if r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d", dup), url.Values{"action": {"duplicate"}, "kept_id": {fmt.Sprint(w.inIxelles)}}); r.Code != 303 {
		t.Fatalf("merge again: %d", r.Code)
	}
	if body := w.do("GET", fmt.Sprintf("/reports/%d", dup), nil).Body.String(); !strings.Contains(body, fmt.Sprintf(`href="/reports/%d"`, w.inIxelles)) {
		t.Error("the duplicate's public page does not link to the kept report")
	}
}

// The new-account form starts on the least privileged role, never admin.
func TestNewAccountFormDefaultsToLeastPrivilege(t *testing.T) {
	w := newStaffWorld(t)
	body := w.admin.get("/staff/admin?lang=en").Body.String()
	form := body[strings.Index(body, `id="n-role"`):]
	form = form[:strings.Index(form, "</select>")]
	if !strings.Contains(form, `<option value="council" selected>`) || strings.Count(form, "selected") != 1 {
		t.Errorf("new-account role select: %s", form)
	}
}

// Taking a duplicate out of "duplicate" with a plain status change (not
// undo_merge) gives back what the merge moved: the supports go home and
// the kept report's count is what it was.
func TestStatusChangeUnmerges(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	dup := w.newReport("sidewalk", [2]float64{50.8276, 4.3723}, "Pavés qui bougent", "Même problème.", "fr")
	for _, s := range []struct {
		id     int64
		client string
	}{{w.inIxelles, "alice"}, {dup, "alice"}, {dup, "bob"}, {dup, "carol"}} {
		if r := w.do("POST", fmt.Sprintf("/api/v1/reports/%d/supports", s.id), nil, "X-Client-Id", s.client); r.Code != 200 && r.Code != 201 {
			t.Fatalf("support: %d %s", r.Code, r.Body.String())
		}
	}
	if r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d", dup), url.Values{"action": {"duplicate"}, "kept_id": {fmt.Sprint(w.inIxelles)}}); r.Code != 303 {
		t.Fatalf("merge: %d %s", r.Code, findAlert(r.Body.String()))
	}
	if kept, _ := w.store.Report(ctx, w.inIxelles); kept.SupportCount != 3 {
		t.Fatalf("after the merge the kept report has %d supports, want 3", kept.SupportCount)
	}
	if r := w.ixl.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", dup), `{"status":"in_progress"}`); r.Code != 200 {
		t.Fatalf("status change: %d %s", r.Code, r.Body.String())
	}
	d, _ := w.store.Report(ctx, dup)
	kept, _ := w.store.Report(ctx, w.inIxelles)
	if d.Status != report.StatusInProgress || d.DuplicateOf.Valid || d.SupportCount != 3 || kept.SupportCount != 1 {
		t.Errorf("after the status change: %s of %v with %d supports; kept %d (want 3 and 1)", d.Status, d.DuplicateOf, d.SupportCount, kept.SupportCount)
	}
}
