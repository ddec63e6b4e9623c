package db

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Retention: personal data goes after a period that has a default. A run
// erases the reporters of reports closed or fixed (or hidden) longer than
// Reporters ago, exactly as a reporter's own erasure does (EraseReporter,
// except that the subscriptions of their address stay: those are a consent
// of their own, with their own period), deletes subscriptions that ended
// longer than Subscriptions ago and unconfirmed ones older than Pending,
// forgets messages once they are done (delivered, kept, dead or cancelled)
// for Messages, and drops "this wasn't me" blocks that ran out.

// RetentionPolicy is how long personal data is kept.
type RetentionPolicy struct {
	Reporters     time.Duration // after a report is fixed or closed (or hidden)
	Subscriptions time.Duration // after a subscription ends
	Pending       time.Duration // an unconfirmed subscription
	Messages      time.Duration // a message once it is done with
}

// DefaultRetention is the policy with nothing set: 12 months, 12 months,
// 7 days and 30 days.
func DefaultRetention() RetentionPolicy {
	const day = 24 * time.Hour
	return RetentionPolicy{Reporters: 365 * day, Subscriptions: 365 * day, Pending: PendingExpiry, Messages: 30 * day}
}

// Validate reports a period that cannot work.
func (p RetentionPolicy) Validate() error {
	switch {
	case p.Reporters < 24*time.Hour, p.Subscriptions < 24*time.Hour:
		return fmt.Errorf("retention: reporters and subscriptions are kept at least a day")
	case p.Pending < time.Hour:
		return fmt.Errorf("retention: unconfirmed subscriptions are kept at least an hour")
	case p.Messages < time.Hour:
		return fmt.Errorf("retention: messages are kept at least an hour")
	}
	return nil
}

// RetentionCounts says what a run removed (or, dry, would remove).
type RetentionCounts struct {
	Reporters            int64 `json:"reporters"`
	Subscriptions        int64 `json:"subscriptions"`
	PendingSubscriptions int64 `json:"pending_subscriptions"`
	Messages             int64 `json:"messages"`
	Blocks               int64 `json:"blocks"`
}

// Total is the number of rows a run removed or erased.
func (c RetentionCounts) Total() int64 {
	return c.Reporters + c.Subscriptions + c.PendingSubscriptions + c.Messages + c.Blocks
}

// dueReporters finds the reporters whose data is past the policy: of
// reports fixed or in the closed group (by the time they got there) or
// hidden (by their last change), with something left to erase.
const dueReporters = `SELECT p.report_id, p.token_hash, p.name, p.email, p.phone, p.erased_at, r.public_name, r.category
	FROM reporters p JOIN reports r ON r.id = p.report_id
	WHERE ((p.erased_at IS NULL AND (p.name <> '' OR p.email <> '' OR p.phone <> '')) OR r.public_name <> ''
		OR EXISTS (SELECT 1 FROM moderation_history m WHERE m.report_id = r.id AND m.field <> 'photo' AND m.original NOT IN ('', '` + Erased + `'))
		OR EXISTS (SELECT 1 FROM photo_originals o WHERE o.report_id = r.id))
	AND ((r.status = 'fixed' AND r.fixed_at < ?1)
		OR (r.status IN ('duplicate', 'not_responsible', 'wont_fix', 'closed') AND r.closed_at < ?1)
		OR (r.status = 'hidden' AND r.updated_at < ?1))`

// retentionChunk is how many reporters one transaction erases: a long
// backlog (the first run on a large database) must not hold the writer,
// and so intake, for minutes.
const retentionChunk = 200

// Retention removes what the policy no longer allows to keep, as of the
// store's clock: reporters in transactions of retentionChunk, then the rest
// in one transaction with an audit entry of the counts. With dryRun it
// only counts (the same conditions), and writes nothing.
func (s *Store) Retention(ctx context.Context, p RetentionPolicy, dryRun bool) (RetentionCounts, error) {
	var c RetentionCounts
	if err := p.Validate(); err != nil {
		return c, err
	}
	now := s.now()
	cutoff := now.Add(-p.Reporters).UnixMilli()
	if dryRun {
		if err := s.read.GetContext(ctx, &c.Reporters, `SELECT count(*) FROM (`+dueReporters+`) AS due`, cutoff); err != nil {
			return c, fmt.Errorf("db: retention: %w", err)
		}
	}
	for !dryRun {
		n, err := s.retainReporters(ctx, cutoff, now)
		if err != nil {
			return c, fmt.Errorf("db: retention: %w", err)
		}
		c.Reporters += n
		if n > 0 {
			s.afterWrite(ctx) // public names went: the feed tells every instance
		}
		if n < retentionChunk {
			break
		}
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return c, fmt.Errorf("db: retention: %w", err)
	}
	defer tx.Rollback()
	if err := retain(ctx, tx, p, now, &c); err != nil {
		return c, fmt.Errorf("db: retention: %w", err)
	}
	if dryRun {
		return c, nil
	}
	audit := AuditEntry{Actor: "system", Action: "retention", After: c, Before: map[string]any{
		"reporters_days": days(p.Reporters), "subscriptions_days": days(p.Subscriptions),
		"pending_days": days(p.Pending), "messages_days": days(p.Messages)}}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return c, err
	}
	if err := tx.Commit(); err != nil {
		return c, fmt.Errorf("db: retention: %w", err)
	}
	s.Checkpoint(ctx)
	return c, nil
}

// retainReporters erases up to retentionChunk reporters past the cutoff
// (Unix milliseconds) in one transaction, and says how many.
func (s *Store) retainReporters(ctx context.Context, cutoff int64, now time.Time) (int64, error) {
	type due struct {
		Reporter
		Shown    string `db:"public_name"`
		Category string `db:"category"`
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var reps []due
	if err := tx.SelectContext(ctx, &reps, dueReporters+` LIMIT ?2`, cutoff, retentionChunk); err != nil {
		return 0, err
	}
	for _, r := range reps {
		if err := eraseReporterTx(ctx, tx, r.Reporter, r.Shown, s.publicAnswers(r.Category), At(now), false); err != nil {
			return 0, fmt.Errorf("reporter of report %d: %w", r.ReportID, err)
		}
	}
	return int64(len(reps)), tx.Commit()
}

func days(d time.Duration) float64 { return d.Hours() / 24 }

// retain does the rest of a run inside tx, counting into c.
func retain(ctx context.Context, tx *sqlx.Tx, p RetentionPolicy, now time.Time, c *RetentionCounts) error {
	steps := []struct {
		n    *int64
		q    string
		args []any
	}{
		// Their messages first: a deleted subscription leaves its
		// messages without it (ON DELETE SET NULL).
		{&c.Messages, `DELETE FROM notify_messages WHERE subscription_id IN (SELECT id FROM subscriptions
			WHERE (status = 'cancelled' AND cancelled_at < ?) OR (status = 'pending' AND created_at < ?))`,
			[]any{now.Add(-p.Subscriptions).UnixMilli(), now.Add(-p.Pending).UnixMilli()}},
		{&c.Subscriptions, `DELETE FROM subscriptions WHERE status = 'cancelled' AND cancelled_at < ?`, []any{now.Add(-p.Subscriptions).UnixMilli()}},
		{&c.PendingSubscriptions, `DELETE FROM subscriptions WHERE status = 'pending' AND created_at < ?`, []any{now.Add(-p.Pending).UnixMilli()}},
		{&c.Messages, `DELETE FROM notify_messages WHERE status IN ('delivered', 'logged', 'dead', 'cancelled') AND created_at < ?`, []any{now.Add(-p.Messages).UnixMilli()}},
		{&c.Blocks, `DELETE FROM email_blocks WHERE until < ?`, []any{now.UnixMilli()}},
	}
	for _, st := range steps {
		res, err := tx.ExecContext(ctx, st.q, st.args...)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		*st.n += n
	}
	return nil
}
