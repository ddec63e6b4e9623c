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
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
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
		}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(srv.URL+page.path), chromedp.WaitVisible("svg.map")); err != nil {
				t.Fatalf("%s %s: %v", page.name, size.name, err)
			}
			h1, err := chromedp.Run(ctx, chromedp.Text("h1"))
			if err != nil || h1 == "" {
				t.Errorf("%s: h1 %q %v", page.name, h1, err)
			}
			// The map has one shape per municipality, each with its name.
			paths, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg.map path').length`))
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
				for _, sec := range []string{"themes", "where", "trend", "times"} {
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
