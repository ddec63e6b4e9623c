package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/internal/browser"
	"streetfix/notify"
)

// TestQuestionnairePage: the reporter opens the "not fixed" link of the
// questionnaire email, confirms with the button, and the report page shows
// the answer in its history; the link, opened again, says it was used.
func TestQuestionnairePage(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			clk := newShiftedClock()
			s, svc := newNotifyServer(t, func(c *handlers.Config, _ *notify.Config) { c.TileURL, c.Now = "", clk.now })
			svc.SetClock(clk.now)
			b := browse(t, s, size)
			in := grandPlace()
			in["email"], in["locale"] = "nl@example.org", "nl"
			id := s.createReport(in)
			if _, _, err := s.store.ChangeStatus(context.Background(), db.StatusChange{ReportID: id, To: "in_progress", Public: true,
				Actor: db.ActorStaff, At: clk.now()}); err != nil {
				t.Fatal(err)
			}
			clk.add(clk.days(30))
			runWorker(t, svc)
			links := questionnaireLinks(t, s, "nl@example.org")
			l := links["not_fixed"]
			if l[0] == "" {
				t.Fatal("no questionnaire email")
			}
			b.open(l[0] + "?sig=" + l[1] + "&answer=not_fixed&lang=nl")
			b.wait(`document.querySelector('button[name=answer][value=not_fixed]') !== null`, "the questionnaire page has no button")
			b.checkLangLinks("questionnaire")
			b.shot("questionnaire_" + size.name)
			b.do(chromedp.Click(`button[name=answer][value=not_fixed]`))
			b.wait(`document.querySelector('.ok-box') !== null`, "no confirmation after the answer")
			if got := evalJS[string](b, `document.querySelector('.ok-box').innerText`); !strings.Contains(got, "blijft") {
				t.Errorf("confirmation %q", got)
			}
			b.shot("questionnaire_done_" + size.name)
			b.do(chromedp.Click(`main a[href^="/reports/"]`))
			b.wait(fmt.Sprintf(`location.pathname === '/reports/%d' && document.body.innerText.includes('het probleem nog niet opgelost is')`, id),
				"the report page lacks the answer in its history")
			browser.Expect(t, `status of 409 \(Conflict\)`) // the used link's page
			b.open(l[0] + "?sig=" + l[1] + "&answer=fixed&lang=nl")
			b.wait(`document.querySelector('.error-box') !== null && document.querySelector('button[name=answer]') === null`, "a used link still offers to answer")
			b.shot("questionnaire_used_" + size.name)
		})
	}
}
