// Package browser starts the headless Chromium that page tests drive, with
// the flags this workplace needs and a fresh profile each time.
package browser

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// Path is where Debian's chromium package puts the browser.
const Path = "/usr/bin/chromium"

// New returns a browser tab's context for t, closed at the end of the test.
// Without Chromium the test is skipped, except under CI, where .ci/run
// installs it and its absence is a failure.
func New(t *testing.T) context.Context {
	t.Helper()
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
	return ctx
}
