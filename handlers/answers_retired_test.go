package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"streetfix/city"
	"streetfix/db"
)

// Issue 16: answers stored under codes the category no longer asks (an
// admin removed a question or renamed its code) stay on the staff report
// page, under their stored code and marked as no longer asked, escaped;
// no public output shows them, since a removed question may have been
// private.
func TestAnswersOfQuestionsNoLongerAsked(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	ctx := context.Background()
	const plate = "1-QXZ-987 <b>rear</b>"
	w := s.postJSON("/api/v1/reports", map[string]any{"category": "abandoned_vehicle", "lat": 50.8467, "lon": 4.3525,
		"title": "Car left for weeks", "email": "owner@example.org",
		"answers": map[string]any{"plate": plate, "vehicle_type": "car"}})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	id := decode[createdBody](t, w).Report.ID
	runWorker(t, svc)

	// The admin drops the private question and renames vehicle_type.
	cat, _ := s.store.Catalog().Category("abandoned_vehicle")
	var qs []city.Question
	for _, q := range cat.Questions {
		switch q.Code {
		case "plate":
			continue
		case "vehicle_type":
			q.Code = "vehicle_kind"
		}
		qs = append(qs, q)
	}
	edit := db.CategoryEdit{Code: cat.Code, Theme: cat.Theme, Name: cat.Name, Owner: cat.Owner, Questions: qs, Active: true, Notice: cat.Notice}
	if err := s.store.SaveCategory(ctx, edit, db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.store.Catalog().Category("abandoned_vehicle"); slices.ContainsFunc(c.Questions, func(q city.Question) bool { return q.Code == "plate" }) {
		t.Fatalf("the catalog still asks for the plate")
	}

	var view struct {
		Answers      map[string]any    `json:"answers"`
		AnswerLabels []json.RawMessage `json:"answer_labels"`
	}
	w = s.do("GET", "/api/v1/reports/"+itoa(id), nil)
	if err := json.Unmarshal(w.Body.Bytes(), &view); err != nil {
		t.Fatal(err)
	}
	if len(view.Answers) != 0 || len(view.AnswerLabels) != 0 {
		t.Errorf("the API shows answers to questions no longer asked: %s", w.Body)
	}
	for _, path := range []string{
		"/api/v1/reports/" + itoa(id), "/reports/" + itoa(id), "/feeds/reports.atom", "/feeds/reports.geojson",
		"/reports/" + itoa(id) + "/feed.atom", "/open311/v2/requests.json?extensions=true", "/open311/v2/requests/" + itoa(id) + ".xml?extensions=true",
		"/stats/reports.csv", "/stats/reports.geojson", "/api/v1/reports", "/reports?area=21004",
	} {
		body := s.do("GET", path, nil).Body.String()
		if strings.Contains(body, "1-QXZ-987") || strings.Contains(body, "vehicle_type") {
			t.Errorf("%s shows an answer to a question no longer asked", path)
		}
	}

	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	for lang, note := range map[string]string{"en": "question no longer asked", "fr": "question plus posée", "nl": "vraag niet meer gesteld"} {
		page := b.get("/staff/reports/" + itoa(id) + "?lang=" + lang).Body.String()
		for _, want := range []string{
			"<code>plate</code>", "1-QXZ-987 &lt;b&gt;rear&lt;/b&gt;", "<code>vehicle_type</code>", "<span class=\"pre-line\">car</span>", note,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the staff page (%s) lacks %q", lang, want)
			}
		}
		if strings.Contains(page, "<b>rear</b>") {
			t.Errorf("the staff page (%s) shows a stored answer unescaped", lang)
		}
	}

	// A moderator can empty such an answer (a phone number typed into a
	// question since removed), not change it: nothing says any more what
	// it may hold.
	page := b.get("/staff/reports/" + itoa(id) + "?lang=en").Body.String()
	if !strings.Contains(page, `<label for="a-plate"><code>plate</code> (question no longer asked: it can only be emptied)</label>`) ||
		!strings.Contains(page, `name="answer.plate" type="text" value="1-QXZ-987 &lt;b&gt;rear&lt;/b&gt;"`) {
		t.Errorf("the answers form does not offer the plate, stored under a code no longer asked")
	}
	if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"answers":{"vehicle_type":"bike"}}`); w.Code != http.StatusUnprocessableEntity ||
		decode[errorBody](t, w).Error.Code != "question_no_longer_asked" {
		t.Errorf("changing an answer to a question no longer asked: %d %s", w.Code, w.Body)
	}
	w = b.postForm("/staff/reports/"+itoa(id)+"?lang=fr", url.Values{"action": {"answers"}, "answer.vehicle_type": {"bike"}})
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "La question vehicle_type n’est plus posée") {
		t.Errorf("the form changing an answer to a question no longer asked: %d %.300s", w.Code, w.Body)
	}
	if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"answers":{"colour":null}}`); w.Code != http.StatusUnprocessableEntity ||
		decode[errorBody](t, w).Error.Code != "unknown_question" {
		t.Errorf("emptying an answer never given: %d %s", w.Code, w.Body)
	}
	if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"answers":{"plate":null}}`); w.Code != http.StatusOK {
		t.Errorf("emptying an answer to a question no longer asked: %d %s", w.Code, w.Body)
	}
	if w := b.postForm("/staff/reports/"+itoa(id), url.Values{"action": {"answers"}, "answer.vehicle_type": {""}}); w.Code != http.StatusSeeOther {
		t.Errorf("the form emptying an answer to a question no longer asked: %d %.300s", w.Code, w.Body)
	}
	if r, err := s.store.Report(ctx, id); err != nil || r.Answers != `{}` {
		t.Errorf("answers once emptied: %q %v", r.Answers, err)
	}
	mods, err := s.store.ModerationHistory(ctx, id)
	if err != nil || len(mods) != 2 {
		t.Fatalf("moderation history: %+v %v", mods, err)
	}
	for _, m := range mods {
		var original string
		json.Unmarshal([]byte(m.Original), &original)
		if want := map[string]string{"answer:plate": plate, "answer:vehicle_type": "car"}[m.Field]; original != want || m.Replaced != "" {
			t.Errorf("moderation history: %+v", m)
		}
	}
}

// Saving a category whose change removes or renames a question code that
// reports answered succeeds, and the admin page says how many reports keep
// answers under the old code (counted again when the page is shown, so a
// made-up link says nothing false).
func TestAdminQuestionRemovalSaysAnswersKept(t *testing.T) {
	s := newTestServer(t)
	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	first := s.createReport(grandPlace()) // answers surface=roadway
	second := grandPlace()
	second["lat"], second["title"] = 50.8470, "Another pothole"
	s.createReport(second)

	f := potholeForm(t, s)
	for k := range f { // no new question
		if strings.HasPrefix(k, "q.2.") {
			f.Del(k)
		}
	}
	f.Set("q.0.code", "road_surface") // renamed
	f.Set("q.1.remove", "1")          // size_cm, which no report answered
	w := b.postForm("/staff/admin/categories", f)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", w.Code, findAlert(w.Body.String()))
	}
	if got := strings.Join(questionCodes(s, "pothole"), ","); got != "road_surface" {
		t.Fatalf("questions after saving: %s", got)
	}
	loc := w.Header().Get("Location")
	if !strings.HasSuffix(loc, "#cat-pothole") {
		t.Errorf("redirect to %s", loc)
	}
	path, _, _ := strings.Cut(loc, "#")
	for lang, want := range map[string]string{
		"en": "2 reports keep answers under code surface; staff still see them.",
		"fr": "2 signalements gardent des réponses sous le code surface ; le personnel les voit toujours.",
		"nl": "2 meldingen behouden antwoorden onder code surface; het personeel ziet ze nog.",
	} {
		page := b.get(path + "&lang=" + lang).Body.String()
		if !strings.Contains(page, want) {
			t.Errorf("the admin page (%s) does not say %q", lang, want)
		}
		if strings.Contains(page, "size_cm;") || strings.Contains(page, "size_cm ;") {
			t.Errorf("the admin page (%s) speaks of size_cm, which no report answered", lang)
		}
	}
	// A link naming a code the category asks says nothing.
	if page := b.get("/staff/admin?done=category_saved&retired=pothole&codes=road_surface,nope&lang=en").Body.String(); strings.Contains(page, "keep answers") || strings.Contains(page, "keeps answers") {
		t.Error("the admin page speaks of answers kept under a current or unanswered code")
	}
	// Staff still see the answer under its old code.
	if page := b.get("/staff/reports/" + itoa(first) + "?lang=en").Body.String(); !strings.Contains(page, "<code>surface</code>") || !strings.Contains(page, "roadway") {
		t.Error("the staff page lost the answer under the old code")
	}
}
