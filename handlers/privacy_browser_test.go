package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/handlers"
)

// "Download my data" on a phone: from the manage page, the readable page
// shows what the reporter gave, and the download link's file holds it as
// JSON; the privacy page reads at both sizes. Screenshots of each.
func TestDownloadMyDataBrowser(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" })
	in := grandPlace()
	in["name"], in["email"], in["phone"], in["contact_consent"] = "Camille Dupont", "camille@example.org", "+32 2 555 12 34", true
	w := s.postJSON("/api/v1/reports", in)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	created := decode[createdBody](t, w)
	b := browse(t, s, phoneSize)
	b.open("/reports/" + itoa(created.Report.ID) + "/manage?token=" + created.Token + "&lang=fr")
	b.wait(`document.getElementById('export-html') !== null`, "no export link on the manage page")
	b.shot("privacy_manage_phone")
	// The file the download link gives, read as the browser gets it.
	got := evalJS[string](b, `fetch(document.getElementById('export-json').href).then(r => r.headers.get('Content-Disposition') + '\n' + r.headers.get('Content-Type') + '\n').then(h => fetch(document.getElementById('export-json').href).then(r => r.json()).then(j => h + j.reporter.email + '|' + j.reporter.phone + '|' + j.report.id))`)
	if !strings.Contains(got, "attachment") || !strings.Contains(got, "application/json") || !strings.Contains(got, "camille@example.org|+32 2 555 12 34|"+itoa(created.Report.ID)) {
		t.Errorf("the download: %q", got)
	}
	b.do(chromedp.Click(`#export-html`))
	b.wait(`document.getElementById('export-you') !== null && document.body.innerText.includes('camille@example.org')`, "the readable page does not show the data")
	if wide := evalJS[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Error("the data page is wider than the phone")
	}
	b.shot("privacy_export_phone")
	for _, size := range []viewport{phoneSize, desktopSize} {
		b.do(chromedp.EmulateViewport(size.w, size.h))
		b.open("/privacy?lang=nl")
		b.wait(`document.querySelector('h1') !== null && document.querySelector('h1').innerText.includes('Privacy')`, "no privacy page")
		if wide := evalJS[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
			t.Errorf("the privacy page is wider than the %s", size.name)
		}
		b.shot("privacy_page_" + size.name)
	}
}
