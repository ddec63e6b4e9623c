package notify_test

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
)

// linkIn finds the signed link to path in an email's text.
func linkIn(t *testing.T, text, path string) (id int64, sig string) {
	t.Helper()
	m := regexp.MustCompile(`https://streetfix\.test/subscriptions/(\d+)/` + path + `\?sig=([\w-]+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no %s link in:\n%s", path, text)
	}
	id, _ = strconv.ParseInt(m[1], 10, 64)
	return id, m[2]
}

// Following a report: a confirmation email first, nothing before it is
// confirmed, then updates without the reporter's personal data, and none
// after unsubscribing.
func TestFollowDoubleOptIn(t *testing.T) {
	mail := startSMTP(t)
	e := newEnv(t, mail.configure)
	ctx := context.Background()
	r := e.report(etterbeek, "pothole", "fr", func(in *intake.Input) {
		in.Name, in.Email, in.Phone, in.ContactConsent = "Anne Dupont", "anne@example.org", "+32 2 555 12 34", true
	})
	const follower = "voisin@example.org"
	if _, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "Voisin@Example.org", Kind: db.SubReport, ReportID: r.ID, Locale: "nl"}, "en"); err != nil {
		t.Fatal(err)
	}
	e.status(r.ID, "acknowledged", "Bekeken")
	e.run()
	got := mail.to(follower)
	if len(got) != 1 {
		t.Fatalf("before confirming, the follower got %d emails, want only the confirmation", len(got))
	}
	p := parse(t, got[0].Data)
	if !strings.Contains(p.Subject, "Bevestig uw inschrijving") {
		t.Errorf("confirmation subject %q", p.Subject)
	}
	id, sig := linkIn(t, p.Text, "confirm")
	if p.Header.Get("List-Unsubscribe") != "" {
		t.Error("a confirmation has nothing to unsubscribe from")
	}
	if _, err := e.svc.Confirm(ctx, id, sig); err != nil {
		t.Fatal(err)
	}
	e.status(r.ID, "fixed", "Hersteld")
	e.run()
	got = mail.to(follower)
	if len(got) != 2 {
		t.Fatalf("after confirming, the follower got %d emails, want 2", len(got))
	}
	p = parse(t, got[1].Data)
	if !strings.Contains(p.Subject, "is nu: opgelost") || !strings.Contains(p.Text, "Hersteld") {
		t.Errorf("update %q:\n%s", p.Subject, p.Text)
	}
	for _, private := range []string{"anne@example.org", "Anne Dupont", "555 12 34"} {
		if strings.Contains(string(got[1].Data), private) {
			t.Errorf("a follower's email holds the reporter's %q", private)
		}
	}
	u, err := url.Parse(strings.Trim(p.Header.Get("List-Unsubscribe"), "<>"))
	if err != nil {
		t.Fatal(err)
	}
	uid, usig := linkIn(t, u.String(), "unsubscribe")
	if uid != id {
		t.Errorf("unsubscribe link for %d, want %d", uid, id)
	}
	if _, err := e.svc.Unsubscribe(ctx, uid, usig); err != nil {
		t.Fatal(err)
	}
	e.status(r.ID, "closed", "")
	e.run()
	if n := len(mail.to(follower)); n != 2 {
		t.Errorf("after unsubscribing, the follower got %d emails, want still 2", n)
	}
	// The old confirmation link does not bring the subscription back.
	if _, err := e.svc.Confirm(ctx, id, sig); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("confirming a cancelled subscription: %v, want not found", err)
	}
}

// Signed links cannot be made up, changed, or used for another
// subscription or another purpose.
func TestLinksCannotBeForgedOrReplayed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubArea, Area: "21005"}, "fr")
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "b@example.org", Kind: db.SubArea, Area: "21005"}, "fr")
	if err != nil {
		t.Fatal(err)
	}
	sign := e.svc.Signer()
	confirmA := sign.Sign(notify.PurposeConfirm, a.ID)
	unsubA := sign.Sign(notify.PurposeUnsubscribe, a.ID)
	other := notify.NewSigner([]byte("another server's secret"))
	// A signature with its last character changed (to one it is not).
	changed := confirmA[:len(confirmA)-1] + "A"
	if changed == confirmA {
		changed = confirmA[:len(confirmA)-1] + "B"
	}
	cases := []struct {
		name string
		do   func() error
	}{
		{"A's confirmation for B", func() error { _, err := e.svc.Confirm(ctx, b.ID, confirmA); return err }},
		{"A's unsubscribe for B", func() error { _, err := e.svc.Unsubscribe(ctx, b.ID, unsubA); return err }},
		{"confirmation used to unsubscribe", func() error { _, err := e.svc.Unsubscribe(ctx, a.ID, confirmA); return err }},
		{"unsubscribe used to confirm", func() error { _, err := e.svc.Confirm(ctx, a.ID, unsubA); return err }},
		{"another key", func() error { _, err := e.svc.Confirm(ctx, a.ID, other.Sign(notify.PurposeConfirm, a.ID)); return err }},
		{"changed signature", func() error { _, err := e.svc.Confirm(ctx, a.ID, changed); return err }},
		{"empty signature", func() error { _, err := e.svc.Confirm(ctx, a.ID, ""); return err }},
		{"reporter link for a subscription id", func() error {
			return e.svc.ReporterOff(ctx, a.ID, sign.Sign(notify.PurposeUnsubscribe, a.ID))
		}},
	}
	for _, c := range cases {
		if err := c.do(); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("%s: %v, want not found", c.name, err)
		}
	}
	for _, id := range []int64{a.ID, b.ID} {
		s, err := e.store.Subscription(ctx, id)
		if err != nil || s.Status != db.SubPending {
			t.Errorf("subscription %d is %q after forged links, want pending (%v)", id, s.Status, err)
		}
	}
	if _, err := e.svc.Confirm(ctx, a.ID, confirmA); err != nil {
		t.Errorf("the genuine link: %v", err)
	}
}

// Subscribing is bounded: valid addresses, known targets, a number of
// subscriptions per address, and one confirmation per hour when asked again.
func TestSubscribeValidationAndLimits(t *testing.T) {
	e := newEnv(t, func(c *notify.Config) { c.MaxSubscriptions = 2 })
	ctx := context.Background()
	lat, lon := etterbeek[0], etterbeek[1]
	far := 51.5
	bad := []struct {
		req   notify.SubscribeRequest
		field string
	}{
		{notify.SubscribeRequest{Email: "not an address", Kind: db.SubArea, Area: "21005"}, "email"},
		{notify.SubscribeRequest{Email: "Name <a@example.org>", Kind: db.SubArea, Area: "21005"}, "email"},
		{notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubArea, Area: "99999"}, "area"},
		{notify.SubscribeRequest{Email: "a@example.org", Kind: "street"}, "kind"},
		{notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubRadius, Lat: &lat, Lon: &lon, Radius: 50000}, "radius"},
		{notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubRadius, Lat: &far, Lon: &lon}, "lat"},
		{notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubArea, Area: "21005", Themes: []string{"parking"}}, "themes"},
		{notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubArea, Area: "21005", Frequency: "hourly"}, "frequency"},
		{notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubArea, Area: "21005", Locale: "de"}, "locale"},
	}
	for _, c := range bad {
		_, err := e.svc.Subscribe(ctx, c.req, "en")
		var ie *intake.Error
		if !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%+v: %v, want an error about %s", c.req, err, c.field)
		}
	}
	if _, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubReport, ReportID: 999}, "en"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("following a missing report: %v", err)
	}
	ok := notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubArea, Area: "21005"}
	first, err := e.svc.Subscribe(ctx, ok, "en")
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.svc.Subscribe(ctx, ok, "en")
	if err != nil || again.ID != first.ID {
		t.Fatalf("asking twice: %v, id %d then %d", err, first.ID, again.ID)
	}
	if n := len(e.messages(dbQueryEmail())); n != 1 {
		t.Errorf("%d confirmations after asking twice within the hour, want 1", n)
	}
	if _, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubRadius, Lat: &lat, Lon: &lon}, "en"); err != nil {
		t.Fatal(err)
	}
	// At its limit the address gets nothing, and the caller hears the same
	// as for any address (no error), so a stranger learns nothing.
	third, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubArea, Area: "21009"}, "en")
	if err != nil || third.ID != 0 {
		t.Errorf("a third subscription with a limit of 2: %v, id %d; want no error and nothing stored", err, third.ID)
	}
	if n := len(e.messages(dbQueryEmail())); n != 2 {
		t.Errorf("%d confirmations after reaching the limit, want 2", n)
	}
	// Pending subscriptions expire after a week: they no longer count, and
	// their links no longer confirm.
	e.clock.add(db.PendingExpiry + time.Minute)
	if _, err := e.svc.Confirm(ctx, first.ID, e.svc.Signer().Sign(notify.PurposeConfirm, first.ID)); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("confirming after a week: %v, want not found", err)
	}
	if sub, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "a@example.org", Kind: db.SubArea, Area: "21009"}, "en"); err != nil || sub.ID == 0 {
		t.Errorf("after the pending ones expired: %v, id %d", err, sub.ID)
	}
}
