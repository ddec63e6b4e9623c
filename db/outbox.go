package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"streetfix/report"
)

// Outbox kinds: the events that notify someone, named as webhooks name them.
const (
	OutboxCreated = "report.created"
	OutboxStatus  = "report.status_changed"
	OutboxNote    = "report.note_added"
)

const insertOutboxSQL = `INSERT INTO notify_outbox (kind, report_id, event_id, created_at) VALUES (?, ?, ?, ?)`

// queueEvent writes the outbox row of a public status change or note in
// the event's transaction; private notes notify nobody.
func queueEvent(ctx context.Context, tx *sqlx.Tx, ev *Event) error {
	if !ev.Public {
		return nil
	}
	kind := OutboxNote
	if ev.Kind == EventStatus {
		kind = OutboxStatus
	}
	_, err := tx.ExecContext(ctx, insertOutboxSQL, kind, ev.ReportID, ev.ID, ev.CreatedAt)
	return err
}

// OutboxItem is one queued event with everything its fan-out needs, read
// in the fan-out's transaction.
type OutboxItem struct {
	ID       int64  `db:"id"`
	Kind     string `db:"kind"`
	ReportID int64  `db:"report_id"`
	EventID  sql.NullInt64
	Report   Report
	Event    Event
	Reporter Reporter
	Body     Body
	// BodyLangs is the body's notify_langs column (empty: the default).
	BodyLangs string
	// Followers are the active subscriptions to this report that want each
	// event as it happens; Alerts the immediate area and radius alerts whose
	// area holds the report (radius and themes are checked by the caller).
	Followers []Subscription
	Alerts    []Subscription
	Webhooks  []Webhook
}

// FanoutFunc turns an outbox item into messages. It runs inside the
// fan-out transaction and must not block on the network.
type FanoutFunc func(it *OutboxItem) ([]NewMessage, error)

// Fanout takes up to limit outbox rows, oldest first, and in one
// transaction replaces them with the messages fn makes. Two workers never
// fan out one row twice: the transaction holds SQLite's write lock (on
// PostgreSQL the SELECT would take FOR UPDATE SKIP LOCKED). It returns how
// many rows it handled.
func (s *Store) Fanout(ctx context.Context, limit int, fn FanoutFunc) (int, error) {
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("db: fan-out: %w", err)
	}
	defer tx.Rollback()
	var items []OutboxItem
	const q = `SELECT id, kind, report_id, event_id FROM notify_outbox ORDER BY id LIMIT ?`
	rows, err := tx.QueryxContext(ctx, q, limit)
	if err != nil {
		return 0, fmt.Errorf("db: fan-out: %w", err)
	}
	for rows.Next() {
		var it OutboxItem
		if err := rows.Scan(&it.ID, &it.Kind, &it.ReportID, &it.EventID); err != nil {
			rows.Close()
			return 0, fmt.Errorf("db: fan-out: %w", err)
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("db: fan-out: %w", err)
	}
	for i := range items {
		it := &items[i]
		skip, err := loadOutboxItem(ctx, tx, it)
		if err != nil {
			return 0, fmt.Errorf("db: fan-out of outbox row %d: %w", it.ID, err)
		}
		if !skip {
			msgs, err := fn(it)
			if err != nil {
				return 0, fmt.Errorf("db: fan-out of outbox row %d: %w", it.ID, err)
			}
			for j := range msgs {
				if _, err := insertMessage(ctx, tx, &msgs[j]); err != nil {
					return 0, fmt.Errorf("db: fan-out of outbox row %d: %w", it.ID, err)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notify_outbox WHERE id = ?`, it.ID); err != nil {
			return 0, fmt.Errorf("db: fan-out of outbox row %d: %w", it.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("db: fan-out: %w", err)
	}
	return len(items), nil
}

// loadOutboxItem reads what a fan-out needs. It says to skip items whose
// report is hidden (or gone): the public must not hear of them.
func loadOutboxItem(ctx context.Context, tx *sqlx.Tx, it *OutboxItem) (skip bool, err error) {
	err = tx.GetContext(ctx, &it.Report, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, it.ReportID)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if it.Report.Status == report.StatusHidden {
		return true, nil
	}
	const ev = `SELECT id, report_id, kind, actor, from_status, to_status, note, public, created_at FROM report_events`
	if it.EventID.Valid {
		err = tx.GetContext(ctx, &it.Event, ev+` WHERE id = ?`, it.EventID.Int64)
	} else {
		err = tx.GetContext(ctx, &it.Event, ev+` WHERE report_id = ? AND kind = 'created' ORDER BY id LIMIT 1`, it.ReportID)
	}
	if err != nil {
		return false, fmt.Errorf("event: %w", notFound(err))
	}
	const rep = `SELECT report_id, name, email, phone, erased_at, contact_consent, notify_off FROM reporters WHERE report_id = ?`
	if err := tx.GetContext(ctx, &it.Reporter, rep, it.ReportID); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("reporter: %w", err)
	}
	const body = `SELECT code, kind, owner, area_code, name_en AS "name.en", name_fr AS "name.fr", name_nl AS "name.nl",
		email, notify_langs FROM bodies WHERE code = ?`
	row := tx.QueryRowxContext(ctx, body, it.Report.BodyCode)
	b := &it.Body
	if err := row.Scan(&b.Code, &b.Kind, &b.Owner, &b.AreaCode, &b.Name.EN, &b.Name.FR, &b.Name.NL, &b.Email, &it.BodyLangs); err != nil {
		return false, fmt.Errorf("body %s: %w", it.Report.BodyCode, err)
	}
	if it.Kind != OutboxCreated {
		const fol = `SELECT ` + subscriptionColumns + ` FROM subscriptions
			WHERE report_id = ? AND kind = 'report' AND status = 'active' AND frequency = 'immediate' ORDER BY id`
		if err := tx.SelectContext(ctx, &it.Followers, fol, it.ReportID); err != nil {
			return false, fmt.Errorf("followers: %w", err)
		}
	}
	if it.Kind != OutboxNote {
		// Area alerts are about new reports and status changes; notes are
		// for the people who follow the report itself.
		const alerts = `SELECT ` + subscriptionColumns + ` FROM subscriptions
			WHERE status = 'active' AND frequency = 'immediate' AND (
				(kind = 'area' AND area_code = ?) OR
				(kind = 'radius' AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)) ORDER BY id`
		r := it.Report
		// A degree of latitude is 111 km; radii are capped at MaxAlertRadius.
		dLat, dLon := radiusDegrees(r.Lat)
		if err := tx.SelectContext(ctx, &it.Alerts, alerts, r.AreaCode, r.Lat-dLat, r.Lat+dLat, r.Lon-dLon, r.Lon+dLon); err != nil {
			return false, fmt.Errorf("alerts: %w", err)
		}
	}
	const hooks = `SELECT ` + webhookColumns + ` FROM webhooks WHERE active = 1 AND (body_code IS NULL OR body_code = ?) ORDER BY id`
	if err := tx.SelectContext(ctx, &it.Webhooks, hooks, it.Report.BodyCode); err != nil {
		return false, fmt.Errorf("webhooks: %w", err)
	}
	return false, nil
}

// OutboxLength returns how many events wait for their fan-out.
func (s *Store) OutboxLength(ctx context.Context) (int, error) {
	var n int
	if err := s.read.GetContext(ctx, &n, `SELECT count(*) FROM notify_outbox`); err != nil {
		return 0, fmt.Errorf("db: outbox: %w", err)
	}
	return n, nil
}
