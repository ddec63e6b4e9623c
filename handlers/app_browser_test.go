package handlers_test

import (
	"bytes"
	"context"
	"fmt"
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
	s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" })
	if demoReports > 0 {
		if err := app.Seed(context.Background(), s.store, s.city, demoReports, 7, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
	}
	return browse(t, s, size)
}

// browse opens a Chromium tab of size on s.
func browse(t *testing.T, s *testServer, size viewport) *appBrowser {
	t.Helper()
	ctx, srv := browser.Serve(t, s.router)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	b := &appBrowser{t: t, s: s, srv: srv, ctx: ctx}
	b.do(chromedp.EmulateViewport(size.w, size.h))
	return b
}

func (b *appBrowser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := browser.Do(b.ctx, actions...); err != nil {
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

// fixedReport makes a report through the API and marks it fixed, so a
// test has data of its own to look for, whatever the demo data holds.
func (b *appBrowser) fixedReport(category string, lat, lon float64, title string) int64 {
	b.t.Helper()
	body := map[string]any{"category": category, "lat": lat, "lon": lon, "title": title}
	if category == "pothole" {
		body["answers"] = map[string]any{"surface": "roadway"}
	}
	w := b.s.postJSON("/api/v1/reports", body)
	if w.Code != 201 {
		b.t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	id := decode[createdBody](b.t, w).Report.ID
	if _, _, err := b.s.store.ChangeStatus(context.Background(), db.StatusChange{ReportID: id, To: "fixed", Public: true,
		Actor: db.ActorStaff, At: b.s.store.Now()}); err != nil {
		b.t.Fatal(err)
	}
	return id
}

// TestMapPage: the map shows demo reports as pins and clusters, its
// filters change what it shows, and a tap leads to the report form.
func TestMapPage(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 400)
			const title = "Fixed pothole of the map test"
			b.fixedReport("pothole", 50.8390, 4.3590, title)
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
			b.openFilters()
			b.do(chromedp.Click(`label.chip-open`), chromedp.Click(`label.chip-fixed`))
			for _, th := range []string{"safe", "mobile", "social", "service"} {
				b.do(chromedp.ScrollIntoView(`label.chip-`+th), chromedp.Click(`label.chip-`+th))
			}
			b.closeFilters()
			b.wait(`document.getElementById('map').dataset.query.includes('theme=infrastructure') && document.getElementById('map').dataset.query.includes('status=fixed')`, "filters not applied")
			// Close to the test's own fixed report, which must be drawn.
			b.do(chromedp.Evaluate[chromedp.Void](`void streetfixMap.setView([50.8390, 4.3590], 16)`))
			b.wait(`document.getElementById('map').dataset.query.includes('zoom=16')`, "zoom not applied")
			b.wait(`document.querySelector('#map .leaflet-marker-icon[title^="`+title+`"]') !== null`, "the test's fixed report is not on the map")
			// What is drawn is what the API answers for the map's own query.
			want := evalJS[int](b, `fetch('/api/v1/reports?' + document.getElementById('map').dataset.query).then((r) => r.json()).then((fc) => fc.features.length)`)
			b.wait(fmt.Sprintf(`document.querySelectorAll('#map .leaflet-marker-icon').length === %d`, want), fmt.Sprintf("the map does not draw the API's %d features", want))
			wrong := evalJS[int](b, `[...document.querySelectorAll('#map .pin')].filter(p => !p.classList.contains('pin-fixed') || !p.querySelector('.glyph-infrastructure')).length`)
			if wrong != 0 {
				t.Errorf("%d pins are not fixed infrastructure reports", wrong)
			}
			b.shot("map_filtered_" + size.name)
			// A tap on the map offers to report there; the link opens the
			// form at the point, its first step on screen.
			b.do(chromedp.Evaluate[chromedp.Void](`void streetfixMap.setView([50.8467, 4.3525], 16)`))
			b.wait(`document.getElementById('map').dataset.query.includes('bbox=4.3') && Math.abs(streetfixMap.getCenter().lat - 50.8467) < 1e-4`, "the map did not move to the tapped point")
			b.do(chromedp.Evaluate[chromedp.Void](`void streetfixMap.fire('click', {latlng: L.latLng(50.8467, 4.3525)})`))
			b.wait(`document.querySelector('.leaflet-popup a[href^="/report?lat=50.846700&lon=4.352500"]') !== null`, "no report link in the popup")
			b.shot("map_tap_" + size.name)
			b.do(chromedp.Click(`.leaflet-popup a.button`))
			b.wait(`location.pathname === '/report' && document.getElementById('place-status') !== null && document.getElementById('place-status').textContent.includes('50,84670')`, "the form did not open at the tapped point")
			b.wait(`(() => { const s = document.getElementById('step-place'); if (!s || !s.classList.contains('current')) return false;
				const r = s.getBoundingClientRect(); return r.height > 0 && r.top < window.innerHeight && r.bottom > 0; })()`, "the form's first step is not on screen")
			if v := evalJS[string](b, `document.getElementById('lat').value + ',' + document.getElementById('lon').value`); v != "50.846700,4.352500" {
				t.Errorf("the form holds the point %s", v)
			}
			b.shot("map_tap_form_" + size.name)
		})
	}
}
