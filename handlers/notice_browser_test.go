package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The emergency notice appears on the form as soon as its category is
// chosen, before sending, and goes when another category or theme is.
func TestEmergencyNoticeInForm(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			b.open("/report?lang=fr")
			b.wait(`document.querySelector('#report-form.enhanced') !== null && window.L !== undefined`, "form not enhanced")
			shown := `[...document.querySelectorAll('.emergency-notice')].filter((n) => !n.hidden).map((n) => n.dataset.category).join()`
			if got := evalJS[string](b, shown); got != "" {
				t.Fatalf("notices shown before any category: %q", got)
			}
			b.do(chromedp.Click(`#pick-map`))
			b.wait(`document.getElementById('lat').value !== ''`, "tapping the map placed no point")
			b.next()
			b.do(chromedp.Click(`input[name=theme][value=safe]`))
			b.do(chromedp.SetValue(`#category`, "missing_cover"))
			b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById('category').dispatchEvent(new Event('change', {bubbles: true}))`))
			// Shown and scrolled clear of the phone's step bar.
			b.wait(`(() => { const n = document.querySelector('.emergency-notice[data-category=missing_cover]').getBoundingClientRect();
				const nav = document.getElementById('step-nav'); const bar = nav.hidden ? innerHeight : nav.getBoundingClientRect().top;
				return n.height > 0 && n.top >= 0 && n.bottom <= bar; })()`, "the notice did not appear in view")
			if got := evalJS[string](b, `document.querySelector('.emergency-notice[data-category=missing_cover]').innerText`); !strings.Contains(got, "appelez le 112") {
				t.Errorf("notice text %q", got)
			}
			b.shot("notice_" + size.name)
			b.do(chromedp.SetValue(`#category`, "ice_snow"))
			b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById('category').dispatchEvent(new Event('change', {bubbles: true}))`))
			b.wait(shown+` === ''`, "the notice stayed for a category without one")
			b.do(chromedp.SetValue(`#category`, "missing_cover"))
			b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById('category').dispatchEvent(new Event('change', {bubbles: true}))`))
			b.wait(shown+` === 'missing_cover'`, "the notice did not come back")
			b.do(chromedp.Click(`input[name=theme][value=infrastructure]`))
			b.wait(shown+` === ''`, "the notice stayed after choosing another theme")
		})
	}
}
