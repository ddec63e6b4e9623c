package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

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
