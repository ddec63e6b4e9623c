package db

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// ReporterTokenHash returns the stored hash of a report's secret token, for
// the manage link to be checked against. Hidden reports are not found.
func (s *Store) ReporterTokenHash(ctx context.Context, reportID int64) (string, error) {
	const q = `SELECT p.token_hash FROM reporters p JOIN reports r ON r.id = p.report_id
		WHERE p.report_id = ? AND r.status <> 'hidden'`
	var h string
	if err := s.read.GetContext(ctx, &h, q, reportID); err != nil {
		return "", fmt.Errorf("db: reporter of report %d: %w", reportID, notFound(err))
	}
	return h, nil
}

// EraseReporter blanks the reporter's name, email and phone, and the name
// shown on the report, and deletes the originals of redacted photos,
// keeping the token so the link still manages the report. Erasing twice
// keeps the first time.
func (s *Store) EraseReporter(ctx context.Context, reportID int64, at time.Time) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	defer tx.Rollback()
	var old Reporter
	if err := tx.GetContext(ctx, &old, `SELECT report_id, token_hash, name, email, phone, erased_at FROM reporters WHERE report_id = ?`, reportID); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, notFound(err))
	}
	if err := scrubMessages(ctx, tx, old); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	const rep = `UPDATE reporters SET name = '', email = '', phone = '', erased_at = COALESCE(erased_at, ?) WHERE report_id = ?`
	res, err := tx.ExecContext(ctx, rep, At(at), reportID)
	if err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE reports SET public_name = '' WHERE id = ?`, reportID); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	if err := erasePhotoOriginals(ctx, tx, reportID); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	s.afterWrite(ctx)
	return nil
}

// Reporter returns the private side of a report, for the reporter's own
// export and for staff; never for a public serializer.
func (s *Store) Reporter(ctx context.Context, reportID int64) (Reporter, error) {
	var r Reporter
	const q = `SELECT report_id, token_hash, name, email, phone, erased_at FROM reporters WHERE report_id = ?`
	if err := s.read.GetContext(ctx, &r, q, reportID); err != nil {
		return r, fmt.Errorf("db: reporter of report %d: %w", reportID, notFound(err))
	}
	return r, nil
}

// scrubMessages removes an erased reporter from the notification messages
// of their report: those addressed to them go, and their name, email and
// phone are blanked out of the others (a body's copy with their contact),
// sent or waiting, so that erasure reaches every copy the service keeps.
func scrubMessages(ctx context.Context, tx *sqlx.Tx, r Reporter) error {
	if r.Email != "" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM notify_messages WHERE report_id = ? AND recipient = ?`, r.ReportID, r.Email); err != nil {
			return err
		}
	}
	for _, v := range []string{r.Email, r.Phone, r.Name} {
		if len(strings.TrimSpace(v)) < 3 { // too short to replace safely
			continue
		}
		// As written in text, and as html/template escapes it in HTML.
		esc := html.EscapeString(v)
		for _, form := range []string{v, esc, strings.ReplaceAll(esc, "+", "&#43;")} {
			const q = `UPDATE notify_messages SET subject = replace(subject, ?1, '[…]'), body_text = replace(body_text, ?1, '[…]'),
				body_html = replace(body_html, ?1, '[…]'), headers = replace(headers, ?1, '[…]') WHERE report_id = ?2`
			if _, err := tx.ExecContext(ctx, q, form, r.ReportID); err != nil {
				return err
			}
		}
	}
	return nil
}
