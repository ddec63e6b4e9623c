package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/pprof"

	"streetfix/app"
)

// childEnv, when set, makes the benchmark binary run the service instead:
// a separate process, so its resident memory is the server's alone.
const childEnv = "STREETFIX_BENCH_CHILD_DB"

// childProfileEnv names a file for the child's CPU profile (-cpuprofile).
const childProfileEnv = "STREETFIX_BENCH_CHILD_CPUPROFILE"

// childSyncEnv, when set, is the child's --sqlite-sync.
const childSyncEnv = "STREETFIX_BENCH_CHILD_SQLITE_SYNC"

// child serves the database named in childEnv on a free loopback port and
// prints "listening ADDR" once ready.
func child(ctx context.Context, stdout io.Writer) error {
	cfg := app.DefaultConfig()
	cfg.DB = os.Getenv(childEnv)
	cfg.RateLimit = 0         // the benchmark is one client address sending thousands of writes
	cfg.StreamsPerAddress = 0 // and holding the soak's event streams
	cfg.UploadBytesPerAddress = 0
	cfg.ExportsPerMinute = 0 // the soak asks 12 exports a minute from its one address
	cfg.LogLevel = "warn"
	if sync := os.Getenv(childSyncEnv); sync != "" {
		cfg.SQLiteSync = sync
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if path := os.Getenv(childProfileEnv); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintln(stdout, "listening", ln.Addr().String())
	return a.Serve(ctx, ln)
}
