package handlers_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
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

// fillReport goes through the form's steps on a phone: point from the map,
// theme, category and its question, photos, title. The nearby step is
// checked on the way.
func (b *appBrowser) fillReport(title, photoPath string, step func(name string)) {
	b.t.Helper()
	b.wait(`document.querySelector('#report-form.enhanced') !== null && window.L !== undefined`, "form not enhanced")
	step("1_place")
	b.do(chromedp.Click(`#pick-map`))
	b.wait(`document.getElementById('lat').value !== ''`, "tapping the map placed no point")
	step("1_place_set")
	b.next()
	b.do(chromedp.Click(`input[name=theme][value=infrastructure]`))
	b.do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('category'); s.value = 'pothole'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	b.wait(`document.querySelector('input[name="answers[surface]"]') !== null`, "the category's question did not appear")
	b.do(chromedp.Click(`input[name="answers[surface]"][value=roadway]`))
	step("2_what")
	b.next()
	b.wait(`document.getElementById('nearby-status').dataset.checked !== undefined`, "nearby not checked")
	step("3_nearby")
	b.next()
	if photoPath != "" {
		b.do(chromedp.SetUploadFiles(`#photos`, []string{photoPath}))
		b.wait(`document.querySelectorAll('#previews img').length === 1`, "no photo preview")
	}
	step("4_photos")
	b.next()
	b.do(chromedp.SendKeys(`#title`, title), chromedp.SendKeys(`#description`, "Au milieu de la chaussée."))
	step("5_text")
	b.next()
	b.do(chromedp.SendKeys(`#name`, "Camille"), chromedp.SendKeys(`#email`, "camille@example.org"))
	step("6_you")
}

// next goes to the next step on a phone; a desktop shows every step at once.
func (b *appBrowser) next() {
	b.t.Helper()
	if evalJS[bool](b, `document.getElementById('step-nav').hidden`) {
		return
	}
	b.do(chromedp.Click(`#next`))
}

// TestReportWithPhoto: a report made through the form on a phone, in
// French, with a photo, appears on its page and on the map.
func TestReportWithPhoto(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 50)
			// The same problem, already reported where the map opens: the
			// form offers "me too" on it.
			earlier := grandPlace()
			earlier["lat"], earlier["lon"], earlier["title"] = 50.8466, 4.3517, "Trou signalé hier"
			w := b.s.postJSON("/api/v1/reports", earlier)
			if w.Code != 201 {
				t.Fatal(w.Body)
			}
			earlierID := decode[createdBody](t, w).Report.ID
			start := time.Now()
			b.open("/report?lang=fr")
			b.fillReport("Nid-de-poule devant l'école", testJPEG(t), func(name string) {
				if name == "3_nearby" {
					if got := evalJS[string](b, `document.querySelector('#nearby-list a') ? document.querySelector('#nearby-list a').textContent : ''`); got != "Trou signalé hier" {
						t.Errorf("nearby lists %q", got)
					}
					b.do(chromedp.Click(`#nearby-list button`))
					b.wait(`document.querySelector('#nearby-list [role=status]').textContent.startsWith('Compté')`, "me too not counted")
				}
				if size == phoneSize {
					b.shot("form_" + name + "_" + size.name)
				}
			})
			if r, err := b.s.store.PublicReport(context.Background(), earlierID); err != nil || r.SupportCount != 1 {
				t.Errorf("me too: %d supports (%v)", r.SupportCount, err)
			}
			b.shot("form_filled_" + size.name)
			b.do(chromedp.Click(`#send`))
			b.wait(`document.getElementById('manage-link') !== null`, "no confirmation")
			b.shot("form_sent_" + size.name)
			t.Logf("%s: report made in %v (scripted)", size.name, time.Since(start).Round(time.Millisecond))
			href := evalJS[string](b, `document.getElementById('sent-link').getAttribute('href')`)
			manage := evalJS[string](b, `document.getElementById('manage-link').getAttribute('href')`)
			if !strings.HasPrefix(href, "/reports/") || !strings.Contains(manage, "/manage?token=") {
				t.Fatalf("links %q %q", href, manage)
			}
			found := b.reportsTitled("Nid-de-poule devant l'école")
			if len(found) != 1 || found[0].PhotoCount != 1 || found[0].Locale != "fr" {
				t.Fatalf("database: %+v", found)
			}
			// Its page shows the photo; the map shows its pin.
			b.open(href)
			b.wait(`document.querySelector('.photos img') !== null && document.querySelector('.photos img').naturalWidth > 0`, "the photo is not on the report's page")
			if h1 := evalJS[string](b, `document.querySelector('h1').textContent`); h1 != "Nid-de-poule devant l'école" {
				t.Errorf("h1 %q", h1)
			}
			b.shot("report_page_" + size.name)
			lat := evalJS[float64](b, `parseFloat(document.getElementById('report-map').dataset.lat)`)
			lon := evalJS[float64](b, `parseFloat(document.getElementById('report-map').dataset.lon)`)
			b.open("/")
			b.wait(`window.streetfixMap !== undefined && document.documentElement.dataset.firstPins !== undefined`, "map not ready")
			b.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`void streetfixMap.setView([%f, %f], 18)`, lat, lon)))
			b.wait(`[...document.querySelectorAll('#map .pin')].some(p => (p.getAttribute('title') || '').startsWith("Nid-de-poule devant l'école"))`, "the new report is not on the map")
			b.shot("map_new_report_" + size.name)
		})
	}
}

// setOnline cuts or restores the tab's network, and tells the page
// (navigator.onLine and the online/offline events) as a phone would.
func (b *appBrowser) setOnline(on bool) {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, network.Enable, network.EnableParams{}); err != nil {
		b.t.Fatal(err)
	}
	rules := []*network.Conditions{}
	if !on {
		rules = append(rules, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	}
	if _, err := chromedp.Call(b.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules}); err != nil {
		b.t.Fatal(err)
	}
	if _, err := chromedp.Call(b.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: !on, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		b.t.Fatal(err)
	}
}

// TestOfflineReport: with the network cut, the app shell still opens from
// the service worker, a report is kept on the phone as waiting to send, and
// it is sent exactly once when the network returns.
func TestOfflineReport(t *testing.T) {
	b := newAppBrowser(t, phoneSize, 20)
	const title = "Nid-de-poule hors ligne"
	b.open("/report?lang=fr")
	if ok := evalJS[bool](b, `navigator.serviceWorker.ready.then(() => true)`); !ok {
		t.Fatal("no service worker")
	}
	b.open("/report?lang=fr") // now controlled by the worker
	b.wait(`navigator.serviceWorker.controller !== null`, "the page is not controlled by the service worker")
	b.setOnline(false)
	b.open("/report")
	b.wait(`document.querySelector('#report-form.enhanced') !== null`, "the app shell did not open offline")
	if lang := evalJS[string](b, `document.documentElement.lang`); lang != "fr" {
		t.Errorf("offline page in %q", lang)
	}
	b.fillReport(title, testJPEG(t), func(name string) {
		if name == "3_nearby" {
			b.shot("offline_nearby_phone")
		}
	})
	b.do(chromedp.Click(`#send`))
	b.wait(`document.getElementById('sent-title') !== null`, "no answer to send")
	if got := evalJS[string](b, `document.getElementById('sent-title').textContent`); got != "Enregistré sur ce téléphone" {
		t.Fatalf("offline send says %q", got)
	}
	b.wait(`document.querySelectorAll('#outbox li.waiting').length === 1`, "the report is not shown as waiting to send")
	b.shot("offline_waiting_phone")
	if got := b.reportsTitled(title); len(got) != 0 {
		t.Fatalf("sent while offline: %+v", got)
	}
	b.setOnline(true)
	b.wait(`document.querySelectorAll('#outbox li.sent').length === 1 && document.querySelectorAll('#outbox li.waiting').length === 0`, "the report was not sent when the network returned")
	b.shot("offline_sent_phone")
	// More chances to send twice: two sends at once and a new page load.
	evalJS[bool](b, `Promise.all([Streetfix.outbox.send(), Streetfix.outbox.send()]).then(() => true)`)
	b.open("/")
	b.wait(`document.querySelectorAll('#outbox li.sent').length === 1`, "the sent report's links are not on the map page")
	b.shot("offline_map_phone")
	got := b.reportsTitled(title)
	if len(got) != 1 || got[0].PhotoCount != 1 {
		t.Fatalf("want exactly one report with its photo, got %+v", got)
	}
}

// TestLanguageSwitch: the switcher's link changes the page's language and
// the choice is remembered for the next page.
func TestLanguageSwitch(t *testing.T) {
	b := newAppBrowser(t, desktopSize, 10)
	b.open("/?lang=en")
	if got := evalJS[string](b, `document.getElementById('report-here').textContent`); got != "Report a problem" {
		t.Fatalf("English page: %q", got)
	}
	b.do(chromedp.Click(`a[hreflang=nl]`))
	b.wait(`document.documentElement.lang === 'nl'`, "the page did not switch to Dutch")
	b.wait(`document.getElementById('report-here').textContent === 'Een probleem melden'`, "the button is not in Dutch")
	b.shot("lang_nl_desktop")
	b.open("/report")
	if got := evalJS[string](b, `document.documentElement.lang + ' ' + document.querySelector('h1').textContent`); got != "nl Een probleem melden" {
		t.Errorf("the next page is %q: the choice was not remembered", got)
	}
	b.do(chromedp.Click(`a[hreflang=fr]`))
	b.wait(`document.documentElement.lang === 'fr' && document.querySelector('h1').textContent === 'Signaler un problème'`, "the form did not switch to French")
	if got := evalJS[string](b, `document.querySelector('#category option[value=pothole]').textContent`); got != "Nid-de-poule" {
		t.Errorf("category name %q", got)
	}
}

// TestNoMapKeyboard: the list without a map, found and used with the
// keyboard alone: skip link, municipality, street, results, a report.
func TestNoMapKeyboard(t *testing.T) {
	b := newAppBrowser(t, phoneSize, 300)
	b.open("/?lang=en")
	b.wait(`document.documentElement.dataset.firstPins !== undefined`, "map not ready")
	focused := func() string {
		return evalJS[string](b, `(document.activeElement.id || document.activeElement.tagName) + ':' + document.activeElement.textContent.trim().slice(0, 40)`)
	}
	// Tab from the top: the skip link comes first, then the page.
	b.do(chromedp.KeyEvent("\t"))
	if got := focused(); !strings.Contains(got, "Skip to content") {
		t.Fatalf("first tab stop is %q, want the skip link", got)
	}
	b.do(chromedp.KeyEvent("\r"))
	// Tab to the "List without map" link and follow it.
	for i := 0; i < 30 && !strings.HasPrefix(focused(), "list-link"); i++ {
		b.do(chromedp.KeyEvent("\t"))
	}
	if !strings.HasPrefix(focused(), "list-link") {
		t.Fatalf("the list link cannot be reached by keyboard (focus on %q)", focused())
	}
	b.do(chromedp.KeyEvent("\r"))
	b.wait(`location.pathname === '/reports' && document.readyState === 'complete'`, "the list did not open")
	for i := 0; i < 30 && !strings.HasPrefix(focused(), "find-area"); i++ {
		b.do(chromedp.KeyEvent("\t"))
	}
	if !strings.HasPrefix(focused(), "find-area") {
		t.Fatalf("the municipality cannot be reached by keyboard (focus on %q)", focused())
	}
	// Typing a name selects it in a focused select.
	b.do(chromedp.KeyEvent("Ixelles"))
	if got := evalJS[string](b, `document.getElementById('find-area').selectedOptions[0].textContent`); got != "Ixelles" {
		t.Fatalf("selected %q", got)
	}
	b.do(chromedp.KeyEvent("\t"))
	if got := focused(); !strings.HasPrefix(got, "find-street") {
		t.Fatalf("after the municipality comes %q, want the street", got)
	}
	b.shot("nomap_form_phone")
	b.do(chromedp.KeyEvent("\r")) // submits the search
	b.wait(`document.getElementById('results') !== null && document.getElementById('results').textContent.includes('Ixelles')`, "no results for the municipality")
	n := evalJS[int](b, `document.querySelectorAll('.results li').length`)
	if n == 0 {
		t.Fatal("no reports listed in Ixelles")
	}
	b.shot("nomap_results_phone")
	for i := 0; i < 40 && !strings.HasPrefix(evalJS[string](b, `document.activeElement.getAttribute('href') || ''`), "/reports/"); i++ {
		b.do(chromedp.KeyEvent("\t"))
	}
	b.do(chromedp.KeyEvent("\r"))
	b.wait(`/^\/reports\/\d+$/.test(location.pathname) && document.querySelector('h1') !== null`, "the report did not open from the list")
	if area := evalJS[string](b, `document.querySelector('.facts dd:nth-of-type(2)').textContent`); area != "Ixelles" {
		t.Errorf("the report is in %q", area)
	}
}

// axeScript is axe-core from npm (web/node_modules, `npm ci` in web/).
func axeScript(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is missing (%v): .ci/run runs npm ci in web/", err)
		}
		t.Skipf("axe-core is not installed (run npm ci in web/): accessibility test skipped (%v)", err)
	}
	return string(b)
}

// TestAccessibility runs axe-core on every page of the citizen app at both
// sizes and fails on serious or critical violations of WCAG 2.1 A and AA.
func TestAccessibility(t *testing.T) {
	axe := axeScript(t)
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 200)
			seedFixed(t, b.s)
			created := b.s.postJSON("/api/v1/reports", grandPlace())
			if created.Code != 201 {
				t.Fatalf("create: %d %s", created.Code, created.Body)
			}
			cr := decode[createdBody](t, created)
			pages := []struct{ name, path, ready string }{
				{"map", "/?lang=fr", `document.documentElement.dataset.firstPins !== undefined`},
				{"form", "/report?lang=nl", `document.querySelector('#report-form.enhanced') !== null`},
				{"list", "/reports?area=21004&lang=en", `true`},
				{"report", fmt.Sprintf("/reports/%d?lang=fr", cr.Report.ID), `document.querySelector('#report-map .leaflet-marker-icon') !== null`},
				{"manage", fmt.Sprintf("/reports/%d/manage?token=%s&lang=en", cr.Report.ID, cr.Token), `true`},
			}
			for _, p := range pages {
				b.open(p.path)
				b.wait(p.ready+` && document.readyState === 'complete'`, p.name+" not ready")
				if !evalJS[bool](b, `typeof axe !== 'undefined'`) {
					b.do(chromedp.Evaluate[chromedp.Void](axe))
				}
				found := evalJS[[]string](b, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})
					.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
					.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))`)
				for _, v := range found {
					t.Errorf("%s %s: %s", size.name, p.name, v)
				}
				b.shot("axe_" + p.name + "_" + size.name)
			}
		})
	}
}

// jpegAt is a photo whose EXIF (big-endian, as some cameras write it) puts
// it at 50°50'24" N, 4°21'9" E, near the Grand-Place.
func jpegAt(t *testing.T) string {
	t.Helper()
	be := binary.BigEndian
	tiff := []byte("MM\x00*")
	tiff = be.AppendUint32(tiff, 8)
	gpsIFD := 8 + 2 + 12 + 4
	data := gpsIFD + 2 + 4*12 + 4
	tiff = be.AppendUint16(tiff, 1)
	tiff = be.AppendUint16(tiff, 0x8825)
	tiff = be.AppendUint16(tiff, 4)
	tiff = be.AppendUint32(tiff, 1)
	tiff = be.AppendUint32(tiff, uint32(gpsIFD))
	tiff = be.AppendUint32(tiff, 0)
	tiff = be.AppendUint16(tiff, 4)
	entry := func(tag, typ uint16, count uint32, value []byte) {
		tiff = be.AppendUint16(tiff, tag)
		tiff = be.AppendUint16(tiff, typ)
		tiff = be.AppendUint32(tiff, count)
		tiff = append(tiff, value...)
	}
	entry(1, 2, 2, []byte{'N', 0, 0, 0})
	entry(2, 5, 3, be.AppendUint32(nil, uint32(data)))
	entry(3, 2, 2, []byte{'E', 0, 0, 0})
	entry(4, 5, 3, be.AppendUint32(nil, uint32(data+24)))
	tiff = be.AppendUint32(tiff, 0)
	for _, r := range [][2]uint32{{50, 1}, {50, 1}, {2400, 100}, {4, 1}, {21, 1}, {9, 1}} {
		tiff = be.AppendUint32(tiff, r[0])
		tiff = be.AppendUint32(tiff, r[1])
	}
	seg := append([]byte("Exif\x00\x00"), tiff...)
	photo, err := os.ReadFile(testJPEG(t))
	if err != nil {
		t.Fatal(err)
	}
	out := append([]byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}, seg...)
	out = append(out, photo[2:]...)
	p := filepath.Join(t.TempDir(), "gps.jpg")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPhotoPosition: the photo's GPS, read in the browser, places the
// report, and the photo joins the report's photos.
func TestPhotoPosition(t *testing.T) {
	b := newAppBrowser(t, phoneSize, 0)
	b.open("/report?lang=en")
	b.wait(`document.querySelector('#report-form.enhanced') !== null`, "form not enhanced")
	b.do(chromedp.SetUploadFiles(`#photo-gps`, []string{jpegAt(t)}))
	b.wait(`document.getElementById('lat').value !== ''`, "the photo's position was not read")
	lat := evalJS[float64](b, `parseFloat(document.getElementById('lat').value)`)
	lon := evalJS[float64](b, `parseFloat(document.getElementById('lon').value)`)
	if math.Abs(lat-50.84) > 1e-5 || math.Abs(lon-4.3525) > 1e-5 {
		t.Errorf("position %f, %f; want 50.84, 4.3525", lat, lon)
	}
	if n := evalJS[int](b, `document.querySelectorAll('#previews img').length`); n != 1 {
		t.Errorf("%d previews, want the photo", n)
	}
	if got := evalJS[string](b, `document.getElementById('place-status').textContent`); !strings.Contains(got, "from the photo") {
		t.Errorf("status %q", got)
	}
	b.shot("form_photo_position_phone")
}

// TestNoMapReportKeyboard: a report made without the map and without a
// mouse: municipality and street, category by typing, the question with the
// space bar, send with Enter.
func TestNoMapReportKeyboard(t *testing.T) {
	b := newAppBrowser(t, desktopSize, 0)
	b.open("/report?lang=en")
	b.wait(`document.querySelector('#report-form.enhanced') !== null`, "form not enhanced")
	tabTo := func(id string) {
		t.Helper()
		for i := 0; i < 60; i++ {
			if evalJS[string](b, `document.activeElement.id`) == id {
				return
			}
			b.do(chromedp.KeyEvent("\t"))
		}
		t.Fatalf("#%s cannot be reached with Tab (focus on %q)", id, evalJS[string](b, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	tabTo("area")
	b.do(chromedp.KeyEvent("Ixelles"))
	b.do(chromedp.KeyEvent("\t"))
	b.do(chromedp.KeyEvent("Rue du Page 12"))
	tabTo("category")
	b.do(chromedp.KeyEvent("Pothole"))
	b.wait(`document.querySelector('input[name="answers[surface]"]') !== null`, "typing did not choose the category")
	b.do(chromedp.KeyEvent("\t"))
	b.do(chromedp.KeyEvent(" "))
	if !evalJS[bool](b, `document.querySelector('input[name="answers[surface]"]:checked') !== null`) {
		t.Fatal("the question cannot be answered with the keyboard")
	}
	tabTo("title")
	b.do(chromedp.KeyEvent("Pothole on the pavement"))
	b.shot("nomap_report_desktop")
	tabTo("send")
	b.do(chromedp.KeyEvent("\r"))
	b.wait(`document.getElementById('manage-link') !== null && document.activeElement.id === 'sent'`, "not sent, or the confirmation did not take the focus")
	got := b.reportsTitled("Pothole on the pavement")
	if len(got) != 1 || got[0].AreaCode != "21009" || !strings.HasPrefix(got[0].Description, "Location: Rue du Page 12") {
		t.Fatalf("stored %+v", got)
	}
}
