package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Message channels and states.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"

	MessagePending   = "pending"
	MessageDelivered = "delivered"
	MessageLogged    = "logged"    // no SMTP server configured: kept for /staff/notify instead of sent
	MessageDead      = "dead"      // gave up after the last attempt; an admin may retry
	MessageCancelled = "cancelled" // its report was hidden before it went out
)

// NewMessage is a rendered email or webhook call to queue.
type NewMessage struct {
	Channel        string
	Event          string
	ReportID       int64 // 0: none
	SubscriptionID int64 // 0: none
	WebhookID      int64 // 0: none
	Recipient      string
	Lang           string
	Subject        string
	Text, HTML     string
	Headers        string // JSON object of extra headers
	Payload        string
	At             time.Time // when it was queued and first due
	// About is, for a digest, the reports it quotes with the title it
	// quoted: moderation and erasure rewrite it with their other messages.
	About map[int64]string
}

// Message is a stored message.
type Message struct {
	ID             int64          `db:"id"`
	Channel        string         `db:"channel"`
	Event          string         `db:"event"`
	ReportID       sql.NullInt64  `db:"report_id"`
	SubscriptionID sql.NullInt64  `db:"subscription_id"`
	WebhookID      sql.NullInt64  `db:"webhook_id"`
	Recipient      string         `db:"recipient"`
	Lang           string         `db:"lang"`
	Subject        string         `db:"subject"`
	Text           string         `db:"body_text"`
	HTML           string         `db:"body_html"`
	Headers        string         `db:"headers"`
	Payload        string         `db:"payload"`
	Status         string         `db:"status"`
	Attempts       int            `db:"attempts"`
	NextAt         Time           `db:"next_at"`
	LeaseOwner     sql.NullString `db:"lease_owner"`
	LeaseUntil     Time           `db:"lease_until"`
	LastError      string         `db:"last_error"`
	ResponseStatus sql.NullInt64  `db:"response_status"`
	ResponseMS     sql.NullInt64  `db:"response_ms"` // how long a webhook call took
	CreatedAt      Time           `db:"created_at"`
	DeliveredAt    Time           `db:"delivered_at"`
}

const messageColumns = `id, channel, event, report_id, subscription_id, webhook_id, recipient, lang, subject,
	body_text, body_html, headers, payload, status, attempts, next_at, lease_owner, lease_until, last_error,
	response_status, response_ms, created_at, delivered_at`

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id > 0} }

func insertMessage(ctx context.Context, tx *sqlx.Tx, m *NewMessage) (int64, error) {
	const q = `INSERT INTO notify_messages (channel, event, report_id, subscription_id, webhook_id, recipient, lang,
		subject, body_text, body_html, headers, payload, status, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id`
	if m.Headers == "" {
		m.Headers = "{}"
	}
	at := At(m.At)
	var id int64
	err := tx.QueryRowxContext(ctx, q, m.Channel, m.Event, nullID(m.ReportID), nullID(m.SubscriptionID), nullID(m.WebhookID),
		m.Recipient, m.Lang, m.Subject, m.Text, m.HTML, m.Headers, m.Payload, at, at).Scan(&id)
	if err != nil {
		return 0, err
	}
	for rid := range m.About {
		if _, err := tx.ExecContext(ctx, `INSERT INTO message_reports (message_id, report_id) VALUES (?, ?)`, id, rid); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// ClaimMessages leases up to limit due messages to owner until now+lease
// and counts the attempt. A row is due when it is pending, its time has
// come and no live lease holds it; a worker that died mid-delivery loses
// its lease when it expires, so the row is sent by someone else.
func (s *Store) ClaimMessages(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]Message, error) {
	const q = `UPDATE notify_messages SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM notify_messages
			WHERE status = 'pending' AND next_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
			ORDER BY next_at, id LIMIT ?)
		RETURNING ` + messageColumns
	var out []Message
	n := At(now)
	// Ask a reader first: most of the time nothing is due, and the claim
	// would take the one write connection that report intake lives on.
	var due bool
	const dueQ = `SELECT EXISTS (SELECT 1 FROM notify_messages
		WHERE status = 'pending' AND next_at <= ? AND (lease_until IS NULL OR lease_until <= ?))`
	if err := s.read.GetContext(ctx, &due, dueQ, n, n); err != nil {
		return nil, fmt.Errorf("db: claim messages: %w", err)
	}
	if !due {
		return nil, nil
	}
	claim := q
	if s.dialect == postgresDialect {
		claim = pgClaimSQL
	}
	if err := s.writeSelect(ctx, &out, claim, owner, At(now.Add(lease)), n, n, limit); err != nil {
		return nil, fmt.Errorf("db: claim messages: %w", err)
	}
	return out, nil
}

// Outcome is what one delivery attempt came to.
type Outcome struct {
	Status         string    // MessageDelivered, MessageLogged, MessageDead, or MessagePending to retry
	NextAt         time.Time // when to retry, for MessagePending
	Error          string
	ResponseStatus int           // a webhook's HTTP status; 0: none
	Took           time.Duration // how long a webhook call took; its answer's body is not kept
	At             time.Time
}

// FinishMessage records the outcome of an attempt, if owner still holds the
// lease; it reports false when the lease was lost (another worker took the
// row after it expired), in which case nothing is written.
func (s *Store) FinishMessage(ctx context.Context, id int64, owner string, o Outcome) (bool, error) {
	var delivered Time
	if o.Status == MessageDelivered || o.Status == MessageLogged {
		delivered = At(o.At)
	}
	var status sql.NullInt64
	if o.ResponseStatus > 0 {
		status = sql.NullInt64{Int64: int64(o.ResponseStatus), Valid: true}
	}
	var took sql.NullInt64
	if o.ResponseStatus > 0 || o.Took > 0 {
		took = sql.NullInt64{Int64: o.Took.Milliseconds(), Valid: true}
	}
	next := At(o.NextAt)
	if o.NextAt.IsZero() {
		next = At(o.At)
	}
	const q = `UPDATE notify_messages SET status = ?, next_at = ?, lease_owner = NULL, lease_until = NULL,
		last_error = ?, response_status = ?, response_ms = ?, delivered_at = ?
		WHERE id = ? AND lease_owner = ? AND status = 'pending'`
	// Not waiting for the disk: see lazyExec.
	res, err := s.lazyExec(ctx, q, o.Status, next, clipText(o.Error, 500), status, took, delivered, id, owner)
	if err != nil {
		return false, fmt.Errorf("db: finish message %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RetryMessage puts a dead message back in the queue with its attempts
// reset, audited in the same transaction; only dead messages can be retried.
func (s *Store) RetryMessage(ctx context.Context, id int64, now time.Time, audit AuditEntry) error {
	const q = `UPDATE notify_messages SET status = 'pending', attempts = 0, next_at = ?, lease_owner = NULL,
		lease_until = NULL WHERE id = ? AND status = 'dead'`
	audit.Action, audit.Target = "notify.retry", fmt.Sprintf("message:%d", id)
	return s.auditedExec(ctx, audit, fmt.Sprintf("retry message %d", id), q, At(now), id)
}

// auditedExec runs one statement that must change a row, with its audit
// entry, in one transaction; no row changed is ErrNotFound.
func (s *Store) auditedExec(ctx context.Context, audit AuditEntry, what, q string, args ...any) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: %s: %w", what, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("db: %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("db: %s: %w", what, ErrNotFound)
	}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: %s: %w", what, err)
	}
	return nil
}

// MessageQuery selects messages for the admin pages, newest first.
type MessageQuery struct {
	Channel   string
	Status    string
	WebhookID int64
	Limit     int
}

// Messages lists messages.
func (s *Store) Messages(ctx context.Context, q MessageQuery) ([]Message, error) {
	var where []string
	var args []any
	if q.Channel != "" {
		where, args = append(where, `channel = ?`), append(args, q.Channel)
	}
	if q.Status != "" {
		where, args = append(where, `status = ?`), append(args, q.Status)
	}
	if q.WebhookID > 0 {
		where, args = append(where, `webhook_id = ?`), append(args, q.WebhookID)
	}
	query := `SELECT ` + messageColumns + ` FROM notify_messages`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	query += ` ORDER BY id DESC LIMIT ?`
	args = append(args, q.Limit)
	var out []Message
	if err := s.read.SelectContext(ctx, &out, query, args...); err != nil {
		return nil, fmt.Errorf("db: messages: %w", err)
	}
	return out, nil
}

// Message returns one message.
func (s *Store) Message(ctx context.Context, id int64) (Message, error) {
	var m Message
	if err := s.read.GetContext(ctx, &m, `SELECT `+messageColumns+` FROM notify_messages WHERE id = ?`, id); err != nil {
		return m, fmt.Errorf("db: message %d: %w", id, notFound(err))
	}
	return m, nil
}

// MessageStates are the states a message can be in.
var MessageStates = []string{MessagePending, MessageLogged, MessageDelivered, MessageDead, MessageCancelled}

// MessageCounts returns how many messages are in each state.
func (s *Store) MessageCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.read.SelectContext(ctx, &rows, `SELECT status, count(*) AS n FROM notify_messages GROUP BY status`); err != nil {
		return nil, fmt.Errorf("db: message counts: %w", err)
	}
	out := make(map[string]int, len(MessageStates))
	for _, st := range MessageStates {
		out[st] = 0
	}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// PurgeMessages forgets messages done with (delivered, logged, dead or
// cancelled) older than maxAge: they hold addresses and, for bodies,
// reporters' contacts. The retention job (Retention) does the same daily.
func (s *Store) PurgeMessages(ctx context.Context, now time.Time, maxAge time.Duration) (int64, error) {
	const q = `DELETE FROM notify_messages WHERE status IN ('delivered', 'logged', 'dead', 'cancelled') AND created_at < ?`
	res, err := s.writeExec(ctx, q, At(now.Add(-maxAge)))
	if err != nil {
		return 0, fmt.Errorf("db: purge messages: %w", err)
	}
	return res.RowsAffected()
}

// clipText cuts s to at most n bytes, dropping a rune cut in half.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
