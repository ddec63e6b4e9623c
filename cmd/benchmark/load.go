package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"streetfix/city"
)

// bench drives the running service over HTTP.
type bench struct {
	base    string
	client  *http.Client
	o       options
	points  []orb.Point // valid report locations spread over the areas
	rng     *rand.Rand
	region  string // bbox of the whole service area
	maxID   int64
	clients int
	center  orb.Point // where the map page opens, at zoom
	zoom    int
	// cpu, when set, reads the server's CPU time (server.cpu), so that
	// intake is also told in CPU per report: the clients share this
	// machine's cores with the server, and a rate alone hides whose
	// work bounds it.
	cpu func() (time.Duration, error)
}

func newBench(addr string, c *city.City, o options) *bench {
	// Without Accept-Encoding: the figures compare with runs before the
	// service compressed; mapCompressed and firstLoad ask for gzip or Brotli.
	tr := &http.Transport{MaxIdleConns: o.clients * 2, MaxIdleConnsPerHost: o.clients * 2, IdleConnTimeout: time.Minute,
		DisableCompression: true}
	b := &bench{base: "http://" + addr, client: &http.Client{Transport: tr, Timeout: 30 * time.Second}, o: o,
		rng: rand.New(rand.NewPCG(uint64(o.seed), 7)), clients: o.clients, center: c.Center, zoom: c.Zoom}
	var all orb.Bound
	for i, a := range c.Areas {
		bd := a.Geometry.Bound()
		if i == 0 {
			all = bd
		} else {
			all = all.Union(bd)
		}
		for len(b.points) < (i+1)*100 {
			p := orb.Point{bd.Min[0] + b.rng.Float64()*(bd.Max[0]-bd.Min[0]), bd.Min[1] + b.rng.Float64()*(bd.Max[1]-bd.Min[1])}
			if planar.MultiPolygonContains(a.Geometry, p) {
				b.points = append(b.points, p)
			}
		}
	}
	b.region = fmt.Sprintf("%f,%f,%f,%f", all.Min[0], all.Min[1], all.Max[0], all.Max[1])
	return b
}

// latencies summarises durations.
type latencies []time.Duration

func (l latencies) pct(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	i := int(p * float64(len(s)-1))
	return s[i]
}

func (b *bench) measureAll(ctx context.Context, rawRate float64) ([]figure, error) {
	var figs []figure
	rate, lat, perReport, err := b.intakeCPU(ctx)
	if err != nil {
		return nil, fmt.Errorf("intake: %w", err)
	}
	figs = append(figs,
		figure{Name: "API intake (POST /api/v1/reports)", Value: rate, Unit: "reports/s", Target: ptr(5000), Limit: ptr(rawRate), better: "higher"},
		figure{Name: "API intake p50", Value: ms(lat.pct(0.5)), Unit: "ms", better: "lower"},
		figure{Name: "API intake p99", Value: ms(lat.pct(0.99)), Unit: "ms", Target: ptr(50), better: "lower"})
	figs = append(figs, cpuFigures("API intake", perReport)...)

	region := "/api/v1/reports?bbox=" + b.region + "&zoom=11"
	lat, err = b.repeat(ctx, func(int) string { return region })
	if err != nil {
		return nil, fmt.Errorf("map view: %w", err)
	}
	figs = append(figs,
		figure{Name: "map view, whole region, zoom 11, p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(30), better: "lower"},
		figure{Name: "map view, whole region, zoom 11, p99", Value: ms(lat.pct(0.99)), Unit: "ms", better: "lower"})
	lat, packed, plain, err := b.mapCompressed(ctx, region, "gzip")
	if err != nil {
		return nil, fmt.Errorf("map view, gzip: %w", err)
	}
	latBr, packedBr, _, err := b.mapCompressed(ctx, region, "br")
	if err != nil {
		return nil, fmt.Errorf("map view, brotli: %w", err)
	}
	first, err := b.firstLoad(ctx)
	if err != nil {
		return nil, fmt.Errorf("map page first load: %w", err)
	}
	figs = append(figs,
		figure{Name: "map view, whole region, zoom 11, gzip, p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(30), better: "lower"},
		figure{Name: "map view, whole region, zoom 11, brotli, p50", Value: ms(latBr.pct(0.5)), Unit: "ms", Target: ptr(30), better: "lower"},
		figure{Name: "map view answer, plain", Value: float64(plain) / 1024, Unit: "KB", better: "lower"},
		figure{Name: "map view answer, gzip", Value: float64(packed) / 1024, Unit: "KB", better: "lower"},
		figure{Name: "map view answer, brotli", Value: float64(packedBr) / 1024, Unit: "KB", better: "lower"},
		figure{Name: "map page first load on a phone, bytes on the wire", Value: float64(first) / 1024, Unit: "KB", Target: ptr(70), better: "lower"})
	filtered := region + "&theme=safe,mobile&status=open"
	lat, err = b.repeat(ctx, func(int) string { return filtered })
	if err != nil {
		return nil, fmt.Errorf("map view filtered: %w", err)
	}
	figs = append(figs, figure{Name: "map view, region, 2 themes, open, p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(30), better: "lower"})

	lat, err = b.repeat(ctx, func(i int) string {
		p := b.points[i%len(b.points)]
		return fmt.Sprintf("/api/v1/reports/nearby?lat=%f&lon=%f&radius=250", p[1], p[0])
	})
	if err != nil {
		return nil, fmt.Errorf("nearby: %w", err)
	}
	figs = append(figs, figure{Name: "nearby within 250 m, p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(2), better: "lower"})
	lat, err = b.repeat(ctx, func(i int) string {
		p := b.points[i%len(b.points)]
		return fmt.Sprintf("/api/v1/reports/nearby?lat=%f&lon=%f&radius=250&category=pothole", p[1], p[0])
	})
	if err != nil {
		return nil, fmt.Errorf("nearby: %w", err)
	}
	figs = append(figs, figure{Name: "nearby within 250 m, one category, p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(2), better: "lower"})

	lat, err = b.repeat(ctx, func(int) string { return "/open311/v2/requests.json" })
	if err != nil {
		return nil, fmt.Errorf("open311: %w", err)
	}
	figs = append(figs, figure{Name: "Open311 GET requests.json (1,000 newest) p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(50), better: "lower"})
	lat, err = b.repeat(ctx, func(int) string { return "/feeds/reports.atom" })
	if err != nil {
		return nil, fmt.Errorf("atom: %w", err)
	}
	figs = append(figs, figure{Name: "Atom feed /feeds/reports.atom p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(20), better: "lower"})
	street, err := b.streetSearch(ctx)
	if err != nil {
		return nil, fmt.Errorf("street search: %w", err)
	}
	figs = append(figs, street...)
	med, worst, err := b.fanout(ctx, b.o.subscribers, 5)
	if err != nil {
		return nil, fmt.Errorf("event stream: %w", err)
	}
	figs = append(figs,
		figure{Name: fmt.Sprintf("event to all %d SSE subscribers, median", b.o.subscribers), Value: ms(med), Unit: "ms", Target: ptr(1000), better: "lower"},
		figure{Name: fmt.Sprintf("event to all %d SSE subscribers, worst", b.o.subscribers), Value: ms(worst), Unit: "ms", Target: ptr(1000), better: "lower"})

	one, bare, err := b.getOne(ctx)
	if err != nil {
		return nil, fmt.Errorf("get one: %w", err)
	}
	figs = append(figs,
		figure{Name: "bare Gin handler GET p50 (limit)", Value: ms(bare), Unit: "ms", better: "lower"},
		figure{Name: "GET /api/v1/reports/{id} p50", Value: ms(one), Unit: "ms", Limit: ptr(ms(bare)), better: "lower"})
	geocode, reverse, err := b.geocode(ctx)
	if err != nil {
		return nil, fmt.Errorf("geocode: %w", err)
	}
	figs = append(figs,
		figure{Name: "street search GET /api/v1/geocode (as typed) p50", Value: ms(geocode.pct(0.5)), Unit: "ms", Target: ptr(5), Limit: ptr(ms(bare)), better: "lower"},
		figure{Name: "street search p99", Value: ms(geocode.pct(0.99)), Unit: "ms", better: "lower"},
		figure{Name: "nearest street GET /api/v1/geocode/reverse p50", Value: ms(reverse.pct(0.5)), Unit: "ms", Target: ptr(5), Limit: ptr(ms(bare)), better: "lower"},
		figure{Name: "nearest street p99", Value: ms(reverse.pct(0.99)), Unit: "ms", better: "lower"})
	staff, err := b.staffQueue(ctx)
	if err != nil {
		return nil, fmt.Errorf("staff queue: %w", err)
	}
	return append(figs, staff...), nil
}

// intake posts o.intake reports from o.clients concurrent clients.
func (b *bench) intake(ctx context.Context) (float64, latencies, error) {
	return b.intakeAt(ctx, []string{b.base})
}

// intakeCPU is intake that also returns the server's CPU time per report
// (0 without b.cpu).
func (b *bench) intakeCPU(ctx context.Context) (float64, latencies, time.Duration, error) {
	if b.cpu == nil {
		rate, lat, err := b.intake(ctx)
		return rate, lat, 0, err
	}
	before, err := b.cpu()
	if err != nil {
		return 0, nil, 0, err
	}
	rate, lat, err := b.intake(ctx)
	if err != nil {
		return 0, nil, 0, err
	}
	after, err := b.cpu()
	if err != nil {
		return 0, nil, 0, err
	}
	return rate, lat, (after - before) / time.Duration(b.o.intake), nil
}

// cpuFigures tells intake's CPU per report and what one core of the
// server would take at that cost, with the clients elsewhere.
func cpuFigures(name string, perReport time.Duration) []figure {
	if perReport <= 0 {
		return nil
	}
	return []figure{
		{Name: name + ", server CPU per report", Value: float64(perReport.Nanoseconds()) / 1000, Unit: "µs", better: "lower"},
		{Name: name + ", reports/s one server core gives", Value: float64(time.Second) / float64(perReport), Unit: "reports/s", better: "higher"},
	}
}

// intakeAt posts o.intake reports from o.clients concurrent clients, each
// client to one of bases in turn (instances of the service on one database).
func (b *bench) intakeAt(ctx context.Context, bases []string) (float64, latencies, error) {
	cats := []string{"graffiti", "illegal_dumping", "streetlight_out", "overflowing_bin", "bike_lane", "vandalism"}
	bodies := make([][]byte, 256)
	for i := range bodies {
		p := b.points[b.rng.IntN(len(b.points))]
		bodies[i], _ = json.Marshal(map[string]any{
			"category": cats[i%len(cats)], "lat": p[1], "lon": p[0],
			"title": fmt.Sprintf("Benchmark report %d", i), "description": "Posted by the benchmark to measure intake.",
			"email": "bench@example.org", "locale": "en",
		})
	}
	var next atomic.Int64
	lat := make(latencies, b.o.intake)
	errs := make(chan error, b.clients)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < b.clients; w++ {
		wg.Add(1)
		base := bases[w%len(bases)]
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.o.intake) || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/reports", bytes.NewReader(bodies[i%int64(len(bodies))]))
				req.Header.Set("Content-Type", "application/json")
				resp, err := b.client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					errs <- fmt.Errorf("status %d: %s", resp.StatusCode, body)
					return
				}
				lat[i] = time.Since(t0)
				if i == int64(b.o.intake)-1 {
					var cr struct {
						Report struct {
							ID int64 `json:"id"`
						} `json:"report"`
					}
					json.Unmarshal(body, &cr)
					b.maxID = cr.Report.ID
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	select {
	case err := <-errs:
		return 0, nil, err
	default:
	}
	return float64(b.o.intake) / elapsed.Seconds(), lat, nil
}

// repeat GETs the path made by pathFor o.requests times, one at a time, and
// returns the latencies.
func (b *bench) repeat(ctx context.Context, pathFor func(i int) string) (latencies, error) {
	return b.repeatAt(ctx, b.base, pathFor)
}

func (b *bench) repeatAt(ctx context.Context, base string, pathFor func(i int) string) (latencies, error) {
	return b.repeatN(ctx, base, b.o.requests, pathFor)
}

// repeatN measures n requests, after 10 that warm connections and caches.
func (b *bench) repeatN(ctx context.Context, base string, n int, pathFor func(i int) string) (latencies, error) {
	lat := make(latencies, 0, n)
	for i := 0; i < n+10; i++ {
		t0 := time.Now()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+pathFor(i), nil)
		resp, err := b.client.Do(req)
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: status %d", pathFor(i), resp.StatusCode)
		}
		if i >= 10 { // the first requests warm connections and caches
			lat = append(lat, time.Since(t0))
		}
	}
	return lat, nil
}

// getOne measures GET of random existing reports and, in the same run, a
// bare Gin handler serving a body of the same size.
func (b *bench) getOne(ctx context.Context) (one, bare time.Duration, err error) {
	maxID := max(b.maxID, int64(b.o.n))
	ids := make([]int64, b.o.requests+10)
	var sample []byte
	for i := range ids {
		ids[i] = 1 + b.rng.Int64N(maxID)
	}
	// Hidden demo reports answer 404; pick ids that answer 200.
	for i := range ids {
		for {
			resp, err := b.client.Get(fmt.Sprintf("%s/api/v1/reports/%d", b.base, ids[i]))
			if err != nil {
				return 0, 0, err
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				sample = body
				break
			}
			ids[i] = 1 + b.rng.Int64N(maxID)
		}
	}
	lat, err := b.repeat(ctx, func(i int) string { return fmt.Sprintf("/api/v1/reports/%d", ids[i]) })
	if err != nil {
		return 0, 0, err
	}
	addr, stop, err := bareGin(sample)
	if err != nil {
		return 0, 0, err
	}
	defer stop()
	bareLat, err := b.repeatAt(ctx, "http://"+addr, func(i int) string { return fmt.Sprintf("/api/v1/reports/%d", ids[i]) })
	if err != nil {
		return 0, 0, err
	}
	return lat.pct(0.5), bareLat.pct(0.5), nil
}
