package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"streetfix/report"
)

// Staff actions on a report. Each runs in one transaction with its audit
// entry, so the log never misses an action and never records one that did
// not happen; the map index follows through the feed.

// ErrInvalid wraps a change that cannot apply (unknown category, a report
// merged into itself, ...); its message says why.
var ErrInvalid = errors.New("invalid change")

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
}

// reportTx loads report id for update, runs fn, writes the audit entry fn
// fills in and commits.
func (s *Store) reportTx(ctx context.Context, id int64, audit AuditEntry, fn func(tx *sqlx.Tx, r *Report, a *AuditEntry) error) (Report, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("db: report %d: %w", id, err)
	}
	defer tx.Rollback()
	var r Report
	if err := tx.GetContext(ctx, &r, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, id); err != nil {
		return Report{}, fmt.Errorf("db: report %d: %w", id, notFound(err))
	}
	if err := fn(tx, &r, &audit); err != nil {
		return Report{}, err
	}
	audit.ReportID = &r.ID
	if audit.CreatedAt.IsZero() {
		audit.CreatedAt = At(s.now())
	}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return Report{}, err
	}
	if err := tx.Commit(); err != nil {
		return Report{}, fmt.Errorf("db: report %d: %w", id, err)
	}
	s.afterWrite(ctx)
	return r, nil
}

func addEvent(ctx context.Context, tx *sqlx.Tx, e *Event) error {
	const ins = `INSERT INTO report_events (report_id, kind, actor, from_status, to_status, note, public, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	if err := tx.QueryRowxContext(ctx, ins, e.ReportID, e.Kind, e.Actor, e.FromStatus, e.ToStatus, e.Note, e.Public, e.CreatedAt).Scan(&e.ID); err != nil {
		return fmt.Errorf("db: event of report %d: %w", e.ReportID, err)
	}
	// Public events notify (outbox row in this transaction); private ones do not.
	if err := queueEvent(ctx, tx, e); err != nil {
		return fmt.Errorf("db: event of report %d: %w", e.ReportID, err)
	}
	return nil
}

func touch(ctx context.Context, tx *sqlx.Tx, r *Report, at Time) error {
	if at.After(r.UpdatedAt.Time) {
		r.UpdatedAt = at
	}
	_, err := tx.ExecContext(ctx, `UPDATE reports SET updated_at = ? WHERE id = ?`, r.UpdatedAt, r.ID)
	return err
}

// SetPriority sets a report's triage priority (0 to 2).
func (s *Store) SetPriority(ctx context.Context, id int64, priority int, audit AuditEntry) (Report, error) {
	if priority < 0 || priority > 2 {
		return Report{}, invalid("priority must be 0 (normal), 1 (high) or 2 (urgent)")
	}
	audit.Action = "set_priority"
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		if r.Priority == priority {
			return refuse("refusal.same_priority", "the report already has this priority")
		}
		a.Before, a.After = map[string]any{"priority": r.Priority}, map[string]any{"priority": priority}
		r.Priority = priority
		_, err := tx.ExecContext(ctx, `UPDATE reports SET priority = ? WHERE id = ?`, priority, id)
		return err
	})
}

// Reassign moves a report to another category (and so theme) and/or body.
// An empty value keeps the current one.
func (s *Store) Reassign(ctx context.Context, id int64, category, body string, audit AuditEntry) (Report, error) {
	cat := s.Catalog()
	audit.Action = "reassign"
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		if r.Status == report.StatusHidden {
			return refuse("refusal.reassign_hidden", "unhide the report before reassigning it")
		}
		a.Before = map[string]any{"category": r.Category, "theme": r.Theme, "body": r.BodyCode}
		if category != "" && category != r.Category {
			c, ok := cat.Category(category)
			if !ok {
				return invalid("no category %q", category)
			}
			r.Category, r.Theme = c.Code, c.Theme
		}
		if body != "" && body != r.BodyCode {
			if _, ok := cat.Body(body); !ok {
				return invalid("no body %q", body)
			}
			r.BodyCode = body
		}
		if a.Before.(map[string]any)["category"] == r.Category && a.Before.(map[string]any)["body"] == r.BodyCode {
			return refuse("refusal.same_assignment", "the report already has this category and body")
		}
		a.After = map[string]any{"category": r.Category, "theme": r.Theme, "body": r.BodyCode}
		now := At(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET category = ?, theme = ?, body_code = ? WHERE id = ?`, r.Category, r.Theme, r.BodyCode, id); err != nil {
			return err
		}
		return touch(ctx, tx, r, now)
	})
}

// Merge hooks move what else belongs to a merged report (followers, ...)
// inside the merge's transaction; eventID is the merge's status event.
var mergeHooks = []func(ctx context.Context, tx *sqlx.Tx, from, to, eventID int64, now time.Time) error{
	func(ctx context.Context, tx *sqlx.Tx, from, to, eventID int64, now time.Time) error {
		return MoveFollowers(ctx, tx, from, to, eventID, now)
	},
}

// MarkDuplicate closes report id as a duplicate of kept, with a public
// note, and moves its supports (each supporter counted once) to kept. What
// moved is recorded with the merge's event, for UndoMerge.
func (s *Store) MarkDuplicate(ctx context.Context, id, kept int64, note string, audit AuditEntry) (Report, error) {
	if id == kept {
		return Report{}, refuse("refusal.merge_self", "a report cannot be a duplicate of itself")
	}
	audit.Action = "merge_duplicate"
	var moved int64
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		// The kept report is checked here, under the lock every staff
		// change takes: two reports merged into each other at once would
		// otherwise both close.
		var keptStatus string
		if err := tx.GetContext(ctx, &keptStatus, `SELECT status FROM reports WHERE id = ?`, kept); err != nil || keptStatus == report.StatusHidden {
			if err == nil || errors.Is(err, sql.ErrNoRows) {
				return refuse("refusal.merge_missing", fmt.Sprintf("no report %d to keep", kept), "ID", kept)
			}
			return err
		}
		if keptStatus == report.StatusDuplicate {
			return refuse("refusal.merge_duplicate", fmt.Sprintf("report %d is itself a duplicate: merge into the report it points to", kept), "ID", kept)
		}
		if report.Group(keptStatus) != report.GroupOpen {
			return refuse("refusal.merge_closed", fmt.Sprintf("report %d is %s: merge only into an open report", kept, keptStatus), "ID", kept, "Status", keptStatus)
		}
		if err := report.CheckTransition(r.Status, report.StatusDuplicate, report.ActorStaff); err != nil {
			return err
		}
		now := At(s.now())
		a.Before = map[string]any{"status": r.Status, "supports": r.SupportCount}
		ev := Event{ReportID: id, Kind: EventStatus, Actor: ActorStaff, FromStatus: r.Status, ToStatus: report.StatusDuplicate,
			Note: note, Public: true, CreatedAt: now}
		applyStatus(r, report.StatusDuplicate, now)
		r.DuplicateOf = sql.NullInt64{Int64: kept, Valid: true}
		if err := addEvent(ctx, tx, &ev); err != nil {
			return err
		}
		const recordSupports = `INSERT INTO merge_supports (event_id, supporter, created_at, added)
			SELECT ?, d.supporter, d.created_at, CASE WHEN EXISTS (SELECT 1 FROM supports k WHERE k.report_id = ? AND k.supporter = d.supporter) THEN 0 ELSE 1 END
			FROM supports d WHERE d.report_id = ?`
		if _, err := tx.ExecContext(ctx, recordSupports, ev.ID, kept, id); err != nil {
			return err
		}
		const recordFollowers = `INSERT INTO merge_subscriptions (event_id, subscription_id, prior_status, moved)
			SELECT ?, d.id, d.status, CASE WHEN d.email IN (SELECT k.email FROM subscriptions k WHERE k.kind = 'report' AND k.report_id = ?
				AND k.status <> 'cancelled') THEN 0 ELSE 1 END
			FROM subscriptions d WHERE d.kind = 'report' AND d.report_id = ? AND d.status <> 'cancelled'`
		if _, err := tx.ExecContext(ctx, recordFollowers, ev.ID, kept, id); err != nil {
			return err
		}
		const moveSupports = `INSERT INTO supports (report_id, supporter, created_at)
			SELECT ?, supporter, created_at FROM supports WHERE report_id = ? ON CONFLICT DO NOTHING`
		res, err := tx.ExecContext(ctx, moveSupports, kept, id)
		if err != nil {
			return err
		}
		moved, _ = res.RowsAffected()
		if _, err := tx.ExecContext(ctx, `DELETE FROM supports WHERE report_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, recountSupports, now, kept); err != nil {
			return err
		}
		for _, hook := range mergeHooks {
			if err := hook(ctx, tx, id, kept, ev.ID, now.Time); err != nil {
				return err
			}
		}
		r.SupportCount = 0
		const upd = `UPDATE reports SET status = ?, duplicate_of = ?, support_count = 0, acknowledged_at = ?, fixed_at = ?, closed_at = ? WHERE id = ?`
		if _, err := tx.ExecContext(ctx, upd, r.Status, kept, r.AcknowledgedAt, r.FixedAt, r.ClosedAt, id); err != nil {
			return err
		}
		a.After = map[string]any{"status": r.Status, "duplicate_of": kept, "supports_moved": moved, "note": note}
		return touch(ctx, tx, r, now)
	})
}

const recountSupports = `UPDATE reports SET support_count = (SELECT count(*) FROM supports WHERE report_id = reports.id), updated_at = ? WHERE id = ?`

// UndoMerge reopens duplicate id in the status it had before its last
// merge, with a public status change, and takes back from the kept report
// what the merge moved: the supports the kept report did not have before,
// and the followers (moved back, or active again where the merge had
// cancelled them).
func (s *Store) UndoMerge(ctx context.Context, id int64, audit AuditEntry) (Report, error) {
	audit.Action = "undo_merge"
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		if r.Status != report.StatusDuplicate || !r.DuplicateOf.Valid {
			return refuse("refusal.unmerge_not_duplicate", "the report is not a duplicate: there is no merge to undo")
		}
		kept := r.DuplicateOf.Int64
		var merge struct {
			ID   int64  `db:"id"`
			From string `db:"from_status"`
		}
		const last = `SELECT id, from_status FROM report_events WHERE report_id = ? AND kind = ? AND to_status = ? ORDER BY id DESC LIMIT 1`
		if err := tx.GetContext(ctx, &merge, last, id, EventStatus, report.StatusDuplicate); err != nil {
			return fmt.Errorf("db: merge of report %d: %w", id, err)
		}
		to := merge.From
		if report.Group(to) == "" || to == report.StatusDuplicate || to == report.StatusHidden {
			to = report.StatusNew
		}
		now := At(s.now())
		a.Before = map[string]any{"status": r.Status, "duplicate_of": kept}
		supports, followers, err := restoreMerge(ctx, tx, id, kept, merge.ID, now)
		if err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &r.SupportCount, `SELECT support_count FROM reports WHERE id = ?`, id); err != nil {
			return err
		}
		ev := Event{ReportID: id, Kind: EventStatus, Actor: ActorStaff, FromStatus: r.Status, ToStatus: to, Public: true, CreatedAt: now}
		if err := addEvent(ctx, tx, &ev); err != nil {
			return err
		}
		applyStatus(r, to, now)
		const upd = `UPDATE reports SET status = ?, duplicate_of = NULL, acknowledged_at = ?, fixed_at = ?, closed_at = ? WHERE id = ?`
		if _, err := tx.ExecContext(ctx, upd, r.Status, r.AcknowledgedAt, r.FixedAt, r.ClosedAt, id); err != nil {
			return err
		}
		a.After = map[string]any{"status": r.Status, "supports_restored": supports, "followers_restored": followers}
		return touch(ctx, tx, r, now)
	})
}

// SetHidden hides a report from every public output, or shows it again in
// the status it had. The history records it privately.
func (s *Store) SetHidden(ctx context.Context, id int64, hidden bool, reason string, audit AuditEntry) (Report, error) {
	audit.Action = "unhide"
	if hidden {
		audit.Action = "hide"
	}
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		from := r.Status
		var to string
		switch {
		case hidden && r.Status == report.StatusHidden, !hidden && r.Status != report.StatusHidden:
			return refuse("refusal.already_"+map[bool]string{true: "hidden", false: "visible"}[hidden], "the report is already "+map[bool]string{true: "hidden", false: "visible"}[hidden])
		case hidden:
			to = report.StatusHidden
		default:
			// Back to the status before the last hide.
			err := tx.GetContext(ctx, &to, `SELECT from_status FROM report_events WHERE report_id = ? AND to_status = ? ORDER BY id DESC LIMIT 1`, id, report.StatusHidden)
			if err != nil || to == "" || to == report.StatusHidden {
				to = report.StatusNew
			}
		}
		now := At(s.now())
		ev := Event{ReportID: id, Kind: EventStatus, Actor: ActorStaff, FromStatus: from, ToStatus: to, Note: reason, Public: false, CreatedAt: now}
		if err := addEvent(ctx, tx, &ev); err != nil {
			return err
		}
		r.Status = to
		if hidden {
			// What was about to go out about the report (alerts, webhooks,
			// followers' emails) must not: it is moderated away.
			if _, err := tx.ExecContext(ctx, `UPDATE notify_messages SET status = ?, lease_owner = NULL, lease_until = NULL
				WHERE report_id = ? AND status IN (?, ?)`, MessageCancelled, id, MessagePending, MessageDead); err != nil {
				return err
			}
		}
		a.Before, a.After = map[string]any{"status": from}, map[string]any{"status": to, "reason": reason}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET status = ? WHERE id = ?`, to, id); err != nil {
			return err
		}
		return touch(ctx, tx, r, now)
	})
}

// Moderation is one field replaced by moderation, as admins read it.
type Moderation struct {
	ID        int64  `db:"id"`
	ReportID  int64  `db:"report_id"`
	Field     string `db:"field"`
	Original  string `db:"original"`
	Replaced  string `db:"replaced"`
	UserID    *int64 `db:"user_id"`
	CreatedAt Time   `db:"created_at"`
}

func addModeration(ctx context.Context, tx *sqlx.Tx, m Moderation) error {
	const q = `INSERT INTO moderation_history (report_id, field, original, replaced, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	_, err := tx.ExecContext(ctx, q, m.ReportID, m.Field, m.Original, m.Replaced, m.UserID, m.CreatedAt)
	return err
}

// EditText replaces a report's title and description (already cleaned by
// the caller); the originals go to the moderation history.
func (s *Store) EditText(ctx context.Context, id int64, title, description string, audit AuditEntry) (Report, error) {
	if strings.TrimSpace(title) == "" {
		return Report{}, refuse("refusal.need_title", "a report needs a title")
	}
	audit.Action = "moderate_text"
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		now := At(s.now())
		changed := false
		for _, f := range []struct {
			name     string
			old, new string
		}{{"title", r.Title, title}, {"description", r.Description, description}} {
			if f.old == f.new {
				continue
			}
			changed = true
			if err := addModeration(ctx, tx, Moderation{ReportID: id, Field: f.name, Original: f.old, Replaced: f.new, UserID: a.UserID, CreatedAt: now}); err != nil {
				return err
			}
		}
		if !changed {
			return refuse("refusal.nothing_changed", "nothing changed")
		}
		// The audit log says that text changed, not what it said: the
		// original may be what had to go, and only admins read it, from
		// the moderation history.
		a.Before, a.After = map[string]any{"fields": "title, description"}, map[string]any{"title": title, "description_length": len(description)}
		// Messages about the report, queued or kept, carry the new text
		// from now on: the original stays only in the moderation history.
		if err := rewriteMessages(ctx, tx, id, []replacement{{old: r.Title, new: title}, {old: r.Description, new: description}}); err != nil {
			return err
		}
		r.Title, r.Description = title, description
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET title = ?, description = ? WHERE id = ?`, title, description, id); err != nil {
			return err
		}
		return touch(ctx, tx, r, now)
	})
}

// SetPhotoHidden hides or shows one of a report's photos.
func (s *Store) SetPhotoHidden(ctx context.Context, id int64, photoID string, hidden bool, audit AuditEntry) (Report, error) {
	audit.Action, audit.Target = "show_photo", "photo:"+photoID
	if hidden {
		audit.Action = "hide_photo"
	}
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		var was bool
		if err := tx.GetContext(ctx, &was, `SELECT hidden FROM photos WHERE id = ? AND report_id = ?`, photoID, id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return invalid("report %d has no photo %s", id, photoID)
			}
			return err
		}
		if was == hidden {
			return refuse("refusal.photo_already_"+map[bool]string{true: "hidden", false: "shown"}[hidden], "the photo is already "+map[bool]string{true: "hidden", false: "shown"}[hidden])
		}
		now := At(s.now())
		if hidden {
			if err := addModeration(ctx, tx, Moderation{ReportID: id, Field: "photo", Original: photoID, Replaced: "hidden", UserID: a.UserID, CreatedAt: now}); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE photos SET hidden = ? WHERE id = ?`, hidden, photoID); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &r.PhotoCount, `SELECT count(*) FROM photos WHERE report_id = ? AND hidden = FALSE`, id); err != nil {
			return err
		}
		a.Before, a.After = map[string]any{"hidden": was}, map[string]any{"hidden": hidden}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET photo_count = ? WHERE id = ?`, r.PhotoCount, id); err != nil {
			return err
		}
		return touch(ctx, tx, r, now)
	})
}

// Anonymise removes the reporter's public name from a report; the name
// goes to the moderation history.
func (s *Store) Anonymise(ctx context.Context, id int64, audit AuditEntry) (Report, error) {
	audit.Action = "anonymise"
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		if r.PublicName == "" {
			return refuse("refusal.no_name", "the report shows no name")
		}
		now := At(s.now())
		if err := addModeration(ctx, tx, Moderation{ReportID: id, Field: "public_name", Original: r.PublicName, Replaced: "", UserID: a.UserID, CreatedAt: now}); err != nil {
			return err
		}
		a.Before, a.After = map[string]any{"public_name": "(kept in the moderation history)"}, map[string]any{"public_name": ""}
		// Queued and kept messages (a webhook payload) lose the name too.
		pairs := []replacement{{old: `,"reporter_name":` + jsonString(r.PublicName), new: "", raw: true}, {old: r.PublicName, new: Erased}}
		if err := rewriteMessages(ctx, tx, id, pairs); err != nil {
			return err
		}
		r.PublicName = ""
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET public_name = '' WHERE id = ?`, id); err != nil {
			return err
		}
		return touch(ctx, tx, r, now)
	})
}

// EditAnswer replaces a report's answer to question code by value (JSON,
// already checked by the caller) or, with an empty value, blanks it; the
// original goes to the moderation history (field "answer:<code>"), and
// the audit log says which answer changed, not what it said.
func (s *Store) EditAnswer(ctx context.Context, id int64, code, value string, audit AuditEntry) (Report, error) {
	audit.Action, audit.Target = "moderate_answer", "answer:"+code
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		answers := map[string]json.RawMessage{}
		if err := json.Unmarshal([]byte(r.Answers), &answers); err != nil {
			return err
		}
		old, had := answers[code]
		if value == "" {
			delete(answers, code)
		} else {
			answers[code] = json.RawMessage(value)
		}
		if (!had && value == "") || (had && string(old) == value) {
			return refuse("refusal.nothing_changed", "nothing changed")
		}
		b, err := json.Marshal(answers)
		if err != nil {
			return err
		}
		now := At(s.now())
		if err := addModeration(ctx, tx, Moderation{ReportID: id, Field: "answer:" + code, Original: string(old), Replaced: value, UserID: a.UserID, CreatedAt: now}); err != nil {
			return err
		}
		a.Before, a.After = map[string]any{"answer": code}, map[string]any{"answer": code, "blanked": value == ""}
		r.Answers = string(b)
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET answers = ? WHERE id = ?`, r.Answers, id); err != nil {
			return err
		}
		return touch(ctx, tx, r, now)
	})
}

// ModerationHistory returns what moderation replaced on a report, newest first.
func (s *Store) ModerationHistory(ctx context.Context, id int64) ([]Moderation, error) {
	var out []Moderation
	err := s.read.SelectContext(ctx, &out, `SELECT id, report_id, field, original, replaced, user_id, created_at FROM moderation_history WHERE report_id = ? ORDER BY id DESC`, id)
	return out, err
}

// ReporterOf returns a report's private reporter data, for staff entitled to it.
func (s *Store) ReporterOf(ctx context.Context, id int64) (Reporter, error) {
	var r Reporter
	err := s.read.GetContext(ctx, &r, `SELECT report_id, token_hash, name, email, phone, erased_at, contact_consent FROM reporters WHERE report_id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

// restoreMerge takes back from kept report what merge event mergeID of
// duplicate id moved there: the supports kept did not have before, and the
// followers (moved back, or active again where the merge had cancelled
// them). UndoMerge and a status change out of "duplicate" both run it.
func restoreMerge(ctx context.Context, tx *sqlx.Tx, id, kept, mergeID int64, now Time) (supports, followers int64, err error) {
	const backSupports = `INSERT INTO supports (report_id, supporter, created_at)
		SELECT ?, supporter, created_at FROM merge_supports WHERE event_id = ? ON CONFLICT DO NOTHING`
	res, err := tx.ExecContext(ctx, backSupports, id, mergeID)
	if err != nil {
		return 0, 0, err
	}
	supports, _ = res.RowsAffected()
	const dropAdded = `DELETE FROM supports WHERE report_id = ? AND supporter IN (SELECT supporter FROM merge_supports WHERE event_id = ? AND added = 1)`
	if _, err := tx.ExecContext(ctx, dropAdded, kept, mergeID); err != nil {
		return 0, 0, err
	}
	const backMoved = `UPDATE subscriptions SET report_id = ? WHERE report_id = ? AND status <> 'cancelled'
		AND id IN (SELECT subscription_id FROM merge_subscriptions WHERE event_id = ? AND moved = 1)`
	res, err = tx.ExecContext(ctx, backMoved, id, kept, mergeID)
	if err != nil {
		return 0, 0, err
	}
	followers, _ = res.RowsAffected()
	const backCancelled = `UPDATE subscriptions SET cancelled_at = NULL,
		status = (SELECT m.prior_status FROM merge_subscriptions m WHERE m.event_id = ? AND m.subscription_id = subscriptions.id)
		WHERE report_id = ? AND status = 'cancelled' AND id IN (SELECT subscription_id FROM merge_subscriptions WHERE event_id = ? AND moved = 0)`
	res, err = tx.ExecContext(ctx, backCancelled, mergeID, id, mergeID)
	if err != nil {
		return 0, 0, err
	}
	n, _ := res.RowsAffected()
	followers += n
	for _, q := range []string{`DELETE FROM merge_supports WHERE event_id = ?`, `DELETE FROM merge_subscriptions WHERE event_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, mergeID); err != nil {
			return 0, 0, err
		}
	}
	for _, rid := range []int64{kept, id} {
		if _, err := tx.ExecContext(ctx, recountSupports, now, rid); err != nil {
			return 0, 0, err
		}
	}
	return supports, followers, nil
}
