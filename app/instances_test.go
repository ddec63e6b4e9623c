package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"streetfix/app"
	"streetfix/db"
	"streetfix/internal/testpg"
)

// TestInstancesShareOneDatabase runs two instances of the service on one
// database, as docker-compose's PostgreSQL profile does (on SQLite: two
// processes on one file), and checks that each sees what the other writes:
// map, nearby, staff queue, statistics and the live stream, a status
// change the other way, the write rate limit counted once for both, and
// (on PostgreSQL) a killed LISTEN connection that comes back.
func TestInstancesShareOneDatabase(t *testing.T) {
	a := open(t, func(c *app.Config) { c.RateLimit = 0 })
	b := open(t, func(c *app.Config) { c.DB, c.RateLimit = a.db, 0 })
	a.serve()
	b.serve()
	ctx := context.Background()

	key, _, err := a.app.Store.CreateAPIKey(ctx, "instances test", db.Scopes)
	if err != nil {
		t.Fatal(err)
	}
	events := openStream(t, b.base, "")

	start := time.Now()
	id := postReport(t, a.base, "Instances: seen everywhere", 50.8312, 4.3678)
	sid := strconv.FormatInt(id, 10)
	seenOn := func(what string, ok func() (bool, string)) {
		t.Helper()
		waitUntil(t, "instance B: "+what, ok)
		t.Logf("instance B shows the report on %s %v after the write to A", what, time.Since(start).Round(time.Millisecond))
	}
	seenOn("the map API", func() (bool, string) {
		got := getBody(t, b.base+"/api/v1/reports?bbox=4.36,50.82,4.38,50.84&zoom=18")
		return strings.Contains(got, `"id":`+sid+`,`), got
	})
	seenOn("nearby", func() (bool, string) {
		got := getBody(t, b.base+"/api/v1/reports/nearby?lat=50.8312&lon=4.3678&radius=50")
		return strings.Contains(got, `"id":`+sid+`,`), got
	})
	seenOn("the staff queue's counts", func() (bool, string) {
		p, err := b.app.Store.Queue(ctx, db.QueueQuery{Status: "open", Now: b.app.Store.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return p.Total == 1 && len(p.Reports) == 1 && p.Reports[0].ID == id, fmt.Sprintf("%d open, counts %v", p.Total, p.Counts)
	})
	seenOn("/api/v1/stats", func() (bool, string) {
		var st struct{ Total, Open int }
		got := getBody(t, b.base+"/api/v1/stats")
		if err := json.Unmarshal([]byte(got), &st); err != nil {
			t.Fatalf("/api/v1/stats: %v in %s", err, got)
		}
		return st.Total == 1 && st.Open == 1, got
	})
	created := events.next(t)
	if created.report != id || created.kind != "report_created" {
		t.Fatalf("B's stream sent %+v first, want report %d created", created, id)
	}

	// The other way: B changes the status, A's read model follows.
	patch(t, b.base+"/api/v1/reports/"+sid, key, `{"status":"acknowledged"}`)
	waitUntil(t, "instance A: the status change made on B", func() (bool, string) {
		got := getBody(t, a.base+"/api/v1/reports?bbox=4.36,50.82,4.38,50.84&zoom=18&status=acknowledged")
		return strings.Contains(got, `"id":`+sid+`,`), got
	})
	if ev := events.next(t); ev.report != id || ev.kind != "status_changed" || ev.id <= created.id {
		t.Fatalf("B's stream sent %+v after the status change, want report %d status after event %d", ev, id, created.id)
	}

	// Resuming on the other instance: Last-Event-ID given to A replays
	// what B streamed after it.
	resumed := openStream(t, a.base, strconv.FormatInt(created.id, 10))
	if ev := resumed.next(t); ev.report != id || ev.kind != "status_changed" {
		t.Fatalf("A replayed %+v after event %d, want report %d's status change", ev, created.id, id)
	}

	if testpg.On() {
		t.Run("held transaction", func(t *testing.T) { heldTransaction(t, a, b, key, id, events) })
		t.Run("listener killed", func(t *testing.T) { listenerKilled(t, a, b) })
	}
}

// heldTransaction: a transaction that took an event id stays open on the
// database while instance B writes; B's write waits for it, so the stream
// never passes over the held event's id.
func heldTransaction(t *testing.T, a, b *running, key string, id int64, events *stream) {
	ctx := context.Background()
	raw, err := sqlx.Open("pgx", a.db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var held int64
	err = tx.GetContext(ctx, &held, `INSERT INTO report_events (report_id, kind, actor, to_status, note, public, created_at)
		VALUES ($1, 'note', 'body:test', '', 'Held open while B writes', TRUE, $2) RETURNING id`, id, db.At(a.app.Store.Now()))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		patch(t, b.base+"/api/v1/reports/"+strconv.FormatInt(id, 10), key, `{"status":"in_progress"}`)
	}()
	// B's write has reached the database and waits for the lock.
	waitUntil(t, "B's write waiting on the held transaction", func() (bool, string) {
		var n int
		if err := raw.GetContext(ctx, &n, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`); err != nil {
			t.Fatal(err)
		}
		return n > 0, fmt.Sprintf("%d waiting", n)
	})
	select {
	case <-done:
		t.Fatal("B's write committed while an earlier event id was held open")
	default:
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	<-done
	first, second := events.next(t), events.next(t)
	if first.id != held || first.kind != "note_added" || second.kind != "status_changed" || second.id <= held {
		t.Fatalf("B's stream sent %+v then %+v, want the held note %d, then the status change", first, second, held)
	}
}

// listenerKilled: after the LISTEN connection of both instances is
// terminated, each connects again, and a write still reaches the other.
func listenerKilled(t *testing.T, a, b *running) {
	ctx := context.Background()
	raw, err := sqlx.Open("pgx", a.db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	listeners := func() []int {
		var pids []int
		if err := raw.SelectContext(ctx, &pids, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN streetfix_feed' ORDER BY pid`); err != nil {
			t.Fatal(err)
		}
		return pids
	}
	var before []int
	waitUntil(t, "two LISTEN connections", func() (bool, string) { before = listeners(); return len(before) == 2, fmt.Sprint(before) })
	if _, err := raw.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN streetfix_feed'`); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "two new LISTEN connections", func() (bool, string) {
		now := listeners()
		return len(now) == 2 && now[0] != before[0] && now[0] != before[1] && now[1] != before[0] && now[1] != before[1], fmt.Sprint(before, " then ", now)
	})
	id := postReport(t, b.base, "After the listener came back", 50.8400, 4.3550)
	waitUntil(t, "instance A: a report written on B after the reconnection", func() (bool, string) {
		got := getBody(t, a.base+"/api/v1/reports/nearby?lat=50.8400&lon=4.3550&radius=50")
		return strings.Contains(got, `"id":`+strconv.FormatInt(id, 10)+`,`), got
	})
}

// TestRateLimitAcrossInstances: the write rate limit is one budget for
// every instance on the database, not one per instance.
func TestRateLimitAcrossInstances(t *testing.T) {
	const limit = 6
	a := open(t, func(c *app.Config) { c.RateLimit = limit })
	b := open(t, func(c *app.Config) { c.DB, c.RateLimit = a.db, limit })
	accepted := 0
	for i := range 2 * limit {
		r := []*running{a, b}[i%2]
		body := fmt.Sprintf(`{"category":"graffiti","lat":50.83,"lon":4.37,"title":"Limit %d"}`, i)
		w := r.do(http.MethodPost, "/api/v1/reports", body, "Content-Type", "application/json")
		switch w.Code {
		case http.StatusCreated:
			accepted++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("POST %d: %d %s", i, w.Code, w.Body.String())
		}
	}
	// A bucket refills as time passes: allow one token's worth of slack.
	if accepted < limit || accepted > limit+1 {
		t.Fatalf("two instances accepted %d of %d writes from one address in a burst, want the limit %d for both together", accepted, 2*limit, limit)
	}
}

// stream reads a live event stream.
type stream struct {
	r *bufio.Reader
}

type streamEvent struct {
	id     int64
	kind   string
	report int64
}

func openStream(t *testing.T, base, lastID string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/feeds/events", nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("GET %s/feeds/events: %d", base, res.StatusCode)
	}
	t.Cleanup(func() { cancel(); res.Body.Close() })
	return &stream{r: bufio.NewReader(res.Body)}
}

// next returns the next event, skipping comments and keep-alives; the
// request's context (the test's end) bounds the wait.
func (s *stream) next(t *testing.T) streamEvent {
	t.Helper()
	var ev streamEvent
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			t.Fatalf("event stream: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "id: "):
			ev.id, _ = strconv.ParseInt(line[4:], 10, 64)
		case strings.HasPrefix(line, "event: "):
			ev.kind = line[7:]
		case strings.HasPrefix(line, "data: "):
			var d struct {
				ReportID int64 `json:"report_id"`
			}
			if err := json.Unmarshal([]byte(line[6:]), &d); err != nil {
				t.Fatalf("event stream data %q: %v", line, err)
			}
			ev.report = d.ReportID
		case line == "" && ev.id != 0:
			return ev
		}
	}
}

func postReport(t *testing.T, base, title string, lat, lon float64) int64 {
	t.Helper()
	body := fmt.Sprintf(`{"category":"graffiti","lat":%v,"lon":%v,"title":%q}`, lat, lon, title)
	res, err := http.Post(base+"/api/v1/reports", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out struct {
		Report struct {
			ID int64 `json:"id"`
		} `json:"report"`
	}
	if res.StatusCode != http.StatusCreated || json.Unmarshal(b, &out) != nil || out.Report.ID == 0 {
		t.Fatalf("POST %s/api/v1/reports: %d %s", base, res.StatusCode, b)
	}
	return out.Report.ID
}

// patch sends a change with an API key; t.Errorf, not Fatal: it may run
// on another goroutine.
func patch(t *testing.T, url, key, body string) {
	req, _ := http.NewRequest(http.MethodPatch, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("PATCH %s: %v", url, err)
		return
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Errorf("PATCH %s: %d %s", url, res.StatusCode, b)
	}
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, b)
	}
	return string(b)
}

// waitUntil polls ok until it holds; a minute is the limit of a loaded
// machine, not the figure (the test logs how long it took).
func waitUntil(t *testing.T, what string, ok func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		done, got := ok()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after a minute; last: %.500s", what, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTwoInstancesDeliverEachMessageOnce: the notification workers of two
// instances on one database, running at once, send each of 200 webhook
// messages exactly once.
func TestTwoInstancesDeliverEachMessageOnce(t *testing.T) {
	const n = 200
	var mu sync.Mutex
	got := map[string]int{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		got[r.Header.Get("X-Streetfix-Delivery")]++
		mu.Unlock()
		io.WriteString(w, `{"received": true}`)
	}))
	defer hook.Close()
	a := open(t, func(c *app.Config) { c.RateLimit = 0 })
	b := open(t, func(c *app.Config) { c.DB, c.RateLimit = a.db, 0 })
	ctx := context.Background()
	if _, err := a.app.Store.AddWebhook(ctx, db.Webhook{Name: "instances", URL: hook.URL, Secret: "s"}, a.app.Store.Now(), db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		body := fmt.Sprintf(`{"category":"graffiti","lat":50.83,"lon":4.37,"title":"Message %d"}`, i)
		if w := []*running{a, b}[i%2].do(http.MethodPost, "/api/v1/reports", body, "Content-Type", "application/json"); w.Code != http.StatusCreated {
			t.Fatalf("POST %d: %d %s", i, w.Code, w.Body.String())
		}
	}
	a.serve()
	b.serve()
	raw := rawDB(t, a.db)
	waitUntil(t, "every webhook message delivered", func() (bool, string) {
		var pending, delivered int
		if err := raw.Get(&pending, `SELECT count(*) FROM notify_messages WHERE status <> 'delivered'`); err != nil {
			t.Fatal(err)
		}
		if err := raw.Get(&delivered, `SELECT count(*) FROM notify_messages WHERE status = 'delivered' AND channel = 'webhook'`); err != nil {
			t.Fatal(err)
		}
		return pending == 0 && delivered == n, fmt.Sprintf("%d delivered, %d not yet", delivered, pending)
	})
	mu.Lock()
	defer mu.Unlock()
	if len(got) != n {
		t.Errorf("the receiver saw %d distinct deliveries, want %d", len(got), n)
	}
	for id, k := range got {
		if k != 1 {
			t.Errorf("delivery %q arrived %d times", id, k)
		}
	}
}

// rawDB opens the test's database below the service, on either engine.
func rawDB(t *testing.T, dsn string) *sqlx.DB {
	t.Helper()
	driver, src := "sqlite3", "file:"+dsn+"?_busy_timeout=10000"
	if db.IsPostgres(dsn) {
		driver, src = "pgx", dsn
	}
	conn, err := sqlx.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
