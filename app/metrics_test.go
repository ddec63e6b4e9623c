package app_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/internal/testclock"
	"streetfix/internal/testpg"
)

// running is the whole service, as `streetfix serve` runs it, on a real
// SQLite file and a real socket.
type running struct {
	t    *testing.T
	app  *app.App
	db   string // the database file
	base string
	stop func()
}

// open prepares the service without serving: the notification worker
// does not run until serve is called.
func open(t *testing.T, tweak func(*app.Config)) *running {
	t.Helper()
	cfg := app.DefaultConfig()
	cfg.DB = testpg.DB(t, filepath.Join(t.TempDir(), "test.db"))
	cfg.TileURL = ""
	cfg.Now = testclock.New()
	cfg.Notify.Poll = 50 * time.Millisecond
	cfg.Notify.BackoffBase = 20 * time.Millisecond
	cfg.Notify.BackoffMax = 100 * time.Millisecond
	cfg.Notify.WebhookAllowHosts = []string{"127.0.0.1"} // the test endpoints
	if tweak != nil {
		tweak(&cfg)
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	r := &running{t: t, app: a, db: cfg.DB, stop: func() {}}
	t.Cleanup(func() { r.stop(); a.Close() })
	return r
}

// serve starts the HTTP server and the worker on a free port.
func (r *running) serve() {
	r.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		r.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.app.Serve(ctx, ln) }()
	r.base = "http://" + ln.Addr().String()
	r.stop = func() {
		cancel()
		if err := <-done; err != nil {
			r.t.Errorf("serve: %v", err)
		}
	}
}

// do sends a request through the service's handler (serving or not).
func (r *running) do(method, path, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = "198.51.100.7:4000"
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	r.app.Handler.ServeHTTP(w, req)
	return w
}

// metrics scrapes /metrics and parses it.
func (r *running) metrics() map[string]*dto.MetricFamily {
	r.t.Helper()
	w := r.do(http.MethodGet, "/metrics", "")
	if w.Code != http.StatusOK {
		r.t.Fatalf("/metrics: %d %s", w.Code, w.Body.String())
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(w.Body)
	if err != nil {
		r.t.Fatalf("/metrics does not parse: %v", err)
	}
	return fams
}

// value is a series' value (a histogram's count); ok is false when the
// series is missing. labels are name, value pairs.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.Label {
				found = found || l.GetName() == labels[i] && l.GetValue() == labels[i+1]
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// waitFor scrapes until every want holds, or fails after a minute.
func (r *running) waitFor(what string, want func(map[string]*dto.MetricFamily) error) {
	r.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		err := want(r.metrics())
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// is checks a series' value.
func is(fams map[string]*dto.MetricFamily, want float64, name string, labels ...string) error {
	v, ok := value(fams, name, labels...)
	if !ok {
		return fmt.Errorf("%s%v is missing", name, labels)
	}
	if v != want {
		return fmt.Errorf("%s%v = %v, want %v", name, labels, v, want)
	}
	return nil
}

func all(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Every metric named in docs/OPERATIONS.md exists from start-up, each
// labelled series at zero, so alerts see them before the first event.
func TestMetricsExportedFromStartUp(t *testing.T) {
	r := open(t, nil)
	fams := r.metrics()
	var errs []error
	check := func(name string, labels ...string) { errs = append(errs, is(fams, 0, name, labels...)) }
	check("streetfix_outbox_pending")
	for _, st := range []string{"pending", "logged", "delivered", "dead", "cancelled"} {
		check("streetfix_messages", "state", st)
	}
	for _, ch := range []string{"email", "webhook"} {
		for _, res := range []string{"ok", "retry", "dead"} {
			check("streetfix_deliveries_total", "channel", ch, "result", res)
		}
		check("streetfix_delivery_duration_seconds", "channel", ch)
	}
	check("streetfix_sse_subscribers")
	for _, g := range []string{"reports", "supports", "manage", "open311", "login", "subscriptions", "other"} {
		check("streetfix_ratelimited_total", "group", g)
	}
	check("streetfix_intake_batch_size")
	check("streetfix_intake_commit_seconds")
	check("streetfix_index_reports")
	if err := all(errs...); err != nil {
		t.Error(err)
	}
	for name, typ := range map[string]dto.MetricType{
		"streetfix_outbox_pending": dto.MetricType_GAUGE, "streetfix_messages": dto.MetricType_GAUGE,
		"streetfix_deliveries_total": dto.MetricType_COUNTER, "streetfix_delivery_duration_seconds": dto.MetricType_HISTOGRAM,
		"streetfix_sse_subscribers": dto.MetricType_GAUGE, "streetfix_ratelimited_total": dto.MetricType_COUNTER,
		"streetfix_intake_batch_size": dto.MetricType_HISTOGRAM, "streetfix_intake_commit_seconds": dto.MetricType_HISTOGRAM,
		"streetfix_index_reports": dto.MetricType_GAUGE, "streetfix_feed_lag_seconds": dto.MetricType_GAUGE,
	} {
		if f := fams[name]; f == nil || f.GetType() != typ {
			t.Errorf("%s: want a %s", name, typ)
		}
	}
}

// The metrics follow real work: reports through intake (one refused by
// the rate limit), a webhook that fails once then succeeds, emails kept
// without SMTP, a live stream opened and closed.
func TestMetricsFollowRealWork(t *testing.T) {
	r := open(t, func(c *app.Config) { c.RateLimit = 3 })
	ctx := context.Background()
	var calls, failed atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if calls.Add(1) == 1 {
			failed.Add(1)
			http.Error(w, "not now", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(hook.Close)
	if _, err := r.app.Store.AddWebhook(ctx, db.Webhook{Name: "test", URL: hook.URL, Secret: "s"}, r.app.Store.Now(), db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	// Ixelles' reports are emailed to its address; without SMTP they are kept.
	if err := r.app.Store.SetBodyContact(ctx, "commune-21009", "signalements@ixelles.test", "", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}

	// Before the worker runs, the events wait in the outbox.
	const report = `{"category":"pothole","lat":50.8275,"lon":4.3722,"title":"Nid-de-poule","answers":{"surface":"roadway"}}`
	for i := 0; i < 4; i++ {
		w := r.do(http.MethodPost, "/api/v1/reports", report, "Content-Type", "application/json")
		want := http.StatusCreated
		if i == 3 {
			want = http.StatusTooManyRequests
		}
		if w.Code != want {
			t.Fatalf("report %d: %d %s", i, w.Code, w.Body.String())
		}
	}
	fams := r.metrics()
	if err := all(
		is(fams, 1, "streetfix_ratelimited_total", "group", "reports"),
		is(fams, 0, "streetfix_ratelimited_total", "group", "supports"),
		is(fams, 3, "streetfix_index_reports"),
		is(fams, 3, "streetfix_outbox_pending"),
		is(fams, 0, "streetfix_messages", "state", "delivered"),
	); err != nil {
		t.Fatal(err)
	}
	var reports float64
	for _, m := range fams["streetfix_intake_batch_size"].Metric {
		reports = m.Histogram.GetSampleSum()
	}
	commits, _ := value(fams, "streetfix_intake_commit_seconds")
	batches, _ := value(fams, "streetfix_intake_batch_size")
	if reports != 3 || commits < 1 || commits != batches {
		t.Errorf("intake: %v reports in %v batches, %v commits timed; want 3 reports", reports, batches, commits)
	}

	// The worker fans the events out and delivers: the first webhook call
	// fails and is retried, the emails are kept.
	r.serve()
	r.waitFor("deliveries", func(f map[string]*dto.MetricFamily) error {
		return all(
			is(f, 0, "streetfix_outbox_pending"),
			is(f, 3, "streetfix_deliveries_total", "channel", "webhook", "result", "ok"),
			is(f, 1, "streetfix_deliveries_total", "channel", "webhook", "result", "retry"),
			is(f, 0, "streetfix_deliveries_total", "channel", "webhook", "result", "dead"),
			is(f, 4, "streetfix_delivery_duration_seconds", "channel", "webhook"),
			is(f, 3, "streetfix_deliveries_total", "channel", "email", "result", "ok"),
			is(f, 3, "streetfix_delivery_duration_seconds", "channel", "email"),
			is(f, 3, "streetfix_messages", "state", "delivered"),
			is(f, 3, "streetfix_messages", "state", "logged"),
			is(f, 0, "streetfix_messages", "state", "pending"),
		)
	})
	if calls.Load() != 4 || failed.Load() != 1 {
		t.Errorf("the endpoint had %d calls, %d refused; want 4 and 1", calls.Load(), failed.Load())
	}

	// A report written by another process (as `streetfix seed` on the live
	// file, or another instance) reaches this one's index through the
	// change feed, which stays seconds behind at most.
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	other, err := app.Prepare(ctx, r.db, c, slog.New(slog.NewTextHandler(io.Discard, nil)), db.Options{Now: testclock.New()})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lat, lon := 50.8275, 4.3722
	p, err := intake.Prepare(other.Catalog(), intake.Input{Category: "graffiti", Lat: &lat, Lon: &lon, Title: "From elsewhere"}, "fr", other.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.CreateReport(ctx, &p.Report); err != nil {
		t.Fatal(err)
	}
	r.waitFor("the other process's report", func(f map[string]*dto.MetricFamily) error {
		if lag, ok := value(f, "streetfix_feed_lag_seconds"); !ok || lag > 5 {
			return fmt.Errorf("feed lag %v s (present: %v)", lag, ok)
		}
		return is(f, 4, "streetfix_index_reports")
	})

	// A live stream: one subscriber while it is open, none after.
	sctx, cancel := context.WithCancel(ctx)
	req, _ := http.NewRequestWithContext(sctx, http.MethodGet, r.base+"/feeds/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil { // the stream has begun
		t.Fatal(err)
	}
	r.waitFor("one subscriber", func(f map[string]*dto.MetricFamily) error { return is(f, 1, "streetfix_sse_subscribers") })
	cancel()
	resp.Body.Close()
	r.waitFor("no subscriber", func(f map[string]*dto.MetricFamily) error { return is(f, 0, "streetfix_sse_subscribers") })
}
