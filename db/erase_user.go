package db

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// EraseUser deletes a staff account's personal data when an admin deletes
// the account. The row stays (reports assigned to it and the audit log
// point to it by id) under a neutral label, "staff #12", with an address
// that cannot receive mail and no password; the label replaces the name
// and the email wherever they were copied: the audit log's actor, targets
// and before/after values, the notes of report histories and the messages
// the service keeps. Sessions, login failures and body memberships go.
// It returns the label.
func (s *Store) EraseUser(ctx context.Context, id int64, at time.Time, audit AuditEntry) (string, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return "", fmt.Errorf("db: erase user %d: %w", id, err)
	}
	defer tx.Rollback()
	u, err := txUser(ctx, tx, id)
	if err != nil {
		return "", err
	}
	label := ErasedUserLabel(id)
	address := "staff-" + strconv.FormatInt(id, 10) + "@erased.invalid"
	pairs := []replacement{{old: "user:" + u.Email, new: "user:" + label, raw: true}, {old: u.Email, new: address}, {old: u.Name, new: label}}
	const (
		actor = `UPDATE audit_log SET actor = replace(actor, ?1, ?2), target = replace(target, ?1, ?2),
			before = replace(before, ?1, ?2), after = replace(after, ?1, ?2)
			WHERE instr(actor, ?1) > 0 OR instr(target, ?1) > 0 OR instr(before, ?1) > 0 OR instr(after, ?1) > 0`
		notes = `UPDATE report_events SET note = replace(note, ?1, ?2) WHERE instr(note, ?1) > 0`
		msgs  = `UPDATE notify_messages SET recipient = replace(recipient, ?1, ?2), subject = replace(subject, ?1, ?2),
			body_text = replace(body_text, ?1, ?2), body_html = replace(body_html, ?1, ?2), headers = replace(headers, ?1, ?2),
			payload = replace(payload, ?1, ?2), response_excerpt = replace(response_excerpt, ?1, ?2), last_error = replace(last_error, ?1, ?2)
			WHERE instr(recipient, ?1) > 0 OR instr(subject, ?1) > 0 OR instr(body_text, ?1) > 0 OR instr(body_html, ?1) > 0
			OR instr(headers, ?1) > 0 OR instr(payload, ?1) > 0 OR instr(response_excerpt, ?1) > 0 OR instr(last_error, ?1) > 0`
	)
	for _, p := range pairs {
		for _, f := range p.forms() {
			for _, q := range []string{actor, notes, msgs} {
				if _, err := tx.ExecContext(ctx, q, f[0], f[1]); err != nil {
					return "", fmt.Errorf("db: erase user %d: %w", id, err)
				}
			}
		}
	}
	for _, q := range []string{`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM user_bodies WHERE user_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return "", fmt.Errorf("db: erase user %d: %w", id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE subject IN (?, lower(?))`, u.Email, u.Email); err != nil {
		return "", fmt.Errorf("db: erase user %d: %w", id, err)
	}
	const row = `UPDATE users SET email = ?, name = ?, password_hash = '', disabled_at = COALESCE(disabled_at, ?) WHERE id = ?`
	if _, err := tx.ExecContext(ctx, row, address, label, At(at), id); err != nil {
		return "", fmt.Errorf("db: erase user %d: %w", id, err)
	}
	audit.Action, audit.Target, audit.CreatedAt = "erase_user", "user:"+strconv.FormatInt(id, 10), At(at)
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("db: erase user %d: %w", id, err)
	}
	s.afterWrite(ctx)
	s.Checkpoint(ctx)
	return label, nil
}

// ErasedUserLabel is the neutral name an erased staff account keeps.
func ErasedUserLabel(id int64) string { return "staff #" + strconv.FormatInt(id, 10) }
