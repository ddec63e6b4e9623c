package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrIdempotencyMismatch means an Idempotency-Key was reused for a different request.
var ErrIdempotencyMismatch = errors.New("idempotency key reused with a different request")

// NewReport is everything written when a report is created.
type NewReport struct {
	Report   Report
	Reporter Reporter
	Photos   []NewPhoto
	// IdempotencyKey, when set, makes a retry return the first result;
	// RequestHash tells a retry from a different request under the same key.
	IdempotencyKey string
	RequestHash    string
	// Token is the reporter's secret, kept encrypted with the idempotency key
	// for a day so that a retry whose first answer was lost still learns it.
	Token string
}

// Created is the outcome of CreateReport.
type Created struct {
	Report   Report
	Token    string // the token from the first request, on a replay
	Replayed bool   // an earlier request with the same key created it
}

// CreateReport stores a report with its reporter, first event, point and
// photos. Concurrent calls are grouped into one transaction (group commit),
// each in its own savepoint so one failure does not undo the others.
func (s *Store) CreateReport(ctx context.Context, nr *NewReport) (Created, error) {
	// The address is found here, in the caller's goroutine, so the one
	// writer's transaction does not wait on it.
	s.fillAddress(&nr.Report)
	return s.batch.submit(ctx, nr)
}

// createOne runs inside the batch transaction.
func (s *Store) createOne(ctx context.Context, tx txWriter, nr *NewReport) (Created, error) {
	if nr.IdempotencyKey != "" {
		var prev struct {
			Hash     string `db:"request_hash"`
			ReportID int64  `db:"report_id"`
			Token    string `db:"response"`
		}
		const q = `SELECT request_hash, report_id, response FROM idempotency_keys WHERE key = ?`
		err := tx.tx.GetContext(ctx, &prev, q, nr.IdempotencyKey)
		switch {
		case err == nil:
			if prev.Hash != nr.RequestHash {
				return Created{}, ErrIdempotencyMismatch
			}
			var r Report
			if err := tx.tx.GetContext(ctx, &r, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, prev.ReportID); err != nil {
				return Created{}, fmt.Errorf("db: replay report %d: %w", prev.ReportID, err)
			}
			token, err := s.unseal(prev.Token)
			if err != nil {
				return Created{}, err
			}
			return Created{Report: r, Token: token, Replayed: true}, nil
		case !errors.Is(err, sql.ErrNoRows):
			return Created{}, err
		}
	}
	r := nr.Report
	r.PhotoCount = len(nr.Photos)
	ev := Event{Kind: EventCreated, Actor: ActorReporter, ToStatus: r.Status, Public: true, CreatedAt: r.CreatedAt}
	if err := tx.w.create(ctx, &r, &nr.Reporter, &ev); err != nil {
		return Created{}, err
	}
	id := r.ID
	for i := range nr.Photos {
		if err := insertPhoto(ctx, tx.tx, id, i, &nr.Photos[i], r.CreatedAt); err != nil {
			return Created{}, err
		}
	}
	if nr.IdempotencyKey != "" {
		sealed, err := s.seal(nr.Token)
		if err != nil {
			return Created{}, err
		}
		const q = `INSERT INTO idempotency_keys (key, request_hash, report_id, response, created_at) VALUES (?, ?, ?, ?, ?)`
		if _, err := tx.tx.ExecContext(ctx, q, nr.IdempotencyKey, nr.RequestHash, id, sealed, r.CreatedAt); err != nil {
			return Created{}, err
		}
	}
	return Created{Report: r}, nil
}

// PurgeIdempotencyKeys forgets keys older than maxAge, and with them the
// tokens kept for replies; it returns how many it removed.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context, maxAge time.Duration) (int64, error) {
	const q = `DELETE FROM idempotency_keys WHERE created_at < ?`
	res, err := s.writeExec(ctx, q, At(s.now().Add(-maxAge)))
	if err != nil {
		return 0, fmt.Errorf("db: purge idempotency keys: %w", err)
	}
	return res.RowsAffected()
}
