package handlers_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/city"
	"streetfix/handlers"
	"streetfix/internal/browser"
)

// TestTargetsInBrowser: an admin follows the admin page's link to the times
// to fix, types a new one for potholes and saves it, sees it marked as set
// there and in the dashboard's overdue table, then goes back to the city's
// default; at phone and desktop sizes, with a screenshot of each.
func TestTargetsInBrowser(t *testing.T) {
	brussels, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, func(c *handlers.Config) { c.Targets = brussels.Targets })
	s.addUser("admin@example.org", "admin")
	ctx, srv := browser.Serve(t, s.router)
	// About 22 s when the machine is busy; the bound is for a stuck page.
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	dir := filepath.Join("testdata", "artifacts")
	os.MkdirAll(dir, 0o755)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	must := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := browser.Do(ctx, actions...); err != nil {
			loc, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Location())
			t.Fatalf("%s: %v (at %s)", step, err, loc)
		}
	}
	shot := func(name string) {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "targets_"+name+".png"), b, 0o644)
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	// waitFor polls a condition in the page for up to 15 s, across a form's
	// post and redirect.
	waitFor := func(what, js string) {
		t.Helper()
		wait, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := pollAcross(wait, js); err != nil {
			t.Fatalf("%s never happened: %v", what, err)
		}
	}
	must("sign in", chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+"/staff/login?next=/staff/admin&lang=en"),
		chromedp.SendKeys(css("#email"), "admin@example.org"), chromedp.SendKeys(css("#password"), testPassword), chromedp.Submit(css("#password")))
	waitFor("the admin page", `location.pathname === "/staff/admin" && document.readyState === "complete"`)
	for _, size := range []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
		must(size.name, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(srv.URL+"/staff/admin?lang=en"))
		// The page's own link to the section, as a person follows it.
		must("follow the link", chromedp.Click(css(`a[href="#targets"]`)), chromedp.WaitVisible(css("#targets")))
		waitFor("the section in view", `location.hash === "#targets"`)
		v, err := chromedp.Run(ctx, chromedp.Value(css("#t-pothole")))
		if err != nil || v != "30" {
			t.Fatalf("%s: pothole's target shows %q (%v), want 30 from the theme", size.name, v, err)
		}
		shot("1_" + size.name)
		must("type and save", chromedp.SetValue(css("#t-pothole"), ""), chromedp.SendKeys(css("#t-pothole"), "4.5"),
			chromedp.Click(css(`form:has(#t-pothole) button[type=submit]`)))
		waitFor("the saved page", `location.search.includes("done=target_saved") && document.readyState === "complete"`)
		row := text(`tr:has(#t-pothole)`)
		if v, _ := chromedp.Run(ctx, chromedp.Value(css("#t-pothole"))); v != "4.5" || !strings.Contains(row, "set here") {
			t.Errorf("%s: after saving, the row says %q with %q", size.name, row, v)
		}
		must("see the row", chromedp.ScrollIntoView(css("#t-pothole")))
		shot("2_saved_" + size.name)
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			t.Errorf("%s: the page is wider than the screen (%v)", size.name, err)
		}
		// The dashboard uses it at once.
		must("dashboard", chromedp.Navigate(srv.URL+"/api/v1/stats"))
		var st statsBody
		if err := json.Unmarshal([]byte(text("body")), &st); err != nil {
			t.Fatal(err)
		}
		for _, o := range st.OverdueByCat {
			if o.Code == "pothole" && o.TargetHours != 108 {
				t.Errorf("%s: the dashboard's pothole target is %d hours, want 108", size.name, o.TargetHours)
			}
		}
		must("back to the admin page", chromedp.Navigate(srv.URL+"/staff/admin?lang=en#targets"), chromedp.WaitVisible(css("#t-pothole")),
			chromedp.Click(css(`tr:has(#t-pothole) input[name=reset] + button`)))
		waitFor("the reset", `location.search.includes("done=target_saved") && document.readyState === "complete"`)
		if v, _ := chromedp.Run(ctx, chromedp.Value(css("#t-pothole"))); v != "30" {
			t.Errorf("%s: after the reset pothole shows %q, want 30", size.name, v)
		}
	}
}
