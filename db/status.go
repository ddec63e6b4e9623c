package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"streetfix/report"
)

// StatusChange moves a report to a new status, or (To empty) only adds a
// note. Either way it becomes one event in the report's history.
type StatusChange struct {
	ReportID int64
	To       string
	Note     string
	Public   bool // whether the note is public; status changes always are
	Actor    string
	At       time.Time
	// InOrder refuses, with a *BackdatedError, a change dated before the
	// report's last event: integrations that date their own changes
	// cannot rewrite how long a report waited.
	InOrder bool
	// Audit, when set, is written in the same transaction: the staff
	// action behind the change.
	Audit *AuditEntry
}

// BackdatedError refuses a change dated before Last, the time of the
// report's last event (see StatusChange.InOrder).
type BackdatedError struct {
	ReportID int64
	Last     time.Time
}

func (e *BackdatedError) Error() string {
	return fmt.Sprintf("db: report %d: a change cannot be dated before the report's last event (%s)", e.ReportID, e.Last.UTC().Format(time.RFC3339))
}

// ChangeStatus applies ch in one transaction: the event, the report's
// status and its acknowledged, fixed and closed times; the map index
// follows through the feed.
func (s *Store) ChangeStatus(ctx context.Context, ch StatusChange) (Report, Event, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, err)
	}
	defer tx.Rollback()
	r, ev, err := s.changeStatus(ctx, tx, ch)
	if err != nil {
		return Report{}, Event{}, err
	}
	if err := tx.Commit(); err != nil {
		return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, err)
	}
	s.afterWrite(ctx)
	return r, ev, nil
}

// changeStatus is ChangeStatus inside the caller's transaction.
func (s *Store) changeStatus(ctx context.Context, tx *sqlx.Tx, ch StatusChange) (Report, Event, error) {
	var r Report
	if err := tx.GetContext(ctx, &r, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, ch.ReportID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			err = ErrNotFound
		}
		return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, err)
	}
	// A hidden report takes private notes only; to the public it does not exist.
	if r.Status == report.StatusHidden && (ch.To != "" || ch.Public) {
		return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, ErrNotFound)
	}
	// A duplicate points at the report it repeats: MarkDuplicate sets both.
	if ch.To == report.StatusDuplicate {
		return Report{}, Event{}, invalid("a duplicate needs the report it repeats")
	}
	if ch.InOrder {
		var last Time
		const q = `SELECT MAX(created_at) FROM report_events WHERE report_id = ?`
		if err := tx.GetContext(ctx, &last, q, r.ID); err != nil {
			return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, err)
		}
		if last.Before(r.CreatedAt.Time) {
			last = r.CreatedAt
		}
		if At(ch.At).Before(last.Time) {
			return Report{}, Event{}, &BackdatedError{ReportID: r.ID, Last: last.Time}
		}
	}
	at := At(ch.At)
	ev := Event{ReportID: r.ID, Kind: EventNote, Actor: ch.Actor, Note: ch.Note, Public: ch.Public, CreatedAt: at}
	var private *Event // a private note that came with a status change
	if ch.To != "" {
		if err := report.CheckTransition(r.Status, ch.To, ch.Actor); err != nil {
			return Report{}, Event{}, err
		}
		if ch.Note != "" && !ch.Public {
			// Status changes are public; the note must not ride along.
			note := ev
			private, ev.Note = &note, ""
		}
		ev.Kind, ev.FromStatus, ev.ToStatus, ev.Public = EventStatus, r.Status, ch.To, true
		if r.Status == report.StatusDuplicate && r.DuplicateOf.Valid {
			// Out of "duplicate" by a plain status change: what the merge
			// moved to the kept report comes back, as UndoMerge does.
			if err := s.unmergeForStatus(ctx, tx, &r, at); err != nil {
				return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, err)
			}
		}
		applyStatus(&r, ch.To, at)
	}
	if at.After(r.UpdatedAt.Time) {
		r.UpdatedAt = at // never backwards, even for a change dated in the past
	}
	const upd = `UPDATE reports SET status = ?, updated_at = ?, acknowledged_at = ?, fixed_at = ?, closed_at = ?, duplicate_of = ? WHERE id = ?`
	if _, err := tx.ExecContext(ctx, upd, r.Status, r.UpdatedAt, r.AcknowledgedAt, r.FixedAt, r.ClosedAt, r.DuplicateOf, r.ID); err != nil {
		return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, err)
	}
	const ins = `INSERT INTO report_events (report_id, kind, actor, from_status, to_status, note, public, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	for _, e := range []*Event{&ev, private} {
		if e == nil {
			continue
		}
		if err := tx.QueryRowxContext(ctx, ins, e.ReportID, e.Kind, e.Actor, e.FromStatus, e.ToStatus, e.Note, e.Public, e.CreatedAt).Scan(&e.ID); err != nil {
			return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, err)
		}
	}
	// The notifications of the public event commit with it (a private note
	// notifies nobody), so a crash after the commit loses none of them.
	if err := queueEvent(ctx, tx, &ev); err != nil {
		return Report{}, Event{}, fmt.Errorf("db: status of report %d: %w", ch.ReportID, err)
	}
	if ch.Audit != nil {
		a := *ch.Audit
		a.ReportID = &r.ID
		if a.Before == nil {
			a.Before = map[string]any{"status": ev.FromStatus}
		}
		if a.After == nil {
			a.After = map[string]any{"status": r.Status, "note": ch.Note, "public": ch.Public}
		}
		if err := s.insertAudit(ctx, tx, a); err != nil {
			return Report{}, Event{}, err
		}
	}
	return r, ev, nil
}

// applyStatus sets the status and the lifecycle times it implies: the first
// move past "new" acknowledges, reaching fixed or a closed status stamps
// that time, and reopening clears them so the next resolution counts.
func applyStatus(r *Report, to string, at Time) {
	switch report.Group(to) {
	case report.GroupOpen:
		if to != report.StatusNew && r.AcknowledgedAt.IsZero() {
			r.AcknowledgedAt = at
		}
		r.FixedAt, r.ClosedAt = Time{}, Time{}
	case report.GroupFixed:
		r.FixedAt, r.ClosedAt = at, Time{}
	case report.GroupClosed:
		r.ClosedAt = at
	}
	if to != report.StatusDuplicate {
		r.DuplicateOf = sql.NullInt64{} // a reopened duplicate points nowhere
	}
	r.Status = to
}

// unmergeForStatus restores what the last merge of duplicate r moved, when
// it has one on record (merges from before migration 0080 have none).
func (s *Store) unmergeForStatus(ctx context.Context, tx *sqlx.Tx, r *Report, at Time) error {
	var mergeID int64
	const last = `SELECT id FROM report_events WHERE report_id = ? AND kind = ? AND to_status = ? ORDER BY id DESC LIMIT 1`
	switch err := tx.GetContext(ctx, &mergeID, last, r.ID, EventStatus, report.StatusDuplicate); {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	if _, _, err := restoreMerge(ctx, tx, r.ID, r.DuplicateOf.Int64, mergeID, at); err != nil {
		return err
	}
	return tx.GetContext(ctx, &r.SupportCount, `SELECT support_count FROM reports WHERE id = ?`, r.ID)
}
