package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/handlers"
)

// An admin adds a list question to pothole with values in three languages
// (a third value added with the page's button), moves it to the top with
// the up button, and saves; the public report form then asks it, in French
// and in Dutch. At tablet and desktop sizes, with no console error.
func TestAdminQuestionsEditorInBrowser(t *testing.T) {
	for _, size := range []viewport{tabletSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" }) // no other host is reachable
			s.addUser("admin@example.org", "admin")
			b := browse(t, s, size)
			b.signInStaff("admin@example.org")
			b.open("/staff/admin?lang=en#cat-pothole")
			b.wait(`document.querySelector("#cat-pothole [data-add-question]") !== null && !document.querySelector("#cat-pothole [data-add-question]").hidden`, "the question editor")
			b.do(chromedp.Click(chromedp.CSS(`#cat-pothole > summary`)))
			set := func(id, v string) { b.do(chromedp.SendKeys(chromedp.CSS("#qf-pothole-"+id), v)) }
			set("2-code", "lighting")
			set("2-fr", "Quand le voyez-vous ?")
			set("2-nl", "Wanneer ziet u het?")
			set("2-en", "When do you see it?")
			for j, v := range [][4]string{{"day", "De jour", "Overdag", "By day"}, {"night", "La nuit", "'s Nachts", "At night"},
				{"dawn", "À l’aube", "Bij dageraad", "At dawn"}, {"dusk", "Au crépuscule", "Bij schemering", "At dusk"}} {
				if j == 3 { // the block has three empty rows; the button adds a fourth
					b.do(chromedp.Click(chromedp.CSS(`#cat-pothole .question-new [data-add-value]`)))
				}
				p := "2-v" + itoa(int64(j)) + "-"
				set(p+"key", v[0])
				set(p+"fr", v[1])
				set(p+"nl", v[2])
				set(p+"en", v[3])
			}
			b.do(chromedp.Click(chromedp.CSS(`#cat-pothole input[name="q.2.required"]`)))
			b.shot("admin_questions_1_filled_" + size.name)
			for range 2 {
				b.do(chromedp.Click(chromedp.CSS(`#cat-pothole .question-new [data-move=up]`)))
			}
			if got := evalJS[string](b, `[...document.querySelectorAll("#cat-pothole [data-question]")].map(q => q.querySelector("input[name$='.code']").value + "=" + q.querySelector("[data-order]").value).join(",")`); got != "lighting=1,surface=2,size_cm=3" {
				t.Errorf("after moving up twice: %s", got)
			}
			b.shot("admin_questions_2_moved_" + size.name)
			b.do(chromedp.Click(chromedp.CSS(`#c-save-pothole`)))
			b.wait(`location.search.includes("done=category_saved")`, "the saved category")
			cat, _ := s.store.Catalog().Category("pothole")
			if len(cat.Questions) != 3 || cat.Questions[0].Code != "lighting" || len(cat.Questions[0].Values) != 4 || cat.Questions[0].Values[3].Name.NL != "Bij schemering" || !cat.Questions[0].Required {
				t.Fatalf("saved questions %+v", cat.Questions)
			}
			b.do(chromedp.Click(chromedp.CSS(`#cat-pothole > summary`)))
			b.shot("admin_questions_3_saved_" + size.name)
			for _, l := range []struct{ lang, question, value string }{{"fr", "Quand le voyez-vous ?", "Au crépuscule"}, {"nl", "Wanneer ziet u het?", "Bij schemering"}} {
				b.open("/report?lang=" + l.lang)
				b.wait(`document.querySelector('#report-form.enhanced') !== null`, "the report form")
				b.do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('category'); s.value = 'pothole'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
				b.wait(`document.querySelector('input[name="answers[lighting]"]') !== null`, "the new question on the report form")
				text := evalJS[string](b, `document.querySelector('input[name="answers[lighting]"]').closest('fieldset').textContent`)
				if !strings.Contains(text, l.question) || !strings.Contains(text, l.value) {
					t.Errorf("%s form: %q", l.lang, text)
				}
				if first := evalJS[string](b, `document.querySelector('[name^="answers["]').name`); first != "answers[lighting]" {
					t.Errorf("%s form asks %s first", l.lang, first)
				}
				b.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name="answers[lighting]"]').closest('fieldset').scrollIntoView()`))
				b.shot("admin_questions_4_form_" + l.lang + "_" + size.name)
			}
		})
	}
}

// An admin changes a body's Dutch name and its address in one form; the
// admin page and the notifications page show them.
func TestAdminBodyEditorInBrowser(t *testing.T) {
	for _, size := range []viewport{tabletSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b, _ := newNotifyBrowser(t, size) // with the notifications page
			s := b.s
			s.addUser("admin@example.org", "admin")
			b.signInStaff("admin@example.org")
			b.open("/staff/admin?lang=fr#body-commune-21009")
			b.wait(`document.querySelector("#b-email-commune-21009") !== null`, "the body's form")
			b.do(chromedp.SetValue(chromedp.CSS(`#b-nl-commune-21009`), "Gemeente Elsene"),
				chromedp.SetValue(chromedp.CSS(`#b-email-commune-21009`), "travaux@ixelles.example"),
				chromedp.SetValue(chromedp.CSS(`#b-langs-commune-21009`), "fr,nl"))
			b.shot("admin_body_1_filled_" + size.name)
			b.do(chromedp.Click(chromedp.CSS(`#body-commune-21009 button[type=submit]`)))
			b.wait(`location.search.includes("done=body_saved") && document.querySelector(".flash") !== null`, "the saved body")
			if got := evalJS[string](b, `document.querySelector("#b-email-commune-21009").value + "|" + document.querySelector("#b-nl-commune-21009").value`); got != "travaux@ixelles.example|Gemeente Elsene" {
				t.Errorf("the form shows %q", got)
			}
			if body, _ := s.store.Catalog().Body("commune-21009"); body.Name.NL != "Gemeente Elsene" || body.Email != "travaux@ixelles.example" {
				t.Errorf("stored %+v", body)
			}
			b.open("/staff/admin?lang=fr#body-commune-21009")
			b.wait(`document.querySelector("#b-email-commune-21009") !== null`, "the body's form")
			b.shot("admin_body_2_saved_" + size.name)
			b.open("/staff/notify?lang=fr#bodies")
			b.wait(`document.querySelector("#bodies + p + table").textContent.includes("travaux@ixelles.example")`, "the address on the notifications page")
			b.shot("admin_body_3_notify_" + size.name)
		})
	}
}
