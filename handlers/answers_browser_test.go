package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/handlers"
)

// Answers in Chromium: the report page shows the public answer in words
// and not the private one, at a phone's and a desktop's size; a moderator
// on a phone blanks the private answer with the staff page's form.
func TestAnswersBrowser(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" })
	const plate = "1-QXZ-987"
	w := s.postJSON("/api/v1/reports", map[string]any{"category": "abandoned_vehicle", "lat": 50.8467, "lon": 4.3525,
		"title": "Voiture ventouse", "answers": map[string]any{"plate": plate, "vehicle_type": "car"}})
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	id := itoa(decode[createdBody](t, w).Report.ID)
	s.addUser("admin@example.org", "admin")
	b := browse(t, s, phoneSize)
	for _, size := range []viewport{phoneSize, desktopSize} {
		b.do(chromedp.EmulateViewport(size.w, size.h))
		b.open("/reports/" + id + "?lang=fr")
		b.wait(`[...document.querySelectorAll('dd.answer')].some(d => d.innerText === 'Voiture')`, "the public answer is not on the page")
		if evalJS[bool](b, `document.body.innerText.includes('`+plate+`')`) {
			t.Errorf("the report page shows the private answer at %s size", size.name)
		}
		b.shot("answers_report_" + size.name)
	}
	b.do(chromedp.EmulateViewport(phoneSize.w, phoneSize.h))
	b.open("/staff/login")
	b.do(chromedp.SendKeys(`#email`, "admin@example.org"), chromedp.SendKeys(`#password`, testPassword), chromedp.Click(`form button[type=submit]`))
	b.wait(`location.pathname === '/staff' && document.readyState === 'complete'`, "no queue after signing in")
	b.open("/staff/reports/" + id + "?lang=en")
	b.wait(`document.getElementById('a-plate') !== null`, "no answers form on the staff page")
	if !evalJS[bool](b, `document.body.innerText.includes('private: staff only') && document.getElementById('a-plate').value === '`+plate+`'`) {
		t.Error("the staff page does not show the private answer, marked")
	}
	b.shot("answers_staff_phone")
	b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById('a-plate').value = ''`), chromedp.Click(`#answers-form button[value=answers]`))
	b.wait(`location.search.includes('done=answers')`, "the answers form did not save")
	r, err := s.store.Report(context.Background(), decode[createdBody](t, w).Report.ID)
	if err != nil || strings.Contains(r.Answers, plate) {
		t.Errorf("answers after blanking: %q %v", r.Answers, err)
	}
	b.shot("answers_staff_saved_phone")
}
