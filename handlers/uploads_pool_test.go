package handlers

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The decode pool lets its slots run, queues a bounded number of requests
// and refuses the next at once; a queued request that waits too long is
// refused too. Each step waits on the pool's state, not on time.
func TestDecodePool(t *testing.T) {
	ctx := context.Background()
	p := newDecodePool(1, 1, time.Hour)
	if err := p.acquire(ctx); err != nil {
		t.Fatal(err)
	}
	queued := make(chan error, 1)
	go func() { queued <- p.acquire(ctx) }()
	for len(p.waiting) < 2 {
		time.Sleep(time.Millisecond)
	}
	if err := p.acquire(ctx); !errors.Is(err, errDecodeBusy) {
		t.Errorf("with the slot taken and the queue full: %v, want errDecodeBusy", err)
	}
	p.release()
	if err := <-queued; err != nil {
		t.Errorf("queued request once the slot is free: %v", err)
	}
	p.release()
	if len(p.waiting) != 0 || len(p.slots) != 0 {
		t.Errorf("pool not empty after releases: %d waiting, %d slots", len(p.waiting), len(p.slots))
	}

	short := newDecodePool(1, 4, 20*time.Millisecond)
	if err := short.acquire(ctx); err != nil {
		t.Fatal(err)
	}
	if err := short.acquire(ctx); !errors.Is(err, errDecodeBusy) {
		t.Errorf("waiting past the deadline for a slot never freed: %v, want errDecodeBusy", err)
	}
	if len(short.waiting) != 1 {
		t.Errorf("a refused request stays counted: %d waiting", len(short.waiting))
	}
}
