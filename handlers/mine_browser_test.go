package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/db"
)

// TestReportsOnThisPhone: a report sent from the form while online (so
// never queued) is listed on /mine with its status asked of the server,
// which follows a change made since; its manage link works; and a report
// still waiting to be sent is listed as such.
func TestReportsOnThisPhone(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			b.open("/mine?lang=fr")
			b.wait(`document.documentElement.dataset.mine === 'ready'`, "the list did not load")
			if got := evalJS[string](b, `document.getElementById('mine-status').textContent`); !strings.Contains(got, "Aucun signalement") {
				t.Errorf("empty list says %q", got)
			}
			b.open("/report?lang=fr")
			b.fillReport("Trou sur mon trajet", "", func(string) {})
			b.do(chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
			b.wait(`document.getElementById('manage-link') !== null`, "no confirmation")
			found := b.reportsTitled("Trou sur mon trajet")
			if len(found) != 1 {
				t.Fatalf("database: %+v", found)
			}
			id := found[0].ID
			if _, _, err := b.s.store.ChangeStatus(context.Background(), db.StatusChange{ReportID: id, To: "in_progress", Public: true,
				Actor: db.ActorStaff, At: b.s.store.Now()}); err != nil {
				t.Fatal(err)
			}
			// A report waiting for a connection, as the form leaves one offline.
			b.do(chromedp.Evaluate[chromedp.Void](`Streetfix.outbox.add({key: 'waiting-1', created: Date.now(), lang: 'fr', title: 'Banc cassé', fields: [], photos: [], queued: true, state: 'failed', error: 'hors ligne'})`, chromedp.EvalAwaitPromise))
			b.open("/mine?lang=fr")
			b.wait(`document.documentElement.dataset.mine === 'ready'`, "the list did not load")
			item := fmt.Sprintf(`document.querySelector('.mine-item[data-id="%d"]')`, id)
			if got := evalJS[string](b, item+`.querySelector('[data-status]').dataset.status`); got != "in_progress" {
				t.Errorf("status %q, want the live in_progress", got)
			}
			if got := evalJS[string](b, item+`.innerText`); !strings.Contains(got, "Trou sur mon trajet") || !strings.Contains(got, "en cours") {
				t.Errorf("item %q", got)
			}
			if got := evalJS[string](b, `document.querySelector('.mine-item.waiting').innerText`); !strings.Contains(got, "Banc cassé") {
				t.Errorf("waiting item %q", got)
			}
			b.shot("mine_" + size.name)
			b.do(chromedp.Click(fmt.Sprintf(`.mine-item[data-id="%d"] a[href*="/manage?token="]`, id)))
			b.wait(`document.getElementById('fixed-note') !== null`, "the manage link of the list does not open the manage page")
		})
	}
}
