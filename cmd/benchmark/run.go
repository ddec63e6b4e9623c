package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
)

// figure is one measured number, as printed and as written to -out.
type figure struct {
	Name   string   `json:"name"`
	Value  float64  `json:"value"`
	Unit   string   `json:"unit"`
	Target *float64 `json:"target"`
	Limit  *float64 `json:"limit"`
	Ratio  *float64 `json:"ratio"`
	better string   // "higher" or "lower": how to read the target
}

func ptr(f float64) *float64 { return &f }

type options struct {
	n           int
	out         string
	dbPath      string
	clients     int
	intake      int
	requests    int
	seed        int64
	profile     string
	subscribers int
	soak        time.Duration
	soakEvery   time.Duration
	pg          string // a PostgreSQL URL: measure that engine too
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("benchmark", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.n, "n", 1_000_000, "reports in the database before measuring")
	fs.StringVar(&o.out, "out", "", "write the figures as JSON to this file")
	fs.StringVar(&o.dbPath, "db", "", "database file to build or reuse (default: a temporary one)")
	fs.IntVar(&o.clients, "clients", 32, "concurrent HTTP clients for intake")
	fs.IntVar(&o.intake, "intake", 20000, "reports posted in the intake test")
	fs.IntVar(&o.requests, "requests", 500, "requests per read test")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the demo data")
	fs.StringVar(&o.profile, "cpuprofile", "", "write the server's CPU profile to this file (and with -pg, the first PostgreSQL instance's to FILE.pg)")
	fs.IntVar(&o.subscribers, "subscribers", 1000, "live event stream subscribers in the fan-out test")
	fs.DurationVar(&o.soak, "soak", 0, "instead of the figures, run a mixed load for this long (e.g. 10m) and print each route's rate, p99 and errors and the server's memory every -soak-every")
	fs.DurationVar(&o.soakEvery, "soak-every", time.Minute, "interval of the soak's printed lines")
	fs.StringVar(&o.pg, "pg", "", "also measure on this PostgreSQL database (postgres://…; demo reports are added until it holds -n), with one instance and with two")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.pg != "" && !db.IsPostgres(o.pg) {
		return fmt.Errorf("-pg %q: want a postgres:// URL", o.pg)
	}
	if o.soak < 0 || o.soakEvery <= 0 {
		return errors.New("-soak must not be negative and -soak-every must be positive")
	}
	if o.n < 1 || o.clients < 1 || o.intake < 1 || o.requests < 1 || o.subscribers < 1 {
		return errors.New("-n, -clients, -intake, -requests and -subscribers must be positive")
	}
	raiseFileLimit()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if o.dbPath == "" {
		dir, err := os.MkdirTemp("", "streetfix-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.dbPath = filepath.Join(dir, "bench.db")
	}

	var figs []figure
	fmt.Fprintln(stderr, "measuring raw SQLite single-row inserts…")
	rawPath := filepath.Join(filepath.Dir(o.dbPath), "raw.db")
	rawRate, err := rawInserts(ctx, rawPath, 3*time.Second, "FULL")
	if err != nil {
		return fmt.Errorf("raw inserts: %w", err)
	}
	rawNormal, err := rawInserts(ctx, rawPath, 3*time.Second, "NORMAL")
	if err != nil {
		return fmt.Errorf("raw inserts: %w", err)
	}
	figs = append(figs,
		figure{Name: "raw SQLite single-row inserts, synchronous=FULL (limit)", Value: rawRate, Unit: "rows/s", better: "higher"},
		figure{Name: "raw SQLite single-row inserts, synchronous=NORMAL (limit)", Value: rawNormal, Unit: "rows/s", better: "higher"})

	fmt.Fprintf(stderr, "building a database of %d reports…\n", o.n)
	seedRate, err := buildDB(ctx, o, log)
	if err != nil {
		return err
	}
	if seedRate > 0 {
		figs = append(figs, figure{Name: "demo seeding (bulk)", Value: seedRate, Unit: "reports/s", better: "higher"})
	}

	srv, err := startChild(ctx, o.dbPath, o.profile, stderr)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Fprintf(stderr, "service up at %s (map index loaded in %s)\n", srv.addr, srv.startup.Round(time.Millisecond))
	figs = append(figs, figure{Name: "start-up with map index", Value: ms(srv.startup), Unit: "ms", better: "lower"})

	c, err := city.Default()
	if err != nil {
		return err
	}
	b := newBench(srv.addr, c, o)
	b.cpu = srv.cpu
	if o.soak > 0 {
		soaked, err := b.soak(ctx, srv, o.soak, o.soakEvery, stderr)
		if err != nil {
			return fmt.Errorf("soak: %w", err)
		}
		return report(stdout, o, append(figs, soaked...))
	}
	more, err := b.measureAll(ctx, rawRate)
	if err != nil {
		return err
	}
	figs = append(figs, more...)
	dash, err := b.measureStats(ctx, srv)
	if err != nil {
		return err
	}
	figs = append(figs, dash...)
	rss, hwm, err := srv.memory()
	if err != nil {
		return err
	}
	figs = append(figs,
		figure{Name: "server resident memory", Value: rss, Unit: "MB", Target: ptr(300), better: "lower"},
		figure{Name: "server peak resident memory", Value: hwm, Unit: "MB", Target: ptr(300), better: "lower"})
	// The same intake with --sqlite-sync normal, the faster mode that a
	// power loss may cost the last commits: the price of durability, in
	// the same run on the same file.
	srv.stop()
	fast, err := startChild(ctx, o.dbPath, "", stderr, childSyncEnv+"=normal")
	if err != nil {
		return err
	}
	fb := newBench(fast.addr, c, o)
	fb.cpu = fast.cpu
	rate, lat, perReport, err := fb.intakeCPU(ctx)
	fast.stop()
	if err != nil {
		return fmt.Errorf("intake with synchronous=NORMAL: %w", err)
	}
	figs = append(figs,
		figure{Name: "API intake, --sqlite-sync normal", Value: rate, Unit: "reports/s", Limit: ptr(rawNormal), better: "higher"},
		figure{Name: "API intake, --sqlite-sync normal, p99", Value: ms(lat.pct(0.99)), Unit: "ms", better: "lower"})
	figs = append(figs, cpuFigures("API intake, --sqlite-sync normal", perReport)...)
	if o.pg != "" {
		pg, err := measurePostgres(ctx, o, c, log, stderr)
		if err != nil {
			return fmt.Errorf("postgres: %w", err)
		}
		figs = append(figs, pg...)
	}
	return report(stdout, o, figs)
}

// report prints the figures with their ratios to the limits and writes
// them to -out.
func report(stdout io.Writer, o options, figs []figure) error {
	for i := range figs {
		if figs[i].Limit != nil && *figs[i].Limit > 0 {
			figs[i].Ratio = ptr(figs[i].Value / *figs[i].Limit)
		}
	}
	printTable(stdout, o, figs)
	if o.out != "" {
		bs, err := json.MarshalIndent(figs, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.out, append(bs, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// buildDB seeds the database up to o.n reports and returns the seeding rate
// (0 when an existing database already had them).
func buildDB(ctx context.Context, o options, log *slog.Logger) (float64, error) {
	c, err := city.Default()
	if err != nil {
		return 0, err
	}
	store, err := app.Prepare(ctx, o.dbPath, c, log, db.Options{})
	if err != nil {
		return 0, err
	}
	defer store.Close()
	if err := ensureAccounts(ctx, store); err != nil {
		return 0, err
	}
	have, err := store.CountReports(ctx)
	if err != nil {
		return 0, err
	}
	if have >= o.n {
		return 0, nil
	}
	start := time.Now()
	if err := app.Seed(ctx, store, c, o.n-have, o.seed, log); err != nil {
		return 0, err
	}
	return float64(o.n-have) / time.Since(start).Seconds(), nil
}

// server is the child process running the service.
type server struct {
	cmd     *exec.Cmd
	addr    string
	startup time.Duration
}

// startChild runs the service on dbPath in a child process; env adds
// settings (childSyncEnv) to its environment.
func startChild(ctx context.Context, dbPath, profile string, stderr io.Writer, env ...string) (*server, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(append(os.Environ(), childEnv+"="+dbPath), env...)
	if profile != "" {
		cmd.Env = append(cmd.Env, childProfileEnv+"="+profile)
	}
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("service did not start: %w", err)
	}
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if !ok {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("service said %q", line)
	}
	return &server{cmd: cmd, addr: addr, startup: time.Since(start)}, nil
}

// stop sends SIGTERM, as an orchestrator would, and waits for the exit.
func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// memory reads the child's resident set and its peak from /proc, in MB.
func (s *server) memory() (rss, hwm float64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		var kb float64
		if _, err := fmt.Sscanf(line, "VmRSS: %f kB", &kb); err == nil {
			rss = kb / 1024
		}
		if _, err := fmt.Sscanf(line, "VmHWM: %f kB", &kb); err == nil {
			hwm = kb / 1024
		}
	}
	return rss, hwm, nil
}

// cpu is the CPU time the child has used, user and system, from /proc
// (in the kernel's USER_HZ ticks, 100 a second on Linux).
func (s *server) cpu() (time.Duration, error) {
	_, d, err := processCPU(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	return d, err
}

// processCPU reads a process's name and CPU time, user and system, from
// its /proc stat file.
func processCPU(stat string) (string, time.Duration, error) {
	b, err := os.ReadFile(stat)
	if err != nil {
		return "", 0, err
	}
	// The command name may hold spaces; the fields after it do not.
	head, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	_, name, _ := strings.Cut(head, " (")
	if !ok || len(f) < 13 {
		return "", 0, fmt.Errorf("unexpected /proc stat: %.80q", b)
	}
	var user, sys int64
	if _, err := fmt.Sscan(f[11], &user); err != nil {
		return "", 0, err
	}
	if _, err := fmt.Sscan(f[12], &sys); err != nil {
		return "", 0, err
	}
	return name, time.Duration(user+sys) * (time.Second / 100), nil
}

// postgresCPU is the CPU time of the PostgreSQL backends on this machine
// that serve database dbname (a backend's command line names it: other
// users of the server are not counted), or 0 when none runs here.
// Backends that ended meanwhile are not counted: the benchmark's
// connections live through a measurement.
func postgresCPU(dbname string) time.Duration {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var sum time.Duration
	for _, st := range stats {
		name, d, err := processCPU(st)
		if err != nil || name != "postgres" {
			continue
		}
		// "postgres: [CLUSTER: ]USER DBNAME HOST(PORT) STATE"
		cmd, err := os.ReadFile(filepath.Join(filepath.Dir(st), "cmdline"))
		f := strings.Fields(string(cmd))
		if err != nil || len(f) < 3 || f[0] != "postgres:" {
			continue
		}
		if i := 1 + boolInt(strings.HasSuffix(f[1], ":")); len(f) > i+1 && f[i+1] == dbname {
			sum += d
		}
	}
	return sum
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func printTable(w io.Writer, o options, figs []figure) {
	fmt.Fprintf(w, "Streetfix benchmark: %d reports, %d intake clients, %s\n\n", o.n, o.clients, time.Now().UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "%-44s %12s %-9s %10s %12s %8s\n", "figure", "value", "unit", "target", "limit", "ratio")
	fmt.Fprintln(w, strings.Repeat("-", 100))
	for _, f := range figs {
		target, limit, ratio := "—", "—", "—"
		if f.Target != nil {
			sign := "≤"
			if f.better == "higher" {
				sign = "≥"
			}
			target = fmt.Sprintf("%s %g", sign, *f.Target)
		}
		if f.Limit != nil {
			limit = fmt.Sprintf("%.3f", *f.Limit)
		}
		if f.Ratio != nil {
			ratio = fmt.Sprintf("%.2f", *f.Ratio)
		}
		fmt.Fprintf(w, "%-44s %12.3f %-9s %10s %12s %8s\n", f.Name, f.Value, f.Unit, target, limit, ratio)
	}
}
