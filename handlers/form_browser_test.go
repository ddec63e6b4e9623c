package handlers_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"streetfix/internal/browser"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

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
			b.do(chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
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
			// The private link opens the manage page (TestManageButtons clicks its buttons).
			b.do(chromedp.Navigate(manage)) // an absolute link
			b.wait(`document.getElementById('fixed-note') !== null && document.querySelector('.facts dd') !== null`, "the manage link does not open the manage page")
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
	// Offline, the page's own requests fail as they should.
	browser.Expect(t, `net::ERR_INTERNET_DISCONNECTED`)
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
	b.do(chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
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
	// Its links lead to its page and to its manage page.
	b.do(chromedp.Click(`#outbox li.sent a:not([rel])`))
	b.wait(fmt.Sprintf(`location.pathname === '/reports/%d' && document.querySelector('h1').textContent === %q`, got[0].ID, title), "the outbox's link does not open the report")
	b.open("/")
	b.wait(`document.querySelectorAll('#outbox li.sent').length === 1`, "the sent report's links are not on the map page")
	b.do(chromedp.Click(`#outbox li.sent a[rel=noreferrer]`))
	b.wait(`location.pathname.endsWith('/manage') && document.getElementById('fixed-note') !== null`, "the outbox's manage link does not open the manage page")
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
