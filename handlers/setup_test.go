package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/handlers"
	"streetfix/internal/testclock"
	"streetfix/internal/testpg"
	"streetfix/stream"
)

// testServer is the real router over a real SQLite file in a temp folder,
// or a fresh PostgreSQL database when STREETFIX_TEST_POSTGRES is set.
type testServer struct {
	t      *testing.T
	store  *db.Store
	router http.Handler
	city   *city.City
	path   string // the SQLite file, or the PostgreSQL database's URL
}

// sqlDB opens the test's database directly, for checks below the API, on
// either engine: write queries with ? and pass them through Rebind.
func (s *testServer) sqlDB() *sqlx.DB {
	s.t.Helper()
	driver, dsn := "sqlite3", "file:"+s.path+"?_busy_timeout=5000"
	if db.IsPostgres(s.path) {
		driver, dsn = "pgx", s.path
	}
	conn, err := sqlx.Open(driver, dsn)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { conn.Close() })
	return conn
}

func newTestServer(t *testing.T, tweak ...func(*handlers.Config)) *testServer {
	t.Helper()
	return buildTestServer(t, func(_ *db.Store, cfg *handlers.Config) {
		for _, f := range tweak {
			f(cfg)
		}
	})
}

// buildTestServer makes the test server; setup may change the
// configuration, with the store at hand (to build services over it).
func buildTestServer(t *testing.T, setup func(*db.Store, *handlers.Config)) *testServer {
	t.Helper()
	return buildLoggedServer(t, slog.New(slog.NewTextHandler(io.Discard, nil)), setup)
}

// buildLoggedServer is buildTestServer writing its log to log.
func buildLoggedServer(t *testing.T, log *slog.Logger, setup func(*db.Store, *handlers.Config)) *testServer {
	t.Helper()
	// A SQLite file, or a fresh PostgreSQL database with STREETFIX_TEST_POSTGRES.
	return buildServerAt(t, testpg.DB(t, filepath.Join(t.TempDir(), "test.db")), log, setup)
}

// buildServerAt is buildLoggedServer over the database at path.
func buildServerAt(t *testing.T, path string, log *slog.Logger, setup func(*db.Store, *handlers.Config)) *testServer {
	t.Helper()
	gin.SetMode(gin.TestMode)
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	store, err := app.Prepare(context.Background(), path, c, log, db.Options{Now: testclock.New()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cfg := handlers.DefaultConfig()
	cfg.RateLimit = 0
	cfg.ExportsPerMinute = 0
	cfg.BaseURL = "http://example.com" // httptest's Host, which golden files name
	cfg.CityName = c.Name
	cfg.Location = c.Location
	cfg.Now = store.Now
	setup(store, &cfg)
	hub, err := stream.New(context.Background(), store, log)
	if err != nil {
		t.Fatal(err)
	}
	store.OnWrite(hub.Notify)
	ctx, cancel := context.WithCancel(context.Background())
	hubDone := make(chan struct{})
	t.Cleanup(func() { cancel(); <-hubDone }) // before the store closes
	go func() { defer close(hubDone); hub.Run(ctx) }()
	r, err := handlers.New(store, hub, cfg, log, prometheus.NewRegistry(), []byte("test-key"))
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{t: t, store: store, router: r, city: c, path: path}
}

// do sends a request through the router and returns the recorded response.
func (s *testServer) do(method, path string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.router.ServeHTTP(w, req)
	return w
}

func (s *testServer) postJSON(path string, v any, header ...string) *httptest.ResponseRecorder {
	var body io.Reader
	switch x := v.(type) {
	case string:
		body = strings.NewReader(x)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			s.t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	return s.do(http.MethodPost, path, body, append([]string{"Content-Type", "application/json"}, header...)...)
}

// decode parses a JSON response body into v, failing the test otherwise.
func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("response is not JSON (%v): %s", err, w.Body.String())
	}
	return v
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

type createdBody struct {
	Report reportBody `json:"report"`
	Token  string     `json:"token"`
}

type reportBody struct {
	ID          int64   `json:"id"`
	URL         string  `json:"url"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Status      string  `json:"status"`
	StatusGroup string  `json:"status_group"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	Category    struct {
		Code string `json:"code"`
	} `json:"category"`
	Theme struct {
		Code string `json:"code"`
	} `json:"theme"`
	Area struct {
		Code  string     `json:"code"`
		Name  string     `json:"name"`
		Names city.Names `json:"names"`
	} `json:"area"`
	Body struct {
		Code string `json:"code"`
	} `json:"body"`
	Answers      map[string]any `json:"answers"`
	ReporterName string         `json:"reporter_name"`
	SupportCount int            `json:"support_count"`
	Photos       []struct {
		URL      string `json:"url"`
		ThumbURL string `json:"thumb_url"`
		Width    int    `json:"width"`
		Height   int    `json:"height"`
	} `json:"photos"`
	History []struct {
		Kind string `json:"kind"`
		To   string `json:"to"`
	} `json:"history"`
}

// grandPlace is a valid report at the Grand-Place.
func grandPlace() map[string]any {
	return map[string]any{
		"category": "pothole", "lat": 50.8467, "lon": 4.3525,
		"title": "Deep pothole by the Town Hall", "description": "Bikes swerve around it.",
		"answers": map[string]any{"surface": "roadway"}, "locale": "fr",
	}
}

// multipartBody builds a multipart form with fields and files under "photos".
func multipartBody(t *testing.T, fields map[string]string, files ...[]byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, f := range files {
		fw, err := mw.CreateFormFile("photos", "photo"+string(rune('a'+i))+".jpg")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(f)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}
