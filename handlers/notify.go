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
// whether the address was new, pending or already subscribed, so it tells
// nobody what an address follows.
func (h *handler) subscribeAPI(c *gin.Context) {
	var req notify.SubscribeRequest
	if err := h.decodeJSONBody(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	if _, err := h.cfg.Notify.Subscribe(c.Request.Context(), req, lang(c)); err != nil {
		h.fail(c, subscribeError(err))
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"status": "confirmation_sent",
		"message": "if the address is valid, a confirmation link was sent to it; nothing is sent before it is confirmed"})
}

func subscribeError(err error) error {
	if errors.Is(err, db.ErrTooManySubscriptions) {
		return newError(http.StatusUnprocessableEntity, "too_many_subscriptions", "email",
			"this address has reached the limit of subscriptions; unsubscribe from some first")
	}
	return err
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
		if errors.As(err, &ie) || errors.Is(err, db.ErrTooManySubscriptions) {
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
	case errors.Is(err, db.ErrTooManySubscriptions):
		msg = tr.T("form.too_many")
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
		if err != nil || (sub.Status == db.SubCancelled && purpose != notify.PurposeUnsubscribe) {
			h.invalidLink(c, err)
			return
		}
		l := pageLang(c)
		what := h.cfg.Notify.Describe(c.Request.Context(), l, sub)
		if sub.Status == db.SubCancelled { // a second click on an unsubscribe link
			h.notifyPage(c, http.StatusOK, "unsubscribed.title", "unsubscribed.body", "", "What", what)
			return
		}
		title, body, button := "confirm.title", "confirm.body", "confirm.submit"
		if purpose == notify.PurposeUnsubscribe {
			title, body, button = "unsub.title", "unsub.body", "unsub.submit"
		}
		h.linkForm(c, title, body, button, what)
	}
}

func (h *handler) linkForm(c *gin.Context, title, body, button, what string) {
	data, tr := h.page(c)
	data["Title"], data["Text"], data["Button"] = tr.T(title), tr.T(body, "What", what), tr.T(button)
	data["Action"], data["Sig"] = c.Request.URL.Path, c.Query("sig")
	privatePage(c)
	h.render(c, http.StatusOK, "notify_page.html", data)
}

func (h *handler) invalidLink(c *gin.Context, err error) {
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		h.failPage(c, err)
		return
	}
	h.notifyPage(c, http.StatusNotFound, "unsub.title", "link.invalid", "")
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
