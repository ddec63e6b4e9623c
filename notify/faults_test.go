package notify_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
)

// reporters are the addresses of the reports a fault test files.
var reporters = []string{"r1@example.org", "r2@example.org", "r3@example.org"}

// fileReports files one report per reporter: a confirmation email and a
// webhook call each.
func (e *env) fileReports() {
	for _, addr := range reporters {
		e.report(etterbeek, "pothole", "fr", func(in *intake.Input) { in.Email = addr })
	}
}

// emailsOnce fails unless each reporter's confirmation has reached mail once.
func emailsOnce(t *testing.T, mail *smtpServer, when string) {
	t.Helper()
	for _, addr := range reporters {
		if n := len(mail.to(addr)); n != 1 {
			t.Errorf("%s: %s received %d emails, want 1", when, addr, n)
		}
	}
}

// pendingEmails fails unless every reporter's email waits for a retry,
// after one attempt that says why.
func (e *env) pendingEmails(when string) {
	e.t.Helper()
	for _, m := range e.messages(dbQueryEmail()) {
		if !strings.HasPrefix(m.Recipient, "r") {
			continue
		}
		if m.Status != db.MessagePending || m.Attempts != 1 || m.LastError == "" || !m.NextAt.Time.After(e.clock.now()) {
			e.t.Errorf("%s: email to %s %s, attempts %d, next %v, error %q; want pending for a retry after one attempt",
				when, m.Recipient, m.Status, m.Attempts, m.NextAt.Time, m.LastError)
		}
	}
}

// timedRun runs the worker once and says how long it took.
func (e *env) timedRun() time.Duration {
	start := time.Now()
	e.run()
	return time.Since(start)
}

// The SMTP server refuses connections: the emails wait for a retry with
// backoff while the webhooks go, and once the server is back each email
// is delivered once.
func TestSMTPServerDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens: connection refused
	mail := &smtpServer{addr: addr}
	e := newEnv(t, mail.configure)
	hook := startHook(t, "s", 0)
	e.addHook(hook.srv.URL, "s", "")
	e.fileReports()
	if took := e.timedRun(); took > e.cfg.SMTPTimeout {
		t.Errorf("a run against a refusing SMTP server took %v", took)
	}
	if n := len(hook.got()); n != len(reporters) {
		t.Errorf("webhook calls while the SMTP server is down: %d, want %d", n, len(reporters))
	}
	e.pendingEmails("SMTP server down")

	mail = startSMTPAt(t, addr)
	e.clock.add(e.cfg.BackoffBase) // the first retry waits at most BackoffBase
	e.run()
	e.clock.add(time.Hour)
	e.run()
	emailsOnce(t, mail, "server back")
}

// The SMTP server accepts and then never answers the end of DATA: one
// email waits out SMTPTimeout, the others of the run are put off rather
// than each waiting again, the webhooks go meanwhile, and once the server
// answers again each email is delivered once.
func TestSMTPServerHangs(t *testing.T) {
	mail := startSMTP(t)
	hang := make(chan struct{})
	mail.hang = hang
	timeout := 2 * time.Second
	e := newEnv(t, mail.configure, func(c *notify.Config) { c.SMTPTimeout = timeout })
	hook := startHook(t, "s", 0)
	e.addHook(hook.srv.URL, "s", "")
	e.fileReports()

	start := time.Now()
	hooked := make(chan time.Duration, 1)
	go func() {
		for len(hook.got()) < len(reporters) && time.Since(start) < time.Minute {
			time.Sleep(5 * time.Millisecond)
		}
		hooked <- time.Since(start)
	}()
	took := e.timedRun()
	webhooks := <-hooked
	if webhooks >= timeout {
		t.Errorf("the webhooks went %v after the run began, behind the hanging SMTP server (timeout %v)", webhooks, timeout)
	}
	if took < timeout || took > 2*timeout {
		t.Errorf("the run took %v; want one SMTP timeout (%v), not one per email", took, timeout)
	}
	e.pendingEmails("SMTP server hanging")
	t.Logf("webhooks done after %v; run took %v with an SMTP timeout of %v", webhooks, took, timeout)

	mail.mu.Lock()
	mail.hang = nil
	mail.mu.Unlock()
	close(hang)
	e.clock.add(e.cfg.BackoffBase)
	e.run()
	e.clock.add(time.Hour)
	e.run()
	emailsOnce(t, mail, "server answering again")
}

// A webhook endpoint that never answers holds up neither the emails nor
// another endpoint's calls; its calls time out after WebhookTimeout (one
// of them per run, the others put off), are retried, and once it answers
// each is delivered once.
func TestWebhookNeverAnswers(t *testing.T) {
	mail := startSMTP(t)
	timeout := 2 * time.Second
	e := newEnv(t, mail.configure, func(c *notify.Config) { c.WebhookTimeout = timeout })
	healthy := startHook(t, "s", 0)
	e.addHook(healthy.srv.URL, "s", "")
	silent := startHook(t, "q", 0)
	var mu sync.Mutex
	answering := false
	ended := make(chan struct{})
	quiet := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ok := answering
		mu.Unlock()
		if ok {
			silent.serve(w, r)
			return
		}
		// Never answers: the caller gives up, which the server notices
		// once the body is read; or the test ends.
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-ended:
		}
	}))
	defer quiet.Close()
	defer close(ended) // before Close, which waits for the handlers
	e.addHook(quiet.URL, "q", "")
	e.fileReports()

	took := e.timedRun()
	if took < timeout || took > 2*timeout {
		t.Errorf("the run took %v; want one webhook timeout (%v), not one per call", took, timeout)
	}
	if n := len(healthy.got()); n != len(reporters) {
		t.Errorf("the other endpoint got %d calls, want %d", n, len(reporters))
	}
	emailsOnce(t, mail, "endpoint silent")
	for _, m := range e.messages(db.MessageQuery{Channel: db.ChannelWebhook}) {
		if m.Recipient == quiet.URL && (m.Status != db.MessagePending || m.Attempts != 1 || m.LastError == "") {
			t.Errorf("call %d to the silent endpoint: %s, attempts %d, error %q; want pending after one attempt", m.ID, m.Status, m.Attempts, m.LastError)
		}
	}

	mu.Lock()
	answering = true
	mu.Unlock()
	e.clock.add(e.cfg.BackoffBase)
	e.run()
	e.clock.add(time.Hour)
	e.run()
	calls := silent.got()
	seen := map[string]bool{}
	for _, c := range calls {
		seen[c.Delivery] = true
	}
	if len(calls) != len(reporters) || len(seen) != len(reporters) {
		t.Errorf("the endpoint, answering again, got %d calls for %d deliveries; want each of %d once", len(calls), len(seen), len(reporters))
	}
}

// startSMTPAt is startSMTP on a given address: a server coming back.
func startSMTPAt(t *testing.T, addr string) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", addr, err)
	}
	return serveSMTP(t, ln, nil)
}
