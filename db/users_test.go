package db_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"streetfix/account"
	"streetfix/db"
)

func TestSessionsExpireAndEnd(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	u, err := s.CreateUser(ctx, db.NewUser{Email: "a@example.org", Role: account.RoleAdmin, Password: "correct horse battery"}, db.AuditEntry{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q", u.PasswordHash)
	}
	now := s.Now()
	token, ss, err := s.CreateSession(ctx, u.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ss.TokenHash, token) || len(token) < 40 {
		t.Errorf("token %q stored as %q", token, ss.TokenHash)
	}
	if _, got, err := s.SessionUser(ctx, token, now); err != nil || got.ID != u.ID {
		t.Fatalf("fresh session: %v", err)
	}
	// Idle for longer than SessionIdle, a session is over.
	idle, _, _ := s.CreateSession(ctx, u.ID, now)
	if _, _, err := s.SessionUser(ctx, idle, now.Add(db.SessionIdle+time.Minute)); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("idle session: %v", err)
	}
	// Used within the idle time, a session lasts, but never past a week.
	at := now
	for i := 0; i < 20; i++ {
		at = at.Add(10 * time.Hour)
		_, _, err := s.SessionUser(ctx, token, at)
		if want := at.Sub(now) <= db.SessionMax; (err == nil) != want {
			t.Fatalf("at +%s: %v", at.Sub(now), err)
		}
	}
	// Disabling the account ends its sessions.
	token, _, _ = s.CreateSession(ctx, u.ID, now)
	yes := true
	if _, _, err := s.UpdateUser(ctx, u.ID, db.UserChange{Disabled: &yes}, db.AuditEntry{Actor: "test", Action: "update_user"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, token, now); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("disabled account's session: %v", err)
	}
	if _, _, err := s.SessionUser(ctx, "not-a-token", now); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
	ok, err := account.CheckPassword(u.PasswordHash, "correct horse battery")
	if !ok || err != nil {
		t.Errorf("right password refused: %v", err)
	}
	if ok, _ := account.CheckPassword(u.PasswordHash, "correct horse batterz"); ok {
		t.Error("wrong password accepted")
	}
}

// Account creation, account changes and the notification admin's changes
// write their audit entry in their own transaction: a change that fails
// leaves none, and each entry's "before" is what that change replaced,
// even when changes race.
func TestAuditInTheChangesTransaction(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	admin := db.AuditEntry{Actor: "user:admin@example.org"}
	u, err := s.CreateUser(ctx, db.NewUser{Email: "b@example.org", Name: "N0", Role: account.RoleCouncil, Password: "correct horse battery"}, admin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, db.NewUser{Email: "b@example.org", Role: account.RoleCouncil, Password: "correct horse battery"}, admin); !errors.Is(err, db.ErrExists) {
		t.Fatalf("second account with the address: %v", err)
	}
	entries := func(action string) []db.AuditEntry {
		t.Helper()
		es, err := s.AuditLog(ctx, db.AuditQuery{Action: action, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(es) // oldest first
		return es
	}
	if es := entries("create_user"); len(es) != 1 || es[0].Target != "user:"+strconv.FormatInt(u.ID, 10) || es[0].Actor != admin.Actor {
		t.Fatalf("create_user entries: %+v", es)
	}

	// Renames racing each other: every entry's before is the previous
	// entry's after.
	var wg sync.WaitGroup
	for i := 1; i <= 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "N" + strconv.Itoa(i)
			if _, _, err := s.UpdateUser(ctx, u.ID, db.UserChange{Name: &name}, db.AuditEntry{Actor: admin.Actor, Action: "update_user"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	prev := "N0"
	for _, e := range entries("update_user") {
		var before, after struct{ Name string }
		json.Unmarshal([]byte(e.BeforeRaw), &before)
		json.Unmarshal([]byte(e.AfterRaw), &after)
		if before.Name != prev {
			t.Errorf("entry %d: before %q, but the name was %q", e.ID, before.Name, prev)
		}
		prev = after.Name
	}
	if got, _ := s.UserByID(ctx, u.ID); got.Name != prev {
		t.Errorf("the account is named %q, the last entry says %q", got.Name, prev)
	}

	// The notification admin's changes: audited when they happen, not when they fail.
	if err := s.SetBodyContact(ctx, "no-such-body", "x@example.org", "", admin); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("unknown body: %v", err)
	}
	if err := s.SetBodyContact(ctx, "commune-21009", "travaux@ixelles.example", "fr", admin); err != nil {
		t.Fatal(err)
	}
	if es := entries("body.contact"); len(es) != 1 || es[0].Target != "body:commune-21009" {
		t.Errorf("body.contact entries: %+v", es)
	}
	if err := s.RetryMessage(ctx, 12345, s.Now(), admin); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("retry of no message: %v", err)
	}
	if es := entries("notify.retry"); len(es) != 0 {
		t.Errorf("a refused retry was audited: %+v", es)
	}
	w, err := s.AddWebhook(ctx, db.Webhook{Name: "ops", URL: "https://hooks.example/x", Secret: "very secret"}, s.Now(), admin)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetWebhookActive(ctx, w.ID, false, s.Now(), admin); err != nil {
		t.Fatal(err)
	}
	if err := s.SetWebhookActive(ctx, w.ID+99, false, s.Now(), admin); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("unknown webhook: %v", err)
	}
	add, active := entries("webhook.add"), entries("webhook.active")
	if len(add) != 1 || len(active) != 1 || strings.Contains(add[0].AfterRaw, "very secret") {
		t.Errorf("webhook entries: %+v %+v", add, active)
	}
}
