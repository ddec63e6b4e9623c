package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"streetfix/db"
)

// Answers to a category's questions: a private one (an abandoned
// vehicle's plate) reaches no public output (the API, the report page,
// feeds, Open311, the public export, webhooks); public ones are shown as
// question and answer in the page's language; staff see every answer,
// private ones marked; moderators blank or edit answers with the original
// kept; erasure deletes private answers.
func TestAnswersPrivateAndModerated(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	ctx := context.Background()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.Copy(io.Discard, r.Body) }))
	defer hook.Close()
	if _, err := s.store.AddWebhook(ctx, db.Webhook{Name: "GIS", URL: hook.URL, Secret: "s", Active: true}, s.store.Now(), db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	const plate = "1-QXZ-987"
	w := s.postJSON("/api/v1/reports", map[string]any{"category": "abandoned_vehicle", "lat": 50.8467, "lon": 4.3525,
		"title": "Car left for weeks", "email": "owner@example.org", "answers": map[string]any{"plate": plate, "vehicle_type": "car"}})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), plate) {
		t.Errorf("the creation's answer shows the private answer: %s", w.Body)
	}
	created := decode[createdBody](t, w)
	id := created.Report.ID
	runWorker(t, svc)

	var view struct {
		Answers      map[string]any `json:"answers"`
		AnswerLabels []struct {
			Code, Question, Answer string
		} `json:"answer_labels"`
	}
	w = s.do("GET", "/api/v1/reports/"+itoa(id)+"?lang=fr", nil)
	if err := json.Unmarshal(w.Body.Bytes(), &view); err != nil {
		t.Fatal(err)
	}
	if len(view.Answers) != 1 || view.Answers["vehicle_type"] != "car" || len(view.AnswerLabels) != 1 ||
		view.AnswerLabels[0].Question != "Quel type de véhicule ?" || view.AnswerLabels[0].Answer != "Voiture" {
		t.Errorf("API answers: %s", w.Body)
	}
	w = s.do("GET", "/reports/"+itoa(id)+"?lang=nl", nil)
	if !strings.Contains(w.Body.String(), "Welk soort voertuig?") || !strings.Contains(w.Body.String(), "Auto") {
		t.Errorf("the report page does not show the public answer")
	}
	for _, path := range []string{
		"/api/v1/reports/" + itoa(id), "/reports/" + itoa(id), "/feeds/reports.atom", "/feeds/reports.geojson",
		"/reports/" + itoa(id) + "/feed.atom", "/open311/v2/requests.json?extensions=true", "/open311/v2/requests/" + itoa(id) + ".xml?extensions=true",
		"/stats/reports.csv", "/stats/reports.geojson", "/api/v1/reports", "/reports?area=21004",
	} {
		if w := s.do("GET", path, nil); strings.Contains(w.Body.String(), plate) {
			t.Errorf("%s (%d) shows the private answer", path, w.Code)
		}
	}
	ms, err := s.store.Messages(ctx, db.MessageQuery{Channel: db.ChannelWebhook})
	if err != nil || len(ms) == 0 {
		t.Fatalf("webhook messages: %d %v", len(ms), err)
	}
	for _, m := range ms {
		if strings.Contains(m.Payload, plate) {
			t.Errorf("a webhook payload shows the private answer")
		}
	}

	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	page := b.get("/staff/reports/" + itoa(id)).Body.String()
	if !strings.Contains(page, plate) || !strings.Contains(page, "private: staff only") && !strings.Contains(page, "privée") && !strings.Contains(page, "privé") {
		t.Errorf("the staff page does not show the private answer, marked")
	}
	// Blank the plate through the API, then change the vehicle through the form.
	if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"answers":{"plate":null}}`); w.Code != http.StatusOK {
		t.Fatalf("blank an answer: %d %s", w.Code, w.Body)
	}
	if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"answers":{"vehicle_type":"tank"}}`); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("an answer outside the list: %d %s", w.Code, w.Body)
	}
	if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"answers":{"colour":"red"}}`); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("an unknown question: %d %s", w.Code, w.Body)
	}
	w = b.postForm("/staff/reports/"+itoa(id), url.Values{"action": {"answers"}, "answer.vehicle_type": {"bike"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("answers form: %d %s", w.Code, w.Body)
	}
	r, err := s.store.Report(ctx, id)
	if err != nil || r.Answers != `{"vehicle_type":"bike"}` {
		t.Errorf("answers after moderation: %q %v", r.Answers, err)
	}
	mods, err := s.store.ModerationHistory(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]string{}
	for _, m := range mods {
		kept[m.Field] = m.Original
	}
	if kept["answer:plate"] != `"`+plate+`"` || kept["answer:vehicle_type"] != `"car"` {
		t.Errorf("moderation history: %+v", mods)
	}
	audit, _ := s.store.AuditLog(ctx, db.AuditQuery{ReportID: id, Action: "moderate_answer"})
	for _, e := range audit {
		if strings.Contains(e.BeforeRaw+e.AfterRaw, plate) {
			t.Errorf("the audit log holds the blanked answer: %+v", e)
		}
	}
	if len(audit) != 2 {
		t.Errorf("%d moderate_answer audit entries, want 2", len(audit))
	}

	// Erasure deletes the private answers and the moderation originals.
	w = s.postJSON("/api/v1/reports", map[string]any{"category": "abandoned_vehicle", "lat": 50.8467, "lon": 4.3525,
		"title": "Another car", "email": "other@example.org", "answers": map[string]any{"plate": plate, "vehicle_type": "car"}})
	c2 := decode[createdBody](t, w)
	if w := s.postJSON("/api/v1/reports/"+itoa(c2.Report.ID)+"/reporter-actions", map[string]string{"token": c2.Token, "action": "erase"}); w.Code != http.StatusOK {
		t.Fatalf("erase: %d", w.Code)
	}
	if r, _ := s.store.Report(ctx, c2.Report.ID); r.Answers != `{"vehicle_type":"car"}` {
		t.Errorf("answers after erasure: %s", r.Answers)
	}
	if w := s.postJSON("/api/v1/reports/"+itoa(id)+"/reporter-actions", map[string]string{"token": created.Token, "action": "erase"}); w.Code != http.StatusOK {
		t.Fatalf("erase: %d", w.Code)
	}
	mods, _ = s.store.ModerationHistory(ctx, id)
	for _, m := range mods {
		if m.Original != db.Erased {
			t.Errorf("moderation original after erasure: %+v", m)
		}
	}
}
