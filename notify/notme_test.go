package notify_test

import (
	"context"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
)

// The confirmation email quotes a report's title apart, as its title, with
// nothing a mail client would turn into a link, and carries a "this wasn't
// me" link: it deletes the address's pending subscriptions and their
// emails, and for 30 days no confirmation goes to the address, whatever
// is asked, while the caller hears the same as for any address.
func TestConfirmationNotMe(t *testing.T) {
	mail := startSMTP(t)
	e := newEnv(t, mail.configure)
	ctx := context.Background()
	r := e.report(etterbeek, "pothole", "en", func(in *intake.Input) {
		in.Title = "Pay your fine at www.city-fines.example/pay or call"
	})
	const victim = "victim@example.org"
	if _, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: victim, Kind: db.SubReport, ReportID: r.ID, Locale: "en"}, "en"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: victim, Kind: db.SubArea, Area: "21005", Locale: "en"}, "en"); err != nil {
		t.Fatal(err)
	}
	e.run()
	got := mail.to(victim)
	if len(got) != 2 {
		t.Fatalf("%d confirmations, want 2", len(got))
	}
	p := parse(t, got[0].Data)
	p.Text = strings.ReplaceAll(p.Text, "\r\n", "\n")
	if !strings.Contains(p.Text, "The report’s title, as written by the person who made it (not by the city):\n> Pay your fine") {
		t.Errorf("the title is not quoted apart:\n%s", p.Text)
	}
	for _, part := range []string{p.Text, p.HTML} {
		if strings.Contains(part, "www.city-fines.example") || strings.Contains(part, "city-fines.example/pay") {
			t.Errorf("the title reads as a link:\n%s", part)
		}
	}
	if strings.Contains(p.HTML, `href="www`) || !strings.Contains(p.HTML, "<blockquote") {
		t.Errorf("HTML part:\n%s", p.HTML)
	}
	id, sig := linkIn(t, p.Text, "not-me")
	if _, err := e.svc.NotMe(ctx, id, e.svc.Signer().Sign(notify.PurposeConfirm, id)); err == nil {
		t.Error("a confirmation signature worked as a not-me link")
	}
	if _, err := e.svc.NotMe(ctx, id, sig); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Subscription(ctx, id); err == nil {
		t.Error("the pending subscription is still there")
	}
	for _, m := range e.messages(db.MessageQuery{}) {
		if m.Recipient == victim {
			t.Errorf("message %d to the address is still kept", m.ID)
		}
	}
	if _, err := e.svc.NotMe(ctx, id, sig); err == nil {
		t.Error("a second click found the subscription again")
	}
	// Blocked: same answer, nothing stored, nothing sent, for 30 days.
	e.clock.add(29 * 24 * 3600e9)
	sub, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: victim, Kind: db.SubArea, Area: "21009"}, "en")
	if err != nil || sub.ID != 0 {
		t.Fatalf("subscribing a blocked address: %v, id %d; want no error and nothing stored", err, sub.ID)
	}
	e.run()
	if n := len(mail.to(victim)); n != 2 {
		t.Errorf("the blocked address got %d emails, want still 2", n)
	}
	e.clock.add(2 * 24 * 3600e9)
	if sub, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: victim, Kind: db.SubArea, Area: "21009"}, "en"); err != nil || sub.ID == 0 {
		t.Fatalf("after 31 days: %v, id %d", err, sub.ID)
	}
	e.run()
	if n := len(mail.to(victim)); n != 3 {
		t.Errorf("after 31 days the address got %d emails, want 3", n)
	}
}
