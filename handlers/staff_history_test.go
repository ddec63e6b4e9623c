package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"streetfix/db"
)

// The staff report page names who acted ("Ixelles – A. Martin", never the
// email), priority changes included, and shows the report's language by
// name, the nearest street and the city's time zone.
func TestStaffReportFacts(t *testing.T) {
	w := newStaffWorld(t)
	if _, err := w.store.CreateUser(context.Background(), db.NewUser{Email: "anne.martin@ixelles.example", Name: "Anne Martin", Role: "staff",
		Bodies: []string{"commune-21009"}, Password: testPassword}, db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	anne := w.signIn("anne.martin@ixelles.example")
	page := fmt.Sprintf("/staff/reports/%d", w.inIxelles)
	for _, f := range []url.Values{{"action": {"priority"}, "priority": {"2"}}, {"action": {"status"}, "status": {"acknowledged"}, "note": {"Vu."}}} {
		if r := anne.postForm(page, f); r.Code != 303 {
			t.Fatalf("%v: %d %s", f, r.Code, findAlert(r.Body.String()))
		}
	}
	body := w.admin.get(page + "?lang=fr").Body.String()
	hist := body[strings.Index(body, `<ol class="history">`):]
	hist = hist[:strings.Index(hist, "</ol>")]
	if strings.Count(hist, "Ixelles – A. Martin") != 2 || strings.Contains(hist, "anne.martin@") || !strings.Contains(hist, "normale → urgente") {
		t.Errorf("history: %s", hist)
	}
	for _, want := range []string{"Français", `id="nearest-street"`, "(Europe/Brussels)"} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q on the page", want)
		}
	}
}
