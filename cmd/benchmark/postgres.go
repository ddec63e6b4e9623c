package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/paulmach/orb"

	"streetfix/city"
)

// measurePostgres measures the service on PostgreSQL (-pg) with the data
// the SQLite run had (same -n, same -seed): one instance for intake and
// reads, then a second instance on the same database for intake through
// both and for the time a write on one takes to show on the other.
func measurePostgres(ctx context.Context, o options, c *city.City, log *slog.Logger, stderr io.Writer) ([]figure, error) {
	var figs []figure
	fmt.Fprintln(stderr, "measuring raw PostgreSQL single-row inserts…")
	raw, err := rawPostgresInserts(ctx, o.pg, 3*time.Second)
	if err != nil {
		return nil, fmt.Errorf("raw inserts: %w", err)
	}
	figs = append(figs, figure{Name: "raw single-row inserts (limit)", Value: raw, Unit: "rows/s", better: "higher"})

	po := o
	po.dbPath = o.pg
	fmt.Fprintf(stderr, "building a PostgreSQL database of %d reports…\n", o.n)
	seedRate, err := buildDB(ctx, po, log)
	if err != nil {
		return nil, err
	}
	if seedRate > 0 {
		figs = append(figs, figure{Name: "demo seeding (bulk)", Value: seedRate, Unit: "reports/s", better: "higher"})
	}
	profile := "" // -cpuprofile FILE profiles the first instance too, into FILE.pg
	if o.profile != "" {
		profile = o.profile + ".pg"
	}
	a, err := startChild(ctx, o.pg, profile, stderr)
	if err != nil {
		return nil, err
	}
	defer a.stop()
	figs = append(figs, figure{Name: "start-up with map index", Value: ms(a.startup), Unit: "ms", better: "lower"})
	b := newBench(a.addr, c, po)

	dbname := pgDatabase(o.pg)
	pg0 := postgresCPU(dbname)
	b.cpu = a.cpu
	rate, lat, perReport, err := b.intakeCPU(ctx)
	if err != nil {
		return nil, fmt.Errorf("intake: %w", err)
	}
	figs = append(figs,
		figure{Name: "API intake, one instance", Value: rate, Unit: "reports/s", Limit: ptr(raw), better: "higher"},
		figure{Name: "API intake, one instance, p99", Value: ms(lat.pct(0.99)), Unit: "ms", better: "lower"})
	figs = append(figs, pgCPUFigures("API intake, one instance", perReport, postgresCPU(dbname)-pg0, b.o.intake)...)
	region := "/api/v1/reports?bbox=" + b.region + "&zoom=11"
	lat, err = b.repeat(ctx, func(int) string { return region })
	if err != nil {
		return nil, fmt.Errorf("map view: %w", err)
	}
	figs = append(figs, figure{Name: "map view, whole region, zoom 11, p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(30), better: "lower"})
	lat, err = b.repeat(ctx, func(i int) string {
		p := b.points[i%len(b.points)]
		return fmt.Sprintf("/api/v1/reports/nearby?lat=%f&lon=%f&radius=250", p[1], p[0])
	})
	if err != nil {
		return nil, fmt.Errorf("nearby: %w", err)
	}
	figs = append(figs, figure{Name: "nearby within 250 m, p50", Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(3), better: "lower"})
	staff, err := b.staffQueue(ctx)
	if err != nil {
		return nil, fmt.Errorf("staff queue: %w", err)
	}
	figs = append(figs, staff...)
	dash, err := b.measureStats(ctx, a)
	if err != nil {
		return nil, err
	}
	figs = append(figs, dash...)

	fmt.Fprintln(stderr, "starting a second instance on the PostgreSQL database…")
	second, err := startChild(ctx, o.pg, "", stderr)
	if err != nil {
		return nil, err
	}
	defer second.stop()
	other := "http://" + second.addr
	cpu0, _ := a.cpu()
	cpu1, _ := second.cpu()
	pg0 = postgresCPU(dbname)
	rate, lat, err = b.intakeAt(ctx, []string{b.base, other})
	if err != nil {
		return nil, fmt.Errorf("intake on two instances: %w", err)
	}
	cpu2, _ := a.cpu()
	cpu3, _ := second.cpu()
	figs = append(figs,
		figure{Name: "API intake, two instances", Value: rate, Unit: "reports/s", Target: ptr(3000), Limit: ptr(raw), better: "higher"},
		figure{Name: "API intake, two instances, p99", Value: ms(lat.pct(0.99)), Unit: "ms", Target: ptr(50), better: "lower"})
	figs = append(figs, pgCPUFigures("API intake, two instances", (cpu2-cpu0+cpu3-cpu1)/time.Duration(b.o.intake), postgresCPU(dbname)-pg0, b.o.intake)...)
	prop, err := b.propagation(ctx, other, 100)
	if err != nil {
		return nil, fmt.Errorf("propagation: %w", err)
	}
	figs = append(figs,
		figure{Name: "write on one instance to nearby on the other, p50", Value: ms(prop.pct(0.5)), Unit: "ms", better: "lower"},
		figure{Name: "write on one instance to nearby on the other, p99", Value: ms(prop.pct(0.99)), Unit: "ms", Target: ptr(1000), better: "lower"})
	for i, s := range []*server{a, second} {
		rss, hwm, err := s.memory()
		if err != nil {
			return nil, err
		}
		figs = append(figs,
			figure{Name: fmt.Sprintf("instance %d resident memory", i+1), Value: rss, Unit: "MB", Target: ptr(300), better: "lower"},
			figure{Name: fmt.Sprintf("instance %d peak resident memory", i+1), Value: hwm, Unit: "MB", Target: ptr(300), better: "lower"})
	}
	for i := range figs {
		figs[i].Name = "PostgreSQL: " + figs[i].Name
	}
	return figs, nil
}

// propagation posts n reports to this instance and, after each 201, asks
// the other instance's nearby search (its in-memory index) until the
// report is there: the time from acknowledgement to visibility elsewhere.
func (b *bench) propagation(ctx context.Context, other string, n int) (latencies, error) {
	lat := make(latencies, 0, n)
	for i := range n {
		// A point of its own: intake put a hundred reports on each of its
		// points, more than nearby lists; a point moved outside the
		// region (422) is moved again.
		var p orb.Point
		var id int64
		for try := 0; id == 0; try++ {
			p = b.points[(i*7+try)%len(b.points)]
			p[0] += (b.rng.Float64() - 0.5) * 0.0004
			p[1] += (b.rng.Float64() - 0.5) * 0.0004
			body, _ := json.Marshal(map[string]any{"category": "graffiti", "lat": p[1], "lon": p[0], "title": fmt.Sprintf("Propagation %d", i)})
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, b.base+"/api/v1/reports", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			resp, err := b.client.Do(req)
			if err != nil {
				return nil, err
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var cr struct {
				Report struct {
					ID int64 `json:"id"`
				} `json:"report"`
			}
			switch {
			case resp.StatusCode == http.StatusUnprocessableEntity && try < 20:
				continue
			case resp.StatusCode != http.StatusCreated || json.Unmarshal(out, &cr) != nil:
				return nil, fmt.Errorf("post: %d %s", resp.StatusCode, out)
			}
			id = cr.Report.ID
		}
		t0 := time.Now()
		want := fmt.Sprintf(`"id":%d,`, id)
		path := fmt.Sprintf("%s/api/v1/reports/nearby?lat=%f&lon=%f&radius=2", other, p[1], p[0])
		for {
			resp, err := b.client.Get(path)
			if err != nil {
				return nil, err
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(got), want) {
				break
			}
			if time.Since(t0) > 30*time.Second {
				return nil, fmt.Errorf("report %d not on the other instance after 30 s", id)
			}
			time.Sleep(time.Millisecond)
		}
		lat = append(lat, time.Since(t0))
	}
	return lat, nil
}

// rawPostgresInserts is the PostgreSQL twin of rawInserts: one row per
// transaction into a table of its own, for about d.
func rawPostgresInserts(ctx context.Context, dsn string, d time.Duration) (float64, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	const create = `CREATE TEMPORARY TABLE bench_raw (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, category TEXT NOT NULL,
		title TEXT NOT NULL, lon DOUBLE PRECISION NOT NULL, lat DOUBLE PRECISION NOT NULL, created_at BIGINT NOT NULL)`
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return 0, err
	}
	const ins = `INSERT INTO bench_raw (category, title, lon, lat, created_at) VALUES ($1, $2, $3, $4, $5)`
	start := time.Now()
	n := 0
	for time.Since(start) < d {
		if _, err := conn.ExecContext(ctx, ins, "pothole", "Deep pothole by the Town Hall", 4.3525, 50.8467, time.Now().UnixMilli()); err != nil {
			return 0, err
		}
		n++
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// pgCPUFigures tells what a report cost in CPU on the instances and in
// PostgreSQL's processes, and the rate the machine's cores could give at
// that cost were the clients elsewhere: whether a target is out of reach
// of this machine or of the design.
func pgCPUFigures(name string, instances, postgres time.Duration, reports int) []figure {
	if instances <= 0 || postgres <= 0 {
		return nil
	}
	perPG := postgres / time.Duration(reports)
	return []figure{
		{Name: name + ", instances' CPU per report", Value: float64(instances.Nanoseconds()) / 1000, Unit: "µs", better: "lower"},
		{Name: name + ", PostgreSQL's CPU per report", Value: float64(perPG.Nanoseconds()) / 1000, Unit: "µs", better: "lower"},
		{Name: name + ", reports/s this machine's cores give at that cost", Value: float64(runtime.NumCPU()) * float64(time.Second) / float64(instances+perPG), Unit: "reports/s", better: "higher"},
	}
}

// pgDatabase is the database a postgres:// URL names.
func pgDatabase(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}
