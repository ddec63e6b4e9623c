package handlers_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"streetfix/db"
)

// An admin deletes a staff account: its name and email are nowhere left in
// the database file (audit actor, before/after values, login failures,
// sessions), a neutral label stands where they were, and the account can no
// longer sign in. The same search finds both values before, so it is real.
func TestStaffAccountErasure(t *testing.T) {
	s := newTestServer(t)
	ctx := context.Background()
	const (
		name  = "Hortense Vandermolen"
		email = "hortense.vandermolen@example.org"
	)
	u, err := s.store.CreateUser(ctx, db.NewUser{Email: email, Name: name, Role: "admin", Password: testPassword}, db.AuditEntry{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.AddLoginFailure(ctx, s.store.Now(), email); err != nil {
		t.Fatal(err)
	}
	id := s.createReport(grandPlace())
	her := s.signIn(email)
	if w := her.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"status":"acknowledged","note":"Vu."}`); w.Code != http.StatusOK {
		t.Fatalf("her PATCH: %d %s", w.Code, w.Body)
	}
	s.addUser("admin@example.org", "admin")
	admin := s.signIn("admin@example.org")
	if w := admin.postForm("/staff/admin/users", url.Values{"id": {itoa(u.ID)}, "role": {"council"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("role change: %d %s", w.Code, w.Body)
	}
	values := map[string][]string{"name": byteForms(name), "email": byteForms(email)}
	file := checkpointedBytes(t, s.path)
	for what, forms := range values {
		if !containsAny(file, forms) {
			t.Fatalf("before erasure the %s is nowhere in the file: the search cannot find it", what)
		}
	}
	if w := admin.postForm("/staff/admin/users", url.Values{"id": {itoa(u.ID)}, "erase": {"1"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("erase: %d %s", w.Code, w.Body)
	}
	file = checkpointedBytes(t, s.path)
	for what, forms := range values {
		for _, f := range forms {
			if i := bytes.Index(file, []byte(f)); i >= 0 {
				lo, hi := max(0, i-80), min(len(file), i+len(f)+80)
				t.Errorf("after erasure the %s (%q) is still in the database file: …%q…", what, f, file[lo:hi])
			}
		}
	}
	label := db.ErasedUserLabel(u.ID)
	entries, err := s.store.AuditLog(ctx, db.AuditQuery{Actor: "user:" + label})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Errorf("no audit entry is attributed to %q", label)
	}
	if w := admin.get("/staff/admin"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), label) {
		t.Errorf("admin page after erasure: %d, label %q shown: %v", w.Code, label, strings.Contains(w.Body.String(), label))
	}
	// Her session ended and she cannot sign in again.
	if w := her.get("/staff"); w.Code == http.StatusOK {
		t.Errorf("her old session still opens the queue")
	}
	// An admin cannot delete their own account.
	me, _ := s.store.UserByEmail(ctx, "admin@example.org")
	if w := admin.postForm("/staff/admin/users", url.Values{"id": {itoa(me.ID)}, "erase": {"1"}}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("erasing one's own account: %d", w.Code)
	}
}
