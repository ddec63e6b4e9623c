package db

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// AuditEntry is one staff action: who, when, what, before and after.
// Before and After are stored as JSON.
type AuditEntry struct {
	ID        int64  `db:"id"`
	UserID    *int64 `db:"user_id"`
	Actor     string `db:"actor"` // "user:<email>" or "apikey:<name>"
	Action    string `db:"action"`
	ReportID  *int64 `db:"report_id"`
	Target    string `db:"target"` // what else was touched: "user:3", "template:4", "body:x"
	Before    any    `db:"-"`
	After     any    `db:"-"`
	BeforeRaw string `db:"before"`
	AfterRaw  string `db:"after"`
	CreatedAt Time   `db:"created_at"`
}

func (s *Store) insertAudit(ctx context.Context, tx *sqlx.Tx, e AuditEntry) error {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = At(s.now())
	}
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	before, err := enc(e.Before)
	if err != nil {
		return fmt.Errorf("db: audit: %w", err)
	}
	after, err := enc(e.After)
	if err != nil {
		return fmt.Errorf("db: audit: %w", err)
	}
	const q = `INSERT INTO audit_log (user_id, actor, action, report_id, target, before, after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, q, e.UserID, e.Actor, e.Action, e.ReportID, e.Target, before, after, e.CreatedAt); err != nil {
		return fmt.Errorf("db: audit: %w", err)
	}
	return nil
}

// Audit records an action that has no other write of its own.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: audit: %w", err)
	}
	defer tx.Rollback()
	if err := s.insertAudit(ctx, tx, e); err != nil {
		return err
	}
	return tx.Commit()
}

// AuditQuery filters the audit log.
type AuditQuery struct {
	Text     string // matched against actor, action, target and the before/after JSON
	Actor    string
	Action   string
	ReportID int64
	Since    time.Time
	Until    time.Time
	Limit    int
	BeforeID int64 // paging: entries older than this id
}

// AuditLog returns entries matching q, newest first.
func (s *Store) AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	var where []string
	var args []any
	if q.Text != "" {
		like := "%" + escapeLike(q.Text) + "%"
		where = append(where, `(actor LIKE ? ESCAPE '\' OR action LIKE ? ESCAPE '\' OR target LIKE ? ESCAPE '\' OR before LIKE ? ESCAPE '\' OR after LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like, like, like)
	}
	if q.Actor != "" {
		where, args = append(where, `actor = ?`), append(args, q.Actor)
	}
	if q.Action != "" {
		where, args = append(where, `action = ?`), append(args, q.Action)
	}
	if q.ReportID != 0 {
		where, args = append(where, `report_id = ?`), append(args, q.ReportID)
	}
	if !q.Since.IsZero() {
		where, args = append(where, `created_at >= ?`), append(args, At(q.Since))
	}
	if !q.Until.IsZero() {
		where, args = append(where, `created_at < ?`), append(args, At(q.Until))
	}
	if q.BeforeID > 0 {
		where, args = append(where, `id < ?`), append(args, q.BeforeID)
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	sqlq := `SELECT id, user_id, actor, action, report_id, target, before, after, created_at FROM audit_log`
	if len(where) > 0 {
		sqlq += ` WHERE ` + strings.Join(where, ` AND `)
	}
	sqlq += ` ORDER BY id DESC LIMIT ?`
	args = append(args, q.Limit)
	var out []AuditEntry
	if err := s.read.SelectContext(ctx, &out, sqlq, args...); err != nil {
		return nil, fmt.Errorf("db: audit log: %w", err)
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
