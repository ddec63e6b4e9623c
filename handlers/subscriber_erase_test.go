package handlers_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/db"
	"streetfix/notify"
)

// subscribeConfirmed subscribes email to each subscription body (JSON
// with the address left out) and confirms them, returning their ids.
func subscribeConfirmed(t *testing.T, s *testServer, svc *notify.Service, email string, bodies ...string) []int64 {
	t.Helper()
	ctx := context.Background()
	for _, b := range bodies {
		if w := s.postJSON("/api/v1/subscriptions", `{"email":"`+email+`",`+b[1:]); w.Code != http.StatusAccepted {
			t.Fatalf("subscribe %s: %d %s", b, w.Code, w.Body)
		}
	}
	runWorker(t, svc)
	ms, err := s.store.Messages(ctx, db.MessageQuery{Channel: db.ChannelEmail})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range ms {
		if m.Event == "subscription.confirm" && m.Recipient == email {
			sid := m.SubscriptionID.Int64
			if _, err := svc.Confirm(ctx, sid, svc.Signer().Sign(notify.PurposeConfirm, sid)); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, sid)
		}
	}
	if len(ids) != len(bodies) {
		t.Fatalf("%d confirmation emails to %s, want %d", len(ids), email, len(bodies))
	}
	return ids
}

// A subscriber erases their own data from an unsubscribe link: the page
// offers it, a wrong signature erases nothing, and the button deletes
// every subscription of the address (not only the link's) and every email
// sent to it, while another address's subscription to the same report
// stays. The link is then unknown.
func TestSubscriberErasesOwnData(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	ctx := context.Background()
	id := s.createReport(grandPlace())
	const email = "abonnee@example.org"
	mine := subscribeConfirmed(t, s, svc, email, `{"kind":"report","report_id":`+itoa(id)+`}`, `{"kind":"area","area":"21004"}`)
	other := subscribeConfirmed(t, s, svc, "autre@example.org", `{"kind":"report","report_id":`+itoa(id)+`}`)
	sig := svc.Signer().Sign(notify.PurposeUnsubscribe, mine[0])
	page := "/subscriptions/" + itoa(mine[0]) + "/unsubscribe?lang=en&sig=" + sig
	w := s.do("GET", page, nil)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `action="/subscriptions/`+itoa(mine[0])+`/erase"`) {
		t.Fatalf("the unsubscribe page offers no erasure: %d %s", w.Code, w.Body)
	}
	erase := "/subscriptions/" + itoa(mine[0]) + "/erase"
	for _, bad := range []string{"", "x", svc.Signer().Sign(notify.PurposeConfirm, mine[0]), svc.Signer().Sign(notify.PurposeUnsubscribe, other[0])} {
		if w := s.postNotifyForm(erase, url.Values{"sig": {bad}}); w.Code != http.StatusNotFound {
			t.Errorf("erase with sig %q: %d, want 404", bad, w.Code)
		}
	}
	if _, err := s.store.Subscription(ctx, mine[1]); err != nil {
		t.Fatalf("a wrong signature erased: %v", err)
	}
	w = s.postNotifyForm(erase+"?lang=en", url.Values{"sig": {sig}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Subscriptions of your address erased: 2") {
		t.Fatalf("erase: %d %s", w.Code, w.Body)
	}
	for _, sid := range mine {
		if _, err := s.store.Subscription(ctx, sid); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("subscription %d after erasure: %v", sid, err)
		}
	}
	if sub, err := s.store.Subscription(ctx, other[0]); err != nil || sub.Status != db.SubActive {
		t.Errorf("the other address's subscription: %+v %v", sub, err)
	}
	ms, err := s.store.Messages(ctx, db.MessageQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if strings.Contains(m.Recipient+m.Text, email) {
			t.Errorf("a message to the erased address is kept: %s %s", m.Event, m.Recipient)
		}
	}
	// The old email's links say the subscription is gone, not that the
	// link is broken; a wrong signature still learns nothing.
	if w := s.do("GET", page, nil); w.Code != http.StatusGone || !strings.Contains(w.Body.String(), "This subscription no longer exists") {
		t.Errorf("the unsubscribe link after erasure: %d %.300s", w.Code, w.Body)
	}
	if w := s.postNotifyForm(erase, url.Values{"sig": {sig}}); w.Code != http.StatusGone {
		t.Errorf("erasing again with the link: %d", w.Code)
	}
	if w := s.do("GET", strings.Replace(page, "sig=", "sig=x", 1), nil); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "no longer exists") {
		t.Errorf("the erased subscription's link with a wrong signature: %d", w.Code)
	}
}

// The same on a phone, in Chromium: the unsubscribe page shows the erase
// button under the unsubscribe one, and pressing it says what went.
func TestSubscriberErasesOwnDataBrowser(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	id := s.createReport(grandPlace())
	mine := subscribeConfirmed(t, s, svc, "abonnee@example.org", `{"kind":"report","report_id":`+itoa(id)+`}`)
	b := browse(t, s, phoneSize)
	b.open("/subscriptions/" + itoa(mine[0]) + "/unsubscribe?lang=nl&sig=" + svc.Signer().Sign(notify.PurposeUnsubscribe, mine[0]))
	b.wait(`document.getElementById('erase-subscriber') !== null`, "no erase button on the unsubscribe page")
	if wide := evalJS[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Error("the unsubscribe page is wider than the phone")
	}
	b.shot("subscriber_erase_phone")
	b.do(chromedp.Click(`#erase-subscriber`))
	b.wait(`document.querySelector('h1') !== null && document.querySelector('h1').innerText === 'Uw gegevens zijn gewist'`, "no erased page")
	b.shot("subscriber_erased_phone")
}
