package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/internal/browser"
)

// TestTriageInBrowser walks the triage flow in Chromium at tablet size: sign
// in, filter the queue, open a report, acknowledge it with a template, and
// keeps a screenshot of each step.
func TestTriageInBrowser(t *testing.T) {
	w := newStaffWorld(t)
	if r := w.admin.postForm("/staff/templates", url.Values{"name": {"Seen"}, "status": {"acknowledged"},
		"text_fr": {"Merci, nos équipes passeront cette semaine."}, "text_nl": {"Bedankt."}, "text_en": {"Thanks."}}); r.Code != 303 {
		t.Fatal(r.Code)
	}
	ctx, srv := browser.Serve(t, w.router)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	dir := filepath.Join("testdata", "artifacts")
	os.MkdirAll(dir, 0o755)
	shot := func(name string) {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "staff_"+name+".png"), b, 0o644)
	}
	fits := func(step string) {
		t.Helper()
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			t.Errorf("%s: wider than the screen (%v)", step, err)
		}
	}
	// CSS selectors, never a plain string: that is a text search, and
	// "table" would find the words "Tableau de bord".
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	must := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := browser.Do(ctx, actions...); err != nil {
			loc, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Location())
			t.Fatalf("%s: %v (at %s)", step, err, loc)
		}
	}
	must("login page", chromedp.EmulateViewport(768, 1024), chromedp.Navigate(srv.URL+"/staff?lang=fr"))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/staff/login") {
		t.Fatalf("anonymous /staff went to %s", loc)
	}
	shot("1_login_tablet")
	// Keyboard only: the email field has focus, Tab to the password, Enter.
	must("sign in", chromedp.SendKeys(css("#email"), "agent@ixelles.example"), chromedp.KeyEvent("\t"), chromedp.KeyEvent(testPassword), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(css("table")))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(strings.SplitN(loc, "?", 2)[0], "/staff") {
		t.Fatalf("after login: %s", loc)
	}
	shot("2_queue_tablet")
	fits("queue")
	must("filter", chromedp.SetValue(css("#f-theme"), "safe"), chromedp.SetValue(css("#f-status"), "open"), chromedp.SetValue(css("#f-area"), "21009"),
		chromedp.Click(css(`form[role=search] button[type=submit]`)))
	// The old page has a table too: wait for the filtered one's address,
	// across the navigation, for as long as the other page tests do.
	filtered, cancelFiltered := context.WithTimeout(ctx, 15*time.Second)
	err := pollAcross(filtered, `location.search.includes("area=21009") && document.readyState === "complete"`)
	cancelFiltered()
	if err != nil {
		t.Fatalf("filtered page never came: %v", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("tbody input[name=ids]").length`))
	if err != nil || rows != 1 {
		t.Errorf("filtered rows %d (%v)", rows, err)
	}
	shot("3_filtered_tablet")
	must("open report", chromedp.Click(css(fmt.Sprintf(`a[href="/staff/reports/%d"]`, w.inIxelles))), chromedp.WaitVisible(css("#a-template")))
	// Choosing a template fills the note and the status; staff can edit it.
	must("template", chromedp.SetValue(css("#a-template"), "1"), chromedp.Evaluate[chromedp.Void](`document.getElementById("a-template").dispatchEvent(new Event("change"))`))
	note, _ := chromedp.Run(ctx, chromedp.Value(css("#a-note")))
	status, _ := chromedp.Run(ctx, chromedp.Value(css("#a-status")))
	if note != "Merci, nos équipes passeront cette semaine." || status != "acknowledged" {
		t.Errorf("template filled %q / %q", note, status)
	}
	shot("4_inspect_tablet")
	fits("inspect")
	must("publish", chromedp.Click(css(`button[value=status]`)), chromedp.WaitVisible(css(".flash")))
	shot("5_acknowledged_tablet")
	text, _ := chromedp.Run(ctx, chromedp.Text(css(".history")))
	if !strings.Contains(text, "Merci, nos équipes passeront cette semaine.") || !strings.Contains(text, "pris en compte") {
		t.Errorf("history: %q", text)
	}
	must("desktop", chromedp.EmulateViewport(1280, 800), chromedp.Navigate(srv.URL+"/staff?lang=fr"), chromedp.WaitVisible(css("table")))
	shot("6_queue_desktop")
	must("phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(fmt.Sprintf("%s/staff/reports/%d", srv.URL, w.inIxelles)), chromedp.WaitVisible(css("h1")))
	shot("7_inspect_phone")
	fits("inspect on a phone")
}
