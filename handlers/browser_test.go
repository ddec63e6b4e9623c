package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/db"
	"streetfix/internal/browser"
)

// eventPage is a minimal subscriber page, as a city dashboard would embed:
// it listens for status changes with the browser's own EventSource.
const eventPage = `<!doctype html><html><head><meta charset="utf-8"><title>events</title>
<script src="/__test/events.js" defer></script></head><body><p id="out">waiting</p></body></html>`

const eventScript = `const es = new EventSource('/feeds/events');
es.onopen = () => { document.body.dataset.ready = '1'; };
es.addEventListener('status_changed', (e) => {
  const d = JSON.parse(e.data);
  document.getElementById('out').textContent = d.report_id + ':' + d.to + ':' + d.note;
});`

func TestEventSourceInBrowser(t *testing.T) {
	s := newTestServer(t)
	seedFixed(t, s)
	mux := http.NewServeMux()
	mux.HandleFunc("/__test/events.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(eventPage))
	})
	mux.HandleFunc("/__test/events.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte(eventScript))
	})
	mux.Handle("/", s.router)
	// The browser holds the event stream open until it closes, before the server.
	ctx, srv := browser.Serve(t, mux)

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/__test/events.html")); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.dataset.ready === '1'`)); err != nil {
		t.Fatalf("the page's EventSource did not connect: %v", err)
	}
	// A back office marks report 1 fixed; the open page must show it.
	key := s.apiKey(db.ScopeUpdate)
	if r := s.postForm("/open311/v2/servicerequestupdates.json", url.Values{"api_key": {key}, "service_request_id": {"1"},
		"status": {"FIXED"}, "description": {"Filled today."}}); r.code != 200 {
		t.Fatalf("update: %d %s", r.code, r.body)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('out').textContent === '1:fixed:Filled today.'`)); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Text("#out"))
		t.Fatalf("the browser did not receive the change: %v (page shows %q)", err, got)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		dir := filepath.Join("testdata", "artifacts")
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "eventsource.png"), shot, 0o644)
	}
}
