package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
)

// Subscriptions: following a report and area alerts, confirmed by a signed
// link (double opt-in) and ended by another (one click). The pages ask for
// a button press before acting on a link, because mail scanners open every
// link they see; one-click unsubscribe (RFC 8058) posts directly. The
// routes are in routes.go.

// subscribeAPI is POST /api/v1/subscriptions. The answer is the same
// whether the address was new, pending, already subscribed, at its limit
// or blocked by its owner, so it tells nobody anything about an address.
func (h *handler) subscribeAPI(c *gin.Context) {
	var req notify.SubscribeRequest
	if err := h.decodeJSONBody(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if _, err := h.cfg.Notify.Subscribe(c.Request.Context(), req, lang(c)); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"status": "confirmation_sent",
		"message": "if the address is valid, a confirmation link was sent to it; nothing is sent before it is confirmed"})
}

// follow is the "follow this report" form of the report page.
func (h *handler) follow(c *gin.Context) {
	id, err := parseID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	h.subscribeForm(c, notify.SubscribeRequest{Kind: db.SubReport, ReportID: id})
}

func (h *handler) subscribeForm(c *gin.Context, req notify.SubscribeRequest) {
	if !sameOrigin(c) {
		h.failPage(c, newError(http.StatusForbidden, "csrf", "", "this form came from another site"))
		return
	}
	req.Email, req.Frequency, req.Locale = c.PostForm("email"), c.PostForm("frequency"), c.PostForm("locale")
	if _, err := h.cfg.Notify.Subscribe(c.Request.Context(), req, pageLang(c)); err != nil {
		var ie *intake.Error
		if errors.As(err, &ie) {
			h.formFailed(c, err)
			return
		}
		h.failPage(c, err)
		return
	}
	h.notifyPage(c, http.StatusOK, "subscribe.sent.title", "subscribe.sent.body", "")
}

// formFailed shows why a subscribe form was refused, in the page's language.
func (h *handler) formFailed(c *gin.Context, err error) {
	tr := h.translator(pageLang(c))
	msg := tr.T("form.invalid")
	var ie *intake.Error
	switch {
	case errors.As(err, &ie) && ie.Field == "email":
		msg = tr.T("form.invalid_email")
	case errors.As(err, &ie):
		msg = tr.T("form.invalid") + " (" + ie.Field + ": " + ie.Message + ")"
	}
	h.notifyPage(c, http.StatusUnprocessableEntity, "subscribe.form.title", "", msg)
}

// notifyPage renders the small page that answers a subscription action.
func (h *handler) notifyPage(c *gin.Context, status int, title, body, text string, extra ...any) {
	data, tr := h.page(c)
	data["Title"], data["Text"] = tr.T(title), text
	if body != "" {
		data["Text"] = tr.T(body, extra...)
	}
	privatePage(c) // the URL holds a signature
	h.render(c, status, "notify_page.html", data)
}

// linkPage shows what a signed link is about and a button that acts on it.
func (h *handler) linkPage(purpose string) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
		sub, err := h.cfg.Notify.Lookup(c.Request.Context(), id, purpose, c.Query("sig"))
		if err != nil || (sub.Status == db.SubCancelled && purpose != notify.PurposeUnsubscribe) ||
			(purpose == notify.PurposeNotMe && sub.Status != db.SubPending) {
			h.invalidLink(c, err)
			return
		}
		l := pageLang(c)
		what := h.cfg.Notify.Describe(c.Request.Context(), l, sub)
		if purpose == notify.PurposeUnsubscribe {
			h.unsubscribePage(c, id, sub.Status == db.SubCancelled, what)
			return
		}
		if sub.Status == db.SubCancelled { // a second click on an unsubscribe link
			h.notifyPage(c, http.StatusOK, "unsubscribed.title", "unsubscribed.body", "", "What", what)
			return
		}
		title, body, button := "confirm.title", "confirm.body", "confirm.submit"
		switch purpose {
		case notify.PurposeUnsubscribe:
			title, body, button = "unsub.title", "unsub.body", "unsub.submit"
		case notify.PurposeNotMe:
			title, body, button = "notme.title", "notme.body", "notme.submit"
		}
		h.linkForm(c, title, body, button, what)
	}
}

// unsubscribePage asks whether to stop a subscription's emails (or, on a
// second click, says they are stopped) and offers to erase every
// subscription of the address and what was sent to it.
func (h *handler) unsubscribePage(c *gin.Context, id int64, cancelled bool, what string) {
	data, tr := h.page(c)
	if cancelled {
		data["Title"], data["Text"] = tr.T("unsubscribed.title"), tr.T("unsubscribed.body", "What", what)
	} else {
		data["Title"], data["Text"], data["Button"] = tr.T("unsub.title"), tr.T("unsub.body", "What", what), tr.T("unsub.submit")
		data["Action"] = c.Request.URL.Path
	}
	data["Sig"], data["EraseAction"] = c.Query("sig"), "/subscriptions/"+strconv.FormatInt(id, 10)+"/erase"
	privatePage(c)
	h.render(c, http.StatusOK, "notify_page.html", data)
}

func (h *handler) linkForm(c *gin.Context, title, body, button, what string) {
	data, tr := h.page(c)
	data["Title"], data["Text"], data["Button"] = tr.T(title), tr.T(body, "What", what), tr.T(button)
	data["Action"], data["Sig"] = c.Request.URL.Path, c.Query("sig")
	privatePage(c)
	h.render(c, http.StatusOK, "notify_page.html", data)
}

func (h *handler) invalidLink(c *gin.Context, err error) {
	switch {
	case errors.Is(err, notify.ErrGone):
		// Say so, rather than blame the link: after an erasure its owner
		// may well click an old email's link.
		h.notifyPage(c, http.StatusGone, "link.gone.title", "link.gone", "")
	case err != nil && !errors.Is(err, db.ErrNotFound):
		h.failPage(c, err)
	default:
		h.notifyPage(c, http.StatusNotFound, "unsub.title", "link.invalid", "")
	}
}

// linkSig is the signature of a link, from the form or the URL (one-click
// unsubscribe posts to the URL itself).
func linkSig(c *gin.Context) string {
	if s := c.PostForm("sig"); s != "" {
		return s
	}
	return c.Query("sig")
}

func (h *handler) confirm(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	sub, err := h.cfg.Notify.Confirm(c.Request.Context(), id, linkSig(c))
	if err != nil {
		h.invalidLink(c, err)
		return
	}
	what := h.cfg.Notify.Describe(c.Request.Context(), pageLang(c), sub)
	h.notifyPage(c, http.StatusOK, "confirmed.title", "confirmed.body", "", "What", what)
}

func (h *handler) unsubscribe(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	sub, err := h.cfg.Notify.Unsubscribe(c.Request.Context(), id, linkSig(c))
	if err != nil {
		h.invalidLink(c, err)
		return
	}
	what := h.cfg.Notify.Describe(c.Request.Context(), pageLang(c), sub)
	h.notifyPage(c, http.StatusOK, "unsubscribed.title", "unsubscribed.body", "", "What", what)
}

// eraseSubscriber is the unsubscribe page's "erase all my subscriptions".
func (h *handler) eraseSubscriber(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	n, err := h.cfg.Notify.EraseSubscriber(c.Request.Context(), id, linkSig(c))
	if err != nil {
		h.invalidLink(c, err)
		return
	}
	h.notifyPage(c, http.StatusOK, "unsub.erased.title", "unsub.erased.body", "", "Count", n)
}

// notMe is "this wasn't me" from a confirmation email.
func (h *handler) notMe(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if _, err := h.cfg.Notify.NotMe(c.Request.Context(), id, linkSig(c)); err != nil {
		h.invalidLink(c, err)
		return
	}
	h.notifyPage(c, http.StatusOK, "notme.done.title", "notme.done.body", "")
}

func (h *handler) reporterOffPage(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if err := h.cfg.Notify.CheckReporterLink(id, c.Query("sig")); err != nil {
		h.invalidLink(c, err)
		return
	}
	h.linkForm(c, "unsub.title", "unsub.body", "unsub.submit", h.cfg.Notify.DescribeOwnReport(pageLang(c), id))
}

func (h *handler) reporterOff(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if err := h.cfg.Notify.ReporterOff(c.Request.Context(), id, linkSig(c)); err != nil {
		h.invalidLink(c, err)
		return
	}
	h.notifyPage(c, http.StatusOK, "unsubscribed.title", "unsubscribed.body", "", "What", h.cfg.Notify.DescribeOwnReport(pageLang(c), id))
}
