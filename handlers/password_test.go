package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"streetfix/account"
	"streetfix/db"
	"streetfix/internal/browser"
)

const newPassword = "a brand new passphrase 42"

func passwordIs(t *testing.T, w *staffWorld, email, pw string) bool {
	t.Helper()
	u, err := w.store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	ok, _ := account.CheckPassword(u.PasswordHash, pw)
	return ok
}

// Only admins make reset links; the link works once, for 24 hours; used,
// expired and forged links open a page that says so and change nothing;
// the token is stored hashed.
func TestPasswordResetLink(t *testing.T) {
	w := newStaffWorld(t)
	agent, _ := w.store.UserByEmail(context.Background(), "agent@ixelles.example")
	form := func() url.Values { return url.Values{"id": {itoa(agent.ID)}} }
	for name, b := range map[string]*browserSession{"staff": w.ixl, "council": w.council} {
		if res := b.postForm("/staff/admin/users/reset", form()); res.Code != http.StatusForbidden {
			t.Errorf("%s makes a reset link: %d", name, res.Code)
		}
	}
	res := w.admin.postForm("/staff/admin/users/reset?lang=en", form())
	if res.Code != 200 || !strings.Contains(res.Body.String(), `id="reset-link"`) {
		t.Fatalf("admin: %d", res.Code)
	}
	body := res.Body.String()
	i := strings.Index(body, "/staff/reset?token=")
	link := body[i : i+strings.Index(body[i:], "<")]
	token := strings.TrimPrefix(link, "/staff/reset?token=")
	if len(token) < 40 {
		t.Fatalf("token %q", token)
	}
	conn := w.sqlDB()
	var stored, rows int
	conn.QueryRow(conn.Rebind(`SELECT count(*) FROM password_resets WHERE token_hash = ?`), token).Scan(&stored)
	conn.QueryRow(`SELECT count(*) FROM password_resets`).Scan(&rows)
	if stored != 0 || rows != 1 {
		t.Errorf("the token is stored as it is (%d), or not at all (%d rows)", stored, rows)
	}
	if entries, _ := w.store.AuditLog(context.Background(), db.AuditQuery{Action: "password_reset_link"}); len(entries) != 1 {
		t.Errorf("audit %d", len(entries))
	}
	// The link opens the form; a mismatch or a short password changes nothing.
	if res := w.do("GET", link+"&lang=en", nil); res.Code != 200 || !strings.Contains(res.Body.String(), "agent@ixelles.example") {
		t.Fatalf("open: %d", res.Code)
	}
	post := func(v url.Values) *http.Response {
		res := w.do("POST", "/staff/reset?lang=en", strings.NewReader(v.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Origin", "http://example.com")
		return res.Result()
	}
	if r := post(url.Values{"token": {token}, "password": {newPassword}, "confirm": {"something else entirely"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("mismatch: %d", r.StatusCode)
	}
	if r := post(url.Values{"token": {token}, "password": {"short"}, "confirm": {"short"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("short: %d", r.StatusCode)
	}
	if !passwordIs(t, w, "agent@ixelles.example", testPassword) {
		t.Fatal("a refused reset changed the password")
	}
	if r := post(url.Values{"token": {token}, "password": {newPassword}, "confirm": {newPassword}}); r.StatusCode != 200 {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	if !passwordIs(t, w, "agent@ixelles.example", newPassword) {
		t.Fatal("the reset did not set the password")
	}
	if res := w.ixl.get("/staff"); res.Code != http.StatusSeeOther {
		t.Errorf("the agent's old session survived the reset: %d", res.Code)
	}
	// Used, expired, forged: a page that says so, and nothing changes.
	expired, err := w.store.CreatePasswordReset(context.Background(), agent.ID, w.store.Now().Add(-25*time.Hour), db.AuditEntry{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		token, says string
		code        int
	}{{token, "already used", 410}, {expired, "has expired", 410}, {"forged" + token[6:], "not valid", 404}, {"", "not valid", 404}} {
		res := w.do("GET", "/staff/reset?lang=en&token="+url.QueryEscape(c.token), nil)
		if res.Code != c.code || !strings.Contains(res.Body.String(), c.says) || strings.Contains(res.Body.String(), `name="password"`) {
			t.Errorf("GET with %q: %d", c.token, res.Code)
		}
		if r := post(url.Values{"token": {c.token}, "password": {"yet another passphrase"}, "confirm": {"yet another passphrase"}}); r.StatusCode != c.code {
			t.Errorf("POST with %q: %d", c.token, r.StatusCode)
		}
	}
	if !passwordIs(t, w, "agent@ixelles.example", newPassword) {
		t.Error("a used, expired or forged link changed the password")
	}
}

// Staff change their own password with the current one; every role may.
func TestChangeOwnPassword(t *testing.T) {
	w := newStaffWorld(t)
	for email, b := range map[string]*browserSession{"agent@ixelles.example": w.ixl, "council@example.org": w.council} {
		if res := b.postForm("/staff/password", url.Values{"current": {"wrong password here"}, "password": {newPassword}, "confirm": {newPassword}}); res.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s with a wrong current password: %d", email, res.Code)
		}
		if !passwordIs(t, w, email, testPassword) {
			t.Fatalf("%s: changed without the current password", email)
		}
		if res := b.postForm("/staff/password", url.Values{"current": {testPassword}, "password": {newPassword}, "confirm": {newPassword}}); res.Code != http.StatusSeeOther {
			t.Errorf("%s: %d", email, res.Code)
		}
		if !passwordIs(t, w, email, newPassword) {
			t.Errorf("%s: the password did not change", email)
		}
	}
	if res := w.do("GET", "/staff/password", nil); res.Code != http.StatusSeeOther {
		t.Errorf("anonymous: %d", res.Code)
	}
}

// An admin makes the link in Chromium and the staff member uses it, at
// tablet and desktop sizes.
func TestPasswordResetInBrowser(t *testing.T) {
	for _, size := range []viewport{tabletSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			w := newAssignWorld(t)
			b := browse(t, w.testServer, size)
			b.signInStaff("admin@example.org")
			b.open("/staff/admin?lang=en")
			b.wait(fmt.Sprintf(`document.querySelector("#reset-%d") !== null`, w.agent), "the reset button")
			b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#reset-%d`, w.agent))))
			b.wait(`document.querySelector("#reset-link code") !== null`, "the reset link")
			b.shot("reset_1_link_" + size.name)
			link := evalJS[string](b, `document.querySelector("#reset-link code").textContent`)
			b.open(strings.TrimPrefix(link, "http://example.com"))
			b.wait(`document.querySelector("#password") !== null`, "the reset form")
			b.do(chromedp.SendKeys(chromedp.CSS(`#password`), newPassword), chromedp.SendKeys(chromedp.CSS(`#confirm`), newPassword),
				chromedp.Click(chromedp.CSS(`#password-save`)))
			b.wait(`document.querySelector("#reset-done") !== null`, "the password changed")
			b.shot("reset_2_done_" + size.name)
			browser.Expect(t, `status of 410 \(Gone\)`) // the used link's page says so with its status
			b.open(strings.TrimPrefix(link, "http://example.com"))
			b.wait(`document.querySelector("#reset-problem") !== null`, "the used link's page")
			b.shot("reset_3_used_" + size.name)
			if !passwordIs(t, w.staffWorld, "agent@ixelles.example", newPassword) {
				t.Error("the password did not change")
			}
		})
	}
}
