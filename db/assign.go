package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/jmoiron/sqlx"
)

// EventAssign is a private history event: the report was assigned (Note
// holds the assignee's user id) or unassigned (empty Note). It never
// reaches a public output, which shows only public events.
const EventAssign = "assign"

// Assign gives report id to a staff member of its body, or takes it back
// from whoever had it when assignee is nil. Admins may be assigned any
// report; staff only the reports of their bodies; disabled accounts and
// the council none.
func (s *Store) Assign(ctx context.Context, id int64, assignee *int64, audit AuditEntry) (Report, error) {
	audit.Action = "assign"
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		var before, after any
		if r.AssigneeID.Valid {
			before = r.AssigneeID.Int64
		}
		if assignee != nil {
			if err := assignable(ctx, tx, *assignee, r.BodyCode); err != nil {
				return err
			}
			after = *assignee
		}
		switch {
		case before == after && after == nil:
			return invalid("the report is not assigned to anyone")
		case before == after:
			return invalid("the report is already assigned to that person")
		}
		a.Before, a.After = map[string]any{"assignee": before}, map[string]any{"assignee": after}
		if assignee != nil {
			a.Target = "user:" + strconv.FormatInt(*assignee, 10)
		}
		r.AssigneeID = sql.NullInt64{}
		if assignee != nil {
			r.AssigneeID = sql.NullInt64{Int64: *assignee, Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET assignee_id = ? WHERE id = ?`, r.AssigneeID, id); err != nil {
			return err
		}
		now := At(s.now())
		note := ""
		if assignee != nil {
			note = strconv.FormatInt(*assignee, 10)
		}
		if err := addEvent(ctx, tx, &Event{ReportID: id, Kind: EventAssign, Actor: ActorStaff, Note: note, CreatedAt: now}); err != nil {
			return err
		}
		return touch(ctx, tx, r, now)
	})
}

// ErrNotAssignable wraps an assignment to someone who may not work on the
// report: not staff of its body, disabled, or no such account.
var ErrNotAssignable = errors.New("not assignable")

func assignable(ctx context.Context, tx *sqlx.Tx, userID int64, body string) error {
	var u struct {
		Role     string `db:"role"`
		Disabled Time   `db:"disabled_at"`
		OfBody   bool   `db:"of_body"`
	}
	const q = `SELECT role, disabled_at, EXISTS (SELECT 1 FROM user_bodies WHERE user_id = users.id AND body_code = ?) AS of_body
		FROM users WHERE id = ?`
	err := tx.GetContext(ctx, &u, q, body, userID)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (!u.Disabled.IsZero() || !(u.Role == "admin" || u.Role == "staff" && u.OfBody)) {
		return fmt.Errorf("%w: user %d is not staff of %s", ErrNotAssignable, userID, body)
	}
	return err
}

// AssignableUsers lists the accounts a report of body may be assigned to,
// by name: the body's staff, then the admins.
func (s *Store) AssignableUsers(ctx context.Context, body string) ([]UserRow, error) {
	var out []UserRow
	const q = `SELECT ` + userColumns + ` FROM users WHERE disabled_at IS NULL AND (role = 'admin' OR role = 'staff' AND id IN
		(SELECT user_id FROM user_bodies WHERE body_code = ?)) ORDER BY role DESC, name, email`
	if err := s.read.SelectContext(ctx, &out, q, body); err != nil {
		return nil, fmt.Errorf("db: assignable users of %s: %w", body, err)
	}
	return out, nil
}

// AssignedIDs returns, in id order, the reports assigned to user, or to
// anyone when user is 0: the queue's assignee filter, from the partial
// index, then matched in memory like a search.
func (s *Store) AssignedIDs(ctx context.Context, user int64) ([]int64, error) {
	var list sql.NullString
	// No ORDER BY: with one, SQLite scanned the whole table in id order
	// rather than read the partial index (400 ms at a million reports for
	// "nobody assigned"); the few ids are sorted here.
	q, args := `SELECT {id_list} FROM (SELECT id FROM reports WHERE assignee_id IS NOT NULL) AS assigned`, []any{}
	if user != 0 {
		q, args = `SELECT {id_list} FROM (SELECT id FROM reports WHERE assignee_id = ?) AS assigned`, []any{user}
	}
	if err := s.read.GetContext(ctx, &list, s.dialect.sql(q), args...); err != nil {
		return nil, fmt.Errorf("db: assigned reports: %w", err)
	}
	ids, err := parseIDList(list.String)
	slices.Sort(ids)
	return ids, err
}

// Entry channels: how a citizen reached the staff member who entered
// their report.
var EntryChannels = []string{"phone", "counter", "email", "letter"}

// MarkEnteredByStaff records that user entered report id for a citizen,
// reached through channel; audited, and never in the public history.
func (s *Store) MarkEnteredByStaff(ctx context.Context, id, user int64, channel string, audit AuditEntry) (Report, error) {
	if !slices.Contains(EntryChannels, channel) {
		return Report{}, invalid("channel is one of %v", EntryChannels)
	}
	audit.Action = "entered_for_citizen"
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		a.After = map[string]any{"entered_by": user, "channel": channel}
		r.EnteredBy, r.EntryChannel = sql.NullInt64{Int64: user, Valid: true}, channel
		_, err := tx.ExecContext(ctx, `UPDATE reports SET entered_by = ?, entry_channel = ? WHERE id = ?`, user, channel, id)
		return err
	})
}
