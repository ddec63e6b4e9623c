package notify_test

import (
	"context"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/notify"
)

// A moderator editing a reporter's update reaches the messages that carry
// it: the follower's email and the webhook call, both waiting for a
// retry, hold the new text and no longer the original; hiding an update
// takes its text out of them too.
func TestUpdateModerationRewritesQueued(t *testing.T) {
	hook := startHook(t, "s", 100) // down: calls wait for a retry
	mail := startSMTP(t)
	e := newEnv(t, mail.configure, func(c *notify.Config) { c.MaxAttempts = 5 })
	ctx := context.Background()
	e.addHook(hook.srv.URL, "s", "")
	r := e.report(etterbeek, "pothole", "fr")
	sub, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "suiveur@example.org", Kind: db.SubReport, ReportID: r.ID}, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Confirm(ctx, sub.ID, e.svc.Signer().Sign(notify.PurposeConfirm, sub.ID)); err != nil {
		t.Fatal(err)
	}
	e.run()
	mail.mu.Lock()
	mail.fail = 100
	mail.mu.Unlock()
	carrying := func(s string) (out []string) {
		for _, m := range e.messages(db.MessageQuery{}) {
			if strings.Contains(m.Subject+m.Text+m.HTML+m.Payload, s) {
				out = append(out, m.Channel+" "+m.Event+" "+m.Recipient+" "+m.Status)
			}
		}
		return out
	}
	staff := db.AuditEntry{Actor: "user:admin@example.org"}
	edited, err := e.store.AddUpdate(ctx, db.NewUpdate{ReportID: r.ID, Text: "Appelez-moi au 0470 11 22 33, le trou s'agrandit.", At: e.clock.now()})
	if err != nil {
		t.Fatal(err)
	}
	hidden, err := e.store.AddUpdate(ctx, db.NewUpdate{ReportID: r.ID, Text: "Mon voisin Gaston Lagaffe l'a fait exprès.", At: e.clock.now()})
	if err != nil {
		t.Fatal(err)
	}
	e.run()
	for _, s := range []string{"0470 11 22 33", "Gaston Lagaffe"} {
		if got := carrying(s); len(got) < 2 {
			t.Fatalf("before moderation %q is in %v, want the follower's email and the webhook call", s, got)
		}
	}
	if _, err := e.store.EditUpdate(ctx, r.ID, edited.ID, "Le trou s'agrandit.", staff); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.SetUpdateHidden(ctx, r.ID, hidden.ID, true, staff); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"0470", "Lagaffe"} {
		if got := carrying(s); len(got) > 0 {
			t.Errorf("after moderation %q is still in %v", s, got)
		}
	}
	if got := carrying("Le trou s'agrandit."); len(got) < 2 {
		t.Errorf("the moderated text is in %v, want the follower's email and the webhook call", got)
	}
}
