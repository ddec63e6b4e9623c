package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jmoiron/sqlx"
)

// Subscription kinds, frequencies and states.
const (
	SubReport = "report" // follow one report
	SubArea   = "area"   // alerts for a municipality
	SubRadius = "radius" // alerts for a circle around a point

	Immediate = "immediate"
	Daily     = "daily"

	SubPending   = "pending"
	SubActive    = "active"
	SubCancelled = "cancelled"
)

// MaxAlertRadius bounds radius alerts, in metres, and so the box the
// fan-out searches around a report.
const MaxAlertRadius = 5000

// ErrTooManySubscriptions means an address has reached its limit.
var ErrTooManySubscriptions = errors.New("too many subscriptions for this address")

// ErrAddressBlocked means the owner of an address asked for no more
// confirmation emails ("this wasn't me") less than BlockFor ago.
var ErrAddressBlocked = errors.New("this address asked for no confirmation emails")

// BlockFor is how long "this wasn't me" stops confirmation emails to an
// address.
const BlockFor = 30 * 24 * time.Hour

// Subscription is a follower of a report or an area alert.
type Subscription struct {
	ID            int64           `db:"id"`
	Email         string          `db:"email"`
	Lang          string          `db:"lang"`
	Kind          string          `db:"kind"`
	ReportID      sql.NullInt64   `db:"report_id"`
	AreaCode      sql.NullString  `db:"area_code"`
	Lat           sql.NullFloat64 `db:"lat"`
	Lon           sql.NullFloat64 `db:"lon"`
	RadiusM       sql.NullInt64   `db:"radius_m"`
	Themes        string          `db:"themes"` // comma list; empty: every theme
	Frequency     string          `db:"frequency"`
	Status        string          `db:"status"`
	CreatedAt     Time            `db:"created_at"`
	ConfirmSentAt Time            `db:"confirm_sent_at"`
	ConfirmedAt   Time            `db:"confirmed_at"`
	CancelledAt   Time            `db:"cancelled_at"`
	DigestAfterID int64           `db:"digest_after_id"`
	NextDigestAt  Time            `db:"next_digest_at"`
}

const subscriptionColumns = `id, email, lang, kind, report_id, area_code, lat, lon, radius_m, themes, frequency,
	status, created_at, confirm_sent_at, confirmed_at, cancelled_at, digest_after_id, next_digest_at`

// radiusDegrees is the box, in degrees, that holds every point within
// MaxAlertRadius of a point at latitude lat.
func radiusDegrees(lat float64) (dLat, dLon float64) {
	dLat = MaxAlertRadius / 111_000.0
	return dLat, dLat / math.Max(0.01, math.Cos(lat*math.Pi/180))
}

// SubscribeLimits bound what one address may hold.
type SubscribeLimits struct {
	MaxPerAddress int           // pending and active subscriptions
	ResendAfter   time.Duration // a pending subscription's confirmation is sent again only after this
	PendingFor    time.Duration // a pending subscription expires after this; 0: never
	// AddressHash is the keyed hash of the address, looked up among the
	// addresses whose owner asked for no more confirmations.
	AddressHash string
}

// PendingExpiry is how long a subscription may wait for its confirmation
// by default: an unconfirmed address is forgotten after it.
const PendingExpiry = 7 * 24 * time.Hour

// pendingSince is the oldest creation time, in Unix milliseconds, of a
// pending subscription that has not expired.
func (lim SubscribeLimits) pendingSince(now time.Time) int64 {
	if lim.PendingFor <= 0 {
		return math.MinInt64
	}
	return now.Add(-lim.PendingFor).UnixMilli()
}

// ConfirmFunc renders the confirmation email of a new subscription, whose
// id the signed link needs; it runs in the subscription's transaction.
type ConfirmFunc func(sub Subscription) (NewMessage, error)

// Subscribe stores sub as pending and queues its confirmation email in the
// same transaction. Asking again for what the address already has is not
// an error: an active subscription stays as it is (nothing is sent, so the
// answer does not tell anyone what an address follows) and a pending one
// gets its confirmation again once ResendAfter has passed. An address at
// its limit, or blocked by its owner, gets nothing and the caller learns
// it only from ErrTooManySubscriptions or ErrAddressBlocked, which it must
// not pass on: the answer to a stranger is the same whatever the address
// already has. Expired pending subscriptions count for nothing.
func (s *Store) Subscribe(ctx context.Context, sub Subscription, lim SubscribeLimits, now time.Time, confirm ConfirmFunc) (Subscription, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return sub, fmt.Errorf("db: subscribe: %w", err)
	}
	defer tx.Rollback()
	if lim.AddressHash != "" {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM email_blocks WHERE email_hash = ? AND until > ?`, lim.AddressHash, At(now)); err != nil {
			return sub, fmt.Errorf("db: subscribe: %w", err)
		}
		if n > 0 {
			return sub, ErrAddressBlocked
		}
	}
	since := lim.pendingSince(now)
	var same Subscription
	const find = `SELECT ` + subscriptionColumns + ` FROM subscriptions
		WHERE email = ? AND kind = ? AND (status = 'active' OR (status = 'pending' AND created_at >= ?)) AND report_id {is} ? AND area_code {is} ?
		AND lat {is} ? AND lon {is} ? AND radius_m {is} ? AND themes = ? AND frequency = ? LIMIT 1`
	err = tx.GetContext(ctx, &same, s.dialect.sql(find), sub.Email, sub.Kind, since, sub.ReportID, sub.AreaCode, sub.Lat, sub.Lon, sub.RadiusM, sub.Themes, sub.Frequency)
	switch {
	case err == nil:
		if same.Status == SubActive || now.Sub(same.ConfirmSentAt.Time) < lim.ResendAfter {
			return same, nil
		}
		if err := queueConfirmation(ctx, tx, same, now, confirm); err != nil {
			return sub, err
		}
		return same, tx.Commit()
	case !errors.Is(err, sql.ErrNoRows):
		return sub, fmt.Errorf("db: subscribe: %w", err)
	}
	var n int
	const count = `SELECT count(*) FROM subscriptions WHERE email = ? AND (status = 'active' OR (status = 'pending' AND created_at >= ?))`
	if err := tx.GetContext(ctx, &n, count, sub.Email, since); err != nil {
		return sub, fmt.Errorf("db: subscribe: %w", err)
	}
	if lim.MaxPerAddress > 0 && n >= lim.MaxPerAddress {
		return sub, ErrTooManySubscriptions
	}
	sub.Status, sub.CreatedAt = SubPending, At(now)
	const ins = `INSERT INTO subscriptions (email, lang, kind, report_id, area_code, lat, lon, radius_m, themes,
		frequency, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	if err := tx.QueryRowxContext(ctx, ins, sub.Email, sub.Lang, sub.Kind, sub.ReportID, sub.AreaCode, sub.Lat, sub.Lon,
		sub.RadiusM, sub.Themes, sub.Frequency, sub.Status, sub.CreatedAt).Scan(&sub.ID); err != nil {
		return sub, fmt.Errorf("db: subscribe: %w", err)
	}
	if err := queueConfirmation(ctx, tx, sub, now, confirm); err != nil {
		return sub, err
	}
	return sub, tx.Commit()
}

func queueConfirmation(ctx context.Context, tx *sqlx.Tx, sub Subscription, now time.Time, confirm ConfirmFunc) error {
	m, err := confirm(sub)
	if err != nil {
		return fmt.Errorf("db: subscription %d: confirmation: %w", sub.ID, err)
	}
	if _, err := insertMessage(ctx, tx, &m); err != nil {
		return fmt.Errorf("db: subscription %d: confirmation: %w", sub.ID, err)
	}
	const upd = `UPDATE subscriptions SET confirm_sent_at = ? WHERE id = ?`
	if _, err := tx.ExecContext(ctx, upd, At(now), sub.ID); err != nil {
		return fmt.Errorf("db: subscription %d: %w", sub.ID, err)
	}
	return nil
}

// Subscription returns one subscription.
func (s *Store) Subscription(ctx context.Context, id int64) (Subscription, error) {
	var sub Subscription
	err := s.read.GetContext(ctx, &sub, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE id = ?`, id)
	if err != nil {
		return sub, fmt.Errorf("db: subscription %d: %w", id, notFound(err))
	}
	return sub, nil
}

// ConfirmSubscription activates a pending subscription, however old (see
// ConfirmPending). A daily one starts its digests with the events after
// this moment, first due at firstDigest. Confirming an active one changes
// nothing; a cancelled one is ErrNotFound: an old link must not bring it
// back.
func (s *Store) ConfirmSubscription(ctx context.Context, id int64, now, firstDigest time.Time) (Subscription, error) {
	return s.ConfirmPending(ctx, id, now, firstDigest, time.Time{})
}

// ConfirmPending is ConfirmSubscription for a subscription created after
// pendingSince (zero: whenever): an older one has expired, and is
// ErrNotFound.
func (s *Store) ConfirmPending(ctx context.Context, id int64, now, firstDigest, pendingSince time.Time) (Subscription, error) {
	const q = `UPDATE subscriptions SET status = 'active', confirmed_at = ?,
		digest_after_id = (SELECT coalesce(max(id), 0) FROM report_events), next_digest_at = ?
		WHERE id = ? AND status = 'pending' AND created_at >= ?`
	var next Time
	if !firstDigest.IsZero() {
		next = At(firstDigest)
	}
	since := int64(math.MinInt64)
	if !pendingSince.IsZero() {
		since = pendingSince.UnixMilli()
	}
	if _, err := s.writeExec(ctx, q, At(now), next, id, since); err != nil {
		return Subscription{}, fmt.Errorf("db: confirm subscription %d: %w", id, err)
	}
	sub, err := s.writerSubscription(ctx, id)
	if err == nil && sub.Status != SubActive {
		err = fmt.Errorf("db: confirm subscription %d: %w", id, ErrNotFound)
	}
	return sub, err
}

// CancelSubscription ends a subscription; cancelling twice is not an error.
func (s *Store) CancelSubscription(ctx context.Context, id int64, now time.Time) (Subscription, error) {
	const q = `UPDATE subscriptions SET status = 'cancelled', cancelled_at = ? WHERE id = ? AND status <> 'cancelled'`
	if _, err := s.writeExec(ctx, q, At(now), id); err != nil {
		return Subscription{}, fmt.Errorf("db: cancel subscription %d: %w", id, err)
	}
	return s.writerSubscription(ctx, id)
}

// writerSubscription reads through the writer, which has just changed it.
func (s *Store) writerSubscription(ctx context.Context, id int64) (Subscription, error) {
	var sub Subscription
	err := s.writeGet(ctx, &sub, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE id = ?`, id)
	if err != nil {
		return sub, fmt.Errorf("db: subscription %d: %w", id, notFound(err))
	}
	return sub, nil
}

// MoveFollowers moves the followers of report from to report to, inside the
// caller's transaction (the back office merges a duplicate into the report
// it keeps). An address that already follows the kept report keeps that
// subscription; its subscription to the duplicate is cancelled. With the
// merge's event (eventID > 0), the active followers are recorded against
// it first, so that they still get that event, which the worker fans out
// after the move.
func MoveFollowers(ctx context.Context, tx *sqlx.Tx, from, to, eventID int64, now time.Time) error {
	if eventID > 0 {
		const record = `INSERT INTO merge_followers (event_id, subscription_id)
			SELECT ?, COALESCE((SELECT k.id FROM subscriptions k WHERE k.kind = 'report' AND k.report_id = ?
				AND k.status = 'active' AND k.email = d.email ORDER BY k.id LIMIT 1), d.id)
			FROM subscriptions d WHERE d.kind = 'report' AND d.report_id = ? AND d.status = 'active'
			ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, record, eventID, to, from); err != nil {
			return fmt.Errorf("db: move followers %d to %d: %w", from, to, err)
		}
	}
	const cancel = `UPDATE subscriptions SET status = 'cancelled', cancelled_at = ?
		WHERE kind = 'report' AND report_id = ? AND status <> 'cancelled' AND email IN (
			SELECT email FROM subscriptions WHERE kind = 'report' AND report_id = ? AND status <> 'cancelled')`
	if _, err := tx.ExecContext(ctx, cancel, At(now), from, to); err != nil {
		return fmt.Errorf("db: move followers %d to %d: %w", from, to, err)
	}
	const move = `UPDATE subscriptions SET report_id = ? WHERE kind = 'report' AND report_id = ? AND status <> 'cancelled'`
	if _, err := tx.ExecContext(ctx, move, to, from); err != nil {
		return fmt.Errorf("db: move followers %d to %d: %w", from, to, err)
	}
	return nil
}

// SetReporterNotify turns a reporter's emails about their report on or off.
func (s *Store) SetReporterNotify(ctx context.Context, reportID int64, on bool) error {
	res, err := s.writeExec(ctx, `UPDATE reporters SET notify_off = ? WHERE report_id = ?`, !on, reportID)
	if err != nil {
		return fmt.Errorf("db: reporter of %d: %w", reportID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("db: reporter of %d: %w", reportID, ErrNotFound)
	}
	return nil
}

// MoveFollowersNow is MoveFollowers in a transaction of its own, for a
// caller that has none open.
func (s *Store) MoveFollowersNow(ctx context.Context, from, to int64, now time.Time) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: move followers %d to %d: %w", from, to, err)
	}
	defer tx.Rollback()
	if err := MoveFollowers(ctx, tx, from, to, 0, now); err != nil {
		return err
	}
	return tx.Commit()
}

// NotMe answers "this wasn't me" on the confirmation email of pending
// subscription id: the address's pending subscriptions and the messages
// sent to it about them are deleted (nobody confirmed the address, so it
// is not kept), and no confirmation goes to it before until (the address
// is kept only as the keyed hash addressHash). A subscription that is no
// longer pending is ErrNotFound.
func (s *Store) NotMe(ctx context.Context, id int64, addressHash string, until time.Time) (Subscription, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return Subscription{}, fmt.Errorf("db: subscription %d: not me: %w", id, err)
	}
	defer tx.Rollback()
	var sub Subscription
	if err := tx.GetContext(ctx, &sub, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE id = ? AND status = 'pending'`, id); err != nil {
		return sub, fmt.Errorf("db: subscription %d: not me: %w", id, notFound(err))
	}
	const msgs = `DELETE FROM notify_messages WHERE subscription_id IN (SELECT id FROM subscriptions WHERE email = ? AND status = 'pending')`
	if _, err := tx.ExecContext(ctx, msgs, sub.Email); err != nil {
		return sub, fmt.Errorf("db: subscription %d: not me: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE email = ? AND status = 'pending'`, sub.Email); err != nil {
		return sub, fmt.Errorf("db: subscription %d: not me: %w", id, err)
	}
	const block = `INSERT INTO email_blocks (email_hash, until) VALUES (?, ?)
		ON CONFLICT (email_hash) DO UPDATE SET until = excluded.until`
	if _, err := tx.ExecContext(ctx, block, addressHash, At(until)); err != nil {
		return sub, fmt.Errorf("db: subscription %d: not me: %w", id, err)
	}
	return sub, tx.Commit()
}
