package db

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// DigestEvent is a public event for a digest, with its report.
type DigestEvent struct {
	Event
	Title    string  `db:"title"`
	Category string  `db:"category"`
	Theme    string  `db:"theme"`
	AreaCode string  `db:"area_code"`
	Lat      float64 `db:"lat"`
	Lon      float64 `db:"lon"`
}

// maxDigestEvents bounds one digest; the rest wait for the next one.
const maxDigestEvents = 200

// DueDigests returns the active daily subscriptions whose digest is due.
func (s *Store) DueDigests(ctx context.Context, now time.Time, limit int) ([]Subscription, error) {
	const q = `SELECT ` + subscriptionColumns + ` FROM subscriptions
		WHERE status = 'active' AND frequency = 'daily' AND next_digest_at <= ? ORDER BY next_digest_at, id LIMIT ?`
	var out []Subscription
	if err := s.read.SelectContext(ctx, &out, q, At(now), limit); err != nil {
		return nil, fmt.Errorf("db: due digests: %w", err)
	}
	return out, nil
}

// DigestEvents returns the public events after sub's last digest that
// match it, oldest first: for a follower, the report's status changes and
// notes; for an area or radius alert, new reports and status changes in
// the area or the circle's box (the caller checks the circle itself) of the
// subscription's themes. Hidden reports are left out.
func (s *Store) DigestEvents(ctx context.Context, sub Subscription) ([]DigestEvent, error) {
	where := []string{`e.id > ?`, `e.public = TRUE`, `r.status <> 'hidden'`}
	args := []any{sub.DigestAfterID}
	switch sub.Kind {
	case SubReport:
		// The report's events, and the merge of a duplicate it followed.
		where = append(where, `(e.report_id = ? OR e.id IN (SELECT event_id FROM merge_followers WHERE subscription_id = ?))`, `e.kind <> 'created'`)
		args = append(args, sub.ReportID, sub.ID)
	case SubArea:
		where = append(where, `r.area_code = ?`, `e.kind <> 'note'`)
		args = append(args, sub.AreaCode)
	case SubRadius:
		dLat, dLon := radiusDegrees(sub.Lat.Float64)
		where = append(where, `r.lat BETWEEN ? AND ?`, `r.lon BETWEEN ? AND ?`, `e.kind <> 'note'`)
		args = append(args, sub.Lat.Float64-dLat, sub.Lat.Float64+dLat, sub.Lon.Float64-dLon, sub.Lon.Float64+dLon)
	default:
		return nil, fmt.Errorf("db: digest of subscription %d: unknown kind %q", sub.ID, sub.Kind)
	}
	if sub.Themes != "" && sub.Kind != SubReport {
		themes := strings.Split(sub.Themes, ",")
		where = append(where, `r.theme IN (`+inClause(len(themes))+`)`)
		for _, t := range themes {
			args = append(args, t)
		}
	}
	q := `SELECT e.id, e.report_id, e.kind, e.actor, e.from_status, e.to_status, e.note, e.public, e.created_at,
		r.title, r.category, r.theme, r.area_code, r.lat, r.lon
		FROM report_events e JOIN reports r ON r.id = e.report_id
		WHERE ` + strings.Join(where, ` AND `) + ` ORDER BY e.id LIMIT ?`
	args = append(args, maxDigestEvents)
	var out []DigestEvent
	if err := s.read.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, fmt.Errorf("db: digest of subscription %d: %w", sub.ID, err)
	}
	return out, nil
}

// FinishDigest queues a digest (m, unless nil), moves sub's window past
// upTo and sets its next digest time, in one transaction; it reports false,
// writing nothing, when another worker has done this digest already, or
// when a title it quotes (m.About) was moderated since it was built: the
// next run builds it again, from the new text.
func (s *Store) FinishDigest(ctx context.Context, sub Subscription, upTo int64, next time.Time, m *NewMessage) (bool, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return false, fmt.Errorf("db: digest of subscription %d: %w", sub.ID, err)
	}
	defer tx.Rollback()
	if m != nil {
		if ok, err := titlesUnchanged(ctx, tx, m.About); err != nil || !ok {
			return false, err
		}
	}
	const q = `UPDATE subscriptions SET digest_after_id = ?, next_digest_at = ?
		WHERE id = ? AND status = 'active' AND next_digest_at = ? AND digest_after_id = ?`
	res, err := tx.ExecContext(ctx, q, upTo, At(next), sub.ID, sub.NextDigestAt, sub.DigestAfterID)
	if err != nil {
		return false, fmt.Errorf("db: digest of subscription %d: %w", sub.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if m != nil {
		if _, err := insertMessage(ctx, tx, m); err != nil {
			return false, fmt.Errorf("db: digest of subscription %d: %w", sub.ID, err)
		}
	}
	return true, tx.Commit()
}

// titlesUnchanged says whether the reports in about still have the titles
// it holds.
func titlesUnchanged(ctx context.Context, tx *sqlx.Tx, about map[int64]string) (bool, error) {
	if len(about) == 0 {
		return true, nil
	}
	args := make([]any, 0, len(about))
	for id := range about {
		args = append(args, id)
	}
	var rows []struct {
		ID    int64  `db:"id"`
		Title string `db:"title"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT id, title FROM reports WHERE id IN (`+inClause(len(args))+`)`, args...); err != nil {
		return false, err
	}
	for _, r := range rows {
		if about[r.ID] != r.Title {
			return false, nil
		}
	}
	return true, nil
}
