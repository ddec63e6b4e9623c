package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"
)

// raiseFileLimit lifts the soft limit on open files to the hard one: a
// thousand event streams need a thousand sockets on each side.
func raiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

// fanout opens n event streams, then creates reports one at a time and
// measures, for each, how long until every stream has received it. It
// returns the median and the worst of those "last subscriber" times.
func (b *bench) fanout(ctx context.Context, n, rounds int) (median, worst time.Duration, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: 0, DisableCompression: true}
	client := &http.Client{Transport: tr}
	type got struct {
		reportID int64
		at       time.Time
	}
	recv := make(chan got, n*rounds)
	var ready sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		ready.Add(1)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", b.base+"/feeds/events", nil)
			resp, err := client.Do(req)
			if err != nil {
				errs <- err
				ready.Done()
				return
			}
			defer resp.Body.Close()
			ready.Done()
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				line := sc.Text()
				if !strings.HasPrefix(line, "data: ") {
					continue
				}
				var ev struct {
					ReportID int64  `json:"report_id"`
					Kind     string `json:"kind"`
				}
				if json.Unmarshal([]byte(line[6:]), &ev) == nil && ev.Kind == "created" {
					recv <- got{ev.ReportID, time.Now()}
				}
			}
		}()
	}
	ready.Wait()
	select {
	case err := <-errs:
		return 0, 0, fmt.Errorf("open stream: %w", err)
	default:
	}
	body := []byte(`{"category":"graffiti","lat":50.8467,"lon":4.3525,"title":"Fan-out probe"}`)
	var lasts latencies
	for r := 0; r < rounds; r++ {
		start := time.Now()
		req, _ := http.NewRequestWithContext(ctx, "POST", b.base+"/api/v1/reports", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := b.client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		var cr struct {
			Report struct {
				ID int64 `json:"id"`
			} `json:"report"`
		}
		json.NewDecoder(resp.Body).Decode(&cr)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		seen, last := 0, time.Duration(0)
		timeout := time.After(10 * time.Second)
		for seen < n {
			select {
			case g := <-recv:
				if g.reportID == cr.Report.ID {
					seen++
					last = max(last, g.at.Sub(start))
				}
			case <-timeout:
				return 0, 0, fmt.Errorf("only %d of %d streams got report %d within 10 s", seen, n, cr.Report.ID)
			}
		}
		lasts = append(lasts, last)
	}
	return lasts.pct(0.5), lasts.pct(1), nil
}
