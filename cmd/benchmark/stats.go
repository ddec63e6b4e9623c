package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// measureStats times the council's summaries (/api/v1/stats, counted
// from the in-memory index) without a filter and with each filter, then a
// full CSV export, watching the server's resident memory while it streams.
func (b *bench) measureStats(ctx context.Context, srv *server) ([]figure, error) {
	var figs []figure
	now := time.Now().UTC()
	for _, f := range []struct{ name, query string }{
		{"no filter", ""}, // the last 12 months, and the previous 12 to compare
		{"all time", "all=1"},
		{"last quarter", "from=" + now.AddDate(0, -3, 0).Format("2006-01-02") + "&to=" + now.Format("2006-01-02")},
		{"theme", "theme=mobile"},
		{"category", "category=pothole"},
		{"area", "area=21015"},
		{"body", "body=bruxelles-proprete"},
		{"weekly trend, 3 filters", "theme=mobile&area=21015&period=week&from=" + now.AddDate(0, -3, 0).Format("2006-01-02")},
	} {
		path := "/api/v1/stats?" + f.query
		lat, err := b.repeat(ctx, func(int) string { return path })
		if err != nil {
			return nil, fmt.Errorf("stats %s: %w", f.name, err)
		}
		figs = append(figs,
			figure{Name: "dashboard summary, " + f.name + ", p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(50), better: "lower"},
			figure{Name: "dashboard summary, " + f.name + ", p99", Value: ms(lat.pct(0.99)), Unit: "ms", better: "lower"})
	}
	// The heatmap counts the filtered reports in squares (200 m by default).
	for _, f := range []struct{ name, query string }{
		{"no filter", ""},
		{"all time, 100 m squares", "all=1&cell=100"},
		{"theme and area", "theme=mobile&area=21015"},
	} {
		path := "/api/v1/stats/heatmap?" + f.query
		lat, err := b.repeat(ctx, func(int) string { return path })
		if err != nil {
			return nil, fmt.Errorf("heatmap %s: %w", f.name, err)
		}
		figs = append(figs,
			figure{Name: "heatmap, " + f.name + ", p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(50), better: "lower"},
			figure{Name: "heatmap, " + f.name + ", p99", Value: ms(lat.pct(0.99)), Unit: "ms", better: "lower"})
	}
	lat, err := b.repeat(ctx, func(int) string { return "/stats?lang=en" })
	if err != nil {
		return nil, fmt.Errorf("stats page: %w", err)
	}
	figs = append(figs, figure{Name: "public /stats page (HTML, SVG), p50", Value: ms(lat.pct(0.5)), Unit: "ms", better: "lower"})

	before, _, err := srv.memory()
	if err != nil {
		return nil, err
	}
	rows, took, peak, err := b.exportCSV(ctx, srv)
	if err != nil {
		return nil, fmt.Errorf("csv export: %w", err)
	}
	after, _, err := srv.memory()
	if err != nil {
		return nil, err
	}
	figs = append(figs,
		figure{Name: fmt.Sprintf("full CSV export (%d rows)", rows), Value: took.Seconds(), Unit: "s", Target: ptr(20), better: "lower"},
		figure{Name: "full CSV export rows per second", Value: float64(rows) / took.Seconds(), Unit: "rows/s", better: "higher"},
		figure{Name: "server RSS before the export", Value: before, Unit: "MB", better: "lower"},
		figure{Name: "server RSS during the export, highest", Value: peak, Unit: "MB", Target: ptr(300), better: "lower"},
		figure{Name: "server RSS after the export", Value: after, Unit: "MB", Target: ptr(300), better: "lower"})
	return figs, nil
}

// exportCSV downloads /stats/reports.csv whole, counting rows, while a
// sampler reads the server's resident memory every 50 ms.
func (b *bench) exportCSV(ctx context.Context, srv *server) (rows int, took time.Duration, peak float64, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if rss, _, err := srv.memory(); err == nil {
				mu.Lock()
				peak = max(peak, rss)
				mu.Unlock()
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.base+"/stats/reports.csv", nil)
	client := &http.Client{Timeout: 5 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, 0, fmt.Errorf("status %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		rows++
	}
	if err := sc.Err(); err != nil {
		return 0, 0, 0, err
	}
	took = time.Since(start)
	cancel()
	wg.Wait()
	return rows - 1, took, peak, nil // less the header
}
