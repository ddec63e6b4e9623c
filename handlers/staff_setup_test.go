package handlers_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"

	"streetfix/db"
)

// testPassword is every test account's password.
const testPassword = "correct horse battery staple"

// browserSession is a signed-in staff browser: it keeps cookies and sends
// the session's CSRF token and this site's Origin on writes, as the pages do.
type browserSession struct {
	s       *testServer
	cookies map[string]string
	csrf    string
	origin  string
}

// addUser creates an account.
func (s *testServer) addUser(email, role string, bodies ...string) db.UserRow {
	s.t.Helper()
	u, err := s.store.CreateUser(context.Background(), db.NewUser{Email: email, Role: role, Bodies: bodies, Password: testPassword}, db.AuditEntry{Actor: "test"})
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

// signIn goes through the login form as a browser would.
func (s *testServer) signIn(email string) *browserSession {
	s.t.Helper()
	b := &browserSession{s: s, cookies: map[string]string{}, origin: "http://example.com"}
	w := b.get("/staff/login")
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(w.Body.String())
	if w.Code != 200 || csrf == nil {
		s.t.Fatalf("login page: %d", w.Code)
	}
	w = b.postForm("/staff/login", url.Values{"csrf": {csrf[1]}, "email": {email}, "password": {testPassword}, "next": {"/staff"}})
	if w.Code != http.StatusSeeOther || b.cookies["sf_session"] == "" {
		s.t.Fatalf("login as %s: %d %s", email, w.Code, w.Body.String())
	}
	ss, _, err := s.store.SessionUser(context.Background(), b.cookies["sf_session"], s.store.Now())
	if err != nil {
		s.t.Fatal(err)
	}
	b.csrf = ss.CSRF
	return b
}

func (b *browserSession) do(req *http.Request) *httptest.ResponseRecorder {
	var parts []string
	for k, v := range b.cookies {
		parts = append(parts, k+"="+v)
	}
	if len(parts) > 0 {
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	w := httptest.NewRecorder()
	b.s.router.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return w
}

func (b *browserSession) get(path string) *httptest.ResponseRecorder {
	return b.do(httptest.NewRequest("GET", path, nil))
}

// postForm posts a form with the session's CSRF token unless the form has one.
func (b *browserSession) postForm(path string, form url.Values) *httptest.ResponseRecorder {
	if _, ok := form["csrf"]; !ok && b.csrf != "" {
		form.Set("csrf", b.csrf)
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if b.origin != "" {
		req.Header.Set("Origin", b.origin)
	}
	return b.do(req)
}

// sendJSON sends a JSON body with the CSRF header, as the staff pages' scripts do.
func (b *browserSession) sendJSON(method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.csrf)
	if b.origin != "" {
		req.Header.Set("Origin", b.origin)
	}
	return b.do(req)
}

func auditQuery(email string) db.AuditQuery { return db.AuditQuery{Actor: "user:" + email} }
