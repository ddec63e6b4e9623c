package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"streetfix/internal/testpg"
)

// TestMain lets the test binary play the service's part: the benchmark
// starts its own executable as the child.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := child(context.Background(), os.Stdout); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestBenchmarkSmall runs the whole benchmark on a small database and checks
// that every figure is there, measured and consistent.
func TestBenchmarkSmall(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bench.json")
	var table bytes.Buffer
	args := []string{"-n", "300", "-intake", "200", "-clients", "4", "-requests", "20", "-subscribers", "20", "-out", out, "-db", filepath.Join(t.TempDir(), "b.db")}
	// With STREETFIX_TEST_POSTGRES, the PostgreSQL half runs too (-pg).
	pg := testpg.DB(t, "")
	if pg != "" {
		args = append(args, "-pg", pg)
	}
	if err := run(context.Background(), args, &table, io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var figs []map[string]any
	if err := json.Unmarshal(b, &figs); err != nil {
		t.Fatal(err)
	}
	byName := map[string]map[string]any{}
	for _, f := range figs {
		for _, k := range []string{"name", "value", "unit", "target", "limit", "ratio"} {
			if _, ok := f[k]; !ok {
				t.Errorf("figure %v lacks %q", f["name"], k)
			}
		}
		if v, _ := f["value"].(float64); v <= 0 {
			t.Errorf("figure %v has value %v", f["name"], f["value"])
		}
		byName[f["name"].(string)] = f
		if !strings.Contains(table.String(), f["name"].(string)) {
			t.Errorf("table lacks %v", f["name"])
		}
	}
	if pg != "" {
		for _, name := range []string{"API intake, one instance", "API intake, two instances", "map view, whole region, zoom 11, p50",
			"nearby within 250 m, p50", "dashboard summary, no filter, p50", "write on one instance to nearby on the other, p99",
			"instance 2 resident memory"} {
			if byName["PostgreSQL: "+name] == nil {
				t.Errorf("no figure %q with -pg", "PostgreSQL: "+name)
			}
		}
	}
	intake := byName["API intake (POST /api/v1/reports)"]
	if intake == nil || intake["limit"] == nil || intake["ratio"] == nil || intake["target"].(float64) != 5000 {
		t.Errorf("intake figure: %v", intake)
	}
	// Durability's price in the same run: intake again with the faster
	// mode, each against the raw limit of its own setting.
	if fast := byName["API intake, --sqlite-sync normal"]; fast == nil || fast["limit"] == nil ||
		fast["limit"] != byName["raw SQLite single-row inserts, synchronous=NORMAL (limit)"]["value"] ||
		intake["limit"] != byName["raw SQLite single-row inserts, synchronous=FULL (limit)"]["value"] {
		t.Errorf("intake figures and their limits: durable %v, normal %v", intake, fast)
	}
	if get := byName["GET /api/v1/reports/{id} p50"]; get == nil || get["ratio"] == nil {
		t.Errorf("GET figure has no ratio to the bare handler: %v", get)
	}
	for _, name := range []string{"dashboard summary, no filter, p50", "dashboard summary, body, p50", "heatmap, no filter, p50", "server RSS during the export, highest"} {
		if byName[name] == nil {
			t.Errorf("no figure %q", name)
		}
	}
	if mem := byName["server resident memory"]; mem == nil || mem["value"].(float64) > 1000 {
		t.Errorf("memory figure: %v", mem)
	}
}

// TestSoakSmall runs the soak's mixed load for a few seconds on a small
// database: every route is exercised, none fails, the memory is read at
// each interval and the live subscribers receive the new reports.
func TestSoakSmall(t *testing.T) {
	out := filepath.Join(t.TempDir(), "soak.json")
	var table bytes.Buffer
	var log lockedBuffer // the child's standard error is copied in by another goroutine
	args := []string{"-n", "300", "-soak", "5s", "-soak-every", "1s", "-out", out, "-db", filepath.Join(t.TempDir(), "s.db")}
	if err := run(context.Background(), args, &table, &log); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var figs []struct {
		Name  string  `json:"name"`
		Value float64 `json:"value"`
	}
	if err := json.Unmarshal(b, &figs); err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range figs {
		got[f.Name] = f.Value
	}
	for _, name := range []string{"soak intake POST /api/v1/reports, rate", "soak map view, region, zoom 11, rate",
		"soak nearby 250 m, rate", "soak report page /reports/{id}, rate", "soak staff queue, open, one body, rate",
		"soak dashboard summary /api/v1/stats, rate", "soak live events received (all subscribers)", "soak RSS, last interval"} {
		if got[name] <= 0 {
			t.Errorf("%s = %v, want > 0", name, got[name])
		}
	}
	if e, ok := got["soak errors (all routes)"]; !ok || e != 0 {
		t.Errorf("soak errors = %v (present %v)\n%s", e, ok, log.String())
	}
	if n := strings.Count(log.String(), "RSS "); n < 4 {
		t.Errorf("%d interval lines, want one a second:\n%s", n, log.String())
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
