package handlers

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/report"
)

// The manage link (/reports/{id}/manage?token=...) lets the reporter, and
// only the holder of the token sent back when the report was made, mark the
// report fixed, reopen it with a reason, or erase their personal data.

// manageStore is what the reporter's actions need of the database.
type manageStore interface {
	ReporterTokenHash(ctx context.Context, reportID int64) (string, error)
	Reporter(ctx context.Context, reportID int64) (db.Reporter, error)
	EraseReporter(ctx context.Context, reportID int64, at time.Time) error
	ChangeStatus(ctx context.Context, ch db.StatusChange) (db.Report, db.Event, error)
}

// Reporter actions.
const (
	actionFixed  = "fixed"
	actionReopen = "reopen"
	actionErase  = "erase"
	maxReason    = 1000
)

var errBadToken = newError(http.StatusForbidden, "invalid_token", "token", "this link's token does not match the report")

// checkToken compares the token's hash with the stored one in constant time,
// so the comparison reveals nothing about the stored hash. The manage link
// of emails carries a signature bound to that hash instead of the token,
// which is not stored (notify.Signer.Manage); it is accepted alike.
func (h *handler) checkToken(ctx context.Context, id int64, token string) error {
	if token == "" || len(token) > 100 {
		return errBadToken
	}
	stored, err := h.store.ReporterTokenHash(ctx, id)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(intake.HashToken(token)), []byte(stored)) == 1 {
		return nil
	}
	if h.cfg.Notify != nil && h.cfg.Notify.Signer().VerifyManage(id, stored, token) {
		return nil
	}
	return errBadToken
}

// reporterAction applies one action after the token was checked.
func (h *handler) reporterAction(ctx context.Context, id int64, action, reason string) error {
	switch action {
	case actionErase:
		if err := h.store.EraseReporter(ctx, id, h.now()); err != nil {
			return err
		}
		return h.store.ForgetReporterClient(ctx, id)
	case actionFixed, actionReopen:
	default:
		return badRequest("invalid_action", "action", "action must be fixed, reopen or erase")
	}
	note, err := intake.CleanText("reason", reason, maxReason, true)
	if err != nil {
		return err
	}
	to := report.StatusFixed
	if action == actionReopen {
		if note == "" {
			return newError(http.StatusUnprocessableEntity, "missing_field", "reason", "say why the report is reopened")
		}
		to = report.StatusNew
	}
	_, _, err = h.store.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: to, Note: note, Public: true, Actor: db.ActorReporter, At: h.now()})
	if errors.Is(err, report.ErrNotAllowed) || errors.Is(err, report.ErrSameStatus) {
		return newError(http.StatusConflict, "transition_not_allowed", "action", "the report's status does not allow this: "+err.Error())
	}
	return err
}

// reporterActionRequest is POST /api/v1/reports/{id}/reporter-actions.
type reporterActionRequest struct {
	Token  string `json:"token"`
	Action string `json:"action"`
	Reason string `json:"reason"`
}

func (h *handler) reporterActionAPI(c *gin.Context) {
	id, err := parseID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	var req reporterActionRequest
	if c.ContentType() != "application/json" {
		h.fail(c, newError(http.StatusUnsupportedMediaType, "unsupported_media_type", "", "send application/json"))
		return
	}
	if err := h.decodeJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if err := h.checkToken(ctx, id, req.Token); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.reporterAction(ctx, id, req.Action, req.Reason); err != nil {
		h.fail(c, err)
		return
	}
	r, photos, events, err := h.publicReport(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newReportView(h.store.Catalog(), r, photos, events, lang(c)))
}

// managePage is GET /reports/{id}/manage?token=...; managePost handles its forms.
func (h *handler) managePage(c *gin.Context) {
	h.showManage(c, c.Query("token"), "", "")
}

func (h *handler) managePost(c *gin.Context) {
	if !sameOrigin(c) {
		h.failPage(c, newError(http.StatusForbidden, "cross_site", "", "forms are accepted from this site only"))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, h.cfg.JSONBodyLimit)
	token, action, reason := c.PostForm("token"), c.PostForm("action"), c.PostForm("reason")
	id, err := parseID(c)
	if err == nil {
		err = h.checkToken(c.Request.Context(), id, token)
	}
	if err != nil {
		privatePage(c)
		h.failPage(c, err)
		return
	}
	tr := h.translator(lang(c))
	if err := h.reporterAction(c.Request.Context(), id, action, reason); err != nil {
		e := h.toAPIError(c, err)
		if e.Status >= 500 {
			h.failPage(c, err)
			return
		}
		msg := "manage.error.generic"
		switch {
		case e.Code == "transition_not_allowed":
			msg = "manage.error.status"
		case e.Field == "reason":
			msg = "manage.error.reason"
		}
		h.showManage(c, token, "", tr.T(msg))
		return
	}
	h.showManage(c, token, tr.T("manage.done."+action), "")
}

func (h *handler) showManage(c *gin.Context, token, done, errMsg string) {
	privatePage(c)
	id, err := parseID(c)
	if err == nil {
		err = h.checkToken(c.Request.Context(), id, token)
	}
	if err != nil {
		h.failPage(c, err)
		return
	}
	r, err := h.store.PublicReport(c.Request.Context(), id)
	if err != nil {
		h.failPage(c, err)
		return
	}
	rep, err := h.store.Reporter(c.Request.Context(), id)
	if err != nil {
		h.failPage(c, err)
		return
	}
	erased := rep.ErasedAt
	data, tr := h.page(c)
	// What the service keeps about the reporter, shown to them alone.
	data["Kept"] = []struct{ Label, Value string }{
		{tr.T("form.name"), rep.Name}, {tr.T("form.email"), rep.Email}, {tr.T("manage.phone"), rep.Phone},
	}
	data["KeptAny"] = rep.Name != "" || rep.Email != "" || rep.Phone != ""
	// After a form, the URL has no token: the language links keep it.
	data["Langs"] = langLinksWith(c, tr.Lang, url.Values{"token": {token}})
	data["R"], data["Token"], data["Done"], data["Error"] = r, token, done, errMsg
	data["UpdateText"] = c.GetString(ctxUpdateText) // a refused update's, shown again
	data["Group"], data["StatusName"] = report.Group(r.Status), tr.T("status."+r.Status)
	if !erased.IsZero() {
		data["Erased"] = tr.T("manage.erased", "When", h.dateText(erased.Time, tr.Lang))
	}
	status := http.StatusOK
	if errMsg != "" {
		status = http.StatusUnprocessableEntity
	}
	h.render(c, status, "manage.html", data)
}
