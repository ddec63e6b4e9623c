package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// ResetLifetime is how long a password-reset link works.
const ResetLifetime = 24 * time.Hour

// Why a reset link does not work.
var (
	ErrResetUnknown = errors.New("reset link unknown")
	ErrResetUsed    = errors.New("reset link already used")
	ErrResetExpired = errors.New("reset link expired")
)

// CreatePasswordReset makes a single-use reset link for user and returns
// its token; only the hash is stored. Audited.
func (s *Store) CreatePasswordReset(ctx context.Context, user int64, now time.Time, audit AuditEntry) (string, error) {
	token := randomToken()
	audit.Action, audit.Target = "password_reset_link", fmt.Sprintf("user:%d", user)
	err := s.auditTx(ctx, audit, func(tx *sqlx.Tx, a *AuditEntry) error {
		var disabled Time
		if err := tx.GetContext(ctx, &disabled, `SELECT disabled_at FROM users WHERE id = ?`, user); err != nil {
			return notFound(err)
		}
		if !disabled.IsZero() {
			return invalid("enable the account before sending it a reset link")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashToken(token), user, At(now), At(now.Add(ResetLifetime)))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("db: password reset for user %d: %w", user, err)
	}
	return token, nil
}

// PasswordResetUser checks a reset token without using it: the account it
// resets, or why it does not work.
func (s *Store) PasswordResetUser(ctx context.Context, token string, now time.Time) (UserRow, error) {
	var r struct {
		UserID  int64 `db:"user_id"`
		Expires Time  `db:"expires_at"`
		Used    Time  `db:"used_at"`
	}
	err := s.read.GetContext(ctx, &r, `SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = ?`, hashToken(token))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return UserRow{}, ErrResetUnknown
	case err != nil:
		return UserRow{}, fmt.Errorf("db: password reset: %w", err)
	case !r.Used.IsZero():
		return UserRow{}, ErrResetUsed
	case !now.Before(r.Expires.Time):
		return UserRow{}, ErrResetExpired
	}
	u, err := s.UserByID(ctx, r.UserID)
	if err == nil && !u.DisabledAt.IsZero() {
		return UserRow{}, ErrResetUnknown
	}
	return u, err
}

// UsePasswordReset spends token and sets the account's new password (which
// ends its sessions). A used, expired or unknown token changes nothing.
func (s *Store) UsePasswordReset(ctx context.Context, token, password string, now time.Time) error {
	u, err := s.PasswordResetUser(ctx, token, now)
	if err != nil {
		return err
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: password reset: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`, At(now), hashToken(token))
	if err != nil {
		return fmt.Errorf("db: password reset: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrResetUsed // another request spent it first
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: password reset: %w", err)
	}
	_, _, err = s.UpdateUser(ctx, u.ID, UserChange{Password: &password}, AuditEntry{UserID: &u.ID, Actor: "user:" + u.Email, CreatedAt: At(now)})
	return err
}
