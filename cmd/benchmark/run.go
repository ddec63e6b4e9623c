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
	fs.StringVar(&o.profile, "cpuprofile", "", "write the server's CPU profile to this file")
	fs.IntVar(&o.subscribers, "subscribers", 1000, "live event stream subscribers in the fan-out test")
	fs.DurationVar(&o.soak, "soak", 0, "instead of the figures, run a mixed load for this long (e.g. 10m) and print each route's rate, p99 and errors and the server's memory every -soak-every")
	fs.DurationVar(&o.soakEvery, "soak-every", time.Minute, "interval of the soak's printed lines")
	if err := fs.Parse(args); err != nil {
		return err
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
	rawRate, err := rawInserts(ctx, filepath.Join(filepath.Dir(o.dbPath), "raw.db"), 3*time.Second)
	if err != nil {
		return fmt.Errorf("raw inserts: %w", err)
	}
	figs = append(figs, figure{Name: "raw SQLite single-row inserts (limit)", Value: rawRate, Unit: "rows/s", better: "higher"})

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

func startChild(ctx context.Context, dbPath, profile string, stderr io.Writer) (*server, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"="+dbPath)
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
