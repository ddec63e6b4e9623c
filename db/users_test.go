package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"streetfix/account"
	"streetfix/db"
)

func TestSessionsExpireAndEnd(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	u, err := s.CreateUser(ctx, db.NewUser{Email: "a@example.org", Role: account.RoleAdmin, Password: "correct horse battery"})
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
