package db

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"streetfix/report"
)

// A reporter's update is a public note of theirs in the report's history,
// with up to three photos; it notifies the report's followers like any
// public note. Updates are moderated after the fact, like reports: staff
// hide one (the event becomes private and its photos hidden) or edit its
// text, the original going to the moderation history.

// MaxReportPhotos bounds a report's photos, its own and its updates'.
const MaxReportPhotos = 15

// Errors of AddUpdate.
var (
	ErrTooManyPhotos  = fmt.Errorf("a report holds at most %d photos", MaxReportPhotos)
	errNotAnUpdate    = errors.New("not a reporter's update of this report")
	moderatedUpdate   = "update:"
	reporterNoteQuery = `SELECT id, report_id, kind, actor, from_status, to_status, note, public, created_at FROM report_events
		WHERE id = ? AND report_id = ? AND kind = 'note' AND actor = 'reporter'`
)

// NewUpdate is what a reporter adds to their open report.
type NewUpdate struct {
	ReportID int64
	Text     string
	Photos   []NewPhoto
	At       time.Time
}

// AddUpdate stores an update, its photos and the outbox row that tells the
// followers, in one transaction. Only an open report takes updates
// (ErrNotOpen); a hidden one is not found.
func (s *Store) AddUpdate(ctx context.Context, u NewUpdate) (Event, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, err)
	}
	defer tx.Rollback()
	var st struct {
		Status string `db:"status"`
		Photos int    `db:"photos"`
	}
	const q = `SELECT status, (SELECT count(*) FROM photos WHERE report_id = reports.id) AS photos FROM reports WHERE id = ?`
	if err := tx.GetContext(ctx, &st, q, u.ReportID); err != nil {
		return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, notFound(err))
	}
	switch {
	case st.Status == report.StatusHidden:
		return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, ErrNotFound)
	case report.Group(st.Status) != report.GroupOpen:
		return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, ErrNotOpen)
	case st.Photos+len(u.Photos) > MaxReportPhotos:
		return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, ErrTooManyPhotos)
	}
	_, ev, err := s.changeStatus(ctx, tx, StatusChange{ReportID: u.ReportID, Note: u.Text, Public: true, Actor: ActorReporter, At: u.At})
	if err != nil {
		return Event{}, err
	}
	var next int
	if err := tx.GetContext(ctx, &next, `SELECT coalesce(max(position), -1) + 1 FROM photos WHERE report_id = ?`, u.ReportID); err != nil {
		return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, err)
	}
	for i := range u.Photos {
		if err := insertPhoto(ctx, tx, u.ReportID, next+i, &u.Photos[i], At(u.At)); err != nil {
			return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE photos SET event_id = ? WHERE id = ?`, ev.ID, u.Photos[i].ID); err != nil {
			return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, err)
		}
	}
	if len(u.Photos) > 0 {
		const upd = `UPDATE reports SET photo_count = photo_count + ? WHERE id = ?`
		if _, err := tx.ExecContext(ctx, upd, len(u.Photos), u.ReportID); err != nil {
			return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return Event{}, fmt.Errorf("db: update of report %d: %w", u.ReportID, err)
	}
	s.afterWrite(ctx)
	return ev, nil
}

// SetUpdateHidden hides a reporter's update from the public (its event
// becomes private, its photos hidden) or shows it again.
func (s *Store) SetUpdateHidden(ctx context.Context, reportID, eventID int64, hidden bool, audit AuditEntry) (Report, error) {
	audit.Action, audit.Target = "show_update", "event:"+strconv.FormatInt(eventID, 10)
	if hidden {
		audit.Action = "hide_update"
	}
	return s.reportTx(ctx, reportID, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		ev, err := reporterUpdate(ctx, tx, reportID, eventID)
		if err != nil {
			return err
		}
		if ev.Public == !hidden {
			return refuse("refusal.nothing_changed", "nothing changed")
		}
		a.Before, a.After = map[string]any{"public": ev.Public}, map[string]any{"public": !hidden}
		// A hidden update leaves the messages that carried it, queued or
		// kept; showing it again does not put it back in them.
		if hidden {
			if err := rewriteMessages(ctx, tx, reportID, []replacement{{old: ev.Note, new: Erased}}); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE report_events SET public = ? WHERE id = ?`, !hidden, eventID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE photos SET hidden = ? WHERE event_id = ? AND report_id = ?`, hidden, eventID, reportID); err != nil {
			return err
		}
		return touch(ctx, tx, r, At(s.now()))
	})
}

// EditUpdate replaces the text of a reporter's update (already cleaned by
// the caller); the original goes to the moderation history.
func (s *Store) EditUpdate(ctx context.Context, reportID, eventID int64, text string, audit AuditEntry) (Report, error) {
	audit.Action, audit.Target = "moderate_update", "event:"+strconv.FormatInt(eventID, 10)
	return s.reportTx(ctx, reportID, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		ev, err := reporterUpdate(ctx, tx, reportID, eventID)
		if err != nil {
			return err
		}
		if ev.Note == text {
			return refuse("refusal.nothing_changed", "nothing changed")
		}
		now := At(s.now())
		field := moderatedUpdate + strconv.FormatInt(eventID, 10)
		if err := addModeration(ctx, tx, Moderation{ReportID: reportID, Field: field, Original: ev.Note, Replaced: text, UserID: a.UserID, CreatedAt: now}); err != nil {
			return err
		}
		// As for a report's text, the audit log says that it changed, not what it said.
		a.Before, a.After = map[string]any{"fields": "update"}, map[string]any{"length": len(text)}
		// Messages that carry the update, queued or kept, carry the new text.
		if err := rewriteMessages(ctx, tx, reportID, []replacement{{old: ev.Note, new: text}}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE report_events SET note = ? WHERE id = ?`, text, eventID); err != nil {
			return err
		}
		return touch(ctx, tx, r, now)
	})
}

func reporterUpdate(ctx context.Context, tx *sqlx.Tx, reportID, eventID int64) (Event, error) {
	var ev Event
	if err := tx.GetContext(ctx, &ev, reporterNoteQuery, eventID, reportID); err != nil {
		if notFound(err) == ErrNotFound {
			return ev, invalid("%v", errNotAnUpdate)
		}
		return ev, err
	}
	return ev, nil
}
