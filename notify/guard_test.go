package notify_test

import (
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/notify"
)

// A webhook on a loopback address is refused at connect time, whether its
// URL names the address or a host that resolves to it, and nothing reaches
// the endpoint; the refusal is the message's error, and the admin pages
// keep the answer's status and timing, never its body. A host the operator
// allows by name is called.
func TestWebhookInternalTargetRefused(t *testing.T) {
	for _, tc := range []struct {
		name, host string
		allow      []string
		delivered  bool
	}{
		{"loopback address", "127.0.0.1", nil, false},
		{"name resolving to loopback", "localhost", nil, false},
		{"address allowed by name", "127.0.0.1", []string{"127.0.0.1"}, true},
		{"host allowed by name", "localhost", []string{"other.example", "LOCALHOST"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(c *notify.Config) { c.WebhookAllowHosts = tc.allow; c.MaxAttempts = 1 })
			hook := startHook(t, "s", 0)
			url := strings.Replace(hook.srv.URL, "127.0.0.1", tc.host, 1)
			e.addHook(url, "s", "")
			e.report(etterbeek, "pothole", "fr")
			e.run()
			ms := e.messages(db.MessageQuery{Channel: db.ChannelWebhook})
			if len(ms) != 1 {
				t.Fatalf("%d webhook messages, want 1", len(ms))
			}
			m := ms[0]
			if tc.delivered {
				if m.Status != db.MessageDelivered || len(hook.got()) != 1 || m.ResponseStatus.Int64 != 200 || !m.ResponseMS.Valid {
					t.Errorf("allowed host: %s, %d calls, status %v, took %v, error %q", m.Status, len(hook.got()), m.ResponseStatus, m.ResponseMS, m.LastError)
				}
				return
			}
			if n := len(hook.got()); n != 0 {
				t.Errorf("internal target called %d times", n)
			}
			if m.Status != db.MessageDead || !strings.Contains(m.LastError, "loopback, private or link-local") {
				t.Errorf("refused target: %s, error %q", m.Status, m.LastError)
			}
		})
	}
}
