package db

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

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
	// delivering counts the batches whose callers wait for the feed.
	delivering sync.WaitGroup
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
	// The writer takes items only when it is free: one that is not free
	// for BusyTimeout is stuck behind a lock, and the report, not queued,
	// is not written.
	wait := time.NewTimer(BusyTimeout)
	defer wait.Stop()
	select {
	case b.in <- it:
	case <-b.quit:
		return Created{}, errStopped
	case <-ctx.Done():
		return Created{}, ctx.Err()
	case <-wait.C:
		return Created{}, fmt.Errorf("db: create report: the writer was busy for %s: %w", BusyTimeout, ErrBusy)
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
		b.delivering.Wait()
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
		// Gather what else is queued. A commit costs as much as several
		// inserts, so when the queue looks empty, yield once to let
		// requests that are about to submit do so and share this commit.
		yielded := false
	drain:
		for len(items) < b.max {
			select {
			case it := <-b.in:
				items = append(items, it)
			default:
				if yielded {
					break drain
				}
				yielded = true
				runtime.Gosched()
			}
		}
		b.commit(items)
	}
}

// commit writes items in one transaction. Should any item fail, the
// transaction is rolled back and each item is retried in a transaction of
// its own, so one bad report never takes others down with it; savepoints
// per item would do the same but cost a sixth of the writer's time. A
// locked database or a full disk fails every item alike: they all fail at
// once rather than each waiting for the lock again.
func (b *batcher) commit(items []*batchItem) {
	results, err := b.write(items)
	if err != nil && len(items) > 1 && !IsBusy(err) && !IsFull(err) {
		for _, it := range items {
			res, err := b.write([]*batchItem{it})
			if err != nil {
				res = []batchResult{{err: err}}
			}
			b.deliver([]*batchItem{it}, res)
		}
		return
	}
	if err != nil {
		results = make([]batchResult, len(items))
		for i := range results {
			results[i].err = err
		}
	}
	b.deliver(items, results)
}

// deliver answers the callers once the feed has brought their reports
// into memory, so a client's next read finds its report; the writer goes
// on with the next batch meanwhile.
func (b *batcher) deliver(items []*batchItem, results []batchResult) {
	items = slices.Clone(items) // the writer reuses its slice for the next batch
	b.delivering.Add(1)
	go func() {
		defer b.delivering.Done()
		b.s.afterWrite(context.Background())
		for i, it := range items {
			it.out <- results[i]
		}
	}()
}

// write runs items in one transaction and commits it, or returns the first error.
func (b *batcher) write(items []*batchItem) ([]batchResult, error) {
	ctx := context.Background()
	// Prepare before beginning: the transaction holds the only connection.
	if b.stmts == nil {
		var err error
		if b.stmts, err = prepareReportWriter(ctx, b.s.write, b.s.dialect); err != nil {
			return nil, fmt.Errorf("db: prepare: %w", err)
		}
	}
	start := time.Now()
	tx, err := b.s.beginWrite(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: begin: %w", err)
	}
	defer tx.Rollback()
	w := b.stmts.in(ctx, tx)
	defer w.close()
	tw := txWriter{tx: tx, w: w}
	results := make([]batchResult, len(items))
	for i, it := range items {
		c, err := b.s.createOne(it.ctx, tw, it.nr)
		if errors.Is(err, ErrIdempotencyMismatch) {
			results[i].err = err // found before anything was written: the rest may commit
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("db: create report: %w", err)
		}
		results[i].c = c
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("db: commit: %w", err)
	}
	if fn := b.s.onCommit.Load(); fn != nil {
		(*fn)(len(items), time.Since(start))
	}
	return results, nil
}
