package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"streetfix/calendar"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
)

// A citizen who follows an area around their street gets a daily digest of
// the matching events since the previous one, and only those.
func TestDailyDigest(t *testing.T) {
	mail := startSMTP(t)
	e := newEnv(t, mail.configure, func(c *notify.Config) { c.DigestHour = 7 })
	ctx := context.Background()
	before := e.report(etterbeek, "pothole", "fr") // before the subscription: not in the digest
	lat, lon := etterbeek[0], etterbeek[1]
	const citizen = "riverain@example.org"
	sub, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: citizen, Kind: db.SubRadius, Lat: &lat, Lon: &lon, Radius: 800,
		Themes: []string{"infrastructure"}, Frequency: db.Daily, Locale: "fr"}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Confirm(ctx, sub.ID, e.svc.Signer().Sign(notify.PurposeConfirm, sub.ID)); err != nil {
		t.Fatal(err)
	}
	title := func(s string) func(*intake.Input) { return func(in *intake.Input) { in.Title = s } }
	near := e.report(etterbeek, "pothole", "fr", title("Près de chez moi"))
	e.report(etterbeek, "sidewalk", "fr", title("Autre thème")) // theme safe: not chosen
	e.report(ixelles, "pothole", "fr", title("Trop loin"))      // outside the circle
	e.status(near.ID, "in_progress", "")
	e.status(before.ID, "fixed", "") // an old report's change, inside the circle: in it
	e.run()
	if n := len(mail.to(citizen)); n != 1 {
		t.Fatalf("before the digest hour the citizen got %d emails, want only the confirmation", n)
	}
	// 09:00 now; the next digest is at 07:00 tomorrow.
	e.clock.add(21*time.Hour + 59*time.Minute)
	e.run()
	if n := len(mail.to(citizen)); n != 1 {
		t.Fatalf("a minute before the digest hour: %d emails", n)
	}
	e.clock.add(time.Minute)
	e.run()
	got := mail.to(citizen)
	if len(got) != 2 {
		t.Fatalf("at the digest hour: %d emails, want 2", len(got))
	}
	p := parse(t, got[1].Data)
	if !strings.Contains(p.Subject, "résumé quotidien : 3") {
		t.Errorf("digest subject %q", p.Subject)
	}
	for _, want := range []string{"Nouveau signalement n° " + itoa(near.ID), "Près de chez moi", "désormais en cours", "n° " + itoa(before.ID)} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("digest lacks %q:\n%s", want, p.Text)
		}
	}
	for _, not := range []string{"Autre thème", "Trop loin", "Nouveau signalement n° " + itoa(before.ID)} {
		if strings.Contains(p.Text, not) {
			t.Errorf("digest holds %q:\n%s", not, p.Text)
		}
	}
	if p.Header.Get("List-Unsubscribe") == "" {
		t.Error("a digest needs its unsubscribe link")
	}
	// The same day again: nothing new is sent; the next day, only what is new.
	e.run()
	e.report(etterbeek, "pothole", "fr", title("Le lendemain"))
	e.clock.add(24 * time.Hour)
	e.run()
	got = mail.to(citizen)
	if len(got) != 3 {
		t.Fatalf("next day: %d emails, want 3", len(got))
	}
	p = parse(t, got[2].Data)
	if !strings.Contains(p.Text, "Le lendemain") || strings.Contains(p.Text, "Près de chez moi") {
		t.Errorf("second digest:\n%s", p.Text)
	}
}

// Merging a duplicate moves its followers to the kept report, without
// giving anyone two subscriptions to it.
func TestMoveFollowers(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	kept := e.report(etterbeek, "pothole", "fr")
	dup := e.report(etterbeek, "pothole", "fr")
	follow := func(email string, id int64) db.Subscription {
		s, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: email, Kind: db.SubReport, ReportID: id}, "fr")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Confirm(ctx, s.ID, e.svc.Signer().Sign(notify.PurposeConfirm, s.ID)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	both := follow("both@example.org", kept.ID)
	bothDup := follow("both@example.org", dup.ID)
	only := follow("only@example.org", dup.ID)
	if err := e.store.MoveFollowersNow(ctx, dup.ID, kept.ID, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id     int64
		report int64
		status string
	}{{both.ID, kept.ID, db.SubActive}, {bothDup.ID, dup.ID, db.SubCancelled}, {only.ID, kept.ID, db.SubActive}} {
		s, err := e.store.Subscription(ctx, c.id)
		if err != nil || s.ReportID.Int64 != c.report || s.Status != c.status {
			t.Errorf("subscription %d: report %d %s, want %d %s (%v)", c.id, s.ReportID.Int64, s.Status, c.report, c.status, err)
		}
	}
}

// The back office's merge moves the followers in its own transaction and
// notifies the duplicate's status change like any other.
func TestMarkDuplicateMovesFollowersAndNotifies(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hook := startHook(t, "s", 0)
	e.addHook(hook.srv.URL, "s", "")
	kept := e.report(etterbeek, "pothole", "fr")
	dup := e.report(etterbeek, "pothole", "fr")
	s, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "f@example.org", Kind: db.SubReport, ReportID: dup.ID}, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Confirm(ctx, s.ID, e.svc.Signer().Sign(notify.PurposeConfirm, s.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.MarkDuplicate(ctx, dup.ID, kept.ID, "Même trou", db.AuditEntry{Actor: "user:admin@example.org"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.store.Subscription(ctx, s.ID); got.ReportID.Int64 != kept.ID || got.Status != db.SubActive {
		t.Errorf("after the merge the follower follows %d (%s), want %d", got.ReportID.Int64, got.Status, kept.ID)
	}
	e.run()
	var events []string
	for _, c := range hook.got() {
		events = append(events, c.Event)
	}
	if strings.Join(events, ",") != "report.created,report.created,report.status_changed" {
		t.Errorf("webhook events %v", events)
	}
	// The follower, moved in the merge's transaction, still gets the
	// duplicate's "duplicate" email, which names the report they followed.
	var got []db.Message
	for _, m := range e.messages(dbQueryEmail()) {
		if m.Recipient == "f@example.org" && m.Event == db.OutboxStatus {
			got = append(got, m)
		}
	}
	if len(got) != 1 || got[0].ReportID.Int64 != dup.ID || !strings.Contains(got[0].Text, "n° "+itoa(dup.ID)) {
		t.Fatalf("the duplicate's follower got %+v, want one status email about report %d", got, dup.ID)
	}
	// From then on they hear about the kept report.
	e.status(kept.ID, "in_progress", "")
	e.run()
	var kept2 int
	for _, m := range e.messages(dbQueryEmail()) {
		if m.Recipient == "f@example.org" && m.ReportID.Int64 == kept.ID {
			kept2++
		}
	}
	if kept2 != 1 {
		t.Errorf("the moved follower got %d emails about the kept report, want 1", kept2)
	}
}

// Every follower of a merged duplicate gets its "duplicate" email once:
// one who already followed the kept report, and a daily follower in their
// next digest.
func TestMergedFollowersGetTheDuplicateEmail(t *testing.T) {
	mail := startSMTP(t)
	e := newEnv(t, mail.configure, func(c *notify.Config) { c.DigestHour = 7 })
	ctx := context.Background()
	kept := e.report(etterbeek, "pothole", "fr")
	dup := e.report(etterbeek, "pothole", "fr")
	follow := func(email string, report int64, freq string) db.Subscription {
		t.Helper()
		s, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: email, Kind: db.SubReport, ReportID: report, Frequency: freq}, "fr")
		if err != nil {
			t.Fatal(err)
		}
		if s, err = e.svc.Confirm(ctx, s.ID, e.svc.Signer().Sign(notify.PurposeConfirm, s.ID)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	follow("both@example.org", kept.ID, db.Immediate)
	follow("both@example.org", dup.ID, db.Immediate)
	daily := follow("daily@example.org", dup.ID, db.Daily)
	e.run() // the confirmations
	if _, err := e.store.MarkDuplicate(ctx, dup.ID, kept.ID, "Même trou", db.AuditEntry{Actor: "user:admin@example.org"}); err != nil {
		t.Fatal(err)
	}
	e.run()
	if got := mail.to("both@example.org"); len(got) != 3 || !strings.Contains(parse(t, got[2].Data).Text, "n° "+itoa(dup.ID)) {
		t.Fatalf("the follower of both reports got %d emails, want 2 confirmations and the duplicate's", len(got))
	}
	if n := len(mail.to("daily@example.org")); n != 1 {
		t.Fatalf("the daily follower got %d emails before the digest hour, want the confirmation", n)
	}
	moved, _ := e.store.Subscription(ctx, daily.ID)
	e.clock.t = moved.NextDigestAt.Time
	e.run()
	got := mail.to("daily@example.org")
	if len(got) != 2 {
		t.Fatalf("at the digest hour the daily follower has %d emails, want 2", len(got))
	}
	if p := parse(t, got[1].Data); !strings.Contains(p.Text, "n° "+itoa(dup.ID)) || !strings.Contains(p.Text, "doublon") {
		t.Errorf("the digest does not tell of the merge:\n%s", p.Text)
	}
}

// The digest hour is the city's local hour on both sides of each
// daylight-saving change, and the digest and update emails say when
// things happened in local time.
func TestDigestHourIsLocalAcrossDaylightSaving(t *testing.T) {
	brussels, err := calendar.Load("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		confirm       string // when the subscription is confirmed (UTC)
		first, second string // its first two digests (UTC)
		event         string // a change before the first digest (UTC) and how the digest writes it
		eventText     string
	}{
		// Saturday 27 March 2027, winter time; the next 06:00 is Sunday's,
		// in summer time: 04:00 UTC, then Monday's at 04:00 UTC as well.
		{"spring", "2027-03-27T09:00:00Z", "2027-03-28T04:00:00Z", "2027-03-29T04:00:00Z", "2027-03-28T01:30:00Z", "28/03/2027 03:30"},
		// Saturday 30 October 2027, summer time; Sunday's 06:00 is in winter
		// time: 05:00 UTC.
		{"autumn", "2027-10-30T09:00:00Z", "2027-10-31T05:00:00Z", "2027-11-01T05:00:00Z", "2027-10-31T01:30:00Z", "31/10/2027 02:30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mail := startSMTP(t)
			e := newEnv(t, mail.configure, func(c *notify.Config) { c.DigestHour = 6; c.Location = brussels })
			e.clock.t = mustTime(t, tc.confirm)
			ctx := context.Background()
			r := e.report(etterbeek, "pothole", "fr")
			sub, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: "voisin@example.org", Kind: db.SubReport, ReportID: r.ID,
				Frequency: db.Daily, Locale: "fr"}, "fr")
			if err != nil {
				t.Fatal(err)
			}
			sub, err = e.svc.Confirm(ctx, sub.ID, e.svc.Signer().Sign(notify.PurposeConfirm, sub.ID))
			if err != nil {
				t.Fatal(err)
			}
			if !sub.NextDigestAt.Equal(mustTime(t, tc.first)) {
				t.Fatalf("first digest at %s, want %s (06:00 local)", sub.NextDigestAt.UTC(), tc.first)
			}
			e.clock.t = mustTime(t, tc.event)
			e.status(r.ID, "in_progress", "")
			e.clock.t = mustTime(t, tc.first).Add(-time.Minute)
			e.run()
			if n := len(mail.to("voisin@example.org")); n != 1 {
				t.Fatalf("a minute before 06:00 local: %d emails, want the confirmation only", n)
			}
			e.clock.t = mustTime(t, tc.first)
			e.run()
			got := mail.to("voisin@example.org")
			if len(got) != 2 {
				t.Fatalf("at 06:00 local: %d emails, want 2", len(got))
			}
			p := parse(t, got[1].Data)
			if !strings.Contains(p.Text, "- "+tc.eventText+" ") {
				t.Errorf("the digest does not date the change %s:\n%s", tc.eventText, p.Text)
			}
			if after, _ := e.store.Subscription(ctx, sub.ID); !after.NextDigestAt.Equal(mustTime(t, tc.second)) {
				t.Errorf("next digest at %s, want %s", after.NextDigestAt.UTC(), tc.second)
			}
		})
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
