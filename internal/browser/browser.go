// Package browser starts the headless Chromium that page tests drive, with
// the flags this workplace needs and a fresh profile each time, and fails
// the test on any JavaScript error or Content-Security-Policy violation the
// pages write to the console.
package browser

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/internal/testpg"
)

// Path is where Debian's chromium package puts the browser.
const Path = "/usr/bin/chromium"

// guards holds each test's console guard, so that Expect can reach it.
var guards sync.Map // *testing.T -> *guard

// guard keeps what the pages of one test wrote to the console as errors.
type guard struct {
	mu       sync.Mutex
	errors   []string
	expected []*regexp.Regexp
}

func (g *guard) add(m chromedp.ConsoleMessage) {
	if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
		return
	}
	text := m.Text
	if m.Exception != nil && m.Exception.Exception != nil && m.Exception.Exception.Description != "" {
		text = m.Exception.Exception.Description
	}
	if m.URL != "" {
		text += " (" + m.URL + ")"
	}
	g.mu.Lock()
	g.errors = append(g.errors, text)
	g.mu.Unlock()
}

// unexpected returns the errors no Expect pattern matched.
func (g *guard) unexpected() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for _, e := range g.errors {
		ok := false
		for _, re := range g.expected {
			if re.MatchString(e) {
				ok = true
				break
			}
		}
		if !ok {
			out = append(out, e)
		}
	}
	return out
}

// Errors returns every console error of t's browser so far, expected or not.
func Errors(t *testing.T) []string {
	g, ok := guards.Load(t)
	if !ok {
		return nil
	}
	gd := g.(*guard)
	gd.mu.Lock()
	defer gd.mu.Unlock()
	return append([]string(nil), gd.errors...)
}

// Expect lets console errors matching pattern pass for the rest of t: for
// a test that provokes one on purpose (a request refused while offline, a
// 404 it asks for). Everything else still fails the test.
func Expect(t *testing.T, pattern string) {
	t.Helper()
	g, ok := guards.Load(t)
	if !ok {
		t.Fatalf("browser.Expect before browser.New")
	}
	gd := g.(*guard)
	gd.mu.Lock()
	gd.expected = append(gd.expected, regexp.MustCompile(pattern))
	gd.mu.Unlock()
}

// New returns a browser tab's context for t, closed at the end of the test.
// Without Chromium the test is skipped, except under CI, where .ci/run
// installs it and its absence is a failure. At the end of t, any
// JavaScript error, unhandled rejection or CSP violation in the tab's
// console fails it (see Expect).
func New(t *testing.T) context.Context {
	t.Helper()
	if testpg.On() {
		// Pages are the same on either engine; .ci/run runs them on SQLite.
		t.Skipf("browser tests run once, on SQLite: %s is set", testpg.Env)
	}
	if _, err := os.Stat(Path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser tests need Chromium at %s (apt-get install chromium); .ci/run installs it", Path)
		}
		t.Skipf("Chromium is not installed at %s (apt-get install chromium): browser test skipped", Path)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	g := &guard{}
	guards.Store(t, g)
	// Open the tab first, so the subscription sees every page it loads.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	listen, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range chromedp.Console(listen) {
			if err != nil {
				return
			}
			g.add(m)
		}
	}()
	t.Cleanup(func() {
		defer guards.Delete(t)
		stop()
		<-done
		if bad := g.unexpected(); len(bad) > 0 {
			t.Errorf("the pages wrote %d errors to the console:\n  %s", len(bad), strings.Join(bad, "\n  "))
		}
	})
	return ctx
}

// Serve starts h on a local test server, then a browser tab for t. The tab
// is closed (and the console checked) before the server: a page that still
// asks for something while the test ends must not reach a closed server.
func Serve(t *testing.T, h http.Handler) (context.Context, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return New(t), srv
}

// Do runs actions in the tab like chromedp.Do, again when a node they had
// found was replaced before they acted on it ("Could not find node with
// given id": a list the page re-renders after fetching fresh data, say).
// A person would simply tap the new node; a test does the same, a few
// times, rather than fail on when the page happened to re-render. Only
// the action that failed runs again (it failed before sending any input):
// the ones before it, keys typed or a box ticked, are not repeated.
func Do(ctx context.Context, actions ...chromedp.Action[chromedp.Void]) error {
	for _, a := range actions {
		var err error
		for try := 0; try < 5; try++ {
			if err = chromedp.Do(ctx, a); err == nil || !staleNode(err) || ctx.Err() != nil {
				break
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func staleNode(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Could not find node with given id") ||
		strings.Contains(s, "No node with given id") ||
		strings.Contains(s, "Node is detached") ||
		strings.Contains(s, "node not found")
}
