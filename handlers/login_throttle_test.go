package handlers_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"streetfix/db"
	"streetfix/handlers"
)

// Guesses from one network throttle the account there only: its owner,
// from their usual network, still signs in; admins see the throttle on
// the audit log.
func TestLoginThrottlePerNetwork(t *testing.T) {
	s := newTestServer(t, func(c *handlers.Config) { c.TrustedProxies = []string{"192.0.2.1"} })
	s.addUser("staff@example.org", "staff", "commune-21009")
	w := s.do("GET", "/staff/login", nil)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(w.Body.String())[1]
	loginCookie := strings.Split(w.Header().Get("Set-Cookie"), ";")[0]
	post := func(password, from string) int {
		form := url.Values{"csrf": {csrf}, "email": {"staff@example.org"}, "password": {password}}
		return s.do("POST", "/staff/login", strings.NewReader(form.Encode()),
			"Content-Type", "application/x-www-form-urlencoded", "Cookie", loginCookie, "X-Forwarded-For", from).Code
	}
	for i := 0; i < 6; i++ {
		post("guess", "203.0.113.66")
	}
	if code := post(testPassword, "203.0.113.66"); code != 429 {
		t.Errorf("right password from the guessing network: %d, want 429", code)
	}
	if code := post(testPassword, "198.51.100.20"); code != 303 {
		t.Errorf("the owner from their own network: %d, want 303", code)
	}
	e, err := s.store.AuditLog(context.Background(), db.AuditQuery{Action: "login_throttled"})
	if err != nil || len(e) != 1 || e[0].Target != "account:staff@example.org" || !strings.Contains(e[0].AfterRaw, "203.0.113.66") {
		t.Errorf("audit of the throttle: %v %+v", err, e)
	}
}
