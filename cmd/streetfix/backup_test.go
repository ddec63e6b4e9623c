package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/internal/testclock"
)

// A backup made while 16 writers add reports passes verify and holds every
// report acknowledged before it began; the service starts on the copy;
// backup refuses to overwrite without --force; verify lists the problems
// of a damaged file and exits non-zero.
func TestBackupDuringWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	c, err := city.Default()
	mustNo(t, err)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	store, err := app.Prepare(ctx, path, c, quiet, db.Options{Now: testclock.New()})
	mustNo(t, err)
	defer store.Close()

	var acked sync.Map // report ids answered before the writers were told to stop
	var count atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, lon := 50.8467, 4.3525
			for {
				select {
				case <-stop:
					return
				default:
				}
				p, err := intake.Prepare(store.Catalog(), intake.Input{Category: "graffiti", Lat: &lat, Lon: &lon, Title: "Tags on the wall"}, "en", store.Now())
				if err != nil {
					t.Error(err)
					return
				}
				cr, err := store.CreateReport(ctx, &p.Report)
				if err != nil {
					t.Error(err)
					return
				}
				acked.Store(cr.Report.ID, true)
				count.Add(1)
			}
		}()
	}
	// Writers running, a few hundred reports in: everything acknowledged
	// now must be in the copy.
	for count.Load() < 300 {
		time.Sleep(time.Millisecond) // waiting on a condition
	}
	var before []int64
	acked.Range(func(k, _ any) bool { before = append(before, k.(int64)); return true })
	out := filepath.Join(dir, "copy.db")
	var stdout, stderr bytes.Buffer
	err = run(ctx, []string{"backup", "--db", path, "--out", out}, noEnv, &stdout, &stderr)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v %s", err, stderr.String())
	}
	stdout.Reset()
	if err := run(ctx, []string{"verify", "--db", out}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("verify of the copy: %v\n%s", err, stdout.String())
	}
	cp, err := app.Prepare(ctx, out, c, quiet, db.Options{Now: testclock.New()})
	mustNo(t, err)
	for _, id := range before {
		if _, err := cp.Report(ctx, id); err != nil {
			t.Errorf("report %d, acknowledged before the backup, not in the copy: %v", id, err)
			break
		}
	}
	cp.Close()

	// The service starts on the copy and is ready.
	cfg := app.DefaultConfig()
	cfg.DB, cfg.TileURL, cfg.Now = out, "", testclock.New()
	a, err := app.Open(ctx, cfg, quiet)
	mustNo(t, err)
	w := httptest.NewRecorder()
	a.Handler.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	a.Close()
	if w.Code != 200 {
		t.Errorf("service on the copy: /readyz %d %s", w.Code, w.Body)
	}

	// No overwrite without --force.
	if err := run(ctx, []string{"backup", "--db", path, "--out", out}, noEnv, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if err := run(ctx, []string{"backup", "--db", path, "--out", out, "--force"}, noEnv, &stdout, &stderr); err != nil {
		t.Errorf("backup --force: %v", err)
	}

	// A damaged copy: verify exits non-zero and lists the problem.
	b, err := os.ReadFile(out)
	mustNo(t, err)
	for i := 4096 * 3; i < len(b) && i < 4096*40; i += 7 {
		b[i] ^= 0x5a
	}
	bad := filepath.Join(dir, "bad.db")
	mustNo(t, os.WriteFile(bad, b, 0o600))
	stdout.Reset()
	if err := run(ctx, []string{"verify", "--db", bad}, noEnv, &stdout, &stderr); err == nil || !strings.Contains(stdout.String(), "problem:") {
		t.Errorf("verify of a damaged file: %v, output %q", err, stdout.String())
	}
	// A database missing migrations is a problem too.
	old := filepath.Join(dir, "old.db")
	mustNo(t, os.WriteFile(old, nil, 0o600))
	stdout.Reset()
	if err := run(ctx, []string{"verify", "--db", old}, noEnv, &stdout, &stderr); err == nil || !strings.Contains(stdout.String(), "schema_migrations") {
		t.Errorf("verify of an empty file: %v, output %q", err, stdout.String())
	}
}

func noEnv(string) string { return "" }
