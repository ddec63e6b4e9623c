package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/intake"
)

// A report in Etterbeek is emailed to Etterbeek's address, in French and
// Dutch in one message, with the reporter's contact only if they agreed.
func TestBodyEmailBilingualWithConsent(t *testing.T) {
	mail := startSMTP(t)
	e := newEnv(t, mail.configure)
	ctx := context.Background()
	if err := e.store.SetBodyContact(ctx, etterbeekBody, "signalements@etterbeek.test", "", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	contact := func(consent bool) func(*intake.Input) {
		return func(in *intake.Input) {
			in.Name, in.Email, in.Phone, in.ContactConsent = "Anne Dupont", "anne@example.org", "+32 2 555 12 34", consent
		}
	}
	with := e.report(etterbeek, "pothole", "fr", contact(true))
	without := e.report(etterbeek, "pothole", "fr", contact(false))
	e.report(ixelles, "pothole", "fr") // Ixelles has no address: nothing to send
	e.run()

	got := mail.to("signalements@etterbeek.test")
	if len(got) != 2 {
		t.Fatalf("Etterbeek got %d emails, want 2 (all: %d)", len(got), len(mail.received()))
	}
	// And each reporter's confirmation, which never holds the body's address.
	if n := len(mail.received()); n != 4 || len(mail.to("anne@example.org")) != 2 {
		t.Errorf("%d emails sent in all, want 2 to the body and 2 confirmations", n)
	}
	for _, m := range got {
		if m.From != "noreply@streetfix.test" {
			t.Errorf("envelope from %q", m.From)
		}
		p := parse(t, m.Data)
		for _, h := range []string{"Message-Id", "Date", "Mime-Version", "From", "To"} {
			if p.Header.Get(h) == "" {
				t.Errorf("header %s missing", h)
			}
		}
		if !strings.Contains(p.Subject, "Nouveau signalement") || !strings.Contains(p.Subject, "Nieuwe melding") {
			t.Errorf("subject %q is not in French and Dutch", p.Subject)
		}
		if strings.Contains(p.Header.Get("Subject"), "é") {
			t.Errorf("subject not encoded: %q", p.Header.Get("Subject"))
		}
		for _, want := range []string{"Etterbeek", "Nid-de-poule", "Gat in de weg", "Trou profond", "https://streetfix.test/reports/"} {
			if !strings.Contains(p.Text, want) || !strings.Contains(p.HTML, want) {
				t.Errorf("email lacks %q:\n%s", want, p.Text)
			}
		}
		if !strings.Contains(p.HTML, "&lt;b&gt;de justesse&lt;/b&gt;") {
			t.Errorf("HTML part does not escape the description:\n%s", p.HTML)
		}
		id := regexp.MustCompile(`/reports/(\d+)`).FindStringSubmatch(p.Text)
		isWith := id != nil && id[1] == itoa(with.ID)
		hasContact := strings.Contains(p.Text, "anne@example.org") || strings.Contains(p.HTML, "anne@example.org") ||
			strings.Contains(p.Text, "555 12 34") || strings.Contains(p.Text, "Anne Dupont")
		if isWith != hasContact {
			t.Errorf("report %d (consent %v): contact shown %v:\n%s", with.ID, isWith, hasContact, p.Text)
		}
	}
	_ = without
}

// The reporter hears about a status change in the language they reported
// in; each language has its subject, text and HTML.
func TestReporterEmailInEachLanguage(t *testing.T) {
	mail := startSMTP(t)
	e := newEnv(t, mail.configure)
	cases := []struct{ lang, subject, intro string }{
		{"fr", "désormais résolu", "Le statut du signalement"},
		{"nl", "is nu: opgelost", "De status van de melding"},
		{"en", "is now: fixed", "The status of the report"},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			addr := "reporter-" + c.lang + "@example.org"
			r := e.report(etterbeek, "pothole", c.lang, func(in *intake.Input) { in.Email = addr })
			e.run() // the confirmation
			e.status(r.ID, "fixed", "Réparé / hersteld / repaired <ok>")
			e.run()
			got := mail.to(addr)
			if len(got) != 2 {
				t.Fatalf("%s got %d emails, want the confirmation and the status change", addr, len(got))
			}
			p := parse(t, got[1].Data)
			if !strings.Contains(p.Subject, c.subject) {
				t.Errorf("subject %q, want it to hold %q", p.Subject, c.subject)
			}
			if !strings.Contains(p.Text, c.intro) || !strings.Contains(p.HTML, c.intro) {
				t.Errorf("body lacks %q:\n%s", c.intro, p.Text)
			}
			if !strings.Contains(p.Text, "repaired <ok>") || !strings.Contains(p.HTML, "repaired &lt;ok&gt;") {
				t.Errorf("note missing or unescaped:\n%s\n%s", p.Text, p.HTML)
			}
			if p.Header.Get("Content-Language") != c.lang {
				t.Errorf("Content-Language %q", p.Header.Get("Content-Language"))
			}
			unsub := p.Header.Get("List-Unsubscribe")
			if !regexp.MustCompile(`^<https://streetfix\.test/reports/\d+/unsubscribe\?sig=[\w-]+>$`).MatchString(unsub) {
				t.Errorf("List-Unsubscribe %q", unsub)
			}
			if p.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
				t.Errorf("List-Unsubscribe-Post %q", p.Header.Get("List-Unsubscribe-Post"))
			}
		})
	}
}

// An SMTP server that refuses a message for a while gets it again later;
// without an SMTP server, emails are logged and kept.
func TestEmailRetriedAndLogged(t *testing.T) {
	mail := startSMTP(t)
	mail.fail = 1
	e := newEnv(t, mail.configure)
	e.report(etterbeek, "pothole", "nl", func(in *intake.Input) { in.Email = "r@example.org" })
	e.run()
	if n := len(mail.to("r@example.org")); n != 0 {
		t.Fatalf("%d emails after a refusal, want 0", n)
	}
	e.clock.add(e.cfg.BackoffBase) // the first retry waits at most BackoffBase
	e.run()
	if n := len(mail.to("r@example.org")); n != 1 {
		t.Fatalf("%d emails after the retry, want 1", n)
	}

	logged := newEnv(t)
	var log bytes.Buffer
	logged.log = slog.New(slog.NewJSONHandler(&log, nil))
	logged.svc = logged.service("worker-logged")
	r := logged.report(etterbeek, "pothole", "en", func(in *intake.Input) { in.Email = "r@example.org" })
	logged.status(r.ID, "acknowledged", "")
	logged.run()
	ms := logged.messages(dbQueryEmail()) // newest first: the status change, then the confirmation
	if len(ms) != 2 || ms[0].Status != "logged" || !strings.Contains(ms[0].Text, "acknowledged") {
		t.Fatalf("logged messages: %+v", ms)
	}
	if !logged.svc.Logging() {
		t.Error("a service without SMTP should say it logs")
	}
	// The log says a message was kept, which and in what language; never
	// the address or the text, which admins read on /staff/notify.
	var line map[string]any
	for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if strings.Contains(m["msg"].(string), "kept") {
			line = m
		}
	}
	if line == nil || line["message"] != float64(ms[0].ID) || line["kind"] != ms[0].Event || line["lang"] != "en" {
		t.Errorf("no line saying message %d (%s, en) was kept: %s", ms[0].ID, ms[0].Event, log.String())
	}
	for _, private := range []string{"r@example.org", ms[0].Subject, "acknowledged", "Trou profond"} {
		if strings.Contains(log.String(), private) {
			t.Errorf("the log holds %q:\n%s", private, log.String())
		}
	}
}

// Erasing the reporter's data reaches the messages the service keeps: those
// to the reporter go, and the body's copy loses their contact.
func TestEraseReachesMessages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if err := e.store.SetBodyContact(ctx, etterbeekBody, "signalements@etterbeek.test", "", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	r := e.report(etterbeek, "pothole", "fr", func(in *intake.Input) {
		in.Name, in.Email, in.Phone, in.ContactConsent = "Anne Dupont", "anne@example.org", "+32 2 555 12 34", true
	})
	e.run()
	e.status(r.ID, "acknowledged", "Vu.")
	e.run()
	leaks := func() (toReporter, withContact int) {
		for _, m := range e.messages(db.MessageQuery{Limit: 100}) {
			if m.Recipient == "anne@example.org" {
				toReporter++
			}
			all := m.Subject + m.Text + m.HTML + m.Headers
			for _, v := range []string{"anne@example.org", "Anne Dupont", "555 12 34"} {
				if strings.Contains(all, v) && m.Recipient != "anne@example.org" {
					withContact++
					break
				}
			}
		}
		return
	}
	if to, with := leaks(); to == 0 || with == 0 {
		t.Fatalf("before erasure: %d messages to the reporter, %d with their contact; the test needs both", to, with)
	}
	if err := e.store.EraseReporter(ctx, r.ID, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	if to, with := leaks(); to != 0 || with != 0 {
		t.Errorf("after erasure: %d messages to the reporter, %d with their contact", to, with)
	}
}

// Hiding a report cancels what was still to go out about it.
func TestHidingCancelsPendingMessages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if err := e.store.SetBodyContact(ctx, etterbeekBody, "signalements@etterbeek.test", "", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	r := e.report(etterbeek, "pothole", "fr")
	// Fan out without delivering: the messages wait.
	if _, err := e.store.Fanout(ctx, 10, e.svc.FanoutFunc()); err != nil {
		t.Fatal(err)
	}
	if n := len(e.messages(db.MessageQuery{Status: db.MessagePending, Limit: 100})); n == 0 {
		t.Fatal("nothing pending: the test needs a waiting message")
	}
	if _, err := e.store.SetHidden(ctx, r.ID, true, "spam", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if n := len(e.messages(db.MessageQuery{Status: db.MessagePending, Limit: 100})); n != 0 {
		t.Errorf("%d messages still pending about a hidden report", n)
	}
	if n := len(e.messages(db.MessageQuery{Status: db.MessageCancelled, Limit: 100})); n == 0 {
		t.Error("no message marked cancelled")
	}
}
