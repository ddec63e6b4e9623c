package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// The write rate limit lives in the database, so that every instance
// spends from the same buckets. Requests that arrive together share one
// transaction (as report creations do): a commit per request would cost
// the writer more than the writes it guards.

// tokenTake is one request for a token.
type tokenTake struct {
	key       string
	perMinute float64
	now       time.Time
	out       chan tokenResult
}

type tokenResult struct {
	ok   bool
	wait time.Duration
	err  error
}

// tokens is the single goroutine that spends tokens.
type tokens struct {
	s       *Store
	in      chan *tokenTake
	quit    chan struct{}
	done    chan struct{}
	stopped sync.Once
	swept   time.Time
}

func newTokens(s *Store) *tokens {
	t := &tokens{s: s, in: make(chan *tokenTake), quit: make(chan struct{}), done: make(chan struct{})}
	go t.run()
	return t
}

func (t *tokens) stop() {
	t.stopped.Do(func() {
		close(t.quit)
		<-t.done
	})
}

// TakeToken spends one of key's tokens from a bucket that holds perMinute
// of them and refills continuously; when it is empty it says how long to
// wait for the next one.
func (s *Store) TakeToken(ctx context.Context, key string, perMinute int, now time.Time) (ok bool, wait time.Duration, err error) {
	if perMinute <= 0 {
		return true, 0, nil
	}
	tk := &tokenTake{key: key, perMinute: float64(perMinute), now: now, out: make(chan tokenResult, 1)}
	// As for reports (batcher.submit): a limiter stuck behind a lock says so.
	timer := time.NewTimer(BusyTimeout)
	defer timer.Stop()
	select {
	case s.tokens.in <- tk:
	case <-s.tokens.quit:
		return false, 0, errStopped
	case <-ctx.Done():
		return false, 0, ctx.Err()
	case <-timer.C:
		return false, 0, fmt.Errorf("db: rate limit: the limiter was busy for %s: %w", BusyTimeout, ErrBusy)
	}
	res := <-tk.out
	return res.ok, res.wait, res.err
}

func (t *tokens) run() {
	defer close(t.done)
	takes := make([]*tokenTake, 0, 256)
	for {
		select {
		case tk := <-t.in:
			takes = append(takes[:0], tk)
		case <-t.quit:
			return
		}
	gather:
		for len(takes) < cap(takes) {
			select {
			case tk := <-t.in:
				takes = append(takes, tk)
			default:
				break gather
			}
		}
		results, err := t.spend(takes)
		for i, tk := range takes {
			if err != nil {
				results[i] = tokenResult{err: err}
			}
			tk.out <- results[i]
		}
	}
}

// takeSQL spends a token if the bucket, refilled for the time since it was
// last touched, holds one; it returns nothing when it does not. Clocks of
// instances may differ a little: time never runs backwards for a bucket.
const takeSQL = `INSERT INTO rate_buckets (key, tokens, at) VALUES (?1, CAST(?2 AS DOUBLE PRECISION) - 1, ?3)
	ON CONFLICT (key) DO UPDATE SET
		tokens = {least}(CAST(?2 AS DOUBLE PRECISION), rate_buckets.tokens + {greatest}(0, excluded.at - rate_buckets.at) * CAST(?4 AS DOUBLE PRECISION)) - 1,
		at = {greatest}(rate_buckets.at, excluded.at)
	WHERE {least}(CAST(?2 AS DOUBLE PRECISION), rate_buckets.tokens + {greatest}(0, excluded.at - rate_buckets.at) * CAST(?4 AS DOUBLE PRECISION)) >= 1
	RETURNING tokens`

// spend runs takes in one transaction.
func (t *tokens) spend(takes []*tokenTake) ([]tokenResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), BusyTimeout)
	defer cancel()
	s := t.s
	results := make([]tokenResult, len(takes))
	// Not beginWrite: buckets are the limiter's own rows, and on
	// PostgreSQL they need not wait for writers of reports.
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return results, fmt.Errorf("db: rate limit: %w", err)
	}
	defer tx.Rollback()
	take, err := tx.PreparexContext(ctx, s.dialect.sql(takeSQL))
	if err != nil {
		return results, fmt.Errorf("db: rate limit: %w", err)
	}
	defer take.Close()
	for i, tk := range takes {
		perMs := tk.perMinute / 60000
		at := tk.now.UnixMilli()
		var left float64
		err := take.QueryRowxContext(ctx, tk.key, tk.perMinute, at, perMs).Scan(&left)
		switch {
		case err == nil:
			results[i].ok = true
		case errors.Is(err, sql.ErrNoRows):
			var b struct {
				Tokens float64 `db:"tokens"`
				At     int64   `db:"at"`
			}
			if err := tx.GetContext(ctx, &b, `SELECT tokens, at FROM rate_buckets WHERE key = ?`, tk.key); err != nil {
				return results, fmt.Errorf("db: rate limit: %w", err)
			}
			have := min(tk.perMinute, b.Tokens+float64(max(0, at-b.At))*perMs)
			results[i].wait = time.Duration((1 - have) / perMs * float64(time.Millisecond))
		default:
			return results, fmt.Errorf("db: rate limit: %w", err)
		}
	}
	// Full buckets say nothing: forget them now and then.
	if now := takes[0].now; now.Sub(t.swept) > time.Minute {
		if _, err := tx.ExecContext(ctx, `DELETE FROM rate_buckets WHERE at < ?`, now.Add(-2*time.Minute).UnixMilli()); err != nil {
			return results, fmt.Errorf("db: rate limit sweep: %w", err)
		}
		t.swept = now
	}
	return results, tx.Commit()
}
