package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestUpdateThroughManagePage: the reporter opens their manage link, writes
// an update with a photo and publishes it; the report page shows it.
func TestUpdateThroughManagePage(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			id, token := createWithReporter(t, b.s)
			b.open(fmt.Sprintf("/reports/%d/manage?lang=fr&token=%s", id, url.QueryEscape(token)))
			b.wait(`document.getElementById('update-form') !== null`, "the manage page has no update form")
			b.do(chromedp.SendKeys(`#update-text`, "Le trou s'est agrandi depuis hier."),
				chromedp.SetUploadFiles(`#update-photos`, []string{testJPEG(t)}))
			b.shot("update_form_" + size.name)
			b.do(chromedp.Click(`#update-form button[type=submit]`))
			b.wait(`document.querySelector('.ok-box') !== null`, "no confirmation after publishing the update")
			if got := evalJS[string](b, `document.querySelector('.ok-box').innerText`); !strings.Contains(got, "mise à jour est publiée") {
				t.Errorf("confirmation %q", got)
			}
			b.shot("update_done_" + size.name)
			b.open(fmt.Sprintf("/reports/%d?lang=fr", id))
			b.wait(`document.body.innerText.includes("Le trou s'est agrandi depuis hier.")`, "the report page lacks the update")
			if n := evalJS[int](b, `document.querySelectorAll('img[src^="/photos/"]').length`); n < 1 {
				t.Errorf("the report page shows %d photos, want the update's", n)
			}
			b.shot("update_report_" + size.name)
		})
	}
}
