package handlers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLanguageSwitch: the switcher's link changes the page's language and
// the choice is remembered for the next page.
func TestLanguageSwitch(t *testing.T) {
	b := newAppBrowser(t, desktopSize, 10)
	b.open("/?lang=en")
	if got := evalJS[string](b, `document.getElementById('report-here').textContent`); got != "Report a problem" {
		t.Fatalf("English page: %q", got)
	}
	b.do(chromedp.Click(`a[hreflang=nl]`))
	b.wait(`document.documentElement.lang === 'nl'`, "the page did not switch to Dutch")
	b.wait(`document.getElementById('report-here').textContent === 'Een probleem melden'`, "the button is not in Dutch")
	b.shot("lang_nl_desktop")
	b.open("/report")
	if got := evalJS[string](b, `document.documentElement.lang + ' ' + document.querySelector('h1').textContent`); got != "nl Een probleem melden" {
		t.Errorf("the next page is %q: the choice was not remembered", got)
	}
	b.do(chromedp.Click(`a[hreflang=fr]`))
	b.wait(`document.documentElement.lang === 'fr' && document.querySelector('h1').textContent === 'Signaler un problème'`, "the form did not switch to French")
	if got := evalJS[string](b, `document.querySelector('#category option[value=pothole]').textContent`); got != "Nid-de-poule" {
		t.Errorf("category name %q", got)
	}
}

// TestNoMapKeyboard: the list without a map, found and used with the
// keyboard alone: skip link, municipality, street, results, a report.
func TestNoMapKeyboard(t *testing.T) {
	b := newAppBrowser(t, phoneSize, 300)
	b.open("/?lang=en")
	b.wait(`document.documentElement.dataset.firstPins !== undefined`, "map not ready")
	focused := func() string {
		return evalJS[string](b, `(document.activeElement.id || document.activeElement.tagName) + ':' + document.activeElement.textContent.trim().slice(0, 40)`)
	}
	// Tab from the top: the skip link comes first, then the page.
	b.do(chromedp.KeyEvent("\t"))
	if got := focused(); !strings.Contains(got, "Skip to content") {
		t.Fatalf("first tab stop is %q, want the skip link", got)
	}
	b.do(chromedp.KeyEvent("\r"))
	// Tab to the "List without map" link and follow it.
	for i := 0; i < 30 && !strings.HasPrefix(focused(), "list-link"); i++ {
		b.do(chromedp.KeyEvent("\t"))
	}
	if !strings.HasPrefix(focused(), "list-link") {
		t.Fatalf("the list link cannot be reached by keyboard (focus on %q)", focused())
	}
	b.do(chromedp.KeyEvent("\r"))
	b.wait(`location.pathname === '/reports' && document.readyState === 'complete'`, "the list did not open")
	for i := 0; i < 30 && !strings.HasPrefix(focused(), "find-area"); i++ {
		b.do(chromedp.KeyEvent("\t"))
	}
	if !strings.HasPrefix(focused(), "find-area") {
		t.Fatalf("the municipality cannot be reached by keyboard (focus on %q)", focused())
	}
	// Typing a name selects it in a focused select.
	b.do(chromedp.KeyEvent("Ixelles"))
	if got := evalJS[string](b, `document.getElementById('find-area').selectedOptions[0].textContent`); got != "Ixelles" {
		t.Fatalf("selected %q", got)
	}
	b.do(chromedp.KeyEvent("\t"))
	if got := focused(); !strings.HasPrefix(got, "find-street") {
		t.Fatalf("after the municipality comes %q, want the street", got)
	}
	b.shot("nomap_form_phone")
	b.do(chromedp.KeyEvent("\r")) // submits the search
	b.wait(`document.getElementById('results') !== null && document.getElementById('results').textContent.includes('Ixelles')`, "no results for the municipality")
	n := evalJS[int](b, `document.querySelectorAll('.results li').length`)
	if n == 0 {
		t.Fatal("no reports listed in Ixelles")
	}
	b.shot("nomap_results_phone")
	for i := 0; i < 40 && !strings.HasPrefix(evalJS[string](b, `document.activeElement.getAttribute('href') || ''`), "/reports/"); i++ {
		b.do(chromedp.KeyEvent("\t"))
	}
	b.do(chromedp.KeyEvent("\r"))
	b.wait(`/^\/reports\/\d+$/.test(location.pathname) && document.querySelector('h1') !== null`, "the report did not open from the list")
	if area := evalJS[string](b, `document.querySelector('.facts dd:nth-of-type(2)').textContent`); area != "Ixelles" {
		t.Errorf("the report is in %q", area)
	}
}

// axeScript is axe-core from npm (web/node_modules, `npm ci` in web/).
func axeScript(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is missing (%v): .ci/run runs npm ci in web/", err)
		}
		t.Skipf("axe-core is not installed (run npm ci in web/): accessibility test skipped (%v)", err)
	}
	return string(b)
}

// TestAccessibility runs axe-core on every page of the citizen app at both
// sizes and fails on serious or critical violations of WCAG 2.1 A and AA.
func TestAccessibility(t *testing.T) {
	axe := axeScript(t)
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 200)
			seedFixed(t, b.s)
			created := b.s.postJSON("/api/v1/reports", grandPlace())
			if created.Code != 201 {
				t.Fatalf("create: %d %s", created.Code, created.Body)
			}
			cr := decode[createdBody](t, created)
			pages := []struct{ name, path, ready string }{
				{"map", "/?lang=fr", `document.documentElement.dataset.firstPins !== undefined`},
				{"form", "/report?lang=nl", `document.querySelector('#report-form.enhanced') !== null`},
				{"list", "/reports?area=21004&lang=en", `true`},
				{"report", fmt.Sprintf("/reports/%d?lang=fr", cr.Report.ID), `document.querySelector('#report-map .leaflet-marker-icon') !== null`},
				{"manage", fmt.Sprintf("/reports/%d/manage?token=%s&lang=en", cr.Report.ID, cr.Token), `true`},
			}
			for _, p := range pages {
				b.open(p.path)
				b.wait(p.ready+` && document.readyState === 'complete'`, p.name+" not ready")
				if !evalJS[bool](b, `typeof axe !== 'undefined'`) {
					b.do(chromedp.Evaluate[chromedp.Void](axe))
				}
				found := evalJS[[]string](b, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})
					.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
					.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))`)
				for _, v := range found {
					t.Errorf("%s %s: %s", size.name, p.name, v)
				}
				b.shot("axe_" + p.name + "_" + size.name)
			}
		})
	}
}

// TestNoMapReportKeyboard: a report made without the map and without a
// mouse: municipality and street, category by typing, the question with the
// space bar, send with Enter.
func TestNoMapReportKeyboard(t *testing.T) {
	b := newAppBrowser(t, desktopSize, 0)
	b.open("/report?lang=en")
	b.wait(`document.querySelector('#report-form.enhanced') !== null`, "form not enhanced")
	tabTo := func(id string) {
		t.Helper()
		for i := 0; i < 60; i++ {
			if evalJS[string](b, `document.activeElement.id`) == id {
				return
			}
			b.do(chromedp.KeyEvent("\t"))
		}
		t.Fatalf("#%s cannot be reached with Tab (focus on %q)", id, evalJS[string](b, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	tabTo("area")
	b.do(chromedp.KeyEvent("Ixelles"))
	b.do(chromedp.KeyEvent("\t"))
	b.do(chromedp.KeyEvent("Rue du Page 12"))
	tabTo("category")
	b.do(chromedp.KeyEvent("Pothole"))
	b.wait(`document.querySelector('input[name="answers[surface]"]') !== null`, "typing did not choose the category")
	b.do(chromedp.KeyEvent("\t"))
	b.do(chromedp.KeyEvent(" "))
	if !evalJS[bool](b, `document.querySelector('input[name="answers[surface]"]:checked') !== null`) {
		t.Fatal("the question cannot be answered with the keyboard")
	}
	tabTo("title")
	b.do(chromedp.KeyEvent("Pothole on the pavement"))
	b.shot("nomap_report_desktop")
	tabTo("send")
	b.do(chromedp.KeyEvent("\r"))
	b.wait(`document.getElementById('manage-link') !== null && document.activeElement.id === 'sent'`, "not sent, or the confirmation did not take the focus")
	got := b.reportsTitled("Pothole on the pavement")
	if len(got) != 1 || got[0].AreaCode != "21009" || !strings.HasPrefix(got[0].Description, "Location: Rue du Page 12") {
		t.Fatalf("stored %+v", got)
	}
}
