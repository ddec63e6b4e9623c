package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/notify"
)

// newNotifyServer is newTestServer with notifications (no SMTP server:
// emails are logged and kept, which is what these tests read).
func newNotifyServer(t *testing.T, tweak func(*handlers.Config, *notify.Config)) (*testServer, *notify.Service) {
	t.Helper()
	var svc *notify.Service
	s := buildTestServer(t, func(store *db.Store, cfg *handlers.Config) {
		ncfg := notify.DefaultConfig()
		ncfg.BaseURL = "http://example.com"
		ncfg.MaxAttempts = 1
		ncfg.WebhookAllowHosts = []string{"127.0.0.1"} // the test endpoints
		if tweak != nil {
			tweak(cfg, &ncfg)
		}
		key, err := store.Secret(context.Background(), notify.SecretName)
		if err != nil {
			t.Fatal(err)
		}
		if svc, err = notify.New(store, ncfg, key, quietLogger()); err != nil {
			t.Fatal(err)
		}
		cfg.Notify = svc
	})
	return s, svc
}

func runWorker(t *testing.T, svc *notify.Service) {
	t.Helper()
	if err := svc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (s *testServer) postNotifyForm(path string, form url.Values, header ...string) *httptest.ResponseRecorder {
	return s.do(http.MethodPost, path, strings.NewReader(form.Encode()),
		append([]string{"Content-Type", "application/x-www-form-urlencoded", "Origin", "http://example.com"}, header...)...)
}

func (s *testServer) createReport(body map[string]any) int64 {
	s.t.Helper()
	w := s.postJSON("/api/v1/reports", body)
	if w.Code != http.StatusCreated {
		s.t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	return decode[createdBody](s.t, w).Report.ID
}

var linkRE = regexp.MustCompile(`http://example\.com(/subscriptions/(\d+)/(confirm|unsubscribe))\?sig=([\w-]+)`)

// The follow form, the confirmation page and one-click unsubscribe, as a
// citizen and their mail provider use them.
func TestFollowFormConfirmUnsubscribe(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	id := s.createReport(grandPlace())
	w := s.postNotifyForm("/reports/"+itoa(id)+"/follow", url.Values{"email": {"buur@example.org"}, "locale": {"nl"}, "frequency": {"immediate"}}, "Accept-Language", "nl")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Bekijk uw e-mail") {
		t.Fatalf("follow: %d %s", w.Code, w.Body.String())
	}
	w = s.postNotifyForm("/reports/"+itoa(id)+"/follow", url.Values{"email": {"x"}}, "Origin", "http://evil.example")
	if w.Code != http.StatusForbidden {
		t.Errorf("a cross-site follow form: %d, want 403", w.Code)
	}
	runWorker(t, svc)
	ms, err := s.store.Messages(context.Background(), db.MessageQuery{Channel: db.ChannelEmail})
	if err != nil || len(ms) != 1 || ms[0].Status != db.MessageLogged || ms[0].Recipient != "buur@example.org" {
		t.Fatalf("confirmation: %v %+v", err, ms)
	}
	m := linkRE.FindStringSubmatch(ms[0].Text)
	if m == nil || m[3] != "confirm" {
		t.Fatalf("no confirmation link in:\n%s", ms[0].Text)
	}
	path, sig := m[1], m[4]

	w = s.do(http.MethodGet, path+"?sig="+sig, nil, "Accept-Language", "nl")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `name="sig" value="`+sig+`"`) {
		t.Fatalf("confirmation page: %d %s", w.Code, w.Body.String())
	}
	if sub, _ := s.store.Subscription(context.Background(), parseInt(m[2])); sub.Status != db.SubPending {
		t.Errorf("opening the link (a GET) confirmed the subscription")
	}
	for _, bad := range []string{"", "AAAAAAAAAAAAAAAAAAAAAA", svc.Signer().Sign(notify.PurposeUnsubscribe, parseInt(m[2]))} {
		if w := s.postNotifyForm(path, url.Values{"sig": {bad}}); w.Code != http.StatusNotFound {
			t.Errorf("confirm with sig %q: %d, want 404", bad, w.Code)
		}
	}
	w = s.postNotifyForm(path, url.Values{"sig": {sig}}, "Accept-Language", "nl")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Inschrijving bevestigd") {
		t.Fatalf("confirm: %d %s", w.Code, w.Body.String())
	}

	// One-click unsubscribe (RFC 8058): the mail provider posts to the URL.
	unsub := "/subscriptions/" + m[2] + "/unsubscribe?sig=" + svc.Signer().Sign(notify.PurposeUnsubscribe, parseInt(m[2]))
	w = s.do(http.MethodPost, unsub, strings.NewReader("List-Unsubscribe=One-Click"), "Content-Type", "application/x-www-form-urlencoded")
	if w.Code != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d %s", w.Code, w.Body.String())
	}
	if sub, _ := s.store.Subscription(context.Background(), parseInt(m[2])); sub.Status != db.SubCancelled {
		t.Errorf("after unsubscribing: %s", sub.Status)
	}
	if w := s.do(http.MethodGet, path+"?sig="+sig, nil); w.Code != http.StatusNotFound {
		t.Errorf("the confirmation page of a cancelled subscription: %d, want 404", w.Code)
	}
	if w := s.do(http.MethodGet, unsub, nil, "Accept-Language", "en"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "no more emails") {
		t.Errorf("a second click on the unsubscribe link: %d %s", w.Code, w.Body.String())
	}
}

// POST /api/v1/subscriptions: the API's error shape for bad input, the
// same answer whatever the address already has, and the rate limit.
func TestSubscribeAPI(t *testing.T) {
	s, _ := newNotifyServer(t, func(c *handlers.Config, n *notify.Config) { c.RateLimit = 9; n.MaxSubscriptions = 1 })
	id := s.createReport(grandPlace())
	cases := []struct {
		name   string
		body   string
		ctype  string
		status int
		code   string
		field  string
	}{
		{"form body", `email=a@example.org`, "application/x-www-form-urlencoded", 415, "unsupported_media_type", ""},
		{"broken JSON", `{"email":`, "", 400, "invalid_json", ""},
		{"unknown field", `{"email":"a@example.org","kind":"area","area":"21005","name":"x"}`, "", 400, "unknown_field", "name"},
		{"bad email", `{"email":"a@","kind":"area","area":"21005"}`, "", 422, "invalid_email", "email"},
		{"unknown report", `{"email":"a@example.org","kind":"report","report_id":99999}`, "", 404, "not_found", ""},
		{"ok", `{"email":"a@example.org","kind":"report","report_id":` + itoa(id) + `}`, "", 202, "", ""},
		{"same again", `{"email":"a@example.org","kind":"report","report_id":` + itoa(id) + `}`, "", 202, "", ""},
		// At its limit (1 here), the address gets the same answer: nothing tells what it follows.
		{"over the limit", `{"email":"a@example.org","kind":"area","area":"21005"}`, "", 202, "", ""},
	}
	for _, c := range cases {
		ct := c.ctype
		if ct == "" {
			ct = "application/json"
		}
		w := s.do(http.MethodPost, "/api/v1/subscriptions", strings.NewReader(c.body), "Content-Type", ct)
		if w.Code != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, w.Code, w.Body.String(), c.status)
			continue
		}
		if c.code != "" {
			e := decode[errorBody](t, w)
			if e.Error.Code != c.code || e.Error.Field != c.field {
				t.Errorf("%s: %+v, want %s on %q", c.name, e.Error, c.code, c.field)
			}
		}
	}
	ms, err := s.store.Messages(context.Background(), db.MessageQuery{Channel: db.ChannelEmail})
	if err != nil || len(ms) != 1 {
		t.Errorf("confirmations queued: %d (%v), want 1: the request over the limit stores and sends nothing", len(ms), err)
	}
	// The report and the eight requests above spent the budget of nine.
	w := s.do(http.MethodPost, "/api/v1/subscriptions", strings.NewReader(`{}`), "Content-Type", "application/json")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Errorf("past the rate limit: %d", w.Code)
	}
}

// The admin pages: admins only, webhooks with http(s) URLs only, dead
// letters retried, body addresses set; forms need the CSRF token.
func TestNotifyAdmin(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	s.addUser("admin@example.org", "admin")
	s.addUser("staff@example.org", "staff", "commune-21004")
	if w := s.do(http.MethodGet, "/staff/notify", nil); w.Code != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want a redirect to the login", w.Code)
	}
	if w := s.signIn("staff@example.org").get("/staff/notify"); w.Code != http.StatusForbidden {
		t.Errorf("staff: %d, want 403", w.Code)
	}
	b := s.signIn("admin@example.org")
	for _, bad := range []string{"ftp://example.org/hook", "javascript:alert(1)", "/relative", "https://user:pw@example.org/"} {
		w := b.postForm("/staff/notify/webhooks", url.Values{"name": {"x"}, "url": {bad}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("webhook URL %q: %d, want 422", bad, w.Code)
		}
	}
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // nobody answers there
	w := b.postForm("/staff/notify/webhooks", url.Values{"name": {"Etterbeek GIS"}, "url": {down.URL}, "body": {""}})
	if w.Code != http.StatusCreated || !regexp.MustCompile(`[0-9a-f]{48}`).MatchString(w.Body.String()) {
		t.Fatalf("add webhook: %d %s", w.Code, w.Body.String())
	}
	bxl := url.Values{"code": {"commune-21004"}, "name_fr": {"Ville de Bruxelles"}, "name_nl": {"Stad Brussel"}, "name_en": {"City of Brussels"},
		"email": {"Signalements@Bruxelles.test"}, "langs": {"fr, nl"}}
	w = b.postForm("/staff/admin/bodies", bxl)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("body address: %d %s", w.Code, w.Body.String())
	}
	if page := b.get("/staff/notify?lang=fr").Body.String(); !strings.Contains(page, "signalements@bruxelles.test") || !strings.Contains(page, "Ville de Bruxelles") ||
		!strings.Contains(page, `href="/staff/admin#body-commune-21004"`) || strings.Contains(page, `action="/staff/notify/bodies"`) {
		t.Error("the notifications page does not show the address with a link to the admin page, or still edits it")
	}
	if w := b.postForm("/staff/notify/bodies", url.Values{"body": {"commune-21004"}, "email": {"x@example.org"}}); w.Code != http.StatusNotFound {
		t.Errorf("the old address form still answers: %d", w.Code)
	}
	bxl.Set("langs", "de")
	if w := b.postForm("/staff/admin/bodies", bxl); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("body languages de: %d, want 422", w.Code)
	}
	s.createReport(grandPlace()) // the City of Brussels: an email and a webhook call
	runWorker(t, svc)
	dead, _ := s.store.Messages(context.Background(), db.MessageQuery{Status: db.MessageDead})
	if len(dead) != 1 || dead[0].Channel != db.ChannelWebhook {
		t.Fatalf("dead letters: %+v", dead)
	}
	emails, _ := s.store.Messages(context.Background(), db.MessageQuery{Channel: db.ChannelEmail})
	if len(emails) != 1 || emails[0].Recipient != "signalements@bruxelles.test" || !strings.Contains(emails[0].Subject, "Nieuwe melding") {
		t.Fatalf("body email: %+v", emails)
	}
	w = b.get("/staff/notify?status=dead")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "/staff/notify/messages/"+itoa(dead[0].ID)+"/retry") {
		t.Fatalf("dead letters page: %d %s", w.Code, w.Body.String())
	}
	if w := b.get("/staff/notify/messages/" + itoa(emails[0].ID)); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Nouveau signalement") {
		t.Errorf("a logged email's page: %d", w.Code)
	}
	if w := b.get("/staff/notify/webhooks"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), down.URL) {
		t.Errorf("webhooks page: %d", w.Code)
	}
	if w := b.postForm("/staff/notify/messages/"+itoa(dead[0].ID)+"/retry", url.Values{"csrf": {"forged"}}); w.Code != http.StatusForbidden {
		t.Errorf("retry without the CSRF token: %d, want 403", w.Code)
	}
	if w := b.postForm("/staff/notify/messages/"+itoa(dead[0].ID)+"/retry", url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("retry: %d %s", w.Code, w.Body.String())
	}
	if w := b.get("/staff/notify?done=retry&lang=en"); !strings.Contains(w.Body.String(), "The message is queued again.") {
		t.Errorf("no confirmation of the retry on the page")
	}
	m, _ := s.store.Message(context.Background(), dead[0].ID)
	if m.Status != db.MessagePending || m.Attempts != 0 {
		t.Errorf("after retry: %s, %d attempts", m.Status, m.Attempts)
	}
	if w := b.postForm("/staff/notify/messages/"+itoa(dead[0].ID)+"/retry", url.Values{}); w.Code != http.StatusNotFound {
		t.Errorf("retrying a pending message: %d, want 404", w.Code)
	}
}

// contact_consent travels from the API to the body's email; without it the
// body sees no contact details.
func TestContactConsentReachesBody(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	if err := s.store.SetBodyContact(context.Background(), "commune-21004", "bxl@example.org", "fr", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, consent := range []bool{true, false} {
		body := grandPlace()
		body["email"], body["name"], body["contact_consent"] = "anne@example.org", "Anne", consent
		s.createReport(body)
	}
	fields := map[string]string{"category": "pothole", "lat": "50.8467", "lon": "4.3525", "answers[surface]": "roadway",
		"email": "form@example.org", "contact_consent": "on"}
	mb, ct := multipartBody(t, fields)
	if w := s.do(http.MethodPost, "/api/v1/reports", mb, "Content-Type", ct); w.Code != http.StatusCreated {
		t.Fatalf("multipart with contact_consent: %d %s", w.Code, w.Body.String())
	}
	runWorker(t, svc)
	all, _ := s.store.Messages(context.Background(), db.MessageQuery{Channel: db.ChannelEmail})
	var ms []db.Message // the body's; the reporters get their confirmations
	for _, m := range all {
		if m.Recipient == "bxl@example.org" {
			ms = append(ms, m)
		}
	}
	if len(ms) != 3 {
		t.Fatalf("%d emails to the body, want 3", len(ms))
	}
	// Newest first: the form's report, then without consent, then with.
	want := []string{"form@example.org", "", "anne@example.org"}
	for i, m := range ms {
		has := strings.Contains(m.Text, "@example.org")
		if has != (want[i] != "") || (want[i] != "" && !strings.Contains(m.Text, want[i])) {
			t.Errorf("email %d: contact shown %v, want %q:\n%s", i, has, want[i], m.Text)
		}
	}
}

func parseInt(s string) int64 {
	var n int64
	for _, r := range s {
		n = n*10 + int64(r-'0')
	}
	return n
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
