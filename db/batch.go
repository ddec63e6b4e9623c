package db

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jmoiron/sqlx"
)

// errStopped is returned to callers once the store is closing.
var errStopped = errors.New("db: store is closed")

// batcher is the single writer of new reports. SQLite commits are the cost
// of an insert, so requests that arrive together share one commit.
type batcher struct {
	s       *Store
	stmts   *reportWriter // prepared once on the single writer connection
	max     int
	in      chan *batchItem
	quit    chan struct{}
	done    chan struct{}
	stopped sync.Once
}

type batchItem struct {
	ctx context.Context
	nr  *NewReport
	out chan batchResult
}

type batchResult struct {
	c   Created
	err error
}

// txWriter is what createOne writes through.
type txWriter struct {
	tx *sqlx.Tx
	w  *reportWriter
}

func newBatcher(s *Store, max int) *batcher {
	b := &batcher{s: s, max: max, in: make(chan *batchItem), quit: make(chan struct{}), done: make(chan struct{})}
	go b.run()
	return b
}

func (b *batcher) submit(ctx context.Context, nr *NewReport) (Created, error) {
	it := &batchItem{ctx: context.WithoutCancel(ctx), nr: nr, out: make(chan batchResult, 1)}
	select {
	case b.in <- it:
	case <-b.quit:
		return Created{}, errStopped
	case <-ctx.Done():
		return Created{}, ctx.Err()
	}
	// Once queued, the item is written even if the caller goes away: the
	// client may retry with its Idempotency-Key and must then find it.
	res := <-it.out
	return res.c, res.err
}

func (b *batcher) stop() {
	b.stopped.Do(func() {
		close(b.quit)
		<-b.done
		if b.stmts != nil {
			b.stmts.close()
		}
	})
}

func (b *batcher) run() {
	defer close(b.done)
	items := make([]*batchItem, 0, b.max)
	for {
		select {
		case it := <-b.in:
			items = append(items[:0], it)
		case <-b.quit:
			return
		}
	drain:
		for len(items) < b.max {
			select {
			case it := <-b.in:
				items = append(items, it)
			default:
				break drain
			}
		}
		b.commit(items)
	}
}

// commit writes items in one transaction. Each item runs in a savepoint; an
// item that fails is rolled back alone and gets its error.
func (b *batcher) commit(items []*batchItem) {
	ctx := context.Background()
	results := make([]batchResult, len(items))
	fail := func(err error) {
		for _, it := range items {
			it.out <- batchResult{err: err}
		}
	}
	// Prepare before beginning: the transaction holds the only connection.
	if b.stmts == nil {
		var err error
		if b.stmts, err = prepareReportWriter(ctx, b.s.write); err != nil {
			fail(fmt.Errorf("db: prepare: %w", err))
			return
		}
	}
	tx, err := b.s.write.BeginTxx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("db: begin: %w", err))
		return
	}
	w := b.stmts.in(ctx, tx)
	tw := txWriter{tx: tx, w: w}
	for i, it := range items {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT item`); err != nil {
			results[i].err = err
			continue
		}
		c, err := b.s.createOne(it.ctx, tw, it.nr)
		if err != nil {
			tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT item`)
			results[i].err = fmt.Errorf("db: create report: %w", err)
		} else {
			results[i].c = c
		}
		tx.ExecContext(ctx, `RELEASE SAVEPOINT item`)
	}
	w.close()
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("db: commit: %w", err))
		return
	}
	for i, it := range items {
		if results[i].err == nil && !results[i].c.Replayed {
			b.s.pins.put(results[i].c.Report)
		}
		it.out <- results[i]
	}
}
