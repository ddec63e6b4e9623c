package handlers

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/db"
)

// Staff sign-in: server-side sessions in an HttpOnly, SameSite cookie (and
// Secure behind TLS), a CSRF token per session on every form, login
// throttling per account and per address.

const (
	sessionCookie = "sf_session"
	loginCookie   = "sf_login" // double-submit token of the login form
	ctxUser       = "streetfix.user"
	ctxSession    = "streetfix.session"
	ctxAPIKey     = "streetfix.apikey"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

// Login throttling: past these many failures in the window, answer 429.
const (
	loginWindow         = 15 * time.Minute
	maxFailuresAccount  = 5
	maxFailuresAddress  = 20
	loginFailureMessage = "login.failed"
)

type authStore interface {
	UserByEmail(ctx context.Context, email string) (db.UserRow, error)
	CreateSession(ctx context.Context, userID int64, now time.Time) (string, db.Session, error)
	SessionUser(ctx context.Context, token string, now time.Time) (db.Session, db.UserRow, error)
	EndSession(ctx context.Context, token string) error
	EndUserSessions(ctx context.Context, userID int64) error
	LoginFailures(ctx context.Context, subject string, since time.Time) (int, error)
	AddLoginFailure(ctx context.Context, now time.Time, subjects ...string) error
	ForgiveLoginFailure(ctx context.Context, subject string, at time.Time) error
	ClearLoginFailures(ctx context.Context, subject string) error
	Audit(ctx context.Context, e db.AuditEntry) error
}

// currentUser is the signed-in user, or nil.
func currentUser(c *gin.Context) *account.User {
	if u, ok := c.Get(ctxUser); ok {
		return u.(*account.User)
	}
	return nil
}

// csrfToken is the signed-in session's CSRF token, for forms.
func csrfToken(c *gin.Context) string {
	if s, ok := c.Get(ctxSession); ok {
		return s.(db.Session).CSRF
	}
	return ""
}

// secure reports whether cookies get the Secure flag: over TLS, behind a
// TLS-terminating proxy that says so, or when configured.
func (h *handler) secure(c *gin.Context) bool {
	return h.cfg.SecureCookies || h.scheme(c) == "https"
}

func (h *handler) setCookie(c *gin.Context, name, value string, maxAge int, site http.SameSite) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: h.secure(c), SameSite: site})
}

// session loads the signed-in user, if any, for the routes after it.
func (h *handler) session(c *gin.Context) {
	token, err := c.Cookie(sessionCookie)
	if err != nil || token == "" {
		return
	}
	ss, u, err := h.store.SessionUser(c.Request.Context(), token, h.now())
	if err != nil {
		if !errors.Is(err, db.ErrNotFound) {
			h.logFailure(c, slog.LevelError, "session", "err", err)
		}
		return
	}
	c.Set(ctxUser, u.Account())
	c.Set(ctxSession, ss)
	c.Header("Cache-Control", "private, no-store")
}

// pageAuth guards a page: anonymous visitors go to the login page, users
// without the right get 403. Unsafe methods also need a valid CSRF token.
func (h *handler) pageAuth(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		if u == nil {
			pageLang(c) // remember a ?lang= for the login page
			next := c.Request.URL.RequestURI()
			if c.Request.Method != http.MethodGet {
				next = "/staff"
			}
			c.Redirect(http.StatusSeeOther, "/staff/login?next="+url.QueryEscape(next))
			c.Abort()
			return
		}
		if !u.Can(action) {
			h.failPage(c, newError(http.StatusForbidden, "forbidden", "", "your role may not do this"))
			return
		}
		if !h.checkCSRF(c) {
			h.failPage(c, newError(http.StatusForbidden, "csrf", "", "this form has expired or came from another site; reload the page and try again"))
		}
	}
}

// apiAuth guards an API route: a staff session (with its CSRF token on
// writes) or, when scope is not empty, an API key with that scope in
// "Authorization: Bearer". 401 without either, 403 without the right.
func (h *handler) apiAuth(action, scope string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if key, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer "); ok && scope != "" {
			k, err := h.store.APIKeyFor(c.Request.Context(), strings.TrimSpace(key))
			if err != nil {
				h.fail(c, newError(http.StatusUnauthorized, "unauthorized", "", "this API key is unknown or revoked"))
				return
			}
			if !k.Has(scope) {
				h.fail(c, newError(http.StatusForbidden, "forbidden", "", "this API key lacks the scope "+scope))
				return
			}
			c.Set(ctxAPIKey, k)
			return
		}
		u := currentUser(c)
		if u == nil {
			c.Header("WWW-Authenticate", `Bearer realm="streetfix"`)
			h.fail(c, newError(http.StatusUnauthorized, "unauthorized", "", "sign in as staff or send an API key"))
			return
		}
		if !u.Can(action) {
			h.fail(c, newError(http.StatusForbidden, "forbidden", "", "your role may not do this"))
			return
		}
		if !h.checkCSRF(c) {
			h.fail(c, newError(http.StatusForbidden, "csrf", "", "send the session's CSRF token in "+csrfHeader+" from this site"))
		}
	}
}

// checkCSRF accepts safe methods, and unsafe ones that come from this site
// (Origin, or Sec-Fetch-Site when the browser sends no Origin) with the
// session's token in the form or the X-CSRF-Token header.
func (h *handler) checkCSRF(c *gin.Context) bool {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	if !sameOrigin(c) {
		return false
	}
	want := csrfToken(c)
	got := c.GetHeader(csrfHeader)
	if got == "" {
		got = c.PostForm(csrfField)
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sameOrigin refuses requests a browser marks as coming from another site.
func sameOrigin(c *gin.Context) bool {
	if site := c.GetHeader("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return false
	}
	origin := c.GetHeader("Origin")
	if origin == "" {
		return true // not a browser, or an old one: the token still has to match
	}
	u, err := url.Parse(origin)
	return err == nil && (u.Host == c.Request.Host || u.Scheme+"://"+u.Host == baseOrigin(c))
}

// loginPage shows the sign-in form.
func (h *handler) loginPage(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return
	}
	h.renderLogin(c, http.StatusOK, "")
}

func (h *handler) renderLogin(c *gin.Context, status int, msg string) {
	token, _ := randomID()
	h.setCookie(c, loginCookie, token, 3600, http.SameSiteStrictMode)
	l := pageLang(c)
	c.Header("Cache-Control", "no-store")
	h.render(c, status, "staff_login.html", map[string]any{
		"Lang": l, "Tr": h.translator(l), "Langs": langLinks(c, l), "CSRF": token, "Next": safeNext(c.Query("next")),
		"Error": msg, "Email": c.PostForm("email"),
	})
}

// login checks the form, throttled, and starts a fresh session.
func (h *handler) login(c *gin.Context) {
	ctx := c.Request.Context()
	tr := h.translator(pageLang(c))
	cookie, _ := c.Cookie(loginCookie)
	if !sameOrigin(c) || cookie == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(c.PostForm(csrfField))) != 1 {
		h.renderLogin(c, http.StatusForbidden, tr.T("login.expired"))
		return
	}
	email := strings.ToLower(strings.TrimSpace(c.PostForm("email")))
	password := c.PostForm("password")
	now := h.now()
	// An account's failures count per client network: a stranger's
	// guesses lock the account for the stranger's network only, and the
	// owner signs in from theirs. The address limit bounds what one
	// network may try across accounts.
	subjects := []string{"email:" + email + "@" + clientNetwork(c), "ip:" + c.ClientIP()}
	// The attempt counts as a failure before the password is checked, and
	// is forgiven on success: parallel guesses cannot all slip under the
	// limit while the hashes run.
	if err := h.store.AddLoginFailure(ctx, now, subjects...); err != nil {
		h.failPage(c, err)
		return
	}
	for i, limit := range []int{maxFailuresAccount, maxFailuresAddress} {
		n, err := h.store.LoginFailures(ctx, subjects[i], now.Add(-loginWindow))
		if err != nil {
			h.failPage(c, err)
			return
		}
		if n > limit {
			if i == 0 && n == limit+1 {
				h.auditThrottle(c, email, n)
			}
			h.metrics.limited(c)
			c.Header("Retry-After", strconv.Itoa(int(loginWindow.Seconds())))
			h.renderLogin(c, http.StatusTooManyRequests, tr.T("login.throttled"))
			return
		}
	}
	// Each check takes 19 MiB for a moment: a few at a time, whoever asks.
	select {
	case h.hashSlots <- struct{}{}:
		defer func() { <-h.hashSlots }()
	case <-time.After(5 * time.Second):
		c.Header("Retry-After", "5")
		h.renderLogin(c, http.StatusServiceUnavailable, tr.T("login.busy"))
		return
	case <-ctx.Done():
		return
	}
	u, err := h.store.UserByEmail(ctx, email)
	ok := false
	switch {
	case errors.Is(err, db.ErrNotFound):
		account.CheckUnknown(password)
	case err != nil:
		h.failPage(c, err)
		return
	default:
		ok, err = account.CheckPassword(u.PasswordHash, password)
		if err != nil {
			h.log.ErrorContext(ctx, "password check", "user", u.ID, "err", err)
		}
		ok = ok && u.DisabledAt.IsZero()
	}
	if !ok {
		h.renderLogin(c, http.StatusUnauthorized, tr.T(loginFailureMessage))
		return
	}
	// A session token the browser brought along is never reused (fixation).
	if old, err := c.Cookie(sessionCookie); err == nil && old != "" {
		h.store.EndSession(ctx, old)
	}
	token, _, err := h.store.CreateSession(ctx, u.ID, now)
	if err != nil {
		h.failPage(c, err)
		return
	}
	h.store.ClearLoginFailures(ctx, subjects[0])
	h.store.ForgiveLoginFailure(ctx, subjects[1], now)
	uid := u.ID
	if err := h.store.Audit(ctx, db.AuditEntry{UserID: &uid, Actor: u.Account().AuditName(), Action: "login",
		After: map[string]any{"address": c.ClientIP()}}); err != nil {
		h.log.ErrorContext(ctx, "audit login", "err", err)
	}
	h.setCookie(c, loginCookie, "", -1, http.SameSiteStrictMode)
	h.setCookie(c, sessionCookie, token, int(db.SessionMax.Seconds()), http.SameSiteLaxMode)
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

// auditThrottle tells admins, on the audit page, that an account's
// sign-ins from one network are throttled: someone there is guessing, or
// its owner forgot the password.
func (h *handler) auditThrottle(c *gin.Context, email string, failures int) {
	err := h.store.Audit(c.Request.Context(), db.AuditEntry{Actor: "system", Action: "login_throttled", Target: "account:" + email,
		After: map[string]any{"network": clientNetwork(c), "failures": failures, "for": loginWindow.String()}})
	if err != nil {
		h.log.ErrorContext(c.Request.Context(), "audit login throttle", "err", err)
	}
}

// logout ends this session; with everywhere=1, every session of the user.
func (h *handler) logout(c *gin.Context) {
	u := currentUser(c)
	ctx := c.Request.Context()
	token, _ := c.Cookie(sessionCookie)
	if c.PostForm("everywhere") == "1" {
		h.store.EndUserSessions(ctx, u.ID)
	} else {
		h.store.EndSession(ctx, token)
	}
	uid := u.ID
	h.store.Audit(ctx, db.AuditEntry{UserID: &uid, Actor: u.AuditName(), Action: "logout",
		After: map[string]any{"everywhere": c.PostForm("everywhere") == "1"}})
	h.setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode)
	c.Redirect(http.StatusSeeOther, "/staff/login")
}

// safeNext keeps redirects on this site: a path with no scheme, no host,
// no backslash or control character, that still starts with a single "/"
// once cleaned the way http.Redirect will clean it. Anything else goes to
// fallback.
func safeNext(next string) string { return localPath(next, "/staff") }

func localPath(next, fallback string) string {
	if next == "" || strings.ContainsAny(next, "\\") || strings.IndexFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return fallback
	}
	clean := path.Clean(u.Path)
	bad := func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }
	if strings.HasPrefix(clean, "//") || strings.HasPrefix(u.EscapedPath(), "//") || strings.IndexFunc(clean, bad) >= 0 {
		return fallback
	}
	return (&url.URL{Path: clean, RawQuery: u.RawQuery}).String()
}

// render executes a page template with a status.
func (h *handler) render(c *gin.Context, status int, name string, data map[string]any) {
	if u := currentUser(c); u != nil {
		data["User"] = u
		if _, ok := data["CSRF"]; !ok {
			data["CSRF"] = csrfToken(c)
		}
	}
	h.writePage(c, status, name, data)
}
