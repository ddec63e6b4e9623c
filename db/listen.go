package db

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// feedChannel is the channel PostgreSQL notifies when a write that the
// feed follows commits (migration 0135).
const feedChannel = "streetfix_feed"

// listen keeps a connection LISTENing on feedChannel until ctx ends and
// wakes the feed (and, through OnWrite, the event stream and the
// notification worker) on every notification: a write on another instance
// reaches this one in milliseconds instead of at the next poll. After a
// lost connection it connects again, and wakes the feed at once, since
// notifications sent meanwhile are gone; the poll covers the gap.
func (s *Store) listen(ctx context.Context) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		start := time.Now()
		s.listenOnce(ctx)
		if time.Since(start) > time.Minute {
			backoff = 100 * time.Millisecond
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listenOnce listens on one connection until it fails or ctx ends.
func (s *Store) listenOnce(ctx context.Context) {
	conn, err := pgx.ConnectConfig(ctx, s.listenCfg.Copy())
	if err != nil {
		return
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+feedChannel); err != nil {
		return
	}
	s.wakeAll()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return
		}
		s.wakeAll()
	}
}

// wakeAll asks for a feed pass and tells the event stream and the worker
// to look: an event (a public note) may change no report's revision.
func (s *Store) wakeAll() {
	s.wakeFeed()
	s.notifyWrite()
}
