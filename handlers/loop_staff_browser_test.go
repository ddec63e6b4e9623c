package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestStaffModeratesUpdateInBrowser: an admin, at a phone's and a desktop's
// size, finds a reporter's update on the report's staff page, hides it with
// its button, and finds the emergency notices of the categories on the
// admin page; neither page is wider than the screen.
func TestStaffModeratesUpdateInBrowser(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			id, token := createWithReporter(t, b.s)
			if w := b.s.postJSON(fmt.Sprintf("/api/v1/reports/%d/updates", id), map[string]string{"token": token, "text": "Le trou s'est agrandi."}); w.Code != 201 {
				t.Fatal(w.Body)
			}
			b.s.addUser("admin@example.org", "admin")
			b.open("/staff/login?lang=fr")
			b.do(chromedp.SendKeys(`#email`, "admin@example.org"), chromedp.SendKeys(`#password`, testPassword), chromedp.Submit(`#password`))
			b.wait(`location.pathname === '/staff'`, "login failed")
			fits := func(page string) {
				if evalJS[bool](b, `document.documentElement.scrollWidth > innerWidth + 1`) {
					t.Errorf("%s is wider than the screen", page)
				}
			}
			b.open(fmt.Sprintf("/staff/reports/%d?lang=fr", id))
			b.wait(`document.querySelector('.update-moderation button[value=hide_update]') !== null`, "no moderation of the update")
			b.do(chromedp.ScrollIntoView(`.update-moderation`))
			b.shot("staff_update_" + size.name)
			fits("the staff report page")
			b.do(chromedp.Click(`.update-moderation button[value=hide_update]`))
			b.wait(`document.querySelector('.update-moderation button[value=show_update]') !== null`, "the update was not hidden")
			if got := evalJS[string](b, `document.querySelector('.ok-box, [role=status]') ? document.querySelector('.ok-box, [role=status]').innerText : ''`); !strings.Contains(got, "Mise à jour masquée") {
				t.Errorf("confirmation %q", got)
			}
			if page := b.s.do("GET", fmt.Sprintf("/reports/%d", id), nil).Body.String(); strings.Contains(page, "Le trou s'est agrandi") {
				t.Error("the hidden update is still on the public page")
			}
			b.open("/staff/admin?lang=fr#categories")
			b.wait(`[...document.querySelectorAll('textarea[name=notice_fr]')].some((x) => x.value.includes('112'))`, "the admin page lacks the notices")
			b.do(chromedp.Evaluate[chromedp.Void](`(() => { const t = [...document.querySelectorAll('textarea[name=notice_fr]')].find((x) => x.value.includes('112')); t.closest('details').open = true; t.scrollIntoView(); })()`))
			b.shot("staff_admin_notice_" + size.name)
			fits("the admin page")
		})
	}
}
