package db

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Update is a public history event with the report's status after it.
type Update struct {
	Event
	Status string `db:"status"`
}

// UpdatesQuery selects public events: status changes and public notes (and
// creations when WithCreated is set), of reports that are not hidden.
type UpdatesQuery struct {
	After, Before time.Time // inclusive bounds on the event time
	AfterID       int64     // only events with a larger id
	ReportID      int64
	WithCreated   bool
	// ByTime orders by the event's time, then id. Without it events come
	// in id order, which is the order they were recorded (one writer at a
	// time), so AfterID is a cursor that no later write can slip behind,
	// even one dated in the past.
	ByTime        bool
	Limit, Offset int
}

// Updates returns the events q selects, oldest first.
func (s *Store) Updates(ctx context.Context, q UpdatesQuery) ([]Update, error) {
	where := []string{`e.public = TRUE`, `r.status <> 'hidden'`, `e.id > ?`}
	args := []any{q.AfterID}
	if !q.WithCreated {
		where = append(where, `e.kind <> 'created'`)
	}
	if !q.After.IsZero() {
		where = append(where, `e.created_at >= ?`)
		args = append(args, At(q.After))
	}
	if !q.Before.IsZero() {
		where = append(where, `e.created_at <= ?`)
		args = append(args, At(q.Before))
	}
	if q.ReportID > 0 {
		where = append(where, `e.report_id = ?`)
		args = append(args, q.ReportID)
	}
	order := `e.id`
	if q.ByTime {
		order = `e.created_at, e.id`
	}
	query := `SELECT e.id, e.report_id, e.kind, e.actor, e.from_status, e.to_status, e.note, e.public, e.created_at,
		coalesce((SELECT s.to_status FROM report_events s
			WHERE s.report_id = e.report_id AND s.to_status <> '' AND s.id <= e.id
			ORDER BY s.id DESC LIMIT 1), 'new') AS status
		FROM report_events e JOIN reports r ON r.id = e.report_id
		WHERE ` + strings.Join(where, ` AND `) + ` ORDER BY ` + order
	if q.Limit > 0 {
		query += ` LIMIT ? OFFSET ?`
		args = append(args, q.Limit, q.Offset)
	}
	var out []Update
	if err := s.read.SelectContext(ctx, &out, query, args...); err != nil {
		return nil, fmt.Errorf("db: updates: %w", err)
	}
	return out, nil
}

// LastEventID returns the id of the newest event, or 0.
func (s *Store) LastEventID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.read.GetContext(ctx, &id, `SELECT coalesce(max(id), 0) FROM report_events`); err != nil {
		return 0, fmt.Errorf("db: last event: %w", err)
	}
	return id, nil
}
