package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// soakRoute is one kind of request of the soak's mixed load, sent at a
// steady rate by its own workers.
type soakRoute struct {
	name    string
	perSec  float64
	workers int
	target  float64 // p99 bound in ms from DESIGN.md (0: none set)
	do      func(ctx context.Context, i int) error
}

// soakWindow collects one interval's latencies and errors per route.
type soakWindow struct {
	mu     sync.Mutex
	lat    map[string]latencies
	errs   map[string]int
	sample map[string]string // the first error of each route, to print
}

func newWindow() *soakWindow {
	return &soakWindow{lat: map[string]latencies{}, errs: map[string]int{}, sample: map[string]string{}}
}

// snapshot copies the window: a worker that read the window before it was
// replaced may still add to it.
func (w *soakWindow) snapshot() *soakWindow {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := newWindow()
	for k, v := range w.lat {
		c.lat[k] = slices.Clone(v)
	}
	for k, v := range w.errs {
		c.errs[k] = v
	}
	for k, v := range w.sample {
		c.sample[k] = v
	}
	return c
}

func (w *soakWindow) add(route string, d time.Duration, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		w.errs[route]++
		if w.sample[route] == "" {
			w.sample[route] = err.Error()
		}
		return
	}
	w.lat[route] = append(w.lat[route], d)
}

// soak runs the mixed load of -soak for its duration on the running
// service: intake, map views, nearby, report pages, the staff queue, the
// dashboard, exports and live event subscribers at once. Every interval
// (a minute) it prints each route's rate, p99 and errors and the server's
// resident memory; at the end, the figures of the whole run.
func (b *bench) soak(ctx context.Context, srv *server, d, every time.Duration, log io.Writer) ([]figure, error) {
	ids, err := b.visibleIDs(ctx, 500)
	if err != nil {
		return nil, err
	}
	staff, err := b.signIn(ctx, benchIxelles)
	if err != nil {
		return nil, err
	}
	cats := []string{"graffiti", "illegal_dumping", "streetlight_out", "overflowing_bin", "bike_lane", "vandalism"}
	get := func(c *http.Client, path string, want ...int) func(context.Context, int) error {
		return func(ctx context.Context, _ int) error { return b.soakGet(ctx, c, path, want...) }
	}
	region := "/api/v1/reports?bbox=" + b.region + "&zoom=11"
	monthAgo := time.Now().UTC().AddDate(0, -1, 0).Format("2006-01-02")
	routes := []soakRoute{
		{name: "intake POST /api/v1/reports", perSec: 50, workers: 4, target: 50, do: func(ctx context.Context, i int) error {
			p := b.points[i%len(b.points)]
			body, _ := json.Marshal(map[string]any{"category": cats[i%len(cats)], "lat": p[1], "lon": p[0],
				"title": fmt.Sprintf("Soak report %d", i), "description": "Posted by the soak test.", "locale": "fr"})
			return b.soakPost(ctx, "/api/v1/reports", body)
		}},
		{name: "map view, region, zoom 11", perSec: 20, workers: 4, target: 30, do: get(b.client, region)},
		{name: "nearby 250 m", perSec: 50, workers: 4, target: 2, do: func(ctx context.Context, i int) error {
			p := b.points[(i*7)%len(b.points)]
			return b.soakGet(ctx, b.client, fmt.Sprintf("/api/v1/reports/nearby?lat=%f&lon=%f&radius=250", p[1], p[0]))
		}},
		{name: "report page /reports/{id}", perSec: 40, workers: 4, do: func(ctx context.Context, i int) error {
			return b.soakGet(ctx, b.client, fmt.Sprintf("/reports/%d?lang=fr", ids[i%len(ids)]))
		}},
		{name: "staff queue, open, one body", perSec: 4, workers: 2, do: get(staff, "/staff?status=open")},
		{name: "dashboard summary /api/v1/stats", perSec: 2, workers: 2, target: 50, do: get(b.client, "/api/v1/stats")},
		{name: "CSV export, one area, last month", perSec: 0.2, workers: 1, do: get(b.client, "/stats/reports.csv?area=21009&from="+monthAgo)},
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()

	var win atomic.Pointer[soakWindow]
	win.Store(newWindow())
	total := newWindow()
	var wg sync.WaitGroup
	for _, r := range routes {
		interval := time.Duration(float64(time.Second) * float64(r.workers) / r.perSec)
		for w := 0; w < r.workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Workers of a route start spread over its interval.
				t := time.NewTimer(interval * time.Duration(w) / time.Duration(r.workers))
				defer t.Stop()
				for i := w; ; i += r.workers {
					select {
					case <-ctx.Done():
						return
					case <-t.C:
					}
					t.Reset(interval)
					t0 := time.Now()
					err := r.do(ctx, i)
					if ctx.Err() != nil {
						return // a request cut by the end of the soak is not an error
					}
					win.Load().add(r.name, time.Since(t0), err)
					total.add(r.name, time.Since(t0), err)
				}
			}()
		}
	}
	// Live event subscribers for the whole soak, each counting events;
	// a stream that ends early is an error and is opened again.
	const subscribers = 50
	var events atomic.Int64
	for range subscribers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				err := b.soakStream(ctx, &events)
				if ctx.Err() != nil {
					return
				}
				win.Load().add("event stream", 0, fmt.Errorf("stream ended: %v", err))
				total.add("event stream", 0, fmt.Errorf("stream ended: %v", err))
			}
		}()
	}

	var rss []float64
	tick := time.NewTicker(every)
	defer tick.Stop()
	start := time.Now()
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
		w := win.Swap(newWindow()).snapshot()
		mem, _, err := srv.memory()
		if err != nil {
			return nil, err
		}
		rss = append(rss, mem)
		fmt.Fprintf(log, "soak %s (interval %d): RSS %.0f MB, %d events to %d subscribers\n", time.Since(start).Round(time.Second), n, mem, events.Load(), subscribers)
		for _, r := range routes {
			l := w.lat[r.name]
			fmt.Fprintf(log, "  %-36s %7.1f/s  p50 %7.2f ms  p99 %7.2f ms  errors %d %s\n", r.name,
				float64(len(l))/every.Seconds(), ms(l.pct(0.5)), ms(l.pct(0.99)), w.errs[r.name], w.sample[r.name])
		}
		if e := w.errs["event stream"]; e > 0 {
			fmt.Fprintf(log, "  %-36s errors %d %s\n", "event stream", e, w.sample["event stream"])
		}
		if ctx.Err() != nil {
			break
		}
	}
	wg.Wait()

	elapsed := time.Since(start).Seconds()
	var figs []figure
	final := total.snapshot() // the workers have stopped: one copy serves every figure
	errs := 0
	for _, r := range routes {
		l := final.lat[r.name]
		f := figure{Name: "soak " + r.name + ", p99", Value: ms(l.pct(0.99)), Unit: "ms", better: "lower"}
		if r.target > 0 {
			f.Target = ptr(r.target)
		}
		figs = append(figs,
			figure{Name: "soak " + r.name + ", rate", Value: float64(len(l)) / elapsed, Unit: "req/s", better: "higher"},
			f)
	}
	for _, e := range final.errs {
		errs += e
	}
	figs = append(figs,
		figure{Name: "soak live events received (all subscribers)", Value: float64(events.Load()), Unit: "events", better: "higher"},
		figure{Name: "soak errors (all routes)", Value: float64(errs), Unit: "errors", Target: ptr(0), better: "lower"})
	// Memory is flat when the last interval is within 10% of the second
	// (the first includes warming the caches).
	if len(rss) >= 3 {
		second, last := rss[1], rss[len(rss)-1]
		figs = append(figs,
			figure{Name: "soak RSS, second interval", Value: second, Unit: "MB", Target: ptr(300), better: "lower"},
			figure{Name: "soak RSS, last interval", Value: last, Unit: "MB", Target: ptr(300), Limit: ptr(second), better: "lower"},
			figure{Name: "soak RSS growth, last vs second", Value: (last/second - 1) * 100, Unit: "%", Target: ptr(10), better: "lower"})
	}
	return figs, nil
}

// visibleIDs finds n report ids that answer 200 (hidden demo reports
// answer 404), for the report pages of the soak.
func (b *bench) visibleIDs(ctx context.Context, n int) ([]int64, error) {
	maxID := max(b.maxID, int64(b.o.n))
	var ids []int64
	for tries := 0; len(ids) < n && tries < 20*n; tries++ {
		id := 1 + b.rng.Int64N(maxID)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v1/reports/%d", b.base, id), nil)
		resp, err := b.client.Do(req)
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no visible report among ids up to %d", maxID)
	}
	return ids, nil
}

func (b *bench) soakGet(ctx context.Context, c *http.Client, path string, want ...int) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK && !slices.Contains(want, resp.StatusCode) {
		return fmt.Errorf("GET %s: %d", path, resp.StatusCode)
	}
	return nil
}

func (b *bench) soakPost(ctx context.Context, path string, body []byte) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, b.base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, bytes.TrimSpace(answer))
	}
	return nil
}

// soakStream reads one event stream until the soak ends or the stream
// does, counting its events.
func (b *bench) soakStream(ctx context.Context, events *atomic.Int64) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.base+"/feeds/events", nil)
	c := &http.Client{Transport: b.client.Transport} // no timeout: the stream is long
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "data: ") {
			events.Add(1)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return io.ErrUnexpectedEOF
}
