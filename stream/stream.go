// Package stream fans out the public history events of reports (created,
// status changed, note added) to live subscribers, such as the Server-Sent
// Events feed. One reader fetches new events from the database and hands
// them to every subscriber, so a thousand listeners cost one query per
// change, not a thousand.
package stream

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"streetfix/db"
)

// Source is where events come from: every public event with an id above afterID.
type Source interface {
	Updates(ctx context.Context, q db.UpdatesQuery) ([]db.Update, error)
	LastEventID(ctx context.Context) (int64, error)
}

// Hub is the fan-out. Writers in this process call Notify; events written by
// other processes are found by polling every PollEvery.
type Hub struct {
	src       Source
	log       *slog.Logger
	PollEvery time.Duration

	mu     sync.Mutex
	subs   map[*Sub]struct{}
	last   int64
	wake   chan struct{}
	closed bool
}

// MaxSubscribers bounds the live streams one process holds.
const MaxSubscribers = 10000

// ErrFull means the hub has MaxSubscribers already.
var ErrFull = errors.New("stream: too many subscribers")

// Sub is one subscriber. Events arrives in id order; it is closed when the
// subscriber falls too far behind (it should reconnect and resume).
type Sub struct {
	Events chan []db.Update
	hub    *Hub
}

// New makes a hub that starts after the newest event stored now.
func New(ctx context.Context, src Source, log *slog.Logger) (*Hub, error) {
	last, err := src.LastEventID(ctx)
	if err != nil {
		return nil, err
	}
	return &Hub{src: src, log: log, PollEvery: time.Second, subs: map[*Sub]struct{}{}, last: last, wake: make(chan struct{}, 1)}, nil
}

// Notify tells the hub that events were written; it never blocks.
func (h *Hub) Notify() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Subscribe adds a subscriber and returns the id of the last event it will
// not receive live: a client resuming from an older id replays the events
// up to this one from the database. Once the hub has stopped, the
// subscriber's channel is closed at once.
func (h *Hub) Subscribe() (*Sub, int64, error) {
	s := &Sub{Events: make(chan []db.Update, 64), hub: h}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(s.Events)
		return s, h.last, nil
	}
	if len(h.subs) >= MaxSubscribers {
		return nil, 0, ErrFull
	}
	h.subs[s] = struct{}{}
	return s, h.last, nil
}

// Close removes the subscriber.
func (s *Sub) Close() {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.Events)
	}
}

// Subscribers returns how many are connected.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// coalesce is the shortest time between two reads: under a burst of
// writes, one read then carries many events instead of one read each.
const coalesce = 25 * time.Millisecond

// Run reads new events and delivers them until ctx ends.
func (h *Hub) Run(ctx context.Context) {
	t := time.NewTicker(h.PollEvery)
	defer t.Stop()
	var last time.Time
	for {
		select {
		case <-ctx.Done():
			h.closeAll()
			return
		case <-h.wake:
		case <-t.C:
		}
		if wait := coalesce - time.Since(last); wait > 0 {
			select {
			case <-ctx.Done():
				h.closeAll()
				return
			case <-time.After(wait):
			}
		}
		last = time.Now()
		h.deliver(ctx)
	}
}

func (h *Hub) deliver(ctx context.Context) {
	for {
		h.mu.Lock()
		after := h.last
		h.mu.Unlock()
		evs, err := h.src.Updates(ctx, db.UpdatesQuery{AfterID: after, WithCreated: true, Limit: 500})
		if err != nil {
			if ctx.Err() == nil {
				h.log.Warn("stream: read events", "err", err)
			}
			return
		}
		if len(evs) == 0 {
			return
		}
		h.mu.Lock()
		h.last = evs[len(evs)-1].ID
		for s := range h.subs {
			select {
			case s.Events <- evs:
			default:
				// Too slow: drop it rather than hold everyone back; it
				// resumes from its Last-Event-ID when it reconnects.
				delete(h.subs, s)
				close(s.Events)
			}
		}
		h.mu.Unlock()
		if len(evs) < 500 {
			return
		}
	}
}

func (h *Hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		close(s.Events)
	}
}
