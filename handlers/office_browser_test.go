package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/internal/browser"
)

// staffTab is a Chromium tab signed in to the back office, with the steps
// the back-office browser tests share: act, wait for a condition on the
// page (across navigations), check the page fits the screen, and keep a
// screenshot of each step in testdata/artifacts.
type staffTab struct {
	t    *testing.T
	ctx  context.Context
	base string
	name string // prefix of the screenshots
}

// browse serves the world's router, opens Chromium at viewport w×h and
// signs in as email through the login form, as a person does.
func (w *staffWorld) browse(t *testing.T, name, email string, width, height int64) *staffTab {
	t.Helper()
	ctx, srv := browser.Serve(t, w.router)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	b := &staffTab{t: t, ctx: ctx, base: srv.URL, name: name}
	b.do("sign in", chromedp.EmulateViewport(width, height), chromedp.Navigate(srv.URL+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	b.until("the queue after signing in", `location.pathname === "/staff" && document.readyState === "complete"`)
	return b
}

// do runs actions, failing the test with the page's address on an error.
func (b *staffTab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := browser.Do(b.ctx, actions...); err != nil {
		loc, _ := chromedp.Run(context.WithoutCancel(b.ctx), chromedp.Location())
		b.t.Fatalf("%s: %v (at %s)", step, err, loc)
	}
}

// open navigates to a path of the service and waits for the page.
func (b *staffTab) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path))
	b.until("page "+path, `document.readyState === "complete"`)
}

// until waits for a JavaScript condition to hold, evaluating again while a
// page is loading (an evaluation during a navigation fails and is retried).
func (b *staffTab) until(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			loc, _ := chromedp.Run(context.WithoutCancel(b.ctx), chromedp.Location())
			b.t.Fatalf("waiting for %s: %v (at %s)", what, err, loc)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *staffTab) text(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return s
}

func (b *staffTab) number(js string) float64 {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return n
}

// shot keeps a screenshot of the page as it is.
func (b *staffTab) shot(step string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", step, err)
	}
	dir := filepath.Join("testdata", "artifacts")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, b.name+"_"+step+".png"), png, 0o644)
}

// fits fails the test when the page is wider than the screen.
func (b *staffTab) fits(step string) {
	b.t.Helper()
	wide, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil || wide {
		b.t.Errorf("%s: wider than the screen (%v)", step, err)
	}
}

// resize changes the viewport (tablet, desktop, phone).
func (b *staffTab) resize(width, height int64) {
	b.t.Helper()
	b.do("resize", chromedp.EmulateViewport(width, height))
}

// click clicks the element a selector finds, after scrolling it into view.
func (b *staffTab) click(sel string) {
	b.t.Helper()
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// follow clicks a link and waits for the page it leads to.
func (b *staffTab) follow(sel, pathPrefix string) {
	b.t.Helper()
	b.click(sel)
	b.until("page "+pathPrefix, `location.pathname.startsWith(`+jsString(pathPrefix)+`) && document.readyState === "complete"`)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
