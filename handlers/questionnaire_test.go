package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/internal/testclock"
	"streetfix/notify"
)

// shiftedClock is the test clock, moved forward by what a test adds.
type shiftedClock struct {
	base  func() time.Time
	shift atomic.Int64
}

func (c *shiftedClock) now() time.Time           { return c.base().Add(time.Duration(c.shift.Load())) }
func (c *shiftedClock) add(d time.Duration)      { c.shift.Add(int64(d)) }
func newShiftedClock() *shiftedClock             { return &shiftedClock{base: testclock.New()} }
func (c *shiftedClock) days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

var questionnaireRE = regexp.MustCompile(`http://example\.com(/questionnaires/(\d+))\?sig=([\w-]+)&answer=(fixed|not_fixed)`)

// questionnaireLinks returns the links of the questionnaire emails to addr:
// path, signature and answer, by answer.
func questionnaireLinks(t *testing.T, s *testServer, addr string) map[string][3]string {
	t.Helper()
	out := map[string][3]string{}
	for _, m := range reporterMail(t, s, addr) {
		if m.Event != notify.EventQuestionnaire {
			continue
		}
		for _, l := range questionnaireRE.FindAllStringSubmatch(m.Text, -1) {
			out[l[4]] = [3]string{l[1], l[3], l[4]}
		}
	}
	return out
}

// A reporter whose report is still open four weeks after it was
// acknowledged is asked, once, whether it has been fixed; the answer goes
// into the public history and fixes or reopens the report. A forged link
// is 403, a used one 409 and an expired one 410, and none changes anything.
func TestQuestionnaire(t *testing.T) {
	clk := newShiftedClock()
	s, svc := newNotifyServer(t, func(cfg *handlers.Config, _ *notify.Config) { cfg.Now = clk.now })
	svc.SetClock(clk.now)
	ctx := context.Background()
	newReport := func(email string, ack bool) int64 {
		in := grandPlace()
		if email != "" {
			in["email"] = email
		}
		id := s.createReport(in)
		if ack {
			if _, _, err := s.store.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: "acknowledged", Public: true, Actor: db.ActorStaff, At: clk.now()}); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	fixedID, reopenID, expireID := newReport("a@example.org", true), newReport("b@example.org", true), newReport("c@example.org", true)
	newReport("", true)               // no address: nobody to ask
	newReport("d@example.org", false) // never acknowledged
	asked := func() int {
		n := 0
		for _, addr := range []string{"a@example.org", "b@example.org", "c@example.org", "d@example.org"} {
			for _, m := range reporterMail(t, s, addr) {
				if m.Event == notify.EventQuestionnaire {
					n++
				}
			}
		}
		return n
	}
	runWorker(t, svc)
	clk.add(clk.days(27))
	runWorker(t, svc)
	if n := asked(); n != 0 {
		t.Fatalf("%d questionnaires after 27 days, want none", n)
	}
	clk.add(clk.days(2))
	runWorker(t, svc)
	clk.add(time.Hour)
	runWorker(t, svc) // asks nobody twice
	if n := asked(); n != 3 {
		t.Fatalf("%d questionnaires after 29 days, want 3 (acknowledged, open, with an address)", n)
	}
	mails := reporterMail(t, s, "a@example.org")
	q := mails[len(mails)-1]
	if q.Lang != "fr" || !strings.Contains(q.Subject, "le problème est-il résolu ?") || !manageLinkRE.MatchString(q.Text) {
		t.Errorf("questionnaire email %q in %s, manage link %v:\n%s", q.Subject, q.Lang, manageLinkRE.MatchString(q.Text), q.Text)
	}

	a := questionnaireLinks(t, s, "a@example.org")
	if a["fixed"][0] == "" || a["not_fixed"][0] == "" {
		t.Fatalf("the email lacks its two answers:\n%s", q.Text)
	}
	// The link opens a page with a button; the answer clicked comes first.
	w := s.do("GET", a["not_fixed"][0]+"?lang=en&sig="+a["not_fixed"][1]+"&answer=not_fixed", nil)
	if w.Code != 200 || !regexp.MustCompile(`(?s)value="not_fixed" class="button primary">No, it is not fixed yet.*value="fixed"`).MatchString(w.Body.String()) ||
		w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("questionnaire page: %d %.600s", w.Code, w.Body)
	}
	post := func(path, sig, answer string, header ...string) (int, string) {
		form := url.Values{"sig": {sig}, "answer": {answer}}
		h := append([]string{"Content-Type", "application/x-www-form-urlencoded", "Origin", "http://example.com", "Cookie", "lang=en"}, header...)
		w := s.do("POST", path, strings.NewReader(form.Encode()), h...)
		return w.Code, w.Body.String()
	}
	history := func(id int64) (string, int) {
		r := decode[reportBody](t, s.do("GET", fmt.Sprintf("/api/v1/reports/%d", id), nil))
		return r.Status, len(r.History)
	}
	statusBefore, eventsBefore := history(fixedID)
	b := questionnaireLinks(t, s, "b@example.org")
	sig := a["fixed"][1]
	forged := sig[:len(sig)-1] + "A"
	if forged == sig {
		forged = sig[:len(sig)-1] + "B"
	}
	unsub := regexp.MustCompile(`unsubscribe\?sig=([\w-]+)`).FindStringSubmatch(q.Text)[1]
	for name, tc := range map[string][2]string{
		"changed signature":         {a["fixed"][0], forged},
		"another questionnaire's":   {a["fixed"][0], b["fixed"][1]},
		"the unsubscribe signature": {a["fixed"][0], unsub},
		"no signature":              {a["fixed"][0], ""},
		"a signature of 5000 bytes": {a["fixed"][0], strings.Repeat("a", 5000)},
		"an id that is not one":     {"/questionnaires/x", sig},
	} {
		if w := s.do("GET", tc[0]+"?sig="+url.QueryEscape(tc[1]), nil); w.Code != 403 {
			t.Errorf("GET with %s: %d, want 403", name, w.Code)
		}
		if code, _ := post(tc[0], tc[1], "fixed"); code != 403 {
			t.Errorf("POST with %s: %d, want 403", name, code)
		}
	}
	if code, _ := post(a["fixed"][0], sig, "fixed", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); code != 403 {
		t.Errorf("cross-site answer: %d, want 403", code)
	}
	if code, _ := post(a["fixed"][0], sig, "maybe"); code != 400 {
		t.Errorf("answer maybe: %d, want 400", code)
	}
	if st, n := history(fixedID); st != statusBefore || n != eventsBefore {
		t.Fatalf("refused answers changed the report: %s, %d events", st, n)
	}

	// "Fixed" on an open report fixes it, with a public note in its language.
	if code, body := post(a["fixed"][0], sig, "fixed"); code != 200 || !strings.Contains(body, "The report is marked as fixed.") {
		t.Fatalf("answer fixed: %d %.400s", code, body)
	}
	type event struct{ Actor, To, Note string }
	r := decode[struct {
		Status  string
		History []event
	}](t, s.do("GET", fmt.Sprintf("/api/v1/reports/%d", fixedID), nil))
	last := r.History[len(r.History)-1]
	if r.Status != "fixed" || last.To != "fixed" || last.Actor != "reporter" ||
		!strings.Contains(last.Note, "l'auteur du signalement indique que le problème est résolu") {
		t.Fatalf("after the answer: %s, last event %+v", r.Status, last)
	}
	// Replayed, by the same button or the other link: 409, nothing changes.
	for _, l := range [][3]string{a["fixed"], a["not_fixed"]} {
		if code, body := post(l[0], l[1], l[2]); code != 409 || !strings.Contains(body, "answered already") {
			t.Errorf("replayed answer %s: %d %.300s", l[2], code, body)
		}
		if w := s.do("GET", l[0]+"?lang=en&sig="+l[1], nil); w.Code != 409 || strings.Contains(w.Body.String(), `name="answer"`) {
			t.Errorf("GET of a used link: %d", w.Code)
		}
	}
	if st, n := history(fixedID); st != "fixed" || n != len(r.History) {
		t.Errorf("replays changed the report: %s, %d events", st, n)
	}

	// "Not fixed" on a report staff fixed meanwhile reopens it.
	if _, _, err := s.store.ChangeStatus(ctx, db.StatusChange{ReportID: reopenID, To: "fixed", Public: true, Actor: db.ActorStaff, At: clk.now()}); err != nil {
		t.Fatal(err)
	}
	if code, body := post(b["not_fixed"][0], b["not_fixed"][1], "not_fixed"); code != 200 || !strings.Contains(body, "The report is reopened") {
		t.Errorf("answer not fixed: %d %.300s", code, body)
	}
	if st, _ := history(reopenID); st != "new" {
		t.Errorf("after 'not fixed' on a fixed report: %s, want new", st)
	}

	// Four weeks later, the third link has expired: 410, nothing changes.
	clk.add(clk.days(29))
	c := questionnaireLinks(t, s, "c@example.org")
	st, n := history(expireID)
	if w := s.do("GET", c["fixed"][0]+"?lang=en&sig="+c["fixed"][1], nil); w.Code != 410 || !strings.Contains(w.Body.String(), "expired") {
		t.Errorf("expired link: %d", w.Code)
	}
	if code, _ := post(c["fixed"][0], c["fixed"][1], "fixed"); code != 410 {
		t.Errorf("answer to an expired link: %d, want 410", code)
	}
	if st2, n2 := history(expireID); st2 != st || n2 != n {
		t.Errorf("an expired answer changed the report: %s → %s, %d → %d events", st, st2, n, n2)
	}

	// Staff see the answers; the dashboard counts them.
	s.addUser("admin@example.org", "admin")
	staff := s.signIn("admin@example.org")
	page := staff.get(fmt.Sprintf("/staff/reports/%d?lang=en", fixedID)).Body.String()
	if !strings.Contains(page, `id="questionnaires"`) || !regexp.MustCompile(`<td>fixed</td><td>\d`).MatchString(page) {
		t.Errorf("the staff page lacks the answer")
	}
	if page := staff.get(fmt.Sprintf("/staff/reports/%d?lang=en", expireID)).Body.String(); !strings.Contains(page, "no answer (expired") {
		t.Errorf("the staff page lacks the expired question")
	}
	dash := staff.get("/dashboard?lang=en").Body.String()
	for label, n := range map[string]int{"Asked": 3, "Answered “fixed”": 1, "Answered “not fixed”": 1, "Waiting for an answer": 0, "Not answered in time": 1} {
		if !strings.Contains(dash, fmt.Sprintf(`<th scope="row">%s</th><td>%d</td>`, label, n)) {
			t.Errorf("dashboard lacks %s: %d", label, n)
		}
	}
}
