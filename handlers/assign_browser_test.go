package handlers_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

var tabletSize = viewport{"tablet", 820, 1180}

// signInStaff signs in through the login form and waits for the queue.
func (b *appBrowser) signInStaff(email string) {
	b.t.Helper()
	b.open("/staff/login?lang=en")
	b.do(chromedp.SendKeys(chromedp.CSS(`#email`), email), chromedp.SendKeys(chromedp.CSS(`#password`), testPassword),
		chromedp.Submit(chromedp.CSS(`#email`)))
	b.wait(`location.pathname === "/staff" && document.querySelector("table") !== null`, "the queue after signing in")
}

// TestAssignInBrowser takes a report from its page, finds it in "Mine", and
// assigns another from the queue's bulk panel, at tablet and desktop sizes.
func TestAssignInBrowser(t *testing.T) {
	for _, size := range []viewport{tabletSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			w := newAssignWorld(t)
			other := w.newReport("sidewalk", ixelles, "Second loose stone", "Un autre pavé.", "fr")
			b := browse(t, w.testServer, size)
			b.signInStaff("agent@ixelles.example")
			b.open(fmt.Sprintf("/staff/reports/%d?lang=en", w.inIxelles))
			b.wait(`document.querySelector("#take-it") !== null`, "the take-it button")
			b.do(chromedp.Click(chromedp.CSS(`#take-it`)))
			b.wait(`document.querySelector(".flash") !== null && document.querySelector("#assignee").textContent.includes("`+assigneeShown+`")`, "the report taken")
			b.wait(`document.querySelector(".history").textContent.includes("Assigned to `+assigneeShown+`")`, "the assignment in the history")
			b.shot("assign_1_report_" + size.name)
			b.open("/staff?lang=en")
			b.wait(`document.querySelector("#view-mine") !== null`, "the queue's views")
			b.do(chromedp.Click(chromedp.CSS(`#view-mine`)))
			b.wait(`location.search.includes("assignee=me") && document.querySelectorAll("tbody input[name=ids]").length === 1`+
				fmt.Sprintf(` && document.querySelector('a[href="/staff/reports/%d"]') !== null`, w.inIxelles), "the mine view")
			b.shot("assign_2_mine_" + size.name)
			b.open("/staff?assignee=none&lang=en")
			b.wait(fmt.Sprintf(`document.querySelector('#pick-%d') !== null`, other), "the unassigned view")
			b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#pick-%d`, other))),
				chromedp.SetValue(chromedp.CSS(`#b-assignee`), strconv.FormatInt(w.colleague, 10)),
				chromedp.Click(chromedp.CSS(`button[value=assign]`)))
			b.wait(`document.querySelector(".flash") !== null && document.querySelector(".flash").textContent.includes("1/1")`, "the bulk result")
			b.shot("assign_3_bulk_" + size.name)
			fits := evalJS[bool](b, `document.documentElement.scrollWidth <= window.innerWidth + 1`)
			if !fits {
				t.Errorf("the queue is wider than the screen")
			}
			if r, _ := w.store.Report(t.Context(), other); r.AssigneeID.Int64 != w.colleague {
				t.Errorf("bulk assignment left %+v", r.AssigneeID)
			}
		})
	}
}
