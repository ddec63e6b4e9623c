package handlers_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/app"
	"streetfix/db"
	"streetfix/handlers"
	"streetfix/internal/browser"
)

// Browser tests of the citizen app: real Chromium at a phone's and a
// desktop's size, against the real router over a real database. Tiles are
// off (no other host is reachable here); the area outlines give the map
// its shape, as they do when a tile server fails.

type viewport struct {
	name string
	w, h int64
}

var (
	phoneSize   = viewport{"phone", 390, 844}
	desktopSize = viewport{"desktop", 1280, 800}
)

// appBrowser is one Chromium tab on a test server with demo reports.
type appBrowser struct {
	t   *testing.T
	s   *testServer
	srv *httptest.Server
	ctx context.Context
}

func newAppBrowser(t *testing.T, size viewport, demoReports int) *appBrowser {
	t.Helper()
	ctx := browser.New(t)
	s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" })
	if demoReports > 0 {
		if err := app.Seed(context.Background(), s.store, s.city, demoReports, 7, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(s.router)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	b := &appBrowser{t: t, s: s, srv: srv, ctx: ctx}
	b.do(chromedp.EmulateViewport(size.w, size.h))
	return b
}

func (b *appBrowser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.shot("failed_" + strings.ReplaceAll(b.t.Name(), "/", "_"))
		b.t.Fatal(err)
	}
}

func (b *appBrowser) open(path string) { b.t.Helper(); b.do(chromedp.Navigate(b.srv.URL + path)) }

// wait polls a JavaScript condition until it holds, across navigations
// (a page being replaced has no context to evaluate in for a moment).
func (b *appBrowser) wait(js, what string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		var ok bool
		ok, err = chromedp.Run(ctx, chromedp.Poll[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
	}
	b.shot("failed_" + strings.ReplaceAll(b.t.Name(), "/", "_"))
	b.t.Fatalf("%s: %v", what, err)
}

func evalJS[T any](b *appBrowser, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// shot keeps a screenshot under testdata/artifacts for people to look at.
func (b *appBrowser) shot(name string) {
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := filepath.Join("testdata", "artifacts")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

// reportsTitled reads the reports with a title from the database.
func (b *appBrowser) reportsTitled(title string) []db.Report {
	b.t.Helper()
	rs, err := b.s.store.ListReports(context.Background(), db.ListQuery{Text: title})
	if err != nil {
		b.t.Fatal(err)
	}
	var out []db.Report
	for _, r := range rs {
		if r.Title == title {
			out = append(out, r)
		}
	}
	return out
}

// testJPEG is a small photo to upload.
func testJPEG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "pothole.jpg")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMapPage: the map shows demo reports as pins and clusters and its
// filters change what it shows.
func TestMapPage(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 400)
			b.open("/?lang=fr")
			b.wait(`document.documentElement.dataset.firstPins !== undefined`, "no pins on the map")
			markers := evalJS[int](b, `document.querySelectorAll('#map .leaflet-marker-icon').length`)
			if markers == 0 {
				t.Fatal("no markers")
			}
			if wide := evalJS[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); wide {
				t.Error("the page is wider than the screen")
			}
			b.shot("map_" + size.name)
			// Only fixed reports of one theme: every pin says so.
			b.do(chromedp.Click(`label.chip-open`), chromedp.Click(`label.chip-fixed`))
			for _, th := range []string{"safe", "mobile", "social", "service"} {
				b.do(chromedp.ScrollIntoView(`label.chip-`+th), chromedp.Click(`label.chip-`+th))
			}
			b.wait(`document.getElementById('map').dataset.query.includes('theme=infrastructure') && document.getElementById('map').dataset.query.includes('status=fixed')`, "filters not applied")
			b.do(chromedp.Evaluate[chromedp.Void](`void streetfixMap.setZoom(15)`))
			b.wait(`document.getElementById('map').dataset.query.includes('zoom=15')`, "zoom not applied")
			b.wait(`document.querySelectorAll('#map .pin').length > 0`, "no single pins at zoom 15")
			wrong := evalJS[int](b, `[...document.querySelectorAll('#map .pin')].filter(p => !p.classList.contains('pin-fixed') || !p.querySelector('.glyph-infrastructure')).length`)
			if wrong != 0 {
				t.Errorf("%d pins are not fixed infrastructure reports", wrong)
			}
			b.shot("map_filtered_" + size.name)
			// A tap on the map offers to report there; the form opens with the point.
			b.do(chromedp.Evaluate[chromedp.Void](`void streetfixMap.fire('click', {latlng: L.latLng(50.8467, 4.3525)})`))
			b.wait(`document.querySelector('.leaflet-popup a[href^="/report?lat=50.846700&lon=4.352500"]') !== null`, "no report link in the popup")
			b.shot("map_tap_" + size.name)
			b.do(chromedp.Click(`.leaflet-popup a.button`))
			b.wait(`location.pathname === '/report' && document.getElementById('place-status') !== null && document.getElementById('place-status').textContent.includes('50,84670')`, "the form did not open at the tapped point")
		})
	}
}
