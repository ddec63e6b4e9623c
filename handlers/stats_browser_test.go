package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/app"
	"streetfix/handlers"
	"streetfix/internal/browser"
)

// TestDashboardScreens signs a council member in through the real login
// form in Chromium, opens the dashboard and the public statistics at phone
// and desktop sizes, and keeps screenshots under testdata/artifacts.
func TestDashboardScreens(t *testing.T) {
	s := newTestServer(t)
	if err := app.Seed(context.Background(), s.store, s.city, 3000, 5, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	s.addUser("council@example.org", "council")
	ctx, srv := browser.Serve(t, s.router)
	// Nine pages and some forty screenshots: 48 s on a machine busy with a
	// CI rehearsal, without the race detector; CI has both.
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	dir := filepath.Join("testdata", "artifacts")
	os.MkdirAll(dir, 0o755)
	err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/dashboard?lang=en"),
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "council@example.org"),
		chromedp.SendKeys("#password", testPassword),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#h-where"))
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []struct{ name, path string }{
		{"dashboard", "/dashboard?lang=en"},
		{"dashboard_filtered", "/dashboard?lang=fr&theme=mobile&area=21015&period=week&map=open"},
		{"stats", "/stats?lang=nl"},
	} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"phone", 390, 844}, {"tablet", 820, 1180}, {"desktop", 1280, 800}} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(srv.URL+page.path), chromedp.WaitVisible("svg.map"), chromedp.WaitVisible("svg.heat")); err != nil {
				t.Fatalf("%s %s: %v", page.name, size.name, err)
			}
			h1, err := chromedp.Run(ctx, chromedp.Text("h1"))
			if err != nil || h1 == "" {
				t.Errorf("%s: h1 %q %v", page.name, h1, err)
			}
			// The map has one shape per municipality, each with its name.
			paths, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg.map:not(.heat) a > path').length + 100 * (document.querySelectorAll('svg.map:not(.heat) text').length - 19)`))
			if err != nil || paths != 19 {
				t.Errorf("%s: %d map shapes (%v)", page.name, paths, err)
			}
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll')).map(e => e.tagName + '.' + e.className).slice(0, 5).join(' ')`))
			if err != nil || wide != "" {
				t.Errorf("%s %s: wider than the screen: %s (%v)", page.name, size.name, wide, err)
			}
			shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, page.name+"_"+size.name+".png"), shot, 0o644)
			if page.name == "dashboard" || size.name == "desktop" {
				for _, sec := range []string{"themes", "where", "heat", "trend", "times", "within"} {
					shot, err := chromedp.Run(ctx, chromedp.Screenshot(`section[aria-labelledby="h-`+sec+`"]`))
					if err != nil {
						t.Fatal(err)
					}
					os.WriteFile(filepath.Join(dir, page.name+"_"+sec+"_"+size.name+".png"), shot, 0o644)
				}
			}
		}
	}
	// The switch to open reports is a plain link: no script needed.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/dashboard?lang=en"), chromedp.Click(`.modes a`), chromedp.WaitVisible("svg.map")); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.TextContent("#map-t"))
	if err != nil || !strings.Contains(title, "open reports") {
		t.Errorf("map title after the switch: %q %v", title, err)
	}
}

// TestDashboardClickThrough follows the dashboard's links as a council
// member would: a municipality on the map filters the page to it, a count
// opens the staff queue with the same filters, and on the public page a
// count opens the public list holding exactly the reports it counts.
func TestDashboardClickThrough(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" }) // the queue's map: no other host is reachable here
	if err := app.Seed(context.Background(), s.store, s.city, 1500, 5, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	s.addUser("council@example.org", "council")
	ctx, srv := browser.Serve(t, s.router)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(srv.URL+"/dashboard?lang=en"),
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "council@example.org"),
		chromedp.SendKeys("#password", testPassword),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#h-where"),
		// Ixelles on the map.
		chromedp.ScrollIntoView(`svg.map:not(.heat)`),
		chromedp.Click(`svg.map:not(.heat) a[href*="area=21009"] path`))
	if err == nil {
		err = pollAcross(ctx, `document.querySelector('#f-area').value === '21009'`)
	}
	if err != nil {
		t.Fatal("a municipality on the map: ", err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#f-area').selectedOptions[0].textContent`))
	if err != nil || heading != "Ixelles" {
		t.Errorf("after a click on the map, the page shows %q (%v)", heading, err)
	}
	// The open count of the first theme, to the queue.
	err = chromedp.Do(ctx, chromedp.Click(`section[aria-labelledby="h-themes"] tbody tr:nth-child(1) td:nth-child(2) a`))
	if err == nil {
		err = pollAcross(ctx, `location.pathname === '/staff' && !!document.querySelector('form select[name="theme"]')`)
	}
	if err != nil {
		t.Fatal("a count to the queue: ", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
	if err != nil || !strings.HasPrefix(loc, "/staff?") || !strings.Contains(loc, "area=21009") || !strings.Contains(loc, "status=open") || !strings.Contains(loc, "theme=safe") {
		t.Errorf("the count opened %q (%v)", loc, err)
	}
	// The public page: the open reports of one theme and municipality, to the public list.
	w := s.do("GET", "/api/v1/stats?area=21009", nil)
	got := decode[statsBody](t, w)
	want := got.Open
	if want == 0 || want > 50 {
		t.Fatalf("%d open reports in Ixelles: pick another filter", want)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/stats?lang=en&area=21009"), chromedp.WaitVisible("#h-themes"),
		chromedp.Click(`.keyfigures li:nth-child(2) a`))
	if err == nil {
		err = pollAcross(ctx, `location.pathname === '/reports' && !!document.querySelector('#find')`)
	}
	if err != nil {
		t.Fatal("a count to the public list: ", err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('ol.results > li').length`))
	if err != nil || n != want {
		t.Errorf("the public list holds %d reports, the count said %d (%v)", n, want, err)
	}
}

// pollAcross waits until a JavaScript condition holds, across the
// navigation a click starts (the old page has no context to evaluate in
// for a moment), until ctx ends.
func pollAcross(ctx context.Context, js string) error {
	for {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(c, chromedp.Poll[bool](js))
		cancel()
		if err == nil && ok {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
	}
}
