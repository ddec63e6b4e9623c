package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/internal/browser"
	"streetfix/report"
)

// TestMergeInBrowser: Ixelles staff, in French, at tablet then desktop
// size, see the candidates with distance and age, try another body's report
// (refused in French, no "saved"), merge into the nearest candidate, then
// undo the merge.
func TestMergeInBrowser(t *testing.T) {
	w := newStaffWorld(t)
	dup := w.newReport("sidewalk", [2]float64{ixelles[0] + 0.0003, ixelles[1]}, "Pavés qui bougent encore", "", "fr")
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"tablet", 820, 1180}, {"desktop", 1366, 900}} {
		b := w.browse(t, "merge_"+size.name, "agent@ixelles.example", size.width, size.height)
		b.open(fmt.Sprintf("/staff/reports/%d?lang=fr", dup))
		b.until("candidates", fmt.Sprintf(`!!document.querySelector("#kept-%d")`, w.inIxelles))
		if got := b.text(`document.querySelector("#merge-form .candidates li").innerText`); !strings.Contains(got, "33 m") || !strings.Contains(got, "0 jour") {
			t.Errorf("%s: candidate %q", size.name, got)
		}
		b.fits("merge form")
		b.do("scroll", chromedp.ScrollIntoView(chromedp.CSS("#merge-form")))
		b.shot("1_candidates")
		// Another body's report, typed: refused in French, nothing saved.
		browser.Expect(t, `status of 422 .*/staff/reports/\d+\)$`) // the refused merge, on purpose
		b.do("type Uccle", chromedp.SetValue(chromedp.CSS("#a-kept"), fmt.Sprint(w.inUccle)))
		b.click(`#merge-form button[value=duplicate]`)
		b.until("refusal", `!!document.querySelector(".error[role=alert]")`)
		if got := b.text(`document.querySelector(".error[role=alert]").innerText`); !strings.Contains(got, "relève de Uccle") || b.number(`document.querySelectorAll(".flash").length`) != 0 {
			t.Errorf("%s: refusal %q", size.name, got)
		}
		b.shot("2_refused")
		b.open(fmt.Sprintf("/staff/reports/%d?lang=fr", dup))
		b.click(fmt.Sprintf("#kept-%d", w.inIxelles))
		b.click(`#merge-form button[value=duplicate]`)
		b.until("merged", `!!document.querySelector("#undo-merge-form") && !!document.querySelector(".flash")`)
		if r, _ := w.store.Report(context.Background(), dup); r.Status != report.StatusDuplicate || r.DuplicateOf.Int64 != w.inIxelles {
			t.Fatalf("%s: after the merge %s of %v", size.name, r.Status, r.DuplicateOf)
		}
		b.shot("3_merged")
		b.click(`#undo-merge-form button`)
		b.until("undone", `!!document.querySelector("#merge-form") && !document.querySelector("#undo-merge-form")`)
		if r, _ := w.store.Report(context.Background(), dup); r.Status != report.StatusNew {
			t.Errorf("%s: after the undo %s", size.name, r.Status)
		}
		b.shot("4_undone")
	}
}
