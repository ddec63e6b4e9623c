package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/notify"
)

// "This wasn't me": the link from a confirmation email opens a page with
// a button (mail scanners open links), the button deletes the pending
// subscription, and the answer to the next request for that address is the
// usual one while nothing is stored or sent.
func TestNotMePages(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	id := s.createReport(grandPlace())
	if w := s.postJSON("/api/v1/subscriptions", map[string]any{"email": "victim@example.org", "kind": "report", "report_id": id}); w.Code != http.StatusAccepted {
		t.Fatalf("subscribe: %d %s", w.Code, w.Body)
	}
	runWorker(t, svc)
	ms, err := s.store.Messages(context.Background(), db.MessageQuery{Channel: db.ChannelEmail})
	if err != nil || len(ms) != 1 {
		t.Fatalf("confirmations: %d %v", len(ms), err)
	}
	sid := ms[0].SubscriptionID.Int64
	sig := svc.Signer().Sign(notify.PurposeNotMe, sid)
	path := "/subscriptions/" + itoa(sid) + "/not-me"
	if !strings.Contains(ms[0].Text, "http://example.com"+path+"?sig="+sig) {
		t.Fatalf("no not-me link in:\n%s", ms[0].Text)
	}
	w := s.do(http.MethodGet, path+"?sig="+sig, nil, "Accept-Language", "nl")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Dit was ik niet") || !strings.Contains(w.Body.String(), `name="sig" value="`+sig+`"`) {
		t.Fatalf("not-me page: %d %s", w.Code, w.Body)
	}
	if _, err := s.store.Subscription(context.Background(), sid); err != nil {
		t.Fatalf("opening the page (a GET) acted: %v", err)
	}
	for _, bad := range []string{"", "AAAAAAAAAAAAAAAAAAAAAA", svc.Signer().Sign(notify.PurposeConfirm, sid)} {
		if w := s.postNotifyForm(path, url.Values{"sig": {bad}}); w.Code != http.StatusNotFound {
			t.Errorf("not-me with sig %q: %d, want 404", bad, w.Code)
		}
	}
	w = s.postNotifyForm(path, url.Values{"sig": {sig}}, "Accept-Language", "fr")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Demande annulée") {
		t.Fatalf("not-me: %d %s", w.Code, w.Body)
	}
	if _, err := s.store.Subscription(context.Background(), sid); err == nil {
		t.Error("the pending subscription is still stored")
	}
	// The link, used, says the subscription is gone (it was erased).
	if w := s.do(http.MethodGet, path+"?sig="+sig, nil); w.Code != http.StatusGone {
		t.Errorf("the page after use: %d, want 410", w.Code)
	}
	if w := s.postJSON("/api/v1/subscriptions", map[string]any{"email": "victim@example.org", "kind": "area", "area": "21004"}); w.Code != http.StatusAccepted {
		t.Errorf("subscribing the blocked address: %d %s, want the usual 202", w.Code, w.Body)
	}
	runWorker(t, svc)
	if ms, _ := s.store.Messages(context.Background(), db.MessageQuery{Channel: db.ChannelEmail}); len(ms) != 0 {
		t.Errorf("%d messages after not-me and a new request, want 0", len(ms))
	}
}
