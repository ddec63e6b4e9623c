package handlers_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/notify"
)

// intakeAnswer is what one report creation got, and how long it took.
type intakeAnswer struct {
	key  string
	code int
	err  string
	took time.Duration
	id   int64
	hdr  http.Header
}

// postReport creates a report with an Idempotency-Key, timing the answer.
func (s *testServer) postReport(key string) intakeAnswer {
	start := time.Now()
	w := s.postJSON("/api/v1/reports", grandPlace(), "Idempotency-Key", key)
	a := intakeAnswer{key: key, code: w.Code, took: time.Since(start), hdr: w.Header()}
	if w.Code == http.StatusCreated {
		a.id = decode[createdBody](s.t, w).Report.ID
	} else {
		a.err = decode[errorBody](s.t, w).Error.Code
	}
	return a
}

// postReports sends n report creations at once and returns their answers.
func (s *testServer) postReports(prefix string, n int) []intakeAnswer {
	out := make([]intakeAnswer, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() { out[i] = s.postReport(prefix + strconv.Itoa(i)) })
	}
	wg.Wait()
	return out
}

// checkStored fails unless the database is sound and holds exactly the
// acknowledged reports.
func (s *testServer) checkStored(acked []int64) {
	s.t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+s.path+"?mode=ro")
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close()
	var ok string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		s.t.Errorf("integrity_check: %q %v", ok, err)
	}
	var n int
	if err := conn.QueryRow(`SELECT count(*) FROM reports`).Scan(&n); err != nil || n != len(acked) {
		s.t.Errorf("%d reports stored (%v), %d acknowledged", n, err, len(acked))
	}
	for _, id := range acked {
		if w := s.do("GET", fmt.Sprintf("/api/v1/reports/%d", id), nil); w.Code != 200 {
			s.t.Errorf("acknowledged report %d: %d", id, w.Code)
		}
	}
}

// Another process holds the database's write lock for as long as the test
// looks (a backup tool, a maintenance command): report creations answer
// 503 database_busy with Retry-After within a bound far below the lock's
// 20 s, the rate limiter (whose buckets are in the database) included;
// reads go on; once the lock is gone, each refused report is created by
// its retry (it was not half-written) and nothing acknowledged is lost.
func TestDatabaseLockedByAnotherProcess(t *testing.T) {
	for _, limit := range []int{handlers.DefaultConfig().RateLimit, 0} {
		t.Run(fmt.Sprintf("rate limit %d", limit), func(t *testing.T) {
			t.Parallel()
			// With notifications, for the alerts form.
			s, _ := newNotifyServer(t, func(c *handlers.Config, _ *notify.Config) { c.RateLimit = limit })
			if db.IsPostgres(s.path) {
				t.Skip("the lock is SQLite's: PostgreSQL locks rows, not the database")
			}
			key := s.apiKey(db.ScopeCreate)
			var acked []int64
			for _, a := range s.postReports("before-", 3) {
				if a.code != 201 {
					t.Fatalf("before the lock: %d %s", a.code, a.err)
				}
				acked = append(acked, a.id)
			}

			other, err := sql.Open("sqlite3", "file:"+s.path+"?_busy_timeout=0")
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			lock, err := other.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := lock.ExecContext(context.Background(), `BEGIN EXCLUSIVE`); err != nil {
				t.Fatal(err)
			}
			locked := time.Now()
			release := func() {
				if lock != nil {
					lock.ExecContext(context.Background(), `ROLLBACK`)
					lock.Close()
					lock = nil
				}
			}
			defer release()

			// The reads a visitor makes while the writes wait.
			reads := make(chan string, 16)
			var readers sync.WaitGroup
			readers.Go(func() {
				for _, path := range []string{fmt.Sprintf("/api/v1/reports/%d", acked[0]), fmt.Sprintf("/reports/%d", acked[0]),
					"/api/v1/reports?bbox=4.24,50.76,4.48,50.92&zoom=12", "/api/v1/reports/nearby?lat=50.8467&lon=4.3525&radius=250", "/readyz"} {
					start := time.Now()
					w := s.do("GET", path, nil)
					if took := time.Since(start); w.Code != 200 || took >= db.BusyTimeout {
						reads <- fmt.Sprintf("%s during the lock: %d in %v", path, w.Code, took)
					}
				}
			})
			// A report waits at most a BusyTimeout for each of three
			// things: the writer to take it (batcher.submit), the writer's
			// connection (held by other writes, here the supports), and
			// the database's lock. Plus scheduling on a loaded machine:
			// one answer came 9 ms past 15 s with both cores busy under
			// the race detector.
			bound := 3*db.BusyTimeout + 3*time.Second
			// Open311 and the plain form refuse alike, each in its shape.
			var others sync.WaitGroup
			var o311, form *httpResponse
			var o311Took, formTook time.Duration
			o311Fields := url.Values{"api_key": {key}, "service_code": {"graffiti"}, "lat": {"50.8467"}, "long": {"4.3525"}, "description": {"Tag during the lock"}}
			others.Go(func() {
				start := time.Now()
				o311, o311Took = s.postForm("/open311/v2/requests.json", o311Fields), time.Since(start)
			})
			others.Go(func() {
				start := time.Now()
				code, body := s.postReportForm(url.Values{"area": {"21004"}, "category": {"graffiti"}, "title": {"Form during the lock"}}, nil, "Cookie", "lang=en")
				form, formTook = &httpResponse{code: code, body: []byte(body)}, time.Since(start)
			})
			var alert *httptest.ResponseRecorder
			var alertTook time.Duration
			others.Go(func() {
				start := time.Now()
				alert = s.postNotifyForm("/alerts", url.Values{"email": {"voisin@example.org"}, "kind": {"radius"}, "lat": {"50.8467"}, "lon": {"4.3525"},
					"radius": {"500"}, "themes": {"safe"}, "frequency": {"daily"}, "locale": {"en"}}, "Accept-Language", "en")
				alertTook = time.Since(start)
			})
			// Other writes queue for the one writer: each still answers
			// within the bound, not one BusyTimeout after the other.
			supports := make([]intakeAnswer, 6)
			for i := range supports {
				others.Go(func() {
					start := time.Now()
					w := s.supportFrom(fmt.Sprintf("/api/v1/reports/%d/supports", acked[0]), fmt.Sprintf("192.0.2.%d:4000", 20+i), fmt.Sprintf("person-%d", i))
					supports[i] = intakeAnswer{key: fmt.Sprint("support ", i), code: w.Code, took: time.Since(start), hdr: w.Header()}
					if w.Code != http.StatusOK {
						supports[i].err = decode[errorBody](t, w).Error.Code
					}
				})
			}
			refused := s.postReports("during-", 6)
			others.Wait()
			readers.Wait()
			close(reads)
			for r := range reads {
				t.Error(r)
			}
			held := time.Since(locked)
			release()
			if held > 20*time.Second {
				t.Errorf("the lock was held %v: the answers did not come before it would have ended", held)
			}
			for _, a := range refused {
				if a.code != 503 || a.err != "database_busy" || a.hdr.Get("Retry-After") == "" || a.took > bound {
					t.Errorf("report %s during the lock: %d %s Retry-After %q in %v, want 503 database_busy within %v",
						a.key, a.code, a.err, a.hdr.Get("Retry-After"), a.took, bound)
				}
			}
			t.Logf("refused within %v (bound %v); lock held %v", slowest(refused), bound, held)
			for _, a := range supports {
				if a.code != 503 || a.err != "database_busy" || a.took > bound {
					t.Errorf("%s during the lock: %d %s in %v, want 503 database_busy within %v", a.key, a.code, a.err, a.took, bound)
				}
			}
			var o311Errs []struct {
				Code        int    `json:"code"`
				Description string `json:"description"`
			}
			json.Unmarshal(o311.body, &o311Errs)
			if o311.code != 503 || len(o311Errs) != 1 || o311Errs[0].Code != 503 || o311.header.Get("Retry-After") == "" || o311Took > bound {
				t.Errorf("Open311 POST during the lock: %d %s Retry-After %q in %v, want 503 in Open311's error list within %v",
					o311.code, o311.body, o311.header.Get("Retry-After"), o311Took, bound)
			}
			if form.code != 503 || !strings.Contains(string(form.body), "<html") || formTook > bound {
				t.Errorf("plain form during the lock: %d in %v, want a 503 page within %v: %.300s", form.code, formTook, bound, form.body)
			}
			if alert.Code != 503 || !strings.Contains(alert.Body.String(), "<html") || alertTook > bound {
				t.Errorf("alert subscription during the lock: %d in %v, want a 503 page within %v: %.300s", alert.Code, alertTook, bound, alert.Body.String())
			}
			if w := s.postForm("/open311/v2/requests.json", o311Fields); w.code != 201 {
				t.Errorf("Open311 POST after the lock: %d %s", w.code, w.body)
			} else {
				var created []struct {
					ID string `json:"service_request_id"`
				}
				json.Unmarshal(w.body, &created)
				id, _ := strconv.ParseInt(created[0].ID, 10, 64)
				acked = append(acked, id)
			}

			for _, a := range refused {
				again := s.postReport(a.key)
				if again.code != 201 || again.hdr.Get("Idempotent-Replayed") != "" {
					t.Errorf("retry of %s after the lock: %d %s replayed %q, want a new report", a.key, again.code, again.err, again.hdr.Get("Idempotent-Replayed"))
				}
				acked = append(acked, again.id)
			}
			s.checkStored(acked)
		})
	}
}

func slowest(as []intakeAnswer) time.Duration {
	var d time.Duration
	for _, a := range as {
		d = max(d, a.took)
	}
	return d
}

// The disk under the database fills during intake (a size-limited tmpfs
// holds the database and a filler file takes its last free byte): report
// creations answer 503 storage_full in the error shape, never 500, and
// write nothing half-way; once space returns (the filler goes), intake
// works again, the file is sound and holds exactly the acknowledged
// reports.
func TestDiskFullDuringIntake(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a size-limited tmpfs needs root (CI runs as root)")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs to fill (%v: %s): the disk-full test needs it", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	s := buildServerAt(t, filepath.Join(dir, "test.db"), slog.New(slog.NewTextHandler(io.Discard, nil)), func(_ *db.Store, c *handlers.Config) {
		c.RateLimit = 1 << 20 // the limiter's buckets are written too, and must fail as cleanly
	})
	var acked []int64
	post := func(key string) intakeAnswer {
		a := s.postReport(key)
		if a.code == 201 {
			acked = append(acked, a.id)
		}
		return a
	}
	for i := range 3 {
		if a := post("before-" + strconv.Itoa(i)); a.code != 201 {
			t.Fatalf("before the disk fills: %d %s", a.code, a.err)
		}
	}
	filler := filepath.Join(dir, "filler")
	fill(t, filler)

	// SQLite first reuses the free room in its files; the disk shows when
	// they must grow.
	var full []intakeAnswer
	for i := 0; len(full) < 5 && i < 5000; i++ {
		a := post("full-" + strconv.Itoa(i))
		switch {
		case a.code == 201 && len(full) == 0:
		case a.code == 503 && a.err == "storage_full" && a.hdr.Get("Retry-After") != "":
			full = append(full, a)
		default:
			t.Fatalf("report %s on a full disk: %d %s Retry-After %q, want 201 until the disk shows full, then 503 storage_full",
				a.key, a.code, a.err, a.hdr.Get("Retry-After"))
		}
	}
	if len(full) == 0 {
		t.Fatalf("%d reports stored on a full disk and none refused", len(acked))
	}
	t.Logf("%d reports stored after the disk filled, then refused in %v", len(acked)-3, slowest(full))
	if w := s.do("GET", fmt.Sprintf("/api/v1/reports/%d", acked[0]), nil); w.Code != 200 {
		t.Errorf("a read on the full disk: %d", w.Code)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	for _, a := range full {
		if again := post(a.key); again.code != 201 || again.hdr.Get("Idempotent-Replayed") != "" {
			t.Errorf("retry of %s once space returned: %d %s replayed %q, want a new report", a.key, again.code, again.err, again.hdr.Get("Idempotent-Replayed"))
		}
	}
	s.checkStored(acked)
}

// fill writes path until the disk under it has no room left.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the disk: %v", err)
			}
			break
		}
	}
	for _, n := range []int{4096, 512, 1} { // the last partial blocks
		for {
			if _, err := f.Write(chunk[:n]); err != nil {
				break
			}
		}
	}
}
