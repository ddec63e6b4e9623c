package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/handlers"
)

// One client network holds at most StreamsPerAddress event streams: the
// next is refused with 429 in the error shape before any stream begins,
// another network is not, and a closed stream frees its place.
func TestEventStreamsPerAddress(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) {
		c.StreamsPerAddress = 2
		c.TrustedProxies = []string{"127.0.0.1"}
	})
	srv := httptest.NewServer(s.router)
	defer srv.Close()
	open := func(ctx context.Context, from string) *http.Response {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/feeds/events", nil)
		req.Header.Set("X-Forwarded-For", from)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	firstCtx, closeFirst := context.WithCancel(ctx)
	for i, c := range []context.Context{firstCtx, ctx} {
		if res := open(c, "203.0.113.7"); res.StatusCode != 200 {
			t.Fatalf("stream %d: %d", i+1, res.StatusCode)
		}
	}
	res := open(ctx, "203.0.113.7")
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 429 || res.Header.Get("Content-Type") == "text/event-stream; charset=utf-8" || !jsonHasCode(b, "too_many_streams") {
		t.Errorf("third stream of one network: %d %s", res.StatusCode, b)
	}
	if res := open(ctx, "198.51.100.9"); res.StatusCode != 200 {
		t.Errorf("another network: %d", res.StatusCode)
	}
	closeFirst()
	// The server frees the place when its handler sees the client gone.
	deadline := time.Now().Add(time.Minute)
	for {
		res := open(ctx, "203.0.113.7")
		if res.StatusCode == 200 {
			break
		}
		res.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("a closed stream's place was not freed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A resumed stream replays what was missed within its bounds; past them
// (more than ReplayMax events, or a first missed event over 24 hours old)
// it sends one "reload" event naming where the live stream starts, then
// live events only.
func TestEventReplayBounded(t *testing.T) {
	var ahead atomic.Int64 // how far the service's clock is ahead of the store's
	s := buildTestServer(t, func(store *db.Store, c *handlers.Config) {
		c.ReplayMax = 3
		c.Now = func() time.Time { return store.Now().Add(time.Duration(ahead.Load())) }
	})
	srv := httptest.NewServer(s.router)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func(lastID string) <-chan sseEvent {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/feeds/events", nil)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("open: %v %v", err, res)
		}
		return sseEvents(res)
	}
	// The hub has seen the five events once a stream opened before them
	// had them all (it follows the database on its own).
	plain := open("")
	for i := 0; i < 5; i++ {
		if w := s.postJSON("/api/v1/reports", grandPlace()); w.Code != 201 {
			t.Fatalf("report: %d %s", w.Code, w.Body)
		}
	}
	for seen := 0; seen < 5; {
		seen += len(take(t, plain, 1, 30*time.Second))
	}
	// Five events missed, three allowed: reload.
	got := take(t, open("0"), 1, 30*time.Second)
	if got[0].name != "reload" || got[0].data["reason"] != "too_far_behind" {
		t.Fatalf("replay past the bound: %+v", got[0])
	}
	last, _ := strconv.Atoi(got[0].id)
	// Two missed: replayed.
	got = take(t, open(strconv.Itoa(last-2)), 2, 30*time.Second)
	if got[0].name != "report_created" || got[1].id != strconv.Itoa(last) {
		t.Errorf("short replay: %+v", got)
	}
	// The same two, a day and more later: reload.
	ahead.Store(int64(25 * time.Hour))
	events := open(strconv.Itoa(last - 2))
	got = take(t, events, 1, 30*time.Second)
	if got[0].name != "reload" || got[0].id != strconv.Itoa(last) {
		t.Errorf("replay over 24 hours old: %+v", got[0])
	}
	// Then live events follow.
	s.postJSON("/api/v1/reports", grandPlace())
	got = take(t, events, 1, 30*time.Second)
	if got[0].name != "report_created" || got[0].id != strconv.Itoa(last+1) {
		t.Errorf("live after reload: %+v", got[0])
	}
}

// jsonHasCode says whether b is the API's error shape with code.
func jsonHasCode(b []byte, code string) bool {
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	return json.Unmarshal(b, &e) == nil && e.Error.Code == code
}
