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
	// Merged are the followers of a duplicate whom its merge moved to the
	// kept report: they still get the merge's "duplicate" status change.
	Merged   []Subscription
	Alerts   []Subscription
	Webhooks []Webhook
}

// FanoutFunc turns an outbox item into messages.
type FanoutFunc func(it *OutboxItem) ([]NewMessage, error)

// Fanout takes up to limit outbox rows, oldest first, and replaces them
// with the messages fn makes. Everything is read and rendered before the
// write transaction, which only deletes the rows and inserts the messages:
// report creation shares the one writer and must not wait on fan-outs.
// A row's messages are inserted only if this call deleted the row, so two
// workers never fan out one row twice. It returns how many rows it read;
// rows whose fn failed stay queued and their errors are returned.
func (s *Store) Fanout(ctx context.Context, limit int, fn FanoutFunc) (int, error) {
	var items []OutboxItem
	const q = `SELECT id, kind, report_id, event_id FROM notify_outbox ORDER BY id LIMIT ?`
	rows, err := s.read.QueryxContext(ctx, q, limit)
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
	if len(items) == 0 {
		return 0, nil
	}
	skip, err := s.loadOutbox(ctx, items)
	if err != nil {
		return 0, fmt.Errorf("db: fan-out: %w", err)
	}
	msgs := make(map[int64][]NewMessage, len(items))
	ids := make([]any, 0, len(items))
	var failed []error
	for i := range items {
		it := &items[i]
		if !skip[it.ID] {
			m, err := fn(it)
			if err != nil {
				// Left in the outbox for the next run; the others go on.
				failed = append(failed, fmt.Errorf("db: fan-out of outbox row %d: %w", it.ID, err))
				continue
			}
			msgs[it.ID] = m
		}
		ids = append(ids, it.ID)
	}
	if len(ids) == 0 {
		return 0, errors.Join(failed...)
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return 0, fmt.Errorf("db: fan-out: %w", err)
	}
	defer tx.Rollback()
	var claimed []int64
	del := `DELETE FROM notify_outbox WHERE id IN (` + inClause(len(ids)) + `) RETURNING id`
	if err := tx.SelectContext(ctx, &claimed, del, ids...); err != nil {
		return 0, fmt.Errorf("db: fan-out: %w", err)
	}
	for _, id := range claimed {
		for j := range msgs[id] {
			if _, err := insertMessage(ctx, tx, &msgs[id][j]); err != nil {
				return 0, fmt.Errorf("db: fan-out of outbox row %d: %w", id, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("db: fan-out: %w", err)
	}
	return len(items), errors.Join(failed...)
}

// fanoutContext is what every item of a batch shares.
type fanoutContext struct {
	bodies   map[string]bodyRow
	webhooks []Webhook
	alerts   bool // whether any immediate area or radius alert is active
}

type bodyRow struct {
	Body
	Langs string
}

// loadOutbox fills items with what their fan-out needs, in a handful of
// queries per batch, and says which to skip: those whose report is hidden
// or gone (the public must not hear of them).
func (s *Store) loadOutbox(ctx context.Context, items []OutboxItem) (map[int64]bool, error) {
	fc := fanoutContext{bodies: map[string]bodyRow{}}
	var bodies []struct {
		Body
		Langs string `db:"notify_langs"`
	}
	const qb = `SELECT code, kind, owner, area_code, name_en AS "name.en", name_fr AS "name.fr", name_nl AS "name.nl",
		email, notify_langs FROM bodies`
	if err := s.read.SelectContext(ctx, &bodies, qb); err != nil {
		return nil, fmt.Errorf("bodies: %w", err)
	}
	for _, b := range bodies {
		fc.bodies[b.Code] = bodyRow{Body: b.Body, Langs: b.Langs}
	}
	const qw = `SELECT ` + webhookColumns + ` FROM webhooks WHERE active = TRUE ORDER BY id`
	if err := s.read.SelectContext(ctx, &fc.webhooks, qw); err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	const qa = `SELECT EXISTS (SELECT 1 FROM subscriptions WHERE kind IN ('area', 'radius') AND status = 'active' AND frequency = 'immediate')`
	if err := s.read.GetContext(ctx, &fc.alerts, qa); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	reportIDs := make([]any, len(items))
	for i, it := range items {
		reportIDs[i] = it.ReportID
	}
	var reports []Report
	qr := `SELECT ` + reportColumns + ` FROM reports WHERE id IN (` + inClause(len(reportIDs)) + `)`
	if err := s.read.SelectContext(ctx, &reports, qr, reportIDs...); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	byID := make(map[int64]Report, len(reports))
	for _, r := range reports {
		byID[r.ID] = r
	}
	reporters, err := s.outboxReporters(ctx, reportIDs)
	if err != nil {
		return nil, fmt.Errorf("reporters: %w", err)
	}
	skip := map[int64]bool{}
	var need []*OutboxItem
	for i := range items {
		it := &items[i]
		r, ok := byID[it.ReportID]
		if !ok || r.Status == report.StatusHidden {
			skip[it.ID] = true
			continue
		}
		it.Report = r
		if fc.prepare(it, reporters) {
			need = append(need, it)
		}
	}
	if err := s.outboxEvents(ctx, need); err != nil {
		return nil, err
	}
	for _, it := range need {
		if err := s.loadOutboxItem(ctx, it, &fc); err != nil {
			return nil, fmt.Errorf("outbox row %d: %w", it.ID, err)
		}
	}
	return skip, nil
}

// prepare gives it its body, webhooks and reporter, and says whether its
// fan-out needs more: a creation nobody listens to (no body address, no
// webhook, no alert, no reporter's address) needs nothing else.
func (fc *fanoutContext) prepare(it *OutboxItem, reporters map[int64]Reporter) bool {
	b := fc.bodies[it.Report.BodyCode]
	it.Body, it.BodyLangs = b.Body, b.Langs
	for _, w := range fc.webhooks {
		if !w.BodyCode.Valid || w.BodyCode.String == it.Report.BodyCode {
			it.Webhooks = append(it.Webhooks, w)
		}
	}
	rep, ok := reporters[it.ReportID]
	mailed := ok && rep.Email != ""
	created := it.Kind == OutboxCreated
	if created && b.Email == "" && len(it.Webhooks) == 0 && !fc.alerts && !mailed {
		return false
	}
	if !created || b.Email != "" || mailed {
		it.Reporter = rep
	}
	return true
}

// outboxReporters reads the reporters of the reports ids, in one query.
func (s *Store) outboxReporters(ctx context.Context, ids []any) (map[int64]Reporter, error) {
	var reps []Reporter
	q := `SELECT report_id, token_hash, name, email, phone, erased_at, contact_consent, notify_off FROM reporters
		WHERE report_id IN (` + inClause(len(ids)) + `)`
	if err := s.read.SelectContext(ctx, &reps, q, ids...); err != nil {
		return nil, err
	}
	out := make(map[int64]Reporter, len(reps))
	for _, r := range reps {
		out[r.ReportID] = r
	}
	return out, nil
}

// outboxEvents reads the events of items, in two queries for a batch: a
// status change or note names its event; a creation's is its report's
// first "created" event.
func (s *Store) outboxEvents(ctx context.Context, items []*OutboxItem) error {
	const ev = `SELECT id, report_id, kind, actor, from_status, to_status, note, public, created_at FROM report_events`
	var named, created []any
	for _, it := range items {
		if it.EventID.Valid {
			named = append(named, it.EventID.Int64)
		} else {
			created = append(created, it.ReportID)
		}
	}
	byID, firstCreated := map[int64]Event{}, map[int64]Event{}
	if len(named) > 0 {
		var evs []Event
		if err := s.read.SelectContext(ctx, &evs, ev+` WHERE id IN (`+inClause(len(named))+`)`, named...); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		for _, e := range evs {
			byID[e.ID] = e
		}
	}
	if len(created) > 0 {
		var evs []Event
		q := ev + ` WHERE kind = 'created' AND report_id IN (` + inClause(len(created)) + `) ORDER BY id`
		if err := s.read.SelectContext(ctx, &evs, q, created...); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		for _, e := range evs {
			if _, ok := firstCreated[e.ReportID]; !ok {
				firstCreated[e.ReportID] = e
			}
		}
	}
	for _, it := range items {
		var ok bool
		if it.EventID.Valid {
			it.Event, ok = byID[it.EventID.Int64]
		} else {
			it.Event, ok = firstCreated[it.ReportID]
		}
		if !ok {
			return fmt.Errorf("outbox row %d: event: %w", it.ID, ErrNotFound)
		}
	}
	return nil
}

// loadOutboxItem reads the rest of one item that needs it (prepare): who
// follows the report, and the area alerts around it.
func (s *Store) loadOutboxItem(ctx context.Context, it *OutboxItem, fc *fanoutContext) error {
	if it.Kind != OutboxCreated {
		const fol = `SELECT ` + subscriptionColumns + ` FROM subscriptions
			WHERE report_id = ? AND kind = 'report' AND status = 'active' AND frequency = 'immediate' ORDER BY id`
		if err := s.read.SelectContext(ctx, &it.Followers, fol, it.ReportID); err != nil {
			return fmt.Errorf("followers: %w", err)
		}
		if it.Event.ToStatus == report.StatusDuplicate {
			const merged = `SELECT ` + subscriptionColumns + ` FROM subscriptions
				WHERE id IN (SELECT subscription_id FROM merge_followers WHERE event_id = ?)
				AND status = 'active' AND frequency = 'immediate' ORDER BY id`
			if err := s.read.SelectContext(ctx, &it.Merged, merged, it.Event.ID); err != nil {
				return fmt.Errorf("merged followers: %w", err)
			}
		}
	}
	if fc.alerts && it.Kind != OutboxNote {
		// Area alerts are about new reports and status changes; notes are
		// for the people who follow the report itself.
		const alerts = `SELECT ` + subscriptionColumns + ` FROM subscriptions
			WHERE status = 'active' AND frequency = 'immediate' AND (
				(kind = 'area' AND area_code = ?) OR
				(kind = 'radius' AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)) ORDER BY id`
		r := it.Report
		dLat, dLon := radiusDegrees(r.Lat)
		if err := s.read.SelectContext(ctx, &it.Alerts, alerts, r.AreaCode, r.Lat-dLat, r.Lat+dLat, r.Lon-dLon, r.Lon+dLon); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
	}
	return nil
}

// OutboxLength returns how many events wait for their fan-out.
func (s *Store) OutboxLength(ctx context.Context) (int, error) {
	var n int
	if err := s.read.GetContext(ctx, &n, `SELECT count(*) FROM notify_outbox`); err != nil {
		return 0, fmt.Errorf("db: outbox: %w", err)
	}
	return n, nil
}
