package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/db"
)

// A bulk status change with a template and no note gives each report the
// template in its own language; a typed note wins over the template.
func TestBulkTemplateInEachLanguage(t *testing.T) {
	w := newStaffWorld(t)
	if r := w.admin.postForm("/staff/templates", url.Values{"name": {"Seen"}, "status": {"acknowledged"},
		"text_fr": {"Merci, c'est noté."}, "text_nl": {"Bedankt, genoteerd."}, "text_en": {"Thanks, noted."}}); r.Code != 303 {
		t.Fatal(r.Code)
	}
	nl := w.newReport("sidewalk", ixelles, "Stoep kapot", "De stoep is kapot.", "nl")
	form := url.Values{"action": {"status"}, "status": {"acknowledged"}, "template": {"1"}, "note": {""},
		"ids": {fmt.Sprint(w.inIxelles), fmt.Sprint(nl)}}
	if res := w.ixl.postForm("/staff/bulk", form); res.Code != http.StatusSeeOther || !strings.HasSuffix(res.Header().Get("Location"), "done=2%2F2") {
		t.Fatalf("bulk: %d %s", res.Code, res.Header().Get("Location"))
	}
	last := func(id int64) string {
		events, _ := w.store.Events(context.Background(), id, false)
		return events[len(events)-1].Note
	}
	if got := last(w.inIxelles); got != "Merci, c'est noté." {
		t.Errorf("French report got %q", got)
	}
	if got := last(nl); got != "Bedankt, genoteerd." {
		t.Errorf("Dutch report got %q", got)
	}
	form.Set("status", "in_progress")
	form.Set("note", "Typed by hand.")
	w.ixl.postForm("/staff/bulk", form)
	if got := last(nl); got != "Typed by hand." {
		t.Errorf("a typed note lost to the template: %q", got)
	}
	form.Set("note", "")
	form.Set("template", "99")
	if res := w.ixl.postForm("/staff/bulk", form); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown template: %d", res.Code)
	}
	if r, _ := w.store.Report(context.Background(), nl); r.Status != "in_progress" {
		t.Errorf("status %s", r.Status)
	}
}

// "Select all on the page" ticks every report, above the list, and a bulk
// change with a template reaches them all; at tablet and desktop sizes.
func TestBulkSelectAllInBrowser(t *testing.T) {
	for _, size := range []viewport{tabletSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			w := newAssignWorld(t)
			for i := 0; i < 3; i++ {
				w.newReport("sidewalk", ixelles, fmt.Sprintf("Stone %d", i), "Un pavé.", "fr")
			}
			if r := w.admin.postForm("/staff/templates", url.Values{"name": {"Seen"}, "status": {"acknowledged"},
				"text_fr": {"Merci, c'est noté."}, "text_nl": {"Bedankt."}, "text_en": {"Thanks."}}); r.Code != 303 {
				t.Fatal(r.Code)
			}
			b := browse(t, w.testServer, size)
			b.signInStaff("agent@ixelles.example")
			b.open("/staff?lang=en")
			b.wait(`!document.getElementById("select-all").hidden`, "the select-all box")
			// The panel comes before the list.
			if !evalJS[bool](b, `document.querySelector("fieldset.panel").compareDocumentPosition(document.querySelector("#bulk table")) === Node.DOCUMENT_POSITION_FOLLOWING`) {
				t.Errorf("the bulk panel is not above the list")
			}
			b.do(chromedp.Click(chromedp.CSS(`#select-all`)))
			if n := evalJS[int](b, `document.querySelectorAll("input[name=ids]:checked").length`); n != 4 {
				t.Errorf("%d reports ticked, want 4", n)
			}
			b.do(chromedp.SetValue(chromedp.CSS(`#b-status`), "acknowledged"), chromedp.SetValue(chromedp.CSS(`#b-template`), "1"))
			b.shot("bulk_1_selected_" + size.name)
			b.do(chromedp.Click(chromedp.CSS(`button[value=status]`)))
			b.wait(`document.querySelector(".flash") !== null && document.querySelector(".flash").textContent.includes("4/4")`, "the bulk result")
			b.shot("bulk_2_done_" + size.name)
			page, _ := w.store.Queue(context.Background(), db.QueueQuery{Status: "acknowledged"})
			if page.Total != 4 {
				t.Errorf("%d acknowledged, want 4", page.Total)
			}
		})
	}
}
