package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"streetfix/handlers"
)

func TestLoginAndLogout(t *testing.T) {
	s := newTestServer(t)
	s.addUser("admin@example.org", "admin")
	// Anonymous: pages redirect to the login page.
	if w := s.do("POST", "/staff/logout", nil); w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/staff/login") {
		t.Errorf("anonymous logout: %d %s", w.Code, w.Header().Get("Location"))
	}
	b := s.signIn("admin@example.org")
	cookie := ""
	for _, line := range b.get("/staff/login?next=/staff").Header().Values("Set-Cookie") {
		cookie += line
	}
	first := b.cookies["sf_session"]
	// A second login in another browser gives another session.
	other := s.signIn("ADMIN@example.org ")
	if other.cookies["sf_session"] == first {
		t.Fatal("two logins share a session token")
	}
	// Logout without the CSRF token is refused; with it, the session ends.
	if w := b.postForm("/staff/logout", url.Values{"csrf": {"wrong"}}); w.Code != 403 {
		t.Errorf("logout with a wrong token: %d", w.Code)
	}
	if w := b.postForm("/staff/logout", url.Values{}); w.Code != 303 {
		t.Fatalf("logout: %d", w.Code)
	}
	if _, _, err := s.store.SessionUser(context.Background(), first, s.store.Now()); err == nil {
		t.Error("session lives on after logout")
	}
	if _, _, err := s.store.SessionUser(context.Background(), other.cookies["sf_session"], s.store.Now()); err != nil {
		t.Error("logout ended the other browser's session too")
	}
	// Logout everywhere ends every session of the user.
	third := s.signIn("admin@example.org")
	if w := third.postForm("/staff/logout", url.Values{"everywhere": {"1"}}); w.Code != 303 {
		t.Fatalf("logout everywhere: %d", w.Code)
	}
	if _, _, err := s.store.SessionUser(context.Background(), other.cookies["sf_session"], s.store.Now()); err == nil {
		t.Error("logout everywhere left a session")
	}
	entries, err := s.store.AuditLog(context.Background(), auditQuery("admin@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	actions := ""
	for _, e := range entries {
		actions += e.Action + " "
	}
	if actions != "logout login logout login login " { // newest first
		t.Errorf("audit actions %q", actions)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	s := newTestServer(t)
	s.addUser("admin@example.org", "admin")
	w := s.do("GET", "/staff/login", nil)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(w.Body.String())[1]
	login := w.Header().Get("Set-Cookie")
	form := url.Values{"csrf": {csrf}, "email": {"admin@example.org"}, "password": {testPassword}}
	w = s.do("POST", "/staff/login", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded",
		"Cookie", strings.Split(login, ";")[0]+"; sf_session=attacker-chosen-value")
	got := strings.Join(w.Header().Values("Set-Cookie"), "\n")
	if w.Code != 303 || !strings.Contains(got, "sf_session=") || !strings.Contains(got, "HttpOnly") || !strings.Contains(got, "SameSite=Lax") {
		t.Fatalf("%d %q", w.Code, got)
	}
	if strings.Contains(got, "attacker-chosen-value") {
		t.Error("the session kept a token the browser brought (fixation)")
	}
	if strings.Contains(got, "Secure") {
		t.Error("Secure cookie over plain HTTP without configuration")
	}
	s2 := newTestServer(t, func(c *handlers.Config) { c.SecureCookies = true })
	if w := s2.do("GET", "/staff/login", nil); !strings.Contains(w.Header().Get("Set-Cookie"), "Secure") {
		t.Errorf("with secure cookies: %q", w.Header().Get("Set-Cookie"))
	}
}

func TestLoginRefusals(t *testing.T) {
	s := newTestServer(t)
	s.addUser("staff@example.org", "staff", "commune-21009")
	w := s.do("GET", "/staff/login", nil)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(w.Body.String())[1]
	loginCookie := strings.Split(w.Header().Get("Set-Cookie"), ";")[0]
	post := func(form url.Values, header ...string) int {
		h := append([]string{"Content-Type", "application/x-www-form-urlencoded", "Cookie", loginCookie}, header...)
		return s.do("POST", "/staff/login", strings.NewReader(form.Encode()), h...).Code
	}
	good := url.Values{"csrf": {csrf}, "email": {"staff@example.org"}, "password": {testPassword}}
	// No token, a wrong token, or another site's origin: refused before any password check.
	noToken := url.Values{"email": {"staff@example.org"}, "password": {testPassword}}
	if code := post(noToken); code != 403 {
		t.Errorf("login without token: %d", code)
	}
	if code := post(good, "Origin", "https://evil.example"); code != 403 {
		t.Errorf("login from another origin: %d", code)
	}
	if code := post(good, "Sec-Fetch-Site", "cross-site"); code != 403 {
		t.Errorf("cross-site login: %d", code)
	}
	// Password guessing: five failures lock the account for the window, even
	// with the right password; another account is unaffected.
	bad := url.Values{"csrf": {csrf}, "email": {"staff@example.org"}, "password": {"guess"}}
	for i := 0; i < 5; i++ {
		if code := post(bad); code != 401 {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	if code := post(good); code != 429 {
		t.Errorf("right password after 5 failures: %d, want 429", code)
	}
	if m := s.do("GET", "/metrics", nil).Body.String(); !strings.Contains(m, `streetfix_ratelimited_total{group="login"} 1`+"\n") {
		t.Errorf("the throttled login is not counted:\n%s", grepLines(m, "streetfix_ratelimited_total"))
	}
	// An unknown account answers like a wrong password.
	unknown := url.Values{"csrf": {csrf}, "email": {"nobody@example.org"}, "password": {testPassword}}
	if code := post(unknown); code != 401 {
		t.Errorf("unknown account: %d", code)
	}
	// Redirects after login stay on this site.
	s.addUser("other@example.org", "council")
	for next, want := range map[string]string{"//evil.example/x": "/staff", "https://evil.example": "/staff", "/dashboard?x=1": "/dashboard?x=1",
		"/\\evil.example": "/staff", "/staff/../\\evil.example": "/staff", "/%09/evil.example": "/staff", "/\t/evil.example": "/staff",
		"/staff/..//evil.example": "/evil.example", "/staff/./reports/1": "/staff/reports/1", "javascript:alert(1)": "/staff", "": "/staff"} {
		form := url.Values{"csrf": {csrf}, "email": {"other@example.org"}, "password": {testPassword}, "next": {next}}
		w := s.do("POST", "/staff/login", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Cookie", loginCookie)
		if got := w.Header().Get("Location"); got != want {
			t.Errorf("next=%q: Location %q, want %q", next, got, want)
		}
	}
}

// Guesses sent in parallel cannot slip under the limit while the password
// hashes run: at most five are checked.
func TestParallelGuessesThrottled(t *testing.T) {
	s := newTestServer(t)
	s.addUser("victim@example.org", "staff", "commune-21009")
	w := s.do("GET", "/staff/login", nil)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(w.Body.String())[1]
	cookie := strings.Split(w.Header().Get("Set-Cookie"), ";")[0]
	codes := make(chan int, 20)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"csrf": {csrf}, "email": {"victim@example.org"}, "password": {fmt.Sprintf("guess number %d", i)}}
			codes <- s.do("POST", "/staff/login", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie).Code
		}()
	}
	wg.Wait()
	close(codes)
	checked := 0
	for c := range codes {
		switch c {
		case 401:
			checked++
		case 429, 503:
		default:
			t.Errorf("status %d", c)
		}
	}
	if checked > 5 {
		t.Errorf("%d passwords checked in parallel, want at most 5", checked)
	}
}
