package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"streetfix/report"
)

// ResponseTemplate is a public note staff start from, for a status and
// optionally one category, in the three languages.
type ResponseTemplate struct {
	ID        int64  `db:"id"`
	Status    string `db:"status"`
	Category  string `db:"category"`  // empty: every category
	Body      string `db:"body_code"` // empty: shared by every body (admins edit it)
	Name      string `db:"name"`
	TextEN    string `db:"text_en"`
	TextFR    string `db:"text_fr"`
	TextNL    string `db:"text_nl"`
	UpdatedAt Time   `db:"updated_at"`
}

// Text returns the template in lang, falling back to another language.
func (t ResponseTemplate) Text(lang string) string {
	for _, s := range []string{map[string]string{"en": t.TextEN, "fr": t.TextFR, "nl": t.TextNL}[lang], t.TextFR, t.TextNL, t.TextEN} {
		if s != "" {
			return s
		}
	}
	return ""
}

func (s *Store) checkTemplate(t *ResponseTemplate) error {
	t.Name = strings.TrimSpace(t.Name)
	switch {
	case t.Name == "":
		return refuse("refusal.template_name", "a template needs a name")
	case !report.IsStatus(t.Status) || t.Status == report.StatusHidden:
		return invalid("status %q is not a visible status", t.Status)
	case strings.TrimSpace(t.TextEN+t.TextFR+t.TextNL) == "":
		return refuse("refusal.template_text", "a template needs a text in at least one language")
	}
	if t.Body != "" {
		if _, ok := s.Catalog().Body(t.Body); !ok {
			return invalid("no body %q", t.Body)
		}
	}
	if t.Category != "" {
		if _, ok := s.Catalog().Category(t.Category); !ok {
			return invalid("no category %q", t.Category)
		}
	}
	for _, p := range []*string{&t.TextEN, &t.TextFR, &t.TextNL} {
		if len(*p) > 4000 {
			return refuse("refusal.text.too_long", "a template's text is at most 4000 bytes")
		}
	}
	return nil
}

// Templates lists response templates; with status set, those for it and,
// with category set, those for that category or every category.
func (s *Store) Templates(ctx context.Context, status, category string) ([]ResponseTemplate, error) {
	q := `SELECT id, status, category, name, text_en, text_fr, text_nl, updated_at, body_code FROM response_templates`
	var args []any
	if status != "" {
		q += ` WHERE status = ? AND (category = '' OR category = ?)`
		args = append(args, status, category)
	}
	q += ` ORDER BY status, category, name`
	var out []ResponseTemplate
	if err := s.read.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, fmt.Errorf("db: templates: %w", err)
	}
	return out, nil
}

// Template returns one response template.
func (s *Store) Template(ctx context.Context, id int64) (ResponseTemplate, error) {
	var t ResponseTemplate
	err := s.read.GetContext(ctx, &t, `SELECT id, status, category, name, text_en, text_fr, text_nl, updated_at, body_code FROM response_templates WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// SaveTemplate creates (ID 0) or updates a template.
func (s *Store) SaveTemplate(ctx context.Context, t ResponseTemplate, audit AuditEntry) (ResponseTemplate, error) {
	if err := s.checkTemplate(&t); err != nil {
		return t, err
	}
	t.UpdatedAt = At(s.now())
	return t, s.auditTx(ctx, audit, func(tx *sqlx.Tx, a *AuditEntry) error {
		if t.ID == 0 {
			a.Action = "create_template"
			const q = `INSERT INTO response_templates (status, category, name, text_en, text_fr, text_nl, updated_at, body_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
			if err := tx.QueryRowxContext(ctx, q, t.Status, t.Category, t.Name, t.TextEN, t.TextFR, t.TextNL, t.UpdatedAt, t.Body).Scan(&t.ID); err != nil {
				return err
			}
		} else {
			a.Action = "update_template"
			var before ResponseTemplate
			if err := tx.GetContext(ctx, &before, `SELECT id, status, category, name, text_en, text_fr, text_nl, updated_at, body_code FROM response_templates WHERE id = ?`, t.ID); err != nil {
				return notFound(err)
			}
			a.Before = before
			const q = `UPDATE response_templates SET status = ?, category = ?, name = ?, text_en = ?, text_fr = ?, text_nl = ?, updated_at = ?, body_code = ? WHERE id = ?`
			if _, err := tx.ExecContext(ctx, q, t.Status, t.Category, t.Name, t.TextEN, t.TextFR, t.TextNL, t.UpdatedAt, t.Body, t.ID); err != nil {
				return err
			}
		}
		a.Target, a.After = fmt.Sprintf("template:%d", t.ID), t
		return nil
	})
}

// DeleteTemplate removes a template.
func (s *Store) DeleteTemplate(ctx context.Context, id int64, audit AuditEntry) error {
	audit.Action, audit.Target = "delete_template", fmt.Sprintf("template:%d", id)
	return s.auditTx(ctx, audit, func(tx *sqlx.Tx, a *AuditEntry) error {
		var before ResponseTemplate
		if err := tx.GetContext(ctx, &before, `SELECT id, status, category, name, text_en, text_fr, text_nl, updated_at, body_code FROM response_templates WHERE id = ?`, id); err != nil {
			return notFound(err)
		}
		a.Before = before
		_, err := tx.ExecContext(ctx, `DELETE FROM response_templates WHERE id = ?`, id)
		return err
	})
}

// auditTx runs fn and writes the audit entry it completes, in one transaction.
func (s *Store) auditTx(ctx context.Context, audit AuditEntry, fn func(tx *sqlx.Tx, a *AuditEntry) error) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: %s: %w", audit.Action, err)
	}
	defer tx.Rollback()
	if err := fn(tx, &audit); err != nil {
		if errors.Is(err, ErrInvalid) || errors.Is(err, ErrNotFound) {
			return err
		}
		return fmt.Errorf("db: %s: %w", audit.Action, err)
	}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return err
	}
	return tx.Commit()
}
