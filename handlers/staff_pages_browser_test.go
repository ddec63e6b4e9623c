package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"streetfix/handlers"
	"streetfix/notify"
)

// TestStaffPagesInBrowser opens every back-office page in Chromium at
// tablet (820×1180) and desktop sizes: no console error (the browser
// guard fails the test on any, CSP violations included), no inline style
// attribute, nothing wider than the screen, no form field squeezed below
// a usable width; a screenshot of each.
func TestStaffPagesInBrowser(t *testing.T) {
	w := newStaffWorld(t)
	id, photo := w.reportWithPhoto(t)
	pages := []struct{ name, path string }{
		{"queue", "/staff"},
		{"report", fmt.Sprintf("/staff/reports/%d", id)},
		{"redact", fmt.Sprintf("/staff/reports/%d/photos/%s/redact", id, photo)},
		{"templates", "/staff/templates"},
		{"audit", "/staff/audit"},
		{"admin", "/staff/admin"},
		{"dashboard", "/dashboard"},
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"tablet", 820, 1180}, {"desktop", 1366, 900}} {
		b := w.browse(t, "pages_"+size.name, "admin@example.org", size.width, size.height)
		for _, p := range pages {
			for _, lang := range []string{"fr", "nl"} {
				sep := "?"
				if strings.Contains(p.path, "?") {
					sep = "&"
				}
				b.open(p.path + sep + "lang=" + lang)
				b.until(p.name+" loaded", `document.readyState === "complete" && !!document.querySelector("main, h1")`)
				if n := b.number(`document.querySelectorAll("[style]").length - document.querySelectorAll(".leaflet-container [style], .leaflet-container[style]").length`); n > 0 {
					t.Errorf("%s %s: %v elements with a style attribute: %s", size.name, p.name, n,
						b.text(`[...document.querySelectorAll("[style]")].slice(0, 3).map(e => e.outerHTML.slice(0, 120)).join(" | ")`))
				}
				// Text fields in forms: at least 140 px wide unless meant
				// for a number (w-7, w-8) or in a table cell.
				if narrow := b.text(`[...document.querySelectorAll("form input[type=text], form input[type=email], form input[type=password], form textarea")]
					.filter(e => e.offsetParent && !e.classList.contains("w-8") && !e.classList.contains("w-7") && !e.closest("td") && e.getBoundingClientRect().width < 140)
					.map(e => e.id || e.name).join(",")`); narrow != "" {
					t.Errorf("%s %s %s: narrow fields: %s", size.name, p.name, lang, narrow)
				}
				b.fits(p.name + " " + lang)
				if lang == "fr" {
					b.shot(p.name)
				}
			}
		}
	}
}

// TestNotifyPagesInBrowser: the notification pages (served when the
// notifier runs) pass the same checks at tablet and desktop sizes.
func TestNotifyPagesInBrowser(t *testing.T) {
	s, _ := newNotifyServer(t, func(c *handlers.Config, _ *notify.Config) { c.TileURL = "" })
	s.addUser("admin@example.org", "admin")
	w := &staffWorld{testServer: s, tokens: map[int64]string{}}
	w.newReport("sidewalk", ixelles, "Loose paving stones by the pond", "", "fr")
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"tablet", 820, 1180}, {"desktop", 1366, 900}} {
		b := w.browse(t, "pages_"+size.name, "admin@example.org", size.width, size.height)
		for _, p := range []struct{ name, path string }{{"notify", "/staff/notify?lang=fr"}, {"webhooks", "/staff/notify/webhooks?lang=nl"}} {
			b.open(p.path)
			b.until(p.name+" loaded", `document.readyState === "complete" && !!document.querySelector("h1")`)
			if n := b.number(`document.querySelectorAll("[style]").length`); n > 0 {
				t.Errorf("%s %s: %v elements with a style attribute", size.name, p.name, n)
			}
			b.fits(p.name)
			b.shot(p.name)
		}
	}
}
