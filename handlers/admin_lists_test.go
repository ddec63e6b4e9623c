package handlers_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// Admins pick an account's bodies from a list of names (several at once),
// and the page names bodies and owners instead of showing their codes.
func TestAdminPicksBodiesByName(t *testing.T) {
	w := newStaffWorld(t)
	res := w.admin.postForm("/staff/admin/users", url.Values{"email": {"two@bodies.example"}, "role": {"staff"}, "lang": {"fr"},
		"bodies": {"commune-21009", "commune-21016"}, "password": {testPassword}})
	if res.Code != 303 {
		t.Fatalf("create: %d %s", res.Code, res.Body.String())
	}
	u, err := w.store.UserByEmail(context.Background(), "two@bodies.example")
	if err != nil || !slices.Equal(u.Bodies, []string{"commune-21009", "commune-21016"}) {
		t.Fatalf("bodies %v %v", u.Bodies, err)
	}
	page := w.admin.get("/staff/admin?lang=fr").Body.String()
	if !strings.Contains(page, `<select class="bodies-pick" id="n-bodies" name="bodies" multiple`) || strings.Contains(page, `placeholder="commune-21009"`) {
		t.Errorf("the new-account form still asks for body codes")
	}
	row := page[strings.Index(page, "two@bodies.example"):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "<td>Ixelles, Uccle</td>") || !strings.Contains(row, `<option value="commune-21009" selected>Ixelles</option>`) {
		t.Errorf("the account's row does not name its bodies: %s", row)
	}
	// Another choice replaces the bodies.
	if res := w.admin.postForm("/staff/admin/users", url.Values{"id": {itoa(u.ID)}, "role": {"staff"}, "bodies": {"commune-21016"}}); res.Code != 303 {
		t.Fatalf("update: %d", res.Code)
	}
	if u, _ := w.store.UserByEmail(context.Background(), "two@bodies.example"); !slices.Equal(u.Bodies, []string{"commune-21016"}) {
		t.Errorf("after the update: %v", u.Bodies)
	}
}
