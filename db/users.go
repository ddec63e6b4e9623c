package db

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"streetfix/account"
)

// ErrExists is returned when a unique name is taken.
var ErrExists = errors.New("already exists")

// UserRow is a stored account.
type UserRow struct {
	ID           int64  `db:"id"`
	Email        string `db:"email"`
	Name         string `db:"name"`
	Role         string `db:"role"`
	PasswordHash string `db:"password_hash"`
	Lang         string `db:"lang"`
	CreatedAt    Time   `db:"created_at"`
	DisabledAt   Time   `db:"disabled_at"`
	Bodies       []string
}

// Account returns the signed-in view of the row.
func (u UserRow) Account() *account.User {
	return &account.User{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Bodies: u.Bodies, Lang: u.Lang}
}

// NewUser is what creating an account needs.
type NewUser struct {
	Email, Name, Role, Password, Lang string
	Bodies                            []string
}

// NormalizeEmail lower-cases and checks an address.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", fmt.Errorf("%q is not an email address", s)
	}
	return s, nil
}

// CheckUser validates u against the catalog: email, role, bodies, password.
func (s *Store) CheckUser(u *NewUser) error {
	email, err := NormalizeEmail(u.Email)
	if err != nil {
		return invalid("%v", err)
	}
	u.Email = email
	if !account.ValidRole(u.Role) {
		return invalid("role %q is not one of %s", u.Role, strings.Join(account.Roles, ", "))
	}
	if u.Role == account.RoleStaff && len(u.Bodies) == 0 {
		return refuse("refusal.staff_body", "a staff account needs at least one body")
	}
	cat := s.Catalog()
	for _, b := range u.Bodies {
		if _, ok := cat.Body(b); !ok {
			return invalid("no body %q", b)
		}
	}
	if u.Lang == "" {
		u.Lang = "fr"
	}
	return nil
}

// CreateUser stores a new account with its password hashed, and audit
// (who made it: an admin, or "cli") in the same transaction.
func (s *Store) CreateUser(ctx context.Context, u NewUser, audit AuditEntry) (UserRow, error) {
	if err := s.CheckUser(&u); err != nil {
		return UserRow{}, err
	}
	hash, err := account.HashPassword(u.Password)
	if err != nil {
		return UserRow{}, invalid("%v", err)
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return UserRow{}, fmt.Errorf("db: create user: %w", err)
	}
	defer tx.Rollback()
	row := UserRow{Email: u.Email, Name: strings.TrimSpace(u.Name), Role: u.Role, PasswordHash: hash, Lang: u.Lang,
		CreatedAt: At(s.now()), Bodies: u.Bodies}
	const q = `INSERT INTO users (email, name, role, password_hash, lang, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (email) DO NOTHING RETURNING id`
	if err := tx.QueryRowxContext(ctx, q, row.Email, row.Name, row.Role, row.PasswordHash, row.Lang, row.CreatedAt).Scan(&row.ID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return UserRow{}, fmt.Errorf("db: user %s: %w", row.Email, ErrExists)
		}
		return UserRow{}, fmt.Errorf("db: create user: %w", err)
	}
	if err := setBodies(ctx, tx, row.ID, u.Bodies); err != nil {
		return UserRow{}, err
	}
	audit.Action, audit.Target = "create_user", fmt.Sprintf("user:%d", row.ID)
	audit.After = map[string]any{"email": row.Email, "role": row.Role, "bodies": row.Bodies}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return UserRow{}, err
	}
	return row, tx.Commit()
}

func setBodies(ctx context.Context, tx *sqlx.Tx, userID int64, bodies []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_bodies WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("db: user bodies: %w", err)
	}
	for _, b := range bodies {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_bodies (user_id, body_code) VALUES (?, ?) ON CONFLICT DO NOTHING`, userID, b); err != nil {
			return fmt.Errorf("db: user bodies: %w", err)
		}
	}
	return nil
}

const userColumns = `id, email, name, role, password_hash, lang, created_at, disabled_at`

// UserByEmail returns the account with that address.
func (s *Store) UserByEmail(ctx context.Context, email string) (UserRow, error) {
	return s.user(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, strings.ToLower(strings.TrimSpace(email)))
}

// UserByID returns the account with that id.
func (s *Store) UserByID(ctx context.Context, id int64) (UserRow, error) {
	return s.user(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)
}

func (s *Store) user(ctx context.Context, q string, arg any) (UserRow, error) {
	var u UserRow
	if err := s.read.GetContext(ctx, &u, q, arg); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return UserRow{}, ErrNotFound
		}
		return UserRow{}, fmt.Errorf("db: user: %w", err)
	}
	if err := s.read.SelectContext(ctx, &u.Bodies, `SELECT body_code FROM user_bodies WHERE user_id = ? ORDER BY body_code`, u.ID); err != nil {
		return UserRow{}, fmt.Errorf("db: user bodies: %w", err)
	}
	return u, nil
}

// Users lists every account, with their bodies.
func (s *Store) Users(ctx context.Context) ([]UserRow, error) {
	var out []UserRow
	if err := s.read.SelectContext(ctx, &out, `SELECT `+userColumns+` FROM users ORDER BY email`); err != nil {
		return nil, fmt.Errorf("db: users: %w", err)
	}
	var links []struct {
		UserID int64  `db:"user_id"`
		Body   string `db:"body_code"`
	}
	if err := s.read.SelectContext(ctx, &links, `SELECT user_id, body_code FROM user_bodies ORDER BY body_code`); err != nil {
		return nil, fmt.Errorf("db: users: %w", err)
	}
	idx := map[int64]int{}
	for i, u := range out {
		idx[u.ID] = i
	}
	for _, l := range links {
		if i, ok := idx[l.UserID]; ok {
			out[i].Bodies = append(out[i].Bodies, l.Body)
		}
	}
	return out, nil
}

// UserChange is an admin's edit of an account; nil fields stay as they are.
type UserChange struct {
	Name     *string
	Role     *string
	Bodies   []string // with Role
	Lang     *string
	Password *string
	Disabled *bool
}

// UpdateUser applies ch to the account and returns the row before and after.
// Disabling an account or changing its password or role ends its sessions.
func (s *Store) UpdateUser(ctx context.Context, id int64, ch UserChange, audit AuditEntry) (before, after UserRow, err error) {
	// The password is hashed before the transaction (19 MiB, tens of
	// milliseconds) so the writer is not held for it.
	var hash string
	if ch.Password != nil {
		if hash, err = account.HashPassword(*ch.Password); err != nil {
			return before, after, invalid("%v", err)
		}
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return before, after, fmt.Errorf("db: update user: %w", err)
	}
	defer tx.Rollback()
	// "Before" is read in the transaction that changes it, so the audit
	// log's before is what the change replaced, even under concurrent edits.
	if before, err = txUser(ctx, tx, id); err != nil {
		return before, after, err
	}
	after = before
	if ch.Name != nil {
		after.Name = strings.TrimSpace(*ch.Name)
	}
	if ch.Lang != nil {
		after.Lang = *ch.Lang
	}
	if ch.Role != nil {
		nu := NewUser{Email: after.Email, Role: *ch.Role, Bodies: ch.Bodies, Lang: after.Lang}
		if err := s.CheckUser(&nu); err != nil {
			return before, after, err
		}
		after.Role, after.Bodies = nu.Role, nu.Bodies
		if after.Role != account.RoleStaff {
			after.Bodies = nil
		}
	}
	endSessions := ch.Role != nil && (after.Role != before.Role || strings.Join(after.Bodies, ",") != strings.Join(before.Bodies, ","))
	if ch.Password != nil {
		after.PasswordHash, endSessions = hash, true
	}
	if ch.Disabled != nil {
		switch {
		case *ch.Disabled && before.DisabledAt.IsZero():
			after.DisabledAt, endSessions = At(s.now()), true
		case !*ch.Disabled:
			after.DisabledAt = Time{}
		}
	}
	const q = `UPDATE users SET name = ?, role = ?, password_hash = ?, lang = ?, disabled_at = ? WHERE id = ?`
	if _, err := tx.ExecContext(ctx, q, after.Name, after.Role, after.PasswordHash, after.Lang, after.DisabledAt, id); err != nil {
		return before, after, fmt.Errorf("db: update user: %w", err)
	}
	if ch.Role != nil {
		if err := setBodies(ctx, tx, id, after.Bodies); err != nil {
			return before, after, err
		}
	}
	if endSessions {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return before, after, fmt.Errorf("db: update user: %w", err)
		}
	}
	audit.Before, audit.After = userAudit(before), userAudit(after)
	if ch.Password != nil {
		audit.After.(map[string]any)["password"] = "changed"
	}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return before, after, err
	}
	return before, after, tx.Commit()
}

// txUser reads an account through tx.
func txUser(ctx context.Context, tx *sqlx.Tx, id int64) (UserRow, error) {
	var u UserRow
	if err := tx.GetContext(ctx, &u, `SELECT `+userColumns+` FROM users WHERE id = ?`, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return UserRow{}, ErrNotFound
		}
		return UserRow{}, fmt.Errorf("db: user: %w", err)
	}
	if err := tx.SelectContext(ctx, &u.Bodies, `SELECT body_code FROM user_bodies WHERE user_id = ? ORDER BY body_code`, id); err != nil {
		return UserRow{}, fmt.Errorf("db: user bodies: %w", err)
	}
	return u, nil
}

// userAudit is what the audit log keeps of an account: never the hash.
func userAudit(u UserRow) map[string]any {
	return map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "bodies": u.Bodies, "lang": u.Lang,
		"disabled": !u.DisabledAt.IsZero()}
}

// Session is a signed-in browser.
type Session struct {
	TokenHash string `db:"token_hash"`
	UserID    int64  `db:"user_id"`
	CSRF      string `db:"csrf"`
	CreatedAt Time   `db:"created_at"`
	SeenAt    Time   `db:"seen_at"`
	ExpiresAt Time   `db:"expires_at"`
}

// Session lifetimes: idle and absolute.
const (
	SessionIdle = 12 * time.Hour
	SessionMax  = 7 * 24 * time.Hour
)

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// CreateSession starts a session for the user and returns the cookie's
// token; only its hash is stored.
func (s *Store) CreateSession(ctx context.Context, userID int64, now time.Time) (string, Session, error) {
	token := randomToken()
	ss := Session{TokenHash: hashToken(token), UserID: userID, CSRF: randomToken(), CreatedAt: At(now), SeenAt: At(now),
		ExpiresAt: At(now.Add(SessionMax))}
	const q = `INSERT INTO sessions (token_hash, user_id, csrf, created_at, seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`
	if _, err := s.writeExec(ctx, q, ss.TokenHash, ss.UserID, ss.CSRF, ss.CreatedAt, ss.SeenAt, ss.ExpiresAt); err != nil {
		return "", Session{}, fmt.Errorf("db: create session: %w", err)
	}
	// Old sessions of anyone are swept now and then, here where a write happens anyway.
	s.writeExec(ctx, `DELETE FROM sessions WHERE expires_at < ? OR seen_at < ?`, At(now), At(now.Add(-SessionIdle)))
	return token, ss, nil
}

// SessionUser returns the live session for a cookie token and its user.
// Expired or idle sessions, and those of disabled users, are ErrNotFound.
func (s *Store) SessionUser(ctx context.Context, token string, now time.Time) (Session, UserRow, error) {
	if token == "" || len(token) > 100 {
		return Session{}, UserRow{}, ErrNotFound
	}
	var ss Session
	err := s.read.GetContext(ctx, &ss, `SELECT token_hash, user_id, csrf, created_at, seen_at, expires_at FROM sessions WHERE token_hash = ?`, hashToken(token))
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, UserRow{}, ErrNotFound
	}
	if err != nil {
		return Session{}, UserRow{}, fmt.Errorf("db: session: %w", err)
	}
	if now.After(ss.ExpiresAt.Time) || now.Sub(ss.SeenAt.Time) > SessionIdle {
		return Session{}, UserRow{}, ErrNotFound
	}
	u, err := s.UserByID(ctx, ss.UserID)
	if err != nil {
		return Session{}, UserRow{}, err
	}
	if !u.DisabledAt.IsZero() {
		return Session{}, UserRow{}, ErrNotFound
	}
	if now.Sub(ss.SeenAt.Time) > time.Minute { // refresh the idle clock at most once a minute
		// Briefly: a page a staff member reads must not wait on a locked
		// database for a refresh that can come at the next request.
		touch, cancel := context.WithTimeout(ctx, time.Second)
		s.writeExec(touch, `UPDATE sessions SET seen_at = ? WHERE token_hash = ?`, At(now), ss.TokenHash)
		cancel()
	}
	return ss, u, nil
}

// EndSession deletes the session with that token.
func (s *Store) EndSession(ctx context.Context, token string) error {
	_, err := s.writeExec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token))
	return err
}

// EndUserSessions deletes every session of a user ("log out everywhere").
func (s *Store) EndUserSessions(ctx context.Context, userID int64) error {
	_, err := s.writeExec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// LoginFailures counts failures for subject since a time.
func (s *Store) LoginFailures(ctx context.Context, subject string, since time.Time) (int, error) {
	var n int
	err := s.read.GetContext(ctx, &n, `SELECT count(*) FROM login_failures WHERE subject = ? AND at >= ?`, subject, At(since))
	return n, err
}

// AddLoginFailure records a failed login for each subject.
func (s *Store) AddLoginFailure(ctx context.Context, now time.Time, subjects ...string) error {
	for _, sub := range subjects {
		if _, err := s.writeExec(ctx, `INSERT INTO login_failures (subject, at) VALUES (?, ?)`, sub, At(now)); err != nil {
			return err
		}
	}
	_, err := s.writeExec(ctx, `DELETE FROM login_failures WHERE at < ?`, At(now.Add(-24*time.Hour)))
	return err
}

// ForgiveLoginFailure forgets the failure recorded for subject at a time:
// an attempt is recorded before the password is checked, and forgiven when
// it was right.
func (s *Store) ForgiveLoginFailure(ctx context.Context, subject string, at time.Time) error {
	_, err := s.writeExec(ctx, `DELETE FROM login_failures WHERE subject = ? AND at = ?`, subject, At(at))
	return err
}

// ClearLoginFailures forgets an account's failures after it signs in.
func (s *Store) ClearLoginFailures(ctx context.Context, subject string) error {
	_, err := s.writeExec(ctx, `DELETE FROM login_failures WHERE subject = ?`, subject)
	return err
}
