package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Webhook is an endpoint that receives signed JSON events: a body's (only
// its reports) or an integration's (every report).
type Webhook struct {
	ID         int64          `db:"id"`
	Name       string         `db:"name"`
	URL        string         `db:"url"`
	Secret     string         `db:"secret"`
	BodyCode   sql.NullString `db:"body_code"`
	Active     bool           `db:"active"`
	CreatedAt  Time           `db:"created_at"`
	DisabledAt Time           `db:"disabled_at"`
}

const webhookColumns = `id, name, url, secret, body_code, active, created_at, disabled_at`

// AddWebhook stores an endpoint, audited in the same transaction (never
// its secret); the caller has checked the URL.
func (s *Store) AddWebhook(ctx context.Context, w Webhook, now time.Time, audit AuditEntry) (Webhook, error) {
	w.Active, w.CreatedAt = true, At(now)
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return w, fmt.Errorf("db: add webhook: %w", err)
	}
	defer tx.Rollback()
	const q = `INSERT INTO webhooks (name, url, secret, body_code, active, created_at) VALUES (?, ?, ?, ?, TRUE, ?) RETURNING id`
	if err := tx.QueryRowxContext(ctx, q, w.Name, w.URL, w.Secret, w.BodyCode, w.CreatedAt).Scan(&w.ID); err != nil {
		return w, fmt.Errorf("db: add webhook: %w", err)
	}
	audit.Action, audit.Target = "webhook.add", fmt.Sprintf("webhook:%d", w.ID)
	audit.After = map[string]any{"name": w.Name, "url": w.URL, "body": w.BodyCode.String}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return w, err
	}
	if err := tx.Commit(); err != nil {
		return w, fmt.Errorf("db: add webhook: %w", err)
	}
	return w, nil
}

// SetWebhookActive enables or disables an endpoint, audited in the same
// transaction. Messages already queued for a disabled endpoint are still
// delivered; new events skip it.
func (s *Store) SetWebhookActive(ctx context.Context, id int64, active bool, now time.Time, audit AuditEntry) error {
	var disabled Time
	if !active {
		disabled = At(now)
	}
	audit.Action, audit.Target, audit.After = "webhook.active", fmt.Sprintf("webhook:%d", id), map[string]any{"active": active}
	return s.auditedExec(ctx, audit, fmt.Sprintf("webhook %d", id), `UPDATE webhooks SET active = ?, disabled_at = ? WHERE id = ?`, active, disabled, id)
}

// Webhooks lists every endpoint.
func (s *Store) Webhooks(ctx context.Context) ([]Webhook, error) {
	var out []Webhook
	if err := s.read.SelectContext(ctx, &out, `SELECT `+webhookColumns+` FROM webhooks ORDER BY id`); err != nil {
		return nil, fmt.Errorf("db: webhooks: %w", err)
	}
	return out, nil
}

// Webhook returns one endpoint, with its secret for signing.
func (s *Store) Webhook(ctx context.Context, id int64) (Webhook, error) {
	var w Webhook
	if err := s.read.GetContext(ctx, &w, `SELECT `+webhookColumns+` FROM webhooks WHERE id = ?`, id); err != nil {
		return w, fmt.Errorf("db: webhook %d: %w", id, notFound(err))
	}
	return w, nil
}

// BodyContact is where a body's emails go.
type BodyContact struct {
	Code  string `db:"code"`
	Name  string `db:"name_en"`
	Email string `db:"email"`
	Langs string `db:"notify_langs"`
}

// BodyContacts lists every body's address and email languages.
func (s *Store) BodyContacts(ctx context.Context) ([]BodyContact, error) {
	var out []BodyContact
	if err := s.read.SelectContext(ctx, &out, `SELECT code, name_en, email, notify_langs FROM bodies ORDER BY kind DESC, name_en`); err != nil {
		return nil, fmt.Errorf("db: body contacts: %w", err)
	}
	return out, nil
}

// SetBodyContact sets the address a body's new reports are sent to, and
// the languages of those emails (comma-separated; empty: the default),
// audited in the same transaction.
func (s *Store) SetBodyContact(ctx context.Context, code, email, langs string, audit AuditEntry) error {
	audit.Action, audit.Target = "body.contact", "body:"+code
	audit.After = map[string]any{"email": email, "langs": langs}
	err := s.auditedExec(ctx, audit, "body "+code, `UPDATE bodies SET email = ?, notify_langs = ? WHERE code = ?`, email, langs, code)
	if err != nil {
		return err
	}
	// Routing and the admin pages read bodies from the catalog, which the
	// feed reloads.
	s.afterWrite(ctx)
	return nil
}
