package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/handlers"
)

// The admin controls for answers, in Chromium: a moderator edits a public
// answer that holds a phone number on the staff report page (the original
// stays in the moderation history, which admins see), and the public page
// shows the new value only; then an admin marks the question private with
// the category's checkbox on the admin page, and the public page no longer
// shows the answer at all while the staff page marks it private. At a
// phone's and a desktop's size, with screenshots.
func TestAnswerModerationBrowser(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.TileURL = "" })
	const phone = "appeler Jules au 0470 55 66 77"
	w := s.postJSON("/api/v1/reports", map[string]any{"category": "streetlight_out", "lat": 50.8467, "lon": 4.3525,
		"title": "Lampadaire éteint", "answers": map[string]any{"pole_number": phone, "lights_out": 2}})
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	id := itoa(decode[createdBody](t, w).Report.ID)
	s.addUser("admin@example.org", "admin")
	b := browse(t, s, phoneSize)
	shows := func(text string) bool {
		return evalJS[bool](b, `[...document.querySelectorAll('dd.answer')].some(d => d.innerText.includes('`+text+`'))`)
	}
	b.open("/reports/" + id + "?lang=fr")
	b.wait(`document.querySelectorAll('dd.answer').length > 0`, "no answers on the report page")
	if !shows("0470 55 66 77") {
		t.Fatal("before moderation the public answer is not on the report page: the check cannot fail")
	}
	b.open("/staff/login")
	b.do(chromedp.SendKeys(`#email`, "admin@example.org"), chromedp.SendKeys(`#password`, testPassword), chromedp.Click(`form button[type=submit]`))
	b.wait(`location.pathname === '/staff' && document.readyState === 'complete'`, "no queue after signing in")

	// A moderator edits the answer; the original is kept for admins.
	b.open("/staff/reports/" + id + "?lang=fr")
	b.wait(`document.getElementById('a-pole_number') !== null`, "no answers form on the staff page")
	b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById('a-pole_number').value = ''`), chromedp.SendKeys(`#a-pole_number`, "L-1234"), chromedp.Click(`#answers-form button[value=answers]`))
	b.wait(`location.search.includes('done=answers') && document.readyState === 'complete'`, "the answers form did not save")
	if !evalJS[bool](b, `[...document.querySelectorAll('table td')].some(td => td.innerText.includes('0470 55 66 77')) && document.getElementById('a-pole_number').value === 'L-1234'`) {
		t.Error("the staff page does not keep the original answer in the moderation history")
	}
	b.do(chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('table td')].find(td => td.innerText.includes('0470 55 66 77')).scrollIntoView()`))
	b.shot("answers_moderated_staff_phone")
	for _, size := range []viewport{phoneSize, desktopSize} {
		b.do(chromedp.EmulateViewport(size.w, size.h))
		b.open("/reports/" + id + "?lang=fr")
		b.wait(`document.querySelectorAll('dd.answer').length > 0`, "no answers on the report page")
		if !shows("L-1234") || strings.Contains(evalJS[string](b, `document.body.innerText`), "0470") {
			t.Errorf("the report page after the edit, at %s size: %q", size.name, evalJS[string](b, `document.querySelector('dl.answers, .answers, main').innerText`))
		}
		b.shot("answers_moderated_public_" + size.name)
	}

	// An admin makes the question private on the admin page, with the
	// question's own box in the category's editor.
	const (
		form = `#cat-streetlight_out`
		box  = form + ` input[name="q.0.private"]`
	)
	b.do(chromedp.EmulateViewport(desktopSize.w, desktopSize.h))
	b.open("/staff/admin?lang=fr#categories")
	b.do(chromedp.Click(chromedp.CSS(form + ` > summary`)))
	b.wait(`document.querySelector('`+box+`').offsetParent !== null`, "the private box is not visible")
	if code := evalJS[string](b, `document.getElementById('qf-streetlight_out-0-code').value`); code != "pole_number" {
		t.Fatalf("the first question of streetlight_out is %q, want pole_number", code)
	}
	b.do(chromedp.ScrollIntoView(chromedp.CSS(box)))
	b.shot("answers_admin_private_desktop")
	b.do(chromedp.EmulateViewport(phoneSize.w, phoneSize.h), chromedp.ScrollIntoView(chromedp.CSS(box)), chromedp.Click(chromedp.CSS(box)))
	b.shot("answers_admin_private_phone")
	b.do(chromedp.Click(chromedp.CSS(`#c-save-streetlight_out`)))
	b.wait(`location.search.includes('done=') && document.readyState === 'complete'`, "the category did not save")
	if !evalJS[bool](b, `document.querySelector('`+box+`').checked`) {
		t.Error("after saving, the box is not checked")
	}
	for _, size := range []viewport{phoneSize, desktopSize} {
		b.do(chromedp.EmulateViewport(size.w, size.h))
		b.open("/reports/" + id + "?lang=fr")
		b.wait(`document.querySelectorAll('dd.answer').length > 0`, "no answers on the report page")
		if shows("L-1234") || !shows("2") {
			t.Errorf("the report page shows the private answer, or lost the public one, at %s size", size.name)
		}
		b.shot("answers_private_public_" + size.name)
	}
	if api := evalJS[string](b, `fetch('/api/v1/reports/`+id+`').then(r => r.text())`); strings.Contains(api, "L-1234") || strings.Contains(api, "0470") {
		t.Errorf("the API shows the private answer: %s", api)
	}
	b.open("/staff/reports/" + id + "?lang=en")
	b.wait(`document.getElementById('a-pole_number') !== null`, "no answers form on the staff page")
	if !evalJS[bool](b, `document.querySelector('label[for=a-pole_number]').innerText.includes('private')`) {
		t.Error("the staff page does not mark the answer private")
	}
}
