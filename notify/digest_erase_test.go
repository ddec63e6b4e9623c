package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
)

// A daily digest queued for a subscriber (its delivery failed and waits
// for a retry) is rewritten like the reports' other messages: a moderator
// editing a title it quotes and a reporter erasing their data reach it,
// and what is finally delivered carries neither the old title nor the
// erased name. A digest built from a title that was moderated before it
// was queued is not queued: the next run builds it from the new text.
func TestDigestReachedByModerationAndErasure(t *testing.T) {
	mail := startSMTP(t)
	e := newEnv(t, mail.configure, func(c *notify.Config) { c.DigestHour = 7; c.MaxAttempts = 5 })
	ctx := context.Background()
	const citizen = "voisine@example.org"
	lat, lon := etterbeek[0], etterbeek[1]
	sub, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: citizen, Kind: db.SubRadius, Lat: &lat, Lon: &lon, Radius: 800,
		Frequency: db.Daily, Locale: "fr"}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Confirm(ctx, sub.ID, e.svc.Signer().Sign(notify.PurposeConfirm, sub.ID)); err != nil {
		t.Fatal(err)
	}
	e.run() // the confirmation
	named := e.report(etterbeek, "pothole", "fr", func(in *intake.Input) {
		in.Title, in.Name, in.Email, in.ShowName = "Trou devant chez Hortense Vandeputte", "Hortense Vandeputte", "hortense@example.org", true
	})
	rude := e.report(etterbeek, "pothole", "fr", func(in *intake.Input) { in.Title = "Le voisin Gaston Lagaffe a tout cassé" })
	staff := db.AuditEntry{Actor: "user:admin@example.org"}

	digest := func() (db.Message, bool) {
		for _, m := range e.messages(db.MessageQuery{}) {
			if m.Event == "digest" {
				return m, true
			}
		}
		return db.Message{}, false
	}
	// The digest hour: the first build quotes the old title, which a
	// moderator changes before the digest is queued.
	e.clock.add(22 * time.Hour)
	events, err := e.store.DigestEvents(ctx, sub)
	if err != nil || len(events) == 0 {
		t.Fatalf("digest events: %v %v", events, err)
	}
	due, err := e.store.DueDigests(ctx, e.clock.now(), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due digests: %v %v", due, err)
	}
	if _, err := e.store.EditText(ctx, rude.ID, "Mobilier urbain cassé", rude.Description, staff); err != nil {
		t.Fatal(err)
	}
	stale := &db.NewMessage{Channel: db.ChannelEmail, Event: "digest", SubscriptionID: sub.ID, Recipient: citizen, Subject: "s",
		Text: rude.Title, HTML: rude.Title, At: e.clock.now(), About: map[int64]string{rude.ID: rude.Title}}
	if done, err := e.store.FinishDigest(ctx, due[0], events[len(events)-1].ID, e.svc.NextDigest(e.clock.now()), stale); err != nil || done {
		t.Fatalf("a digest quoting a moderated title was queued (%v, %v)", done, err)
	}
	if _, ok := digest(); ok {
		t.Fatal("the stale digest is stored")
	}
	// The worker builds it from the new text; the SMTP server refuses it,
	// so it waits in the queue.
	mail.mu.Lock()
	mail.fail = 100
	mail.mu.Unlock()
	e.run()
	m, ok := digest()
	if !ok || m.Status != db.MessagePending {
		t.Fatalf("the digest is not queued: %+v", m)
	}
	all := m.Subject + m.Text + m.HTML
	if !strings.Contains(all, "Hortense Vandeputte") || !strings.Contains(all, "Mobilier urbain cassé") || strings.Contains(all, "Lagaffe") {
		t.Fatalf("the queued digest before erasure:\n%s", m.Text)
	}
	// Moderation and erasure after it was queued.
	if _, err := e.store.EditText(ctx, rude.ID, "Banc cassé", rude.Description, staff); err != nil {
		t.Fatal(err)
	}
	if err := e.store.EraseReporter(ctx, named.ID, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	m, _ = digest()
	all = m.Subject + m.Text + m.HTML
	for _, gone := range []string{"Hortense", "Vandeputte", "Mobilier urbain"} {
		if strings.Contains(all, gone) {
			t.Errorf("the queued digest still holds %q:\n%s\n%s", gone, m.Text, m.HTML)
		}
	}
	if !strings.Contains(m.Text, "Banc cassé") || !strings.Contains(m.HTML, "Banc cassé") {
		t.Errorf("the queued digest lacks the moderated title:\n%s\n%s", m.Text, m.HTML)
	}
	// What the subscriber finally gets.
	mail.mu.Lock()
	mail.fail = 0
	mail.mu.Unlock()
	e.clock.add(time.Hour)
	e.run()
	got := mail.to(citizen)
	if len(got) != 2 {
		t.Fatalf("the subscriber got %d emails, want the confirmation and the digest", len(got))
	}
	p := parse(t, got[1].Data)
	for _, gone := range []string{"Hortense", "Vandeputte", "Lagaffe", "Mobilier urbain"} {
		if strings.Contains(p.Subject+p.Text+p.HTML, gone) {
			t.Errorf("the delivered digest holds %q:\n%s", gone, p.Text)
		}
	}
	if !strings.Contains(p.Text, "Banc cassé") {
		t.Errorf("the delivered digest:\n%s", p.Text)
	}
}
