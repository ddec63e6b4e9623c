package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// Response templates belong to a body or are shared: staff of one body
// cannot change or delete another body's templates or shared ones (403),
// see only theirs and the shared ones, and ids are never given again.
func TestTemplatesPerBody(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	save := func(b *browserSession, form url.Values) int {
		for k, v := range map[string]string{"status": "acknowledged", "text_fr": "Merci.", "text_nl": "Bedankt.", "text_en": "Thanks."} {
			if form.Get(k) == "" {
				form.Set(k, v)
			}
		}
		return b.postForm("/staff/templates", form).Code
	}
	idOf := func(name string) int64 {
		tpls, _ := w.store.Templates(ctx, "", "")
		for _, x := range tpls {
			if x.Name == name {
				return x.ID
			}
		}
		return 0
	}
	if c := save(w.admin, url.Values{"name": {"Shared"}, "body": {""}}); c != 303 {
		t.Fatalf("admin shared: %d", c)
	}
	if c := save(w.ixl, url.Values{"name": {"Ixelles"}, "body": {"commune-21009"}}); c != 303 {
		t.Fatalf("Ixelles own: %d", c)
	}
	if c := save(w.ucc, url.Values{"name": {"Uccle"}, "body": {"commune-21016"}}); c != 303 {
		t.Fatalf("Uccle own: %d", c)
	}
	shared, ixl, ucc := idOf("Shared"), idOf("Ixelles"), idOf("Uccle")
	for _, tc := range []struct {
		name string
		form url.Values
		want int
	}{
		{"Ixelles edits Uccle's", url.Values{"id": {fmt.Sprint(ucc)}, "name": {"Taken"}, "body": {"commune-21009"}}, 403},
		{"Ixelles deletes Uccle's", url.Values{"id": {fmt.Sprint(ucc)}, "name": {"Uccle"}, "delete": {"1"}}, 403},
		{"Ixelles edits the shared one", url.Values{"id": {fmt.Sprint(shared)}, "name": {"Changed"}, "body": {""}}, 403},
		{"Ixelles deletes the shared one", url.Values{"id": {fmt.Sprint(shared)}, "name": {"Shared"}, "delete": {"1"}}, 403},
		{"Ixelles makes a shared one", url.Values{"name": {"Mine for all"}, "body": {""}}, 403},
		{"Ixelles makes one for Uccle", url.Values{"name": {"For Uccle"}, "body": {"commune-21016"}}, 403},
		{"Ixelles moves its own to Uccle", url.Values{"id": {fmt.Sprint(ixl)}, "name": {"Ixelles"}, "body": {"commune-21016"}}, 403},
		{"Ixelles edits its own", url.Values{"id": {fmt.Sprint(ixl)}, "name": {"Ixelles, edited"}, "body": {"commune-21009"}}, 303},
	} {
		if c := save(w.ixl, tc.form); c != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, c, tc.want)
		}
	}
	if idOf("Uccle") != ucc || idOf("Shared") != shared || idOf("Ixelles, edited") != ixl {
		t.Errorf("refused changes went through")
	}
	// Ixelles sees its own and the shared one, not Uccle's.
	body := w.ixl.get("/staff/templates?lang=en").Body.String()
	if !strings.Contains(body, "Ixelles, edited") || !strings.Contains(body, "Shared") || strings.Contains(body, ">Uccle<") {
		t.Errorf("Ixelles' list: %s", body[strings.Index(body, "<table"):strings.Index(body, "</table>")])
	}
	page := w.ixl.get(fmt.Sprintf("/staff/reports/%d", w.inIxelles)).Body.String()
	if !strings.Contains(page, fmt.Sprintf(`value="%d"`, ixl)) || strings.Contains(page, fmt.Sprintf(`value="%d" data-status`, ucc)) {
		t.Error("the report page offers another body's template")
	}
	// The admin deletes Uccle's; a new template never gets its id.
	if c := save(w.admin, url.Values{"id": {fmt.Sprint(ucc)}, "name": {"Uccle"}, "delete": {"1"}}); c != 303 {
		t.Fatalf("admin delete: %d", c)
	}
	if c := save(w.ucc, url.Values{"name": {"Uccle again"}, "body": {"commune-21016"}}); c != 303 {
		t.Fatalf("Uccle again: %d", c)
	}
	if again := idOf("Uccle again"); again <= ucc {
		t.Errorf("a deleted template's id came back: %d after %d", again, ucc)
	}
}

// The queue opens on open reports (new, acknowledged, in progress,
// scheduled); "any status" (status=) shows the others and stays chosen.
func TestQueueOpensOnOpenReports(t *testing.T) {
	w := newStaffWorld(t)
	if r := w.admin.sendJSON("PATCH", fmt.Sprintf("/api/v1/reports/%d", w.inUccle), `{"status":"fixed"}`); r.Code != 200 {
		t.Fatalf("fix: %d", r.Code)
	}
	row := func(id int64) string { return fmt.Sprintf(`href="/staff/reports/%d"`, id) }
	body := w.admin.get("/staff?lang=en").Body.String()
	if !strings.Contains(body, row(w.inIxelles)) || strings.Contains(body, row(w.inUccle)) || !strings.Contains(body, `<option value="open" selected>`) {
		t.Errorf("default queue: Ixelles %v, fixed Uccle %v", strings.Contains(body, row(w.inIxelles)), strings.Contains(body, row(w.inUccle)))
	}
	body = w.admin.get("/staff?lang=en&status=").Body.String()
	if !strings.Contains(body, row(w.inIxelles)) || !strings.Contains(body, row(w.inUccle)) {
		t.Error("any status does not show the fixed report")
	}
}
