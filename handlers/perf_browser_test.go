package handlers_test

import (
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/app"
	"streetfix/handlers"
	"streetfix/internal/browser"
	"streetfix/web"
)

// staticBudget is the most our JavaScript and CSS, with the vendored
// libraries, may weigh compressed (the limit).
const staticBudget = 200 << 10

// TestMapFirstRender measures the map page in Chromium: the time from
// navigation to the first pins or clusters drawn, and the compressed size
// of every script and style sheet it loads. It prints the figures (go test
// -v). With STREETFIX_BROWSER_URL set it measures that running service
// instead (for example one serving the benchmark's million reports):
//
//	STREETFIX_BROWSER_URL=http://127.0.0.1:8080 go test -tags sqlite_fts5 -run TestMapFirstRender -v ./handlers/
func TestMapFirstRender(t *testing.T) {
	ctx := browser.New(t)
	base := os.Getenv("STREETFIX_BROWSER_URL")
	if base == "" {
		s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" })
		if err := app.Seed(context.Background(), s.store, s.city, 2000, 3, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.router)
		defer srv.Close()
		base = srv.URL
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for _, size := range []viewport{phoneSize, desktopSize} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h)); err != nil {
			t.Fatal(err)
		}
		// Fresh loads of the page: the first with the browser's cache empty
		// (at the first size), the others as a returning visitor has it.
		var runs []float64
		for i := 0; i < 4; i++ {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/?lang=fr")); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.firstPins !== undefined`)); err != nil {
				t.Fatalf("no pins: %v", err)
			}
			ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByName('streetfix-first-pins')[0].startTime`))
			if err != nil {
				t.Fatal(err)
			}
			runs = append(runs, ms)
		}
		features, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('map').dataset.features + ' features for ' + document.getElementById('map').dataset.total + ' reports'`))
		first := runs[0]
		sort.Float64s(runs)
		t.Logf("map page at %dx%d (%s in view): first pins %.0f ms on the first load, median %.0f ms over %d loads",
			size.w, size.h, features, first, runs[len(runs)/2], len(runs))
	}
	paths, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.startsWith('/static/') && /\.(js|css)$/.test(p))`))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	total, raw := 0, 0
	for _, p := range paths {
		// Pages link to content-hashed names (app.3f2a9c1d.js): the file is app.js.
		b, err := fs.ReadFile(web.Static(), hashedName.ReplaceAllString(strings.TrimPrefix(p, "/static/"), "$1$2"))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		n := gzipSize(t, b)
		t.Logf("asset %-40s %7d bytes, %6d gzip", p, len(b), n)
		total += n
		raw += len(b)
	}
	t.Logf("map page: %d scripts and style sheets, %d bytes, %d bytes gzip (budget %d)", len(paths), raw, total, staticBudget)
	if total > staticBudget {
		t.Errorf("scripts and styles weigh %d bytes compressed, over the %d budget", total, staticBudget)
	}
	if len(paths) < 4 {
		t.Errorf("only %v loaded", paths)
	}
}

// hashedName matches a static file's content-hashed name.
var hashedName = regexp.MustCompile(`^(.*)\.[0-9a-f]{8}(\.[a-z]+)$`)

func gzipSize(t *testing.T, b []byte) int {
	t.Helper()
	var c countWriter
	zw, _ := gzip.NewWriterLevel(&c, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return int(c)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }
