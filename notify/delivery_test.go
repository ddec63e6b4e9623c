package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/notify"
)

// A body's endpoint that fails twice then answers receives every event,
// signed; once acknowledged, nothing is sent again.
func TestWebhookRetriedUntilAcknowledged(t *testing.T) {
	e := newEnv(t)
	hook := startHook(t, "body-secret", 2)
	e.addHook(hook.srv.URL, "body-secret", etterbeekBody)
	other := startHook(t, "other", 0)
	e.addHook(other.srv.URL, "other", "commune-21009") // Ixelles' endpoint hears nothing of Etterbeek
	r := e.report(etterbeek, "pothole", "fr")
	e.run() // attempt 1 fails
	e.clock.add(e.cfg.BackoffBase)
	e.run() // attempt 2 fails
	if n := len(hook.got()); n != 2 {
		t.Fatalf("%d calls after two attempts, want 2", n)
	}
	e.clock.add(2 * e.cfg.BackoffBase)
	e.run() // attempt 3 succeeds
	e.clock.add(time.Hour)
	e.run() // nothing left
	calls := hook.got()
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3", len(calls))
	}
	for i, c := range calls {
		if !c.SignatureOK {
			t.Errorf("call %d: signature does not verify", i)
		}
		if c.Event != "report.created" || c.Delivery != calls[0].Delivery {
			t.Errorf("call %d: event %q delivery %q", i, c.Event, c.Delivery)
		}
	}
	var p struct {
		Event  string `json:"event"`
		Report struct {
			ID       int64  `json:"id"`
			Body     string `json:"body"`
			Category string `json:"category"`
		} `json:"report"`
	}
	if err := json.Unmarshal(calls[2].Body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Event != "report.created" || p.Report.ID != r.ID || p.Report.Body != etterbeekBody || p.Report.Category != "pothole" {
		t.Errorf("payload %s", calls[2].Body)
	}
	ms := e.messages(db.MessageQuery{Channel: db.ChannelWebhook})
	if len(ms) != 1 || ms[0].Status != db.MessageDelivered || ms[0].Attempts != 3 || ms[0].ResponseStatus.Int64 != 200 ||
		!ms[0].ResponseMS.Valid {
		t.Errorf("delivery record %+v", ms)
	}
	if n := len(other.got()); n != 0 {
		t.Errorf("another body's endpoint got %d calls", n)
	}

	// Status changes and notes follow, signed the same way, with public fields only.
	e.status(r.ID, "in_progress", "Équipe en route")
	_, _, err := e.store.ChangeStatus(context.Background(), db.StatusChange{ReportID: r.ID, Note: "interne", Public: false, Actor: db.ActorStaff, At: e.clock.now()})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = e.store.ChangeStatus(context.Background(), db.StatusChange{ReportID: r.ID, Note: "Merci", Public: true, Actor: db.ActorStaff, At: e.clock.now()})
	if err != nil {
		t.Fatal(err)
	}
	e.run()
	calls = hook.got()
	if len(calls) != 5 || calls[3].Event != "report.status_changed" || calls[4].Event != "report.note_added" {
		t.Fatalf("calls after the changes: %d", len(calls))
	}
	for _, c := range calls[3:] {
		if !c.SignatureOK {
			t.Error("signature does not verify")
		}
		var raw map[string]any
		json.Unmarshal(c.Body, &raw)
		change, _ := raw["change"].(map[string]any)
		if change == nil || change["note"] == "interne" {
			t.Errorf("payload %s", c.Body)
		}
	}
}

// After the last attempt a message is dead; an admin's retry sends it again.
func TestDeadLetterAndRetry(t *testing.T) {
	e := newEnv(t)
	hook := startHook(t, "s", 1000)
	e.addHook(hook.srv.URL, "s", "")
	e.report(etterbeek, "pothole", "fr")
	for i := 0; i < 5; i++ {
		e.run()
		e.clock.add(time.Hour)
	}
	if n := len(hook.got()); n != e.cfg.MaxAttempts {
		t.Fatalf("%d calls, want MaxAttempts = %d", n, e.cfg.MaxAttempts)
	}
	dead := e.messages(db.MessageQuery{Status: db.MessageDead})
	if len(dead) != 1 || dead[0].LastError == "" || dead[0].ResponseStatus.Int64 != 500 {
		t.Fatalf("dead letters %+v", dead)
	}
	hook.mu.Lock()
	hook.fail = 0
	hook.mu.Unlock()
	if err := e.store.RetryMessage(context.Background(), dead[0].ID, e.clock.now(), db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := e.store.RetryMessage(context.Background(), dead[0].ID, e.clock.now(), db.AuditEntry{Actor: "test"}); err == nil {
		t.Error("retrying a message that is not dead should fail")
	}
	e.run()
	m, _ := e.store.Message(context.Background(), dead[0].ID)
	if m.Status != db.MessageDelivered || len(hook.got()) != e.cfg.MaxAttempts+1 {
		t.Errorf("after the retry: %s, %d calls", m.Status, len(hook.got()))
	}
}

// The process dies after the events are committed and before anything is
// delivered: a restarted process delivers each exactly once.
func TestCrashAfterCommitDeliversOnce(t *testing.T) {
	e := newEnv(t)
	hook := startHook(t, "s", 0)
	e.addHook(hook.srv.URL, "s", "")
	r := e.report(etterbeek, "pothole", "fr")
	e.status(r.ID, "fixed", "")
	// No worker ran. "Crash": close the database under the service.
	if err := e.store.Close(); err != nil {
		t.Fatal(err)
	}
	e.open() // a new process: new store, new worker
	e.run()
	e.run()
	e.clock.add(time.Hour)
	e.run()
	calls := hook.got()
	if len(calls) != 2 || calls[0].Event != "report.created" || calls[1].Event != "report.status_changed" {
		t.Fatalf("after the restart: %d calls %+v", len(calls), calls)
	}
	if n, _ := e.store.OutboxLength(context.Background()); n != 0 {
		t.Errorf("outbox still holds %d rows", n)
	}
}

// A worker that claimed a message and died holds it only until its lease
// expires; then another sends it, once, and the dead worker's late
// outcome is refused.
func TestLeaseExpiry(t *testing.T) {
	e := newEnv(t)
	hook := startHook(t, "s", 0)
	e.addHook(hook.srv.URL, "s", "")
	e.report(etterbeek, "pothole", "fr")
	ctx := context.Background()
	if _, err := e.store.Fanout(ctx, 10, func(it *db.OutboxItem) ([]db.NewMessage, error) {
		return []db.NewMessage{{Channel: db.ChannelWebhook, Event: it.Kind, ReportID: it.ReportID, WebhookID: it.Webhooks[0].ID,
			Recipient: hook.srv.URL, Payload: `{}`, At: e.clock.now()}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	claimed, err := e.store.ClaimMessages(ctx, "crashed-worker", e.clock.now(), e.cfg.Lease, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %d", err, len(claimed))
	}
	second := e.service("worker-2")
	if err := second.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(hook.got()); n != 0 {
		t.Fatalf("a leased message was sent by another worker (%d calls)", n)
	}
	e.clock.add(e.cfg.Lease + time.Second)
	for i := 0; i < 2; i++ {
		if err := second.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(hook.got()); n != 1 {
		t.Fatalf("%d calls after the lease expired, want 1", n)
	}
	ok, err := e.store.FinishMessage(ctx, claimed[0].ID, "crashed-worker", db.Outcome{Status: db.MessagePending, At: e.clock.now(), NextAt: e.clock.now()})
	if err != nil || ok {
		t.Errorf("the crashed worker's late outcome was accepted (%v, %v)", ok, err)
	}
	m, _ := e.store.Message(ctx, claimed[0].ID)
	if m.Status != db.MessageDelivered || m.Attempts != 2 {
		t.Errorf("message %s after %d attempts", m.Status, m.Attempts)
	}
}

// Events that notify nobody leave no outbox row, and a refused change
// leaves none either: the row is written in the event's transaction.
func TestOutboxInEventTransaction(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	r := e.report(etterbeek, "pothole", "fr")
	if n, _ := e.store.OutboxLength(ctx); n != 1 {
		t.Fatalf("outbox after a creation: %d, want 1", n)
	}
	e.run()
	if _, _, err := e.store.ChangeStatus(ctx, db.StatusChange{ReportID: r.ID, Note: "internal", Actor: db.ActorStaff, At: e.clock.now()}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.store.ChangeStatus(ctx, db.StatusChange{ReportID: r.ID, To: "no_such_status", Actor: db.ActorStaff, At: e.clock.now()}); err == nil {
		t.Fatal("an unknown status was accepted")
	}
	if n, _ := e.store.OutboxLength(ctx); n != 0 {
		t.Errorf("outbox after a private note and a refused change: %d, want 0", n)
	}
}

// Two workers on one database, running at once, send every message once.
func TestTwoWorkersSendEachMessageOnce(t *testing.T) {
	e := newEnv(t)
	hook := startHook(t, "s", 0)
	e.addHook(hook.srv.URL, "s", "")
	const n = 30
	for i := 0; i < n; i++ {
		e.report(etterbeek, "pothole", "fr")
	}
	workers := []*notify.Service{e.service("a"), e.service("b")}
	errs := make(chan error, len(workers))
	for _, w := range workers {
		go func() { errs <- w.RunOnce(context.Background()) }()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	e.run()
	calls := hook.got()
	seen := map[string]bool{}
	for _, c := range calls {
		if seen[c.Delivery] {
			t.Errorf("delivery %s sent twice", c.Delivery)
		}
		seen[c.Delivery] = true
	}
	if len(seen) != n || len(calls) != n {
		t.Errorf("%d calls for %d distinct deliveries, want %d", len(calls), len(seen), n)
	}
}

// An event whose fan-out fails stays queued and does not hold up the others.
func TestFanoutFailureKeepsTheEvent(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	bad := e.report(etterbeek, "pothole", "fr")
	good := e.report(etterbeek, "pothole", "fr")
	var done []int64
	_, err := e.store.Fanout(ctx, 10, func(it *db.OutboxItem) ([]db.NewMessage, error) {
		if it.ReportID == bad.ID {
			return nil, errors.New("cannot render")
		}
		done = append(done, it.ReportID)
		return nil, nil
	})
	if err == nil || !strings.Contains(err.Error(), "cannot render") {
		t.Errorf("error %v", err)
	}
	if len(done) != 1 || done[0] != good.ID {
		t.Errorf("fanned out %v, want only %d", done, good.ID)
	}
	if n, _ := e.store.OutboxLength(ctx); n != 1 {
		t.Errorf("outbox holds %d, want the failed event only", n)
	}
}
