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
