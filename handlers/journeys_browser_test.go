package handlers_test

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/internal/browser"
	"streetfix/notify"
)

// Citizen journeys: every way into a page, walked in Chromium at a phone's
// and a desktop's size, each link followed and each button clicked, with
// what it did checked in the database.

// newNotifyBrowser is a tab on a server that keeps its emails (no SMTP),
// so a test can follow the links they carry.
func newNotifyBrowser(t *testing.T, size viewport) (*appBrowser, *notify.Service) {
	t.Helper()
	s, svc := newNotifyServer(t, func(c *handlers.Config, _ *notify.Config) { c.TileURL = "" })
	return browse(t, s, size), svc
}

// minContrastJS is the lowest WCAG contrast ratio between the text of the
// elements matching a selector and the background they are drawn on (the
// first ancestor with an opaque background, else the page's white).
const minContrastJS = `((sel) => {
  const rgb = (c) => c.match(/[\d.]+/g).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const back = (el) => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c.length < 4 || c[3] > 0.5) return c; } return [255, 255, 255]; };
  let min = Infinity;
  for (const el of document.querySelectorAll(sel)) {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(back(el));
    min = Math.min(min, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05));
  }
  return min === Infinity ? 0 : min;
})`

// checkLangLinks fails t when the page's language links are hard to read
// (white on white was the bug) or lead nowhere.
func (b *appBrowser) checkLangLinks(page string) {
	b.t.Helper()
	n := evalJS[int](b, `document.querySelectorAll('.langs a').length`)
	if n != 2 {
		b.t.Errorf("%s: %d language links, want 2", page, n)
	}
	if r := evalJS[float64](b, minContrastJS+`('.langs a, .langs [aria-current]')`); r < 4.5 {
		b.t.Errorf("%s: the language links have a contrast of %.2f:1 with their background, want at least 4.5:1", page, r)
	}
}

// followLang clicks the language link of lang and waits for the page in it.
func (b *appBrowser) followLang(lang string) {
	b.t.Helper()
	b.do(chromedp.Click(`.langs a[lang=` + lang + `]`))
	b.wait(`document.documentElement.lang === '`+lang+`'`, "the language link did not switch to "+lang)
}

// TestManageButtons: the reporter's private page, reached by its link,
// marks the report fixed, reopens it and erases their personal data, each
// by a click in the browser (they all ended in 403 when the page sent
// "Referrer-Policy: no-referrer" and the browser posted "Origin: null").
func TestManageButtons(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			id, token := createWithReporter(t, b.s)
			ctx := context.Background()
			b.open(fmt.Sprintf("/reports/%d/manage?lang=fr&token=%s", id, url.QueryEscape(token)))
			b.wait(`document.getElementById('fixed-note') !== null`, "the manage page has no 'mark as fixed' form")
			b.checkLangLinks("manage")
			b.shot("manage_open_" + size.name)

			b.do(chromedp.SendKeys(`#fixed-note`, "Rebouché ce matin."), chromedp.Click(`#fixed-note ~ button`))
			b.wait(`document.querySelector('.ok-box') !== null && document.getElementById('reopen-reason') !== null`, "marking fixed did not answer with the reopen form")
			if r, err := b.s.store.PublicReport(ctx, id); err != nil || r.Status != "fixed" {
				t.Fatalf("after 'mark as fixed': status %q (%v)", r.Status, err)
			}
			b.shot("manage_fixed_" + size.name)
			// The page answering the form still switches language.
			b.followLang("nl")
			b.wait(`document.getElementById('reopen-reason') !== null`, "the manage page in Dutch has no reopen form")
			b.checkLangLinks("manage (nl)")

			b.do(chromedp.SendKeys(`#reopen-reason`, "Le trou est revenu."), chromedp.Click(`#reopen-reason ~ button`))
			b.wait(`document.querySelector('.ok-box') !== null && document.getElementById('fixed-note') !== null`, "reopening did not answer with the 'mark as fixed' form")
			if r, err := b.s.store.PublicReport(ctx, id); err != nil || r.Status != "new" {
				t.Fatalf("after 'reopen': status %q (%v)", r.Status, err)
			}
			b.shot("manage_reopened_" + size.name)

			if rep, err := b.s.store.Reporter(ctx, id); err != nil || rep.Email != "camille@example.org" {
				t.Fatalf("before erasing: %+v %v", rep, err)
			}
			b.do(chromedp.ScrollIntoView(`button.danger`), chromedp.Click(`button.danger`))
			b.wait(`document.querySelector('.ok-box') !== null && document.querySelector('button.danger') === null`, "erasing did not answer")
			rep, err := b.s.store.Reporter(ctx, id)
			if err != nil || rep.Email != "" || rep.Name != "" || rep.ErasedAt.IsZero() {
				t.Fatalf("after 'erase my personal data': %+v %v", rep, err)
			}
			if body := evalJS[string](b, `document.querySelector('main').textContent`); strings.Contains(body, "camille@example.org") {
				t.Error("the page still shows the erased address")
			}
			b.shot("manage_erased_" + size.name)
		})
	}
}

// mailLinkRE finds a link of a kept email (notify's base URL is example.com).
var mailLinkRE = regexp.MustCompile(`http://example\.com(/[\w/-]+\?sig=[\w-]+)`)

// mailLinks returns the path of every link of the emails kept for to, in
// the order they were made, running the worker first.
func (b *appBrowser) mailLinks(svc *notify.Service, to, contains string) []string {
	b.t.Helper()
	runWorker(b.t, svc)
	ms, err := b.s.store.Messages(context.Background(), db.MessageQuery{Channel: db.ChannelEmail})
	if err != nil {
		b.t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		if m.Recipient != to {
			continue
		}
		for _, l := range mailLinkRE.FindAllStringSubmatch(m.Text, -1) {
			if strings.Contains(l[1], contains) {
				out = append(out, l[1])
			}
		}
	}
	return out
}

// TestFollowConfirmUnsubscribe: a neighbour follows a report from its page,
// confirms through the link of the email that arrives, and leaves through
// the unsubscribe link of the next one; the reporter leaves through theirs.
// Every page on the way has readable language links that work.
func TestFollowConfirmUnsubscribe(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b, svc := newNotifyBrowser(t, size)
			ctx := context.Background()
			id, _ := createWithReporter(t, b.s)
			b.open(fmt.Sprintf("/reports/%d?lang=nl", id))
			b.do(chromedp.ScrollIntoView(`#follow-email`), chromedp.SendKeys(`#follow-email`, "buur@example.org"), chromedp.Click(`form.follow button[type=submit]`))
			b.wait(`location.pathname.endsWith('/follow') && document.querySelector('h1') !== null`, "following gave no answer")
			b.checkLangLinks("follow")
			b.shot("follow_sent_" + size.name)

			confirm := b.mailLinks(svc, "buur@example.org", "/confirm")
			if len(confirm) != 1 {
				t.Fatalf("confirmation links: %v", confirm)
			}
			b.open(confirm[0])
			b.wait(`document.querySelector('main form button') !== null`, "the confirmation page has no button")
			b.checkLangLinks("confirm")
			b.followLang("fr")
			b.checkLangLinks("confirm (fr)")
			b.shot("follow_confirm_" + size.name)
			b.do(chromedp.Click(`main form button`))
			b.wait(`document.querySelector('main form') === null && location.pathname.endsWith('/confirm')`, "confirming gave no answer")
			b.shot("follow_confirmed_" + size.name)
			subID := parseInt(regexp.MustCompile(`/subscriptions/(\d+)/`).FindStringSubmatch(confirm[0])[1])
			if sub, err := b.s.store.Subscription(ctx, subID); err != nil || sub.Status != db.SubActive {
				t.Fatalf("after confirming: %q %v", sub.Status, err)
			}

			// Staff acknowledge the report: the follower and the reporter get an email.
			if _, _, err := b.s.store.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: "acknowledged", Note: "Vu.", Public: true,
				Actor: db.ActorStaff, At: b.s.store.Now()}); err != nil {
				t.Fatal(err)
			}
			unsub := b.mailLinks(svc, "buur@example.org", "/unsubscribe")
			if len(unsub) == 0 {
				t.Fatal("the follower's update has no unsubscribe link")
			}
			b.open(unsub[0])
			b.wait(`document.querySelector('main form button') !== null`, "the unsubscribe page has no button")
			b.checkLangLinks("unsubscribe")
			b.shot("follow_unsubscribe_" + size.name)
			b.do(chromedp.Click(`main form button`))
			b.wait(`document.querySelector('main form') === null`, "unsubscribing gave no answer")
			if sub, err := b.s.store.Subscription(ctx, subID); err != nil || sub.Status != db.SubCancelled {
				t.Fatalf("after unsubscribing: %q %v", sub.Status, err)
			}

			off := b.mailLinks(svc, "camille@example.org", fmt.Sprintf("/reports/%d/unsubscribe", id))
			if len(off) == 0 {
				t.Fatal("the reporter's update has no unsubscribe link")
			}
			b.open(off[0])
			b.wait(`document.querySelector('main form button') !== null`, "the reporter's unsubscribe page has no button")
			b.checkLangLinks("reporter unsubscribe")
			b.do(chromedp.Click(`main form button`))
			b.wait(`document.querySelector('main form') === null`, "the reporter's unsubscribe gave no answer")
			b.shot("reporter_unsubscribed_" + size.name)
			// The next change reaches the reporter no more.
			before := len(b.mailLinks(svc, "camille@example.org", ""))
			if _, _, err := b.s.store.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: "fixed", Note: "Rebouché.", Public: true,
				Actor: db.ActorStaff, At: b.s.store.Now()}); err != nil {
				t.Fatal(err)
			}
			if after := len(b.mailLinks(svc, "camille@example.org", "")); after != before {
				t.Errorf("the reporter still gets emails after unsubscribing (%d links, were %d)", after, before)
			}
		})
	}
}

// sendFromPlace goes on from the form's place step, already set, through
// every step, and sends the report; it returns the report as stored.
func (b *appBrowser) sendFromPlace(title string, pointKnown bool) db.Report {
	b.t.Helper()
	b.next()
	b.do(chromedp.Click(`input[name=theme][value=infrastructure]`))
	b.do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('category'); s.value = 'pothole'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	b.wait(`document.querySelector('input[name="answers[surface]"]') !== null`, "the category's question did not appear")
	b.do(chromedp.Click(`input[name="answers[surface]"][value=roadway]`))
	b.next()
	if pointKnown {
		b.wait(`document.getElementById('nearby-status').dataset.checked !== undefined && document.getElementById('nearby-status').dataset.checked !== 'failed'`, "nearby not checked")
	}
	b.next()
	b.next()
	b.do(chromedp.SendKeys(`#title`, title))
	b.next()
	b.do(chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
	b.wait(`document.getElementById('manage-link') !== null`, "the report was not sent")
	found := b.reportsTitled(title)
	if len(found) != 1 {
		b.t.Fatalf("reports titled %q: %+v", title, found)
	}
	return found[0]
}

// emulateLocation makes the tab's geolocation answer lat, lon.
func (b *appBrowser) emulateLocation(lat, lon float64) {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted}); err != nil {
		b.t.Fatal(err)
	}
	acc := 10.0
	if _, err := chromedp.Call(b.ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lon, Accuracy: &acc}); err != nil {
		b.t.Fatal(err)
	}
}

// TestEntryPaths: the report form reached every way but the map's popup
// (TestMapPage follows that one): a bookmarked /report?lat=&lon=, the
// list's "near me" and its report link, the list's municipality search and
// its /report?area= link. Each ends with a report sent and stored where it
// was asked.
func TestEntryPaths(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 30)
			near := func(r db.Report, lat, lon float64) bool {
				return math.Abs(r.Lat-lat) < 1e-5 && math.Abs(r.Lon-lon) < 1e-5
			}

			// A bookmark of the form at a point.
			b.open("/report?lat=50.838200&lon=4.375700&lang=en")
			b.wait(`document.querySelector('#report-form.enhanced') !== null && document.getElementById('place-status').textContent.includes('50.83820')`, "the bookmarked form does not show its point")
			b.wait(`document.querySelector('#pick-map .pin-new') !== null`, "the bookmarked point is not on the form's map")
			b.shot("entry_bookmark_" + size.name)
			if r := b.sendFromPlace("Entry: bookmark "+size.name, true); !near(r, 50.8382, 4.3757) {
				t.Errorf("the bookmarked form's report is at %f,%f", r.Lat, r.Lon)
			}

			// The list's "near me", then its link to report there.
			b.emulateLocation(50.8503, 4.3517)
			b.open("/reports?lang=fr")
			b.wait(`!document.getElementById('find-near').hidden`, "the list has no 'near me' button")
			b.do(chromedp.Click(`#find-near`))
			b.wait(`new URLSearchParams(location.search).get('lat') === '50.850300'`, "'near me' did not search at the phone's position")
			b.shot("entry_list_near_" + size.name)
			link := `main a.button.primary[href^="/report?lat=50.850300&lon=4.351700"]`
			b.wait(`document.querySelector('`+link+`') !== null`, "the list near me has no link to report there")
			b.do(chromedp.ScrollIntoView(link), chromedp.Click(link))
			b.wait(`location.pathname === '/report' && document.getElementById('place-status').textContent.includes('50,85030')`, "the list's link did not open the form at the position")
			if r := b.sendFromPlace("Entrée : près de moi "+size.name, true); !near(r, 50.8503, 4.3517) || r.Locale != "fr" {
				t.Errorf("the near-me report: %f,%f in %q", r.Lat, r.Lon, r.Locale)
			}

			// The list searched by municipality, then its link to report there.
			b.open("/reports?lang=nl")
			b.do(chromedp.SetValue(`#find-area`, "21004"), chromedp.Click(`#find button[type=submit]`))
			b.wait(`new URLSearchParams(location.search).get('area') === '21004'`, "the municipality search did not run")
			link = `main a.button.primary[href="/report?area=21004"]`
			b.wait(`document.querySelector('`+link+`') !== null`, "the list by municipality has no link to report there")
			b.do(chromedp.ScrollIntoView(link), chromedp.Click(link))
			b.wait(`location.pathname === '/report' && document.getElementById('area').value === '21004'`, "the form did not open with the municipality chosen")
			b.shot("entry_area_" + size.name)
			if r := b.sendFromPlace("Melding: gemeente "+size.name, false); r.AreaCode != "21004" {
				t.Errorf("the report made for a municipality is in %q", r.AreaCode)
			}
		})
	}
}

// settled waits until the alerts page's words under the map have their
// address, so that the page no longer moves under a click.
func (b *appBrowser) settled() {
	b.t.Helper()
	b.wait(`!document.getElementById('alert-centre-status').hasAttribute('aria-busy')`, "the centre's address never came")
}

// centre reads the alerts form's coordinates.
func (b *appBrowser) centre() (float64, float64) {
	b.t.Helper()
	return evalJS[float64](b, `parseFloat(document.getElementById('alert-lat').value)`), evalJS[float64](b, `parseFloat(document.getElementById('alert-lon').value)`)
}

// TestAlertsCentre: a radius alert's centre is chosen by a street (the
// search's script fetched only then), by "locate me" and by a tap on the
// map, never typed; a refused form comes back with everything typed and
// the message at its field, which goes once the field is fixed; the
// subscription is stored as chosen.
func TestAlertsCentre(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b, svc := newNotifyBrowser(t, size)
			b.open("/reports?lang=fr")
			b.do(chromedp.ScrollIntoView(`footer a[href="/alerts"]`), chromedp.Click(`footer a[href="/alerts"]`))
			b.wait(`location.pathname === '/alerts' && window.streetfixAlertMap !== undefined`, "the alerts page's map is not ready")
			b.searchNotFetched("the alerts page")
			b.checkLangLinks("alerts")
			b.shot("alerts_open_" + size.name)

			// A street.
			all := b.suggestions("waver", "fr")
			want := all[0]
			b.do(chromedp.Click(`#alert-search-q`), chromedp.SendKeys(`#alert-search-q`, "waver"))
			// The list for the whole word: one for a prefix ("wa" starts
			// with Watermael) comes first when typing is slow.
			b.wait(fmt.Sprintf(`document.querySelectorAll('#alert-search-list [role=option]').length === %d && document.getElementById('alert-search-list-0').textContent === %q`, len(all), want.Name+" "+want.Municipality), "no street suggestions")
			b.do(chromedp.Click(`#alert-search-list-0`))
			b.wait(fmt.Sprintf(`document.getElementById('alert-lat').value === %q && document.getElementById('kind-radius').checked`, fmt.Sprintf("%.6f", want.Lat)), "picking a street did not set the centre")
			b.wait(`document.querySelector('#alert-map path.alert-circle') !== null`, "no circle drawn around the street")
			b.shot("alerts_street_" + size.name)

			// "Locate me", under the words about the centre: once they have
			// their address, so that the button stays where the click goes.
			b.emulateLocation(50.8270, 4.3720)
			b.settled()
			b.do(chromedp.ScrollIntoView(`#alert-locate`), chromedp.Click(`#alert-locate`))
			b.wait(`document.getElementById('alert-lat').value === '50.827000' && document.getElementById('alert-lon').value === '4.372000'`, "'locate me' did not set the centre")

			// A tap on the map, away from the centre chosen so far, once the
			// map has stopped moving there.
			b.do(chromedp.ScrollIntoView(`#alert-map`))
			b.wait(`document.getElementById('alert-map').dataset.moving === undefined && streetfixAlertMap.getBounds().contains([50.827, 4.372])`, "the map did not go to the position")
			tap := evalJS[[]float64](b, `(() => { const m = document.getElementById('alert-map'), r = m.getBoundingClientRect();
				const p = [m.clientWidth / 4, m.clientHeight / 3], ll = streetfixAlertMap.containerPointToLatLng(p);
				return [r.left + m.clientLeft + p[0], r.top + m.clientTop + p[1], ll.lat, ll.lng]; })()`)
			b.do(chromedp.MouseClickXY(tap[0], tap[1]))
			b.wait(fmt.Sprintf(`Math.abs(parseFloat(document.getElementById('alert-lat').value) - %f) < 1e-4 && Math.abs(parseFloat(document.getElementById('alert-lon').value) - %f) < 1e-4`, tap[2], tap[3]),
				fmt.Sprintf("tapping the map at %.5f,%.5f did not set the centre there", tap[2], tap[3]))
			b.wait(`document.getElementById('alert-centre-status').textContent.startsWith('Centre choisi')`, "the page does not say the centre")
			b.settled() // the themes and frequencies are under these words
			lat, lon := b.centre()
			b.shot("alerts_tapped_" + size.name)

			// The rest of the form, with a radius out of range.
			b.do(chromedp.SendKeys(`#alert-email`, "voisin@example.org"), chromedp.Click(`input[name=themes][value=safe]`), chromedp.Click(`input[name=frequency][value=daily]`))
			browser.Expect(t, `status of 422 .*/alerts\)$`) // the refused form, on purpose
			b.do(chromedp.SetValue(`#alert-radius`, "99999"))
			b.settled()
			b.do(chromedp.ScrollIntoView(`#alerts-form button[type=submit]`), chromedp.Click(`#alerts-form button[type=submit]`))
			b.wait(`document.querySelector('.field-error[data-for=radius]') !== null`, "a radius out of range is not said at its field")
			kept := evalJS[string](b, `[document.getElementById('alert-email').value, document.querySelector('input[name=themes][value=safe]').checked, document.querySelector('input[name=frequency]:checked').value, document.getElementById('kind-radius').checked, document.getElementById('alert-radius').value].join('|')`)
			if kept != "voisin@example.org|true|daily|true|99999" {
				t.Errorf("the refused form kept %q", kept)
			}
			if la, lo := b.centre(); math.Abs(la-lat) > 1e-6 || math.Abs(lo-lon) > 1e-6 {
				t.Errorf("the refused form's centre is %f,%f, was %f,%f", la, lo, lat, lon)
			}
			if !evalJS[bool](b, `document.getElementById('alert-radius-error').nextElementSibling === document.getElementById('alert-radius') && document.getElementById('alert-radius').getAttribute('aria-invalid') === 'true'`) {
				t.Error("the radius message is not at the radius field")
			}
			b.wait(`document.querySelector('#alert-map path.alert-circle') !== null`, "the refused form does not draw the kept centre")
			b.shot("alerts_error_" + size.name)
			b.settled()
			said := evalJS[string](b, `document.getElementById('alert-centre-status').textContent`)
			b.do(chromedp.SetValue(`#alert-radius`, ""), chromedp.SendKeys(`#alert-radius`, "300"))
			b.wait(`document.querySelector('[data-for=radius]') === null && !document.getElementById('alert-radius').hasAttribute('aria-invalid')`, "the message stays once the radius is fixed")
			// A new radius leaves the words about the centre alone, so the
			// button under them does not move while a finger goes to it.
			if now := evalJS[string](b, `document.getElementById('alert-centre-status').textContent`); now != said {
				t.Errorf("typing a radius changed the centre's words from %q to %q", said, now)
			}
			b.settled()
			b.do(chromedp.ScrollIntoView(`#alerts-form button[type=submit]`), chromedp.Click(`#alerts-form button[type=submit]`))
			b.wait(`location.pathname === '/alerts' && document.getElementById('alerts-form') === null`, "the fixed form was not accepted")
			b.shot("alerts_sent_" + size.name)

			confirm := b.mailLinks(svc, "voisin@example.org", "/confirm")
			if len(confirm) != 1 {
				t.Fatalf("confirmation links: %v", confirm)
			}
			sub, err := b.s.store.Subscription(context.Background(), parseInt(regexp.MustCompile(`/subscriptions/(\d+)/`).FindStringSubmatch(confirm[0])[1]))
			if err != nil || sub.Kind != db.SubRadius || math.Abs(sub.Lat.Float64-lat) > 1e-6 || math.Abs(sub.Lon.Float64-lon) > 1e-6 ||
				sub.RadiusM.Int64 != 300 || sub.Themes != "safe" || sub.Frequency != db.Daily || sub.Lang != "fr" {
				t.Errorf("stored: %+v %v", sub, err)
			}
		})
	}
}

// TestLanguageSwitchKeepsForm: switching language in the middle of the
// report form keeps what was entered, photo included, and the step; the
// report then goes out complete.
func TestLanguageSwitchKeepsForm(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			title := "Nid-de-poule bilingue " + size.name
			b.open("/report?lang=fr")
			b.fillReport(title, testJPEG(t), func(string) {})
			// fillReport ends on the last step with the reporter's name and
			// email typed; go back one step on a phone, to the text.
			if size == phoneSize {
				b.do(chromedp.Click(`#back`))
				b.wait(`document.getElementById('step-text').classList.contains('current')`, "back did not go to the text step")
			}
			before := evalJS[string](b, formStateJS)
			b.shot("lang_keep_before_" + size.name)
			b.do(chromedp.Click(`.langs a[lang=nl]`))
			b.wait(`document.documentElement.lang === 'nl' && document.getElementById('report-form').dataset.restored === '1'`, "the form in Dutch was not restored")
			if after := evalJS[string](b, formStateJS); after != before {
				t.Errorf("the form after switching language:\n%s\nbefore:\n%s", after, before)
			}
			if size == phoneSize {
				if p := evalJS[string](b, `document.getElementById('progress').textContent`); p != "Stap 5 van 6" {
					t.Errorf("the step after switching: %q", p)
				}
			}
			b.shot("lang_keep_after_" + size.name)
			b.next()
			b.do(chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
			b.wait(`document.getElementById('manage-link') !== null`, "the restored form was not sent")
			found := b.reportsTitled(title)
			if len(found) != 1 || found[0].PhotoCount != 1 || found[0].Category != "pothole" || !strings.Contains(found[0].Answers, "roadway") ||
				found[0].Description != "Au milieu de la chaussée." || found[0].Locale != "nl" {
				t.Fatalf("stored: %+v", found)
			}
			rep, err := b.s.store.Reporter(context.Background(), found[0].ID)
			if err != nil || rep.Email != "camille@example.org" || rep.Name != "Camille" {
				t.Errorf("reporter: %+v %v", rep, err)
			}
			// A form opened afresh later starts empty.
			b.open("/report")
			b.wait(`document.querySelector('#report-form.enhanced') !== null`, "form not enhanced")
			if v := evalJS[string](b, `document.getElementById('title').value + document.getElementById('lat').value`); v != "" {
				t.Errorf("a new form starts with %q", v)
			}
		})
	}
}

// formStateJS describes what the report form holds and shows.
const formStateJS = `JSON.stringify({
  values: [...new FormData(document.getElementById('report-form')).entries()].filter(([k]) => k !== 'locale').map(([k, v]) => k + '=' + (typeof v === 'string' ? v : 'file')),
  previews: document.querySelectorAll('#previews img').length,
  step: [...document.querySelectorAll('#report-form .step')].findIndex((s) => s.classList.contains('current')),
  point: !!document.querySelector('#pick-map .pin-new'),
}, null, 1)`

// errorAtJS checks the form's message: shown just above the element sel
// (the field, its label or its question), inside the screen and clear of
// the sticky step bar, and the field marked invalid.
const errorAtJS = `((sel) => {
  const box = document.getElementById('step-error');
  if (!box) return 'no message';
  const at = document.querySelector(sel);
  if (box.nextElementSibling !== at) return 'the message is not just above ' + sel + ' but above ' + (box.nextElementSibling ? box.nextElementSibling.outerHTML.slice(0, 80) : 'nothing');
  const r = box.getBoundingClientRect(), nav = document.getElementById('step-nav');
  const bottom = nav && !nav.hidden ? nav.getBoundingClientRect().top : window.innerHeight;
  if (r.top < 0 || r.bottom > bottom) return 'the message is off screen or under the step bar: ' + r.top + '..' + r.bottom + ', screen ends at ' + bottom;
  return document.querySelector('[aria-invalid=true]') ? 'ok' : 'no field marked invalid';
})`

func (b *appBrowser) errorAt(sel, what string) {
	b.t.Helper()
	b.wait(errorAtJS+"("+jsString(sel)+") === 'ok'", what+": "+evalJS[string](b, errorAtJS+"("+jsString(sel)+")"))
}

// TestFormErrors: each problem of the report form is said at its field,
// on screen above the sticky step bar, and goes once fixed; the server's
// refusal (a bad email) too.
func TestFormErrors(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			browser.Expect(t, `status of 422 .*/api/v1/reports\)$`) // the bad email, on purpose
			b.open("/report?lang=en")
			b.wait(`document.querySelector('#report-form.enhanced') !== null && window.L !== undefined`, "form not enhanced")
			// On a desktop every step is on the page: sending says the first problem.
			advance := func() {
				if size == phoneSize {
					b.do(chromedp.Click(`#next`))
				} else {
					b.do(chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
				}
			}
			advance()
			b.errorAt("#pick-map", "no place")
			b.shot("form_error_place_" + size.name)
			b.do(chromedp.Click(`#pick-map`))
			b.wait(`document.getElementById('step-error') === null && document.querySelector('[aria-invalid]') === null`, "the place message stays once a point is chosen")
			if size == phoneSize {
				b.do(chromedp.Click(`#next`))
				b.wait(`document.getElementById('step-what').classList.contains('current')`, "next did not go to the category")
			}
			advance()
			b.errorAt(`label[for="category"]`, "no category")
			b.shot("form_error_category_" + size.name)
			b.do(chromedp.Click(`input[name=theme][value=infrastructure]`))
			b.do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('category'); s.value = 'pothole'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
			b.wait(`document.getElementById('step-error') === null`, "the category message stays once a category is chosen")

			advance()
			b.errorAt(`.question[data-code=surface]`, "the required question unanswered")
			b.shot("form_error_question_" + size.name)
			b.do(chromedp.Click(`input[name="answers[surface]"][value=sidewalk]`))
			b.wait(`document.getElementById('step-error') === null`, "the question's message stays once answered")

			if size == phoneSize {
				for _, step := range []string{"nearby", "photos", "text", "you"} {
					b.do(chromedp.Click(`#next`))
					b.wait(`document.getElementById('step-`+step+`').classList.contains('current')`, "next did not go to "+step)
				}
			}
			// The list of reports waiting above the form never shows the
			// one the form is sending and answers for: the form would move.
			b.do(chromedp.Evaluate[chromedp.Void](`window.outboxShown = 0; new MutationObserver(() => { window.outboxShown += document.querySelectorAll('#outbox li').length; })
				.observe(document.querySelector('#outbox ul'), {childList: true})`))
			b.do(chromedp.SendKeys(`#email`, "camille@"), chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
			b.errorAt(`label[for="email"]`, "the server's refusal of the email")
			if n := evalJS[int](b, `window.outboxShown`); n != 0 {
				t.Errorf("the outbox above the form listed the refused report (%d items seen)", n)
			}
			if msg := evalJS[string](b, `document.getElementById('step-error').textContent`); msg != "Please enter a valid email address, such as name@example.org." {
				t.Errorf("the email's message: %q", msg)
			}
			b.shot("form_error_email_" + size.name)
			b.do(chromedp.SendKeys(`#email`, "example.org"))
			b.wait(`document.getElementById('step-error') === null`, "the email's message stays once fixed")
			b.do(chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
			b.wait(`document.getElementById('manage-link') !== null`, "the fixed form was not sent")
			if n := evalJS[int](b, `document.querySelectorAll('#outbox li').length`); n != 0 {
				t.Errorf("the outbox still lists %d reports after the refused one was fixed and sent", n)
			}
			rs, err := b.s.store.ListReports(context.Background(), db.ListQuery{})
			if err != nil || len(rs) != 1 || !strings.Contains(rs[0].Answers, "sidewalk") {
				t.Errorf("stored: %+v %v", rs, err)
			}
		})
	}
}

// openFilters shows the map's filter chips: on a phone they are in a panel
// behind the summary of what is shown.
func (b *appBrowser) openFilters() {
	b.t.Helper()
	if evalJS[bool](b, `getComputedStyle(document.getElementById('filter-toggle')).display !== 'none'`) {
		b.do(chromedp.Click(`#filter-toggle`))
		b.wait(`getComputedStyle(document.getElementById('filters')).display !== 'none'`, "the filters did not open")
	}
}

func (b *appBrowser) closeFilters() {
	b.t.Helper()
	if evalJS[bool](b, `document.body.classList.contains('filters-open')`) {
		b.do(chromedp.Click(`#filters-done`))
		b.wait(`!document.body.classList.contains('filters-open') && getComputedStyle(document.getElementById('filters')).display === 'none'`, "the filters did not close")
	}
}

// chipsOnScreenJS counts the filter chips not wholly on the screen.
const chipsOnScreenJS = `[...document.querySelectorAll('#filters .chip')].filter((c) => {
  const r = c.getBoundingClientRect();
  return r.width === 0 || r.left < 0 || r.right > window.innerWidth || r.top < 0 || r.bottom > window.innerHeight;
}).length`

// TestMapFilters: every filter chip can be seen and reached (on a phone,
// in the panel that the summary opens), and what the map shows is said in
// words that follow the chips.
func TestMapFilters(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 50)
			b.open("/?lang=en")
			b.wait(`document.getElementById('map').dataset.query !== undefined`, "the map did not load")
			summary := func() string { return evalJS[string](b, `document.getElementById('filter-summary').textContent`) }
			if s := summary(); s != "open · all themes" {
				t.Errorf("the summary says %q", s)
			}
			if size == phoneSize {
				r := evalJS[[]float64](b, `(() => { const r = document.getElementById('filter-toggle').getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; })()`)
				if r[0] < 0 || r[1] > 390 || r[2] < 0 || r[3] > 844 || r[1]-r[0] < 300 {
					t.Errorf("the filter summary is not on screen: %v", r)
				}
			}
			b.shot("filters_closed_" + size.name)
			b.openFilters()
			if n := evalJS[int](b, chipsOnScreenJS); n != 0 {
				t.Errorf("%d filter chips are not on the screen", n)
			}
			b.shot("filters_open_" + size.name)
			b.do(chromedp.Click(`label.chip-fixed`), chromedp.Click(`label.chip-open`), chromedp.Click(`label.chip-mobile`), chromedp.Click(`label.chip-social`),
				chromedp.Click(`label.chip-service`), chromedp.Click(`label.chip-infrastructure`))
			b.wait(`document.getElementById('map').dataset.query.includes('status=fixed') && document.getElementById('map').dataset.query.includes('theme=safe&')`, "the chips did not filter the map")
			if s := summary(); s != "fixed · Safe" {
				t.Errorf("after filtering, the summary says %q", s)
			}
			b.shot("filters_chosen_" + size.name)
			b.closeFilters()
			if size == phoneSize && !evalJS[bool](b, `document.getElementById('filter-toggle').classList.contains('narrowed') && document.activeElement === document.getElementById('filter-toggle')`) {
				t.Error("the closed panel's summary does not stand out as narrowed, or has not got the focus back")
			}
			b.shot("filters_narrowed_" + size.name)
			b.openFilters()
			b.do(chromedp.Click(`label.chip-fixed`))
			if s := summary(); !strings.HasPrefix(s, "nothing") {
				t.Errorf("with no status, the summary says %q", s)
			}
		})
	}
}

// TestMapMoreLinks: the map page (whose footer the map covers) leads to
// the alerts, the statistics and the list; a tap on the map also offers
// alerts around that point, which opens /alerts with it as the centre.
func TestMapMoreLinks(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b, _ := newNotifyBrowser(t, size)
			for _, link := range []struct{ sel, path, h1 string }{
				{"#alerts-link", "/alerts", "Meldingen voor een buurt"},
				{"#stats-link", "/stats", "Statistieken"},
			} {
				b.open("/?lang=nl")
				b.wait(`window.streetfixMap !== undefined`, "map not ready")
				b.do(chromedp.Click(`#more summary`))
				onScreen := evalJS[bool](b, `(() => { const r = document.querySelector('`+link.sel+`').getBoundingClientRect();
					return r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight; })()`)
				if !onScreen {
					t.Errorf("%s is not on the screen once 'More' is open", link.sel)
				}
				b.shot("map_more_" + size.name)
				b.do(chromedp.Click(link.sel))
				b.wait(`location.pathname === '`+link.path+`' && document.querySelector('h1') !== null`, "the link did not open "+link.path)
				if h1 := evalJS[string](b, `document.querySelector('h1').textContent.trim()`); !strings.HasPrefix(h1, link.h1) {
					t.Errorf("%s opened a page titled %q", link.path, h1)
				}
			}
			b.open("/?lang=nl")
			b.wait(`window.streetfixMap !== undefined`, "map not ready")
			if !evalJS[bool](b, `(() => { const r = document.getElementById('list-link').getBoundingClientRect(); return r.width > 0 && r.bottom <= innerHeight; })()`) {
				t.Error("the list link is not on the screen")
			}
			b.do(chromedp.Evaluate[chromedp.Void](`void streetfixMap.fire('click', {latlng: L.latLng(50.8467, 4.3525)})`))
			b.wait(`document.querySelector('.leaflet-popup a.alerts-here') !== null`, "the tap offers no alerts around the point")
			b.do(chromedp.Click(`.leaflet-popup a.alerts-here`))
			b.wait(`location.pathname === '/alerts' && document.getElementById('kind-radius').checked && document.getElementById('alert-lat').value === '50.846700' && document.querySelector('#alert-map path.alert-circle') !== null`,
				"the popup's alerts link did not open /alerts with the point as centre")
			b.shot("map_alerts_here_" + size.name)
		})
	}
}

// TestNoMeTooOnOwnReport: the browser that sent a report offers no "me too"
// on it, on its page or among the form's nearby reports, and the server
// refuses one from it anyway.
func TestNoMeTooOnOwnReport(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			browser.Expect(t, `status of 409 .*/supports\)$`) // the refused "me too", on purpose
			b.open("/report?lat=50.839000&lon=4.360000&lang=en")
			b.wait(`document.querySelector('#report-form.enhanced') !== null`, "form not enhanced")
			r := b.sendFromPlace("My own pothole "+size.name, true)
			b.do(chromedp.Click(`#sent-link`))
			b.wait(`location.pathname === '/reports/`+fmt.Sprint(r.ID)+`' && document.getElementById('metoo-status').textContent.startsWith('You sent this report')`, "the report's page offers 'me too' to its reporter")
			if !evalJS[bool](b, `document.getElementById('metoo').hidden`) {
				t.Error("the 'me too' button is shown to the reporter")
			}
			b.shot("own_report_page_" + size.name)
			if code := evalJS[int](b, `fetch('/api/v1/reports/`+fmt.Sprint(r.ID)+`/supports', {method: 'POST', headers: {'X-Client-Id': Streetfix.clientId()}}).then((r) => r.status)`); code != 409 {
				t.Errorf("the server answered %d to the reporter's own 'me too', want 409", code)
			}
			// The same problem again, from the same phone: the nearby step
			// shows the first report without a "me too".
			b.open("/report?lat=50.839000&lon=4.360000&lang=en")
			b.wait(`document.querySelector('#report-form.enhanced') !== null`, "form not enhanced")
			b.next()
			b.do(chromedp.Click(`input[name=theme][value=infrastructure]`))
			b.do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('category'); s.value = 'pothole'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
			b.wait(`document.querySelector('input[name="answers[surface]"]') !== null`, "the category's question did not appear")
			b.do(chromedp.Click(`input[name="answers[surface]"][value=roadway]`))
			b.next()
			b.wait(`document.querySelectorAll('#nearby-list li').length === 1`, "the nearby step does not list the first report")
			if got := evalJS[string](b, `document.querySelector('#nearby-list li .own') ? document.querySelector('#nearby-list li .own').textContent : 'button: ' + document.querySelectorAll('#nearby-list li button').length`); !strings.HasPrefix(got, "You sent this report") {
				t.Errorf("the nearby step shows %q for one's own report", got)
			}
			b.do(chromedp.ScrollIntoView(`#nearby-list`))
			b.shot("own_report_nearby_" + size.name)
			if got, _ := b.s.store.PublicReport(context.Background(), r.ID); got.SupportCount != 0 {
				t.Errorf("support count %d, want 0", got.SupportCount)
			}
		})
	}
}

// TestDuplicateLinks: a report marked as a duplicate says so on its page
// with a link to the report that was kept, and the email its reporter gets
// carries that link too; both are followed.
func TestDuplicateLinks(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b, svc := newNotifyBrowser(t, size)
			ctx := context.Background()
			kept := b.s.createReport(grandPlace())
			dup, _ := createWithReporter(t, b.s)
			keptTitle := grandPlace()["title"].(string)
			if _, err := b.s.store.MarkDuplicate(ctx, dup, kept, "Même trou.", db.AuditEntry{Actor: "user:admin@example.org"}); err != nil {
				t.Fatal(err)
			}
			runWorker(t, svc)
			ms, err := b.s.store.Messages(ctx, db.MessageQuery{Channel: db.ChannelEmail})
			if err != nil {
				t.Fatal(err)
			}
			var link string
			keptRE := regexp.MustCompile(`http://example\.com(/reports/` + fmt.Sprint(kept) + `)\b`)
			for _, m := range ms {
				if m.Recipient == "camille@example.org" && m.ReportID.Int64 == dup && m.Event == "report.status_changed" {
					if !strings.Contains(m.HTML, `href="http://example.com/reports/`+fmt.Sprint(kept)+`"`) {
						t.Errorf("the HTML email has no link to the kept report:\n%s", m.HTML)
					}
					if l := keptRE.FindStringSubmatch(m.Text); l != nil {
						link = l[1]
					}
				}
			}
			if link == "" {
				t.Fatalf("the reporter's email about the duplicate has no link to report %d", kept)
			}
			b.open(link + "?lang=fr")
			b.wait(`document.querySelector('h1') !== null`, "the email's link did not open a page")
			if h1 := evalJS[string](b, `document.querySelector('h1').textContent`); h1 != keptTitle {
				t.Errorf("the email's link opened %q", h1)
			}

			b.open(fmt.Sprintf("/reports/%d?lang=fr", dup))
			b.wait(`document.querySelector('#kept a') !== null`, "the duplicate's page has no link to the kept report")
			if s := evalJS[string](b, `document.getElementById('kept').textContent`); !strings.Contains(s, fmt.Sprintf("n° %d", kept)) || !strings.Contains(s, keptTitle) {
				t.Errorf("the duplicate's page says %q", s)
			}
			b.shot("duplicate_page_" + size.name)
			b.do(chromedp.Click(`#kept a`))
			b.wait(fmt.Sprintf(`location.pathname === '/reports/%d' && document.querySelector('h1').textContent === %q`, kept, keptTitle), "the duplicate's link did not open the kept report")
		})
	}
}

// TestAccessibilityJourneys runs axe-core on what this issue added or
// changed and TestAccessibility does not reach: /alerts (empty, and back
// with an error), the map with its filter panel and its "More" menu open,
// and a signed link's page.
func TestAccessibilityJourneys(t *testing.T) {
	axe := axeScript(t)
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b, svc := newNotifyBrowser(t, size)
			browser.Expect(t, `status of 422 .*/alerts\)$`) // the refused form, on purpose
			id := b.s.createReport(grandPlace())
			if w := b.s.postNotifyForm(fmt.Sprintf("/reports/%d/follow", id), url.Values{"email": {"buur@example.org"}}); w.Code != 200 {
				t.Fatalf("follow: %d", w.Code)
			}
			confirm := b.mailLinks(svc, "buur@example.org", "/confirm")
			if len(confirm) != 1 {
				t.Fatalf("confirmation links: %v", confirm)
			}
			check := func(name string) {
				if !evalJS[bool](b, `typeof axe !== 'undefined'`) {
					b.do(chromedp.Evaluate[chromedp.Void](axe))
				}
				found := evalJS[[]string](b, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})
					.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
					.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))`)
				for _, v := range found {
					t.Errorf("%s %s: %s", size.name, name, v)
				}
			}
			b.open("/alerts?lang=nl")
			b.wait(`window.streetfixAlertMap !== undefined && document.readyState === 'complete'`, "alerts not ready")
			check("alerts")
			b.do(chromedp.Click(`#kind-radius`), chromedp.ScrollIntoView(`#alerts-form button[type=submit]`), chromedp.Click(`#alerts-form button[type=submit]`))
			b.wait(`document.querySelector('.field-error') !== null && document.readyState === 'complete'`, "the refused alerts form did not come back")
			check("alerts with an error")
			b.open("/?lang=fr")
			b.wait(`document.getElementById('map').dataset.query !== undefined && document.readyState === 'complete'`, "map not ready")
			b.openFilters()
			check("map, filters open")
			b.closeFilters()
			b.do(chromedp.Click(`#more summary`))
			check("map, more open")
			b.open(confirm[0])
			b.wait(`document.querySelector('main form button') !== null && document.readyState === 'complete'`, "confirmation page not ready")
			check("confirm")
		})
	}
}

// TestPlainFormErrorsNoScript: without JavaScript, a refused report comes
// back with the message at the top linking to the field, and again above
// the field; once fixed it is sent.
func TestPlainFormErrorsNoScript(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			browser.Expect(t, `status of 422 .*/reports\)$`) // the refused form, on purpose
			if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
				t.Fatal(err)
			}
			b.open("/report?lang=en")
			b.wait(`document.getElementById('area') !== null && !document.documentElement.classList.contains('js')`, "the plain form did not open")
			b.do(chromedp.SetValue(`#area`, "21004"), chromedp.SetValue(`#category`, "graffiti"), chromedp.SendKeys(`#title`, "Tag sans script "+size.name),
				chromedp.SendKeys(`#email`, "camille@"), chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
			b.wait(`document.getElementById('form-error') !== null && document.getElementById('email-error') !== null`, "the refused form did not come back with the message at the email")
			if v := evalJS[string](b, `document.getElementById('title').value + '|' + document.getElementById('email').value + '|' + document.getElementById('category').value`); v != "Tag sans script "+size.name+"|camille@|graffiti" {
				t.Errorf("the refused form kept %q", v)
			}
			b.do(chromedp.Click(`#form-error a`))
			b.wait(`(() => { const r = document.getElementById('email-error').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`, "the top message's link does not bring the field's message on screen")
			b.shot("form_plain_error_" + size.name)
			b.do(chromedp.SetValue(`#email`, "camille@example.org"), chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
			b.wait(`document.querySelector('.secret a') !== null`, "the fixed plain form was not sent")
			if got := b.reportsTitled("Tag sans script " + size.name); len(got) != 1 || got[0].AreaCode != "21004" {
				t.Errorf("stored: %+v", got)
			}
		})
	}
}
