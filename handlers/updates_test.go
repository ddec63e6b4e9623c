package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/notify"
)

type historyEvent struct {
	Kind, Actor, To, Note string
}

type reportWithHistory struct {
	Status  string
	History []historyEvent
	Photos  []struct {
		URL string `json:"url"`
	}
}

// The reporter adds updates to their open report under the manage token:
// text and up to three photos, public at once, told to the followers;
// bad input is refused with the field to fix and stores nothing; staff
// hide and edit updates like a report's text, the original kept.
func TestReporterUpdates(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	ctx := context.Background()
	id, token := createWithReporter(t, s)
	other, otherToken := createWithReporter(t, s)
	sub, err := svc.Subscribe(ctx, notify.SubscribeRequest{Email: "buur@example.org", Kind: db.SubReport, ReportID: id, Locale: "nl"}, "nl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.ConfirmSubscription(ctx, sub.ID, s.store.Now(), s.store.Now()); err != nil {
		t.Fatal(err)
	}
	runWorker(t, svc)
	path := fmt.Sprintf("/api/v1/reports/%d/updates", id)
	get := func(id int64) reportWithHistory {
		return decode[reportWithHistory](t, s.do("GET", fmt.Sprintf("/api/v1/reports/%d", id), nil))
	}
	before := get(id)
	jpeg, err := os.ReadFile(testJPEG(t))
	if err != nil {
		t.Fatal(err)
	}
	multi := func(fields map[string]string, photos ...[]byte) (int, errorBody) {
		body, ct := multipartBody(t, fields, photos...)
		w := s.do("POST", path, body, "Content-Type", ct)
		return w.Code, decode[errorBody](t, w)
	}
	for _, tc := range []struct {
		name, body, ct string
		code           int
		err            string
	}{
		{"wrong token", `{"token":"nope","text":"x"}`, "application/json", 403, "invalid_token"},
		{"another report's token", `{"token":"` + otherToken + `","text":"x"}`, "application/json", 403, "invalid_token"},
		{"empty text", `{"token":"` + token + `","text":"  "}`, "application/json", 422, "missing_field"},
		{"control characters", `{"token":"` + token + `","text":"a\u0000b"}`, "application/json", 422, "invalid_characters"},
		{"too long", `{"token":"` + token + `","text":"` + strings.Repeat("é", 5001) + `"}`, "application/json", 422, "too_long"},
		{"unknown field", `{"token":"` + token + `","text":"x","status":"fixed"}`, "application/json", 400, "unknown_field"},
		{"not JSON", `token=x`, "application/x-www-form-urlencoded", 415, "unsupported_media_type"},
		{"broken JSON", `{"token":`, "application/json", 400, "invalid_json"},
	} {
		w := s.do("POST", path, strings.NewReader(tc.body), "Content-Type", tc.ct)
		if w.Code != tc.code || decode[errorBody](t, w).Error.Code != tc.err {
			t.Errorf("%s: %d %s, want %d %s", tc.name, w.Code, w.Body, tc.code, tc.err)
		}
	}
	if code, e := multi(map[string]string{"token": token, "text": "x"}, jpeg, jpeg, jpeg, jpeg); code != 422 || e.Error.Code != "too_many_photos" {
		t.Errorf("four photos: %d %+v", code, e)
	}
	if code, e := multi(map[string]string{"token": token, "text": "x"}, []byte("<svg onload=alert(1)>")); code != 415 && code != 422 {
		t.Errorf("a file that is no photo: %d %+v", code, e)
	}
	if code, e := multi(map[string]string{"token": token, "text": "x", "title": "y"}); code != 400 || e.Error.Field != "title" {
		t.Errorf("unknown form field: %d %+v", code, e)
	}
	if w := s.postJSON("/api/v1/reports/999/updates", map[string]string{"token": token, "text": "x"}); w.Code != 404 {
		t.Errorf("unknown report: %d", w.Code)
	}
	if after := get(id); len(after.History) != len(before.History) || len(after.Photos) != len(before.Photos) {
		t.Fatalf("refused updates changed the report: %d events, %d photos", len(after.History), len(after.Photos))
	}

	// JSON, then a form with two photos: both public at once.
	if w := s.postJSON(path, map[string]string{"token": token, "text": "Plus profond <b>aujourd'hui</b>."}); w.Code != 201 {
		t.Fatalf("update: %d %s", w.Code, w.Body)
	}
	body, ct := multipartBody(t, map[string]string{"token": token, "text": "Photos du trou."}, jpeg, jpeg)
	if w := s.do("POST", path, body, "Content-Type", ct); w.Code != 201 {
		t.Fatalf("update with photos: %d %s", w.Code, w.Body)
	}
	after := get(id)
	n := len(after.History)
	if n != len(before.History)+2 || after.History[n-1].Note != "Photos du trou." || after.History[n-1].Actor != "reporter" ||
		len(after.Photos) != len(before.Photos)+2 {
		t.Fatalf("after two updates: %+v, %d photos", after.History, len(after.Photos))
	}
	newPhoto := after.Photos[len(after.Photos)-1].URL
	if s.do("GET", newPhoto, nil).Code != 200 {
		t.Fatalf("the update's photo %s is not served", newPhoto)
	}
	if page := s.do("GET", fmt.Sprintf("/reports/%d", id), nil).Body.String(); !strings.Contains(page, "Plus profond &lt;b&gt;aujourd&#39;hui&lt;/b&gt;.") {
		t.Error("the report page lacks the update, escaped")
	}
	runWorker(t, svc)
	told := 0
	for _, m := range reporterMail(t, s, "buur@example.org") {
		if m.Event == db.OutboxNote && strings.Contains(m.Text, "Photos du trou.") {
			told++
		}
	}
	if told != 1 {
		t.Errorf("the follower got %d emails about the photo update, want 1", told)
	}
	for _, m := range reporterMail(t, s, "camille@example.org") {
		if m.Event == db.OutboxNote {
			t.Errorf("the reporter was emailed about their own update")
		}
	}
	if w := s.postJSON(fmt.Sprintf("/api/v1/reports/%d/updates", other), map[string]string{"token": token, "text": "x"}); w.Code != 403 {
		t.Errorf("a token on another report: %d", w.Code)
	}

	// Staff hide the update (its photo goes too), show it, edit its text.
	s.addUser("admin@example.org", "admin")
	s.addUser("ixelles@example.org", "staff", "commune-21009")
	admin := s.signIn("admin@example.org")
	public := func(note string) bool {
		for _, e := range get(id).History {
			if e.Note == note {
				return true
			}
		}
		return false
	}
	staffPage := admin.get(fmt.Sprintf("/staff/reports/%d", id)).Body.String()
	ev := regexp1(`<li id="update-(\d+)"><time>[^<]*</time> — [^<]*<span class="muted">\(auteur du signalement\)</span><br>Photos du trou\.`, staffPage)
	if ev == "" {
		t.Fatalf("the staff page does not offer to moderate the update:\n%.3000s", staffPage)
	}
	act := func(b *browserSession, action string, extra url.Values) int {
		form := url.Values{"action": {action}, "event": {ev}}
		for k, v := range extra {
			form[k] = v
		}
		return b.postForm(fmt.Sprintf("/staff/reports/%d", id), form).Code
	}
	if code := act(s.signIn("ixelles@example.org"), "hide_update", nil); code != 403 {
		t.Errorf("staff of another body hiding the update: %d, want 403", code)
	}
	if code := act(admin, "hide_update", nil); code != 303 {
		t.Fatalf("hide update: %d", code)
	}
	if public("Photos du trou.") || s.do("GET", newPhoto, nil).Code != 404 {
		t.Error("the hidden update or its photo is still public")
	}
	if code := act(admin, "show_update", nil); code != 303 || !public("Photos du trou.") || s.do("GET", newPhoto, nil).Code != 200 {
		t.Errorf("show update: %d, public %v, photo %d", code, public("Photos du trou."), s.do("GET", newPhoto, nil).Code)
	}
	if code := act(admin, "edit_update", url.Values{"text": {"Photos du nid-de-poule."}}); code != 303 {
		t.Fatalf("edit update: %d", code)
	}
	if h := get(id).History; h[len(h)-1].Note != "Photos du nid-de-poule." {
		t.Errorf("after the edit: %+v", h[len(h)-1])
	}
	mh, err := s.store.ModerationHistory(ctx, id)
	if err != nil || len(mh) != 1 || mh[0].Original != "Photos du trou." || mh[0].Field != "update:"+ev {
		t.Errorf("moderation history: %+v %v", mh, err)
	}
	if code := act(admin, "edit_update", url.Values{"event": {"1"}, "text": {"x"}}); code != 422 {
		t.Errorf("editing an event that is no update: %d, want 422", code)
	}

	// A fixed report takes no update until reopened.
	if w := s.postJSON(fmt.Sprintf("/api/v1/reports/%d/reporter-actions", id), map[string]string{"token": token, "action": "fixed"}); w.Code != 200 {
		t.Fatal(w.Body)
	}
	if w := s.postJSON(path, map[string]string{"token": token, "text": "Encore."}); w.Code != 409 || decode[errorBody](t, w).Error.Code != "report_not_open" {
		t.Errorf("update of a fixed report: %d %s", w.Code, w.Body)
	}
}

func regexp1(pattern, s string) string {
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}
