package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"streetfix/db"
)

// A client that resumes /feeds/events with Last-Event-ID gets the events
// it missed from the database as they are now: a reporter's update that a
// moderator edited comes with the new text, and a public note that named
// a reporter who then erased their data no longer names them. The same
// replay before moderation carried both, so the check can fail.
func TestEventReplayAfterModeration(t *testing.T) {
	s := newTestServer(t)
	srv := httptest.NewServer(s.router)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := grandPlace()
	in["title"], in["name"], in["email"], in["show_name"] = "Trou dans la chaussée", "Hortense Vandeputte", "hortense@example.org", true
	id := s.createReport(in)
	up, err := s.store.AddUpdate(ctx, db.NewUpdate{ReportID: id, Text: "Appelez-moi au 0470 11 22 33, le trou s'agrandit.", At: s.store.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.store.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: "acknowledged", Note: "Merci Hortense Vandeputte, nous passons demain.",
		Public: true, Actor: db.ActorStaff, At: s.store.Now()}); err != nil {
		t.Fatal(err)
	}
	replay := func() string {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/feeds/events", nil)
		req.Header.Set("Last-Event-ID", "0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("open stream: %v %v", err, resp)
		}
		defer resp.Body.Close()
		var all []string
		for _, ev := range take(t, sseEvents(resp), 3, 10*time.Second) {
			b, _ := json.Marshal(ev.data)
			all = append(all, ev.name+" "+string(b))
		}
		return strings.Join(all, "\n")
	}
	before := replay()
	for _, want := range []string{"0470 11 22 33", "Hortense Vandeputte"} {
		if !strings.Contains(before, want) {
			t.Fatalf("before moderation the replay lacks %q:\n%s", want, before)
		}
	}
	staff := db.AuditEntry{Actor: "user:admin@example.org"}
	if _, err := s.store.EditUpdate(ctx, id, up.ID, "Le trou s'agrandit.", staff); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.EditText(ctx, id, "Nid de poule", "", staff); err != nil {
		t.Fatal(err)
	}
	if err := s.store.EraseReporter(ctx, id, s.store.Now()); err != nil {
		t.Fatal(err)
	}
	after := replay()
	for _, gone := range []string{"0470", "Hortense", "Vandeputte", "Trou dans la chaussée"} {
		if strings.Contains(after, gone) {
			t.Errorf("the replay after moderation and erasure still holds %q:\n%s", gone, after)
		}
	}
	if !strings.Contains(after, "Le trou s'agrandit.") {
		t.Errorf("the replay lacks the moderated update:\n%s", after)
	}
}
