package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/notify"
)

type exportBody struct {
	Report struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"report"`
	Reporter struct {
		Name           string `json:"name"`
		Email          string `json:"email"`
		Phone          string `json:"phone"`
		ShowName       bool   `json:"show_name"`
		ContactConsent bool   `json:"contact_consent"`
		ReportEmails   bool   `json:"report_emails"`
	} `json:"reporter"`
	Subscriptions []struct {
		Kind   string `json:"kind"`
		Status string `json:"status"`
	} `json:"subscriptions"`
	Messages []struct {
		Event   string `json:"event"`
		To      string `json:"to"`
		Subject string `json:"subject"`
		Text    string `json:"text"`
	} `json:"messages"`
}

// "Download my data": 403 for a wrong token, 404 for an unknown report,
// 400 for an unknown format; the JSON holds the report, the contact
// data, the consents, the subscriptions of the same address (whatever
// its case) and what was sent to them; format=html shows the same.
func TestManageExport(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	ctx := context.Background()
	in := grandPlace()
	in["name"], in["email"], in["phone"], in["contact_consent"] = "Camille Dupont", "Camille@Example.org", "+32 2 555 12 34", true
	w := s.postJSON("/api/v1/reports", in)
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	created := decode[createdBody](t, w)
	id, token := created.Report.ID, created.Token
	other := s.createReport(grandPlace())
	if w := s.postJSON("/api/v1/subscriptions", map[string]any{"email": "camille@example.org", "kind": "report", "report_id": other}); w.Code != http.StatusAccepted {
		t.Fatalf("subscribe: %d", w.Code)
	}
	if _, _, err := s.store.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: "acknowledged", Note: "Vu, merci.", Public: true, Actor: db.ActorStaff, At: s.store.Now()}); err != nil {
		t.Fatal(err)
	}
	runWorker(t, svc)
	path := "/reports/" + itoa(id) + "/manage/export"
	for _, c := range []struct {
		name, url string
		status    int
	}{
		{"wrong token", path + "?token=nope", 403},
		{"no token", path, 403},
		{"unknown report", "/reports/99999/manage/export?token=" + token, 404},
		{"unknown format", path + "?token=" + token + "&format=xml", 400},
		{"wrong token, page", path + "?token=nope&format=html", 403},
	} {
		if w := s.do("GET", c.url, nil); w.Code != c.status {
			t.Errorf("%s: %d, want %d", c.name, w.Code, c.status)
		}
	}
	w = s.do("GET", path+"?token="+token, nil)
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Disposition"), "attachment") ||
		w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("export: %d %v", w.Code, w.Header())
	}
	var x exportBody
	if err := json.Unmarshal(w.Body.Bytes(), &x); err != nil {
		t.Fatal(err)
	}
	if x.Report.ID != id || x.Reporter.Name != "Camille Dupont" || x.Reporter.Email != "Camille@Example.org" ||
		x.Reporter.Phone != "+32 2 555 12 34" || !x.Reporter.ContactConsent || x.Reporter.ShowName || !x.Reporter.ReportEmails {
		t.Errorf("report and reporter: %+v", x)
	}
	if len(x.Subscriptions) != 1 || x.Subscriptions[0].Kind != "report" || x.Subscriptions[0].Status != "pending" {
		t.Errorf("subscriptions: %+v", x.Subscriptions)
	}
	events := map[string]bool{}
	for _, m := range x.Messages {
		events[m.Event] = true
		if !strings.EqualFold(m.To, "camille@example.org") {
			t.Errorf("a message to someone else: %+v", m)
		}
	}
	if !events["subscription.confirm"] || !events["report.status_changed"] {
		t.Errorf("messages: %+v", x.Messages)
	}
	w = s.do("GET", path+"?token="+token+"&format=html", nil, "Accept-Language", "nl")
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, "Mijn gegevens") || !strings.Contains(body, "Camille@Example.org") ||
		!strings.Contains(body, "32 2 555 12 34") || !strings.Contains(body, "Vu, merci.") || !strings.Contains(body, "wacht op bevestiging") {
		t.Errorf("export page: %d %.3000s", w.Code, body)
	}
	// After erasure the download says so and holds nothing of them.
	if w := s.postJSON("/api/v1/reports/"+itoa(id)+"/reporter-actions", map[string]string{"token": token, "action": "erase"}); w.Code != http.StatusOK {
		t.Fatalf("erase: %d", w.Code)
	}
	w = s.do("GET", path+"?token="+token, nil)
	if strings.Contains(strings.ToLower(w.Body.String()), "camille") || !strings.Contains(w.Body.String(), `"erased_at"`) {
		t.Errorf("export after erasure: %s", w.Body)
	}
}

// /privacy states the configured periods in each language, and the pages
// link to it.
func TestPrivacyPage(t *testing.T) {
	s, _ := newNotifyServer(t, func(c *handlers.Config, _ *notify.Config) {
		c.Retention = db.DefaultRetention()
		c.Retention.Reporters = 200 * 24 * time.Hour
	})
	for lang, want := range map[string][]string{
		"fr": {"Vie privée et vos données", "jusqu’à 200 jours", "365 jours", "7 jours", "30 jours"},
		"nl": {"Privacy en uw gegevens", "tot 200 dagen", "365 dagen", "7 dagen", "30 dagen"},
		"en": {"Privacy and your data", "until 200 days", "365 days", "7 days", "30 days"},
	} {
		w := s.do("GET", "/privacy?lang="+lang, nil)
		for _, s := range want {
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), s) {
				t.Errorf("/privacy in %s: %d, no %q", lang, w.Code, s)
			}
		}
	}
	for _, p := range []string{"/", "/report", "/reports", "/alerts", "/stats"} {
		if w := s.do("GET", p, nil); !strings.Contains(w.Body.String(), `href="/privacy"`) {
			t.Errorf("%s does not link to /privacy (%d)", p, w.Code)
		}
	}
}
