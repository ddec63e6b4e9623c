package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/handlers"
	"streetfix/internal/browser"
)

func TestReportPage(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	w := s.do("GET", "/reports/1", nil, "Accept-Language", "fr-BE")
	body := w.Body.String()
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("%d %s", w.Code, w.Header().Get("Content-Type"))
	}
	for _, want := range []string{`lang="fr"`, "Pothole &lt;deep&gt; &amp; wide", "en cours", "Nid-de-poule", "Bruxelles", "Crew sent.", "/reports/1/feed.atom"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, secret := range []string{"<deep>", "PRIVATE", "private@example.org", "Private Person"} {
		if strings.Contains(body, secret) {
			t.Errorf("page shows %q", secret)
		}
	}
	for _, p := range []string{"/reports/99", "/reports/x"} {
		if w := s.do("GET", p, nil); w.Code != 404 || !strings.Contains(w.Body.String(), "Not Found") {
			t.Errorf("GET %s: %d", p, w.Code)
		}
	}
	if w := s.do("GET", "/reports/2?lang=nl", nil); !strings.Contains(w.Body.String(), "opgelost") {
		t.Errorf("Dutch page lacks the status: %s", w.Body)
	}
}

// TestReportPageScreens renders the report page in Chromium at phone and
// desktop sizes and keeps the screenshots under testdata/artifacts.
func TestReportPageScreens(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" }) // no other host is reachable here
	seedFixed(t, s)
	ctx, srv := browser.Serve(t, s.router)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	dir := filepath.Join("testdata", "artifacts")
	os.MkdirAll(dir, 0o755)
	for _, size := range []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(srv.URL+"/reports/1?lang=fr")); err != nil {
			t.Fatal(err)
		}
		title, err := chromedp.Run(ctx, chromedp.Text("h1"))
		if err != nil || title != "Pothole <deep> & wide" {
			t.Errorf("%s: h1 %q %v", size.name, title, err)
		}
		// Nothing may overflow the viewport sideways on a phone.
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("%s: page wider than the screen (%v)", size.name, err)
		}
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "report_"+size.name+".png"), shot, 0o644)
	}
}

// A language chosen with ?lang= is remembered in a cookie and wins over
// Accept-Language on the next page; error pages follow it too.
func TestLanguageRemembered(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	w := s.do("GET", "/reports/1?lang=nl", nil, "Accept-Language", "fr")
	cookie := w.Header().Get("Set-Cookie")
	if !strings.Contains(cookie, "lang=nl") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Fatalf("Set-Cookie = %q", cookie)
	}
	w = s.do("GET", "/reports/1", nil, "Accept-Language", "fr", "Cookie", "lang=nl")
	if body := w.Body.String(); !strings.Contains(body, `lang="nl"`) || !strings.Contains(body, "Geschiedenis") {
		t.Errorf("cookie ignored: %.300s", body)
	}
	if w := s.do("GET", "/reports/1?lang=xx", nil, "Accept-Language", "en"); w.Header().Get("Set-Cookie") != "" || !strings.Contains(w.Body.String(), `lang="en"`) {
		t.Errorf("unknown language: cookie %q", w.Header().Get("Set-Cookie"))
	}
	w = s.do("GET", "/reports/999", nil, "Cookie", "lang=fr")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "Retour à la carte") {
		t.Errorf("error page: %d %.300s", w.Code, w.Body.String())
	}
}
