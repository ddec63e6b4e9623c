package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/db"
)

// Passwords: an admin makes a staff member a reset link (single use, 24
// hours, stored hashed) and passes it on; a used, expired or forged link
// opens a page that says so and changes nothing. Staff change their own
// password with their current one. Either way, the account's sessions end.

type passwordStore interface {
	CreatePasswordReset(ctx context.Context, user int64, now time.Time, audit db.AuditEntry) (string, error)
	PasswordResetUser(ctx context.Context, token string, now time.Time) (db.UserRow, error)
	UsePasswordReset(ctx context.Context, token, password string, now time.Time) error
}

// sendResetLink is POST /staff/admin/users/reset: the admin page again,
// with the link to give the staff member.
func (h *handler) sendResetLink(c *gin.Context) {
	id, err := formID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	token, err := h.store.CreatePasswordReset(c.Request.Context(), id, h.now(), actorOf(c).audit())
	if err != nil {
		h.pageError(c, err, func(status int, msg string) { h.renderAdmin(c, status, msg) })
		return
	}
	c.Set("resetLink", strings.TrimSuffix(h.cfg.BaseURL, "/")+"/staff/reset?token="+token)
	c.Header("Cache-Control", "no-store")
	h.renderAdmin(c, http.StatusOK, "")
}

// resetProblem names why a reset link does not work, for the page.
func resetProblem(err error) (int, string) {
	switch {
	case errors.Is(err, db.ErrResetUsed):
		return http.StatusGone, "reset.used"
	case errors.Is(err, db.ErrResetExpired):
		return http.StatusGone, "reset.expired"
	}
	return http.StatusNotFound, "reset.unknown"
}

func (h *handler) renderReset(c *gin.Context, status int, data map[string]any) {
	l := pageLang(c)
	data["Lang"], data["Tr"], data["Langs"] = l, h.translator(l), langLinks(c, l)
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "same-origin") // the token is in the address: never sent to another site (no-referrer would make the form post "Origin: null")
	h.render(c, status, "staff_reset.html", data)
}

// resetPage is GET /staff/reset?token=…
func (h *handler) resetPage(c *gin.Context) {
	token := c.Query("token")
	u, err := h.store.PasswordResetUser(c.Request.Context(), token, h.now())
	if err != nil {
		status, msg := resetProblem(err)
		h.renderReset(c, status, map[string]any{"Problem": msg})
		return
	}
	h.renderReset(c, http.StatusOK, map[string]any{"Token": token, "Email": u.Email})
}

// resetSubmit is POST /staff/reset: the new password, twice.
func (h *handler) resetSubmit(c *gin.Context) {
	tr := h.translator(pageLang(c))
	if !sameOrigin(c) {
		h.failPage(c, newError(http.StatusForbidden, "cross_site", "", "forms are accepted from this site only"))
		return
	}
	token, pw := c.PostForm("token"), c.PostForm("password")
	u, err := h.store.PasswordResetUser(c.Request.Context(), token, h.now())
	if err != nil {
		status, msg := resetProblem(err)
		h.renderReset(c, status, map[string]any{"Problem": msg})
		return
	}
	if msg := newPasswordProblem(pw, c.PostForm("confirm")); msg != "" {
		h.renderReset(c, http.StatusUnprocessableEntity, map[string]any{"Token": token, "Email": u.Email, "Error": tr.T(msg)})
		return
	}
	if err := h.store.UsePasswordReset(c.Request.Context(), token, pw, h.now()); err != nil {
		status, msg := resetProblem(err)
		h.renderReset(c, status, map[string]any{"Problem": msg})
		return
	}
	h.renderReset(c, http.StatusOK, map[string]any{"Changed": true})
}

// newPasswordProblem checks a new password and its confirmation.
func newPasswordProblem(pw, confirm string) string {
	if pw != confirm {
		return "password.mismatch"
	}
	if account.CheckPasswordRules(pw) != nil {
		return "password.weak"
	}
	return ""
}

// passwordPage is GET /staff/password: the signed-in user's own password.
func (h *handler) passwordPage(c *gin.Context) { h.renderPassword(c, http.StatusOK, "") }

func (h *handler) renderPassword(c *gin.Context, status int, msg string) {
	tr, data := h.staffData(c, "")
	data["Title"], data["Error"], data["Own"] = tr.T("password.title"), msg, true
	c.Header("Cache-Control", "no-store")
	h.render(c, status, "staff_reset.html", data)
}

// changePassword is POST /staff/password: current, new and confirm.
func (h *handler) changePassword(c *gin.Context) {
	tr := h.translator(pageLang(c))
	u := currentUser(c)
	row, err := h.store.UserByID(c.Request.Context(), u.ID)
	if err != nil {
		h.failPage(c, err)
		return
	}
	if ok, err := account.CheckPassword(row.PasswordHash, c.PostForm("current")); err != nil || !ok {
		h.renderPassword(c, http.StatusUnprocessableEntity, tr.T("password.wrong_current"))
		return
	}
	pw := c.PostForm("password")
	if msg := newPasswordProblem(pw, c.PostForm("confirm")); msg != "" {
		h.renderPassword(c, http.StatusUnprocessableEntity, tr.T(msg))
		return
	}
	if _, _, err := h.store.UpdateUser(c.Request.Context(), u.ID, db.UserChange{Password: &pw}, actorOf(c).audit()); err != nil {
		h.failPage(c, err)
		return
	}
	// The change ended every session, this one too: sign in again.
	c.Redirect(http.StatusSeeOther, "/staff/login?changed=1")
}
