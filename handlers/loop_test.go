package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"streetfix/db"
)

// reporterMail returns the messages to addr, oldest first.
func reporterMail(t *testing.T, s *testServer, addr string) []db.Message {
	t.Helper()
	ms, err := s.store.Messages(context.Background(), db.MessageQuery{Channel: db.ChannelEmail, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []db.Message
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].Recipient == addr {
			out = append(out, ms[i])
		}
	}
	return out
}

var manageLinkRE = regexp.MustCompile(`http://example\.com/reports/(\d+)/manage\?token=([\w-]+)`)

// A reporter who gave an address gets a confirmation with the report's
// link and a private manage link, and every status email carries that
// link too. Only the token's hash is stored, so the link carries a
// signature bound to it: it manages this report alone, a changed one is
// refused, and it is erased with the reporter's data.
func TestConfirmationEmailCarriesManageLink(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	in := grandPlace()
	in["email"], in["locale"] = "camille@example.org", "nl"
	w := s.postJSON("/api/v1/reports", in)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	c := decode[createdBody](t, w)
	id := c.Report.ID
	other := s.createReport(grandPlace()) // no address: no confirmation
	runWorker(t, svc)

	ms := reporterMail(t, s, "camille@example.org")
	if len(ms) != 1 || ms[0].Event != db.OutboxCreated {
		t.Fatalf("after creation: %d messages to the reporter (%+v), want one confirmation", len(ms), ms)
	}
	conf := ms[0]
	if !strings.Contains(conf.Subject, fmt.Sprintf("Melding nr. %d ontvangen", id)) || conf.Lang != "nl" {
		t.Errorf("confirmation subject %q in %q", conf.Subject, conf.Lang)
	}
	if !strings.Contains(conf.Text, fmt.Sprintf("http://example.com/reports/%d\n", id)) {
		t.Errorf("confirmation lacks the report's link:\n%s", conf.Text)
	}
	m := manageLinkRE.FindStringSubmatch(conf.Text)
	if m == nil || m[1] != fmt.Sprint(id) || !strings.Contains(conf.HTML, m[0]) {
		t.Fatalf("confirmation lacks the manage link:\n%s", conf.Text)
	}
	if strings.Contains(conf.Text+conf.HTML, c.Token) {
		t.Error("the email holds the token itself, which is not stored")
	}
	cred := m[2]

	// The link opens the manage page and acts like the token.
	if w := s.do("GET", fmt.Sprintf("/reports/%d/manage?lang=en&token=%s", id, cred), nil); w.Code != 200 || !strings.Contains(w.Body.String(), "camille@example.org") {
		t.Fatalf("manage page from the email: %d", w.Code)
	}
	changed := cred[:len(cred)-1] + "A"
	if changed == cred {
		changed = cred[:len(cred)-1] + "B"
	}
	unsub := regexp.MustCompile(`unsubscribe\?sig=([\w-]+)`).FindStringSubmatch(conf.Text)
	if unsub == nil {
		t.Fatalf("no unsubscribe link:\n%s", conf.Text)
	}
	for _, tc := range []struct {
		name string
		id   int64
		cred string
	}{
		{"changed credential", id, changed},
		{"another report's", other, cred},
		{"the unsubscribe signature", id, unsub[1]},
	} {
		if w := s.do("GET", fmt.Sprintf("/reports/%d/manage?token=%s", tc.id, url.QueryEscape(tc.cred)), nil); w.Code != 403 {
			t.Errorf("%s: %d, want 403", tc.name, w.Code)
		}
	}
	api := fmt.Sprintf("/api/v1/reports/%d/reporter-actions", id)
	if w := s.postJSON(api, map[string]string{"token": cred, "action": "fixed", "reason": "Done."}); w.Code != 200 {
		t.Fatalf("reporter action with the email's credential: %d %s", w.Code, w.Body)
	}

	// A staff status change: the reporter's email carries the link again.
	if _, _, err := s.store.ChangeStatus(context.Background(), db.StatusChange{ReportID: id, To: "in_progress", Note: "On it.",
		Public: true, Actor: db.ActorStaff, At: s.store.Now()}); err != nil {
		t.Fatal(err)
	}
	runWorker(t, svc)
	ms = reporterMail(t, s, "camille@example.org")
	if len(ms) != 2 || ms[1].Event != db.OutboxStatus {
		t.Fatalf("after the status change: %d messages to the reporter, want 2 (their own change sends none)", len(ms))
	}
	if m := manageLinkRE.FindStringSubmatch(ms[1].Text); m == nil || m[2] != cred || !strings.Contains(ms[1].HTML, m[0]) {
		t.Errorf("status email lacks the manage link:\n%s", ms[1].Text)
	}

	// Admins read what was sent, but not the credential.
	s.addUser("admin@example.org", "admin")
	page := s.signIn("admin@example.org").get(fmt.Sprintf("/staff/notify/messages/%d", conf.ID))
	if page.Code != 200 || strings.Contains(page.Body.String(), cred) || !strings.Contains(page.Body.String(), "manage?token=…") {
		t.Errorf("the staff page of the confirmation: %d, shows the credential: %v", page.Code, strings.Contains(page.Body.String(), cred))
	}

	// Erasing the reporter's data erases the emails that hold the link.
	if w := s.postJSON(api, map[string]string{"token": c.Token, "action": "erase"}); w.Code != 200 {
		t.Fatalf("erase: %d", w.Code)
	}
	all, err := s.store.Messages(context.Background(), db.MessageQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if strings.Contains(m.Subject+m.Text+m.HTML+m.Headers, cred) {
			t.Errorf("message %d to %s still holds the manage link", m.ID, m.Recipient)
		}
	}
}
