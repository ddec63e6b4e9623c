package handlers

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/notify"
)

// The admins' view of notifications: the messages (with the emails that
// were only logged, for demos), dead letters to retry, webhook endpoints
// with their recent deliveries, and the bodies' addresses.

type notifyStore interface {
	Messages(ctx context.Context, q db.MessageQuery) ([]db.Message, error)
	Message(ctx context.Context, id int64) (db.Message, error)
	RetryMessage(ctx context.Context, id int64, now time.Time, audit db.AuditEntry) error
	OutboxLength(ctx context.Context) (int, error)
	Webhooks(ctx context.Context) ([]db.Webhook, error)
	AddWebhook(ctx context.Context, w db.Webhook, now time.Time, audit db.AuditEntry) (db.Webhook, error)
	SetWebhookActive(ctx context.Context, id int64, active bool, now time.Time, audit db.AuditEntry) error
	BodyContacts(ctx context.Context) ([]db.BodyContact, error)
}

var messageStates = []string{db.MessagePending, db.MessageDead, db.MessageDelivered, db.MessageLogged, db.MessageCancelled}

// notifyAdmin is /staff/notify: messages, newest first, filtered by state
// and channel, and the bodies' addresses.
func (h *handler) notifyAdmin(c *gin.Context) {
	ctx := c.Request.Context()
	q := db.MessageQuery{Status: c.Query("status"), Channel: c.Query("channel"), Limit: 200}
	if q.Status != "" && !contains(messageStates, q.Status) {
		q.Status = ""
	}
	if q.Channel != db.ChannelEmail && q.Channel != db.ChannelWebhook {
		q.Channel = ""
	}
	msgs, err := h.store.Messages(ctx, q)
	if err != nil {
		h.failPage(c, err)
		return
	}
	outbox, err := h.store.OutboxLength(ctx)
	if err != nil {
		h.failPage(c, err)
		return
	}
	bodies, err := h.store.BodyContacts(ctx)
	if err != nil {
		h.failPage(c, err)
		return
	}
	l := pageLang(c)
	for i, b := range bodies { // named in the page's language, as on the admin page
		if cb, ok := h.store.Catalog().Body(b.Code); ok {
			bodies[i].Name = cb.Name.Get(l)
		}
	}
	h.render(c, http.StatusOK, "staff_notify.html", map[string]any{
		"Lang": l, "Tr": h.translator(l), "Langs": langLinks(c, l), "Messages": msgs, "Outbox": outbox,
		"States": messageStates, "Status": q.Status, "Channel": q.Channel, "Logging": h.cfg.Notify.Logging(),
		"Bodies": bodies, "Flash": map[string]string{"retry": "admin.notify.retried"}[c.Query("done")],
	})
}

// notifyMessage shows one message in full: a logged email is read here.
func (h *handler) notifyMessage(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	m, err := h.store.Message(c.Request.Context(), id)
	if err != nil {
		h.failPage(c, err)
		return
	}
	m.Text, m.HTML = maskManageLinks(m.Text), maskManageLinks(m.HTML)
	l := pageLang(c)
	h.render(c, http.StatusOK, "staff_notify_message.html", map[string]any{
		"Lang": l, "Tr": h.translator(l), "Langs": langLinks(c, l), "M": m,
	})
}

// notifyRetry puts a dead message back in the queue.
func (h *handler) notifyRetry(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if err := h.store.RetryMessage(c.Request.Context(), id, h.now(), actorOf(c).audit()); err != nil {
		h.failPage(c, err)
		return
	}
	h.cfg.Notify.Wake()
	c.Redirect(http.StatusSeeOther, "/staff/notify?status=dead&done=retry")
}

// webhooksAdmin is /staff/notify/webhooks: endpoints and recent deliveries.
func (h *handler) webhooksAdmin(c *gin.Context) {
	h.renderWebhooks(c, http.StatusOK, "", "")
}

func (h *handler) renderWebhooks(c *gin.Context, status int, secret, errMsg string) {
	ctx := c.Request.Context()
	hooks, err := h.store.Webhooks(ctx)
	if err != nil {
		h.failPage(c, err)
		return
	}
	msgs, err := h.store.Messages(ctx, db.MessageQuery{Channel: db.ChannelWebhook, Limit: 100})
	if err != nil {
		h.failPage(c, err)
		return
	}
	l := pageLang(c)
	type option struct{ Code, Name string }
	var bodies []option
	for _, b := range h.store.Catalog().Bodies {
		bodies = append(bodies, option{b.Code, b.Name.Get(l)})
	}
	h.render(c, status, "staff_webhooks.html", map[string]any{
		"Lang": l, "Tr": h.translator(l), "Langs": langLinks(c, l), "Hooks": hooks, "Deliveries": msgs,
		"Bodies": bodies, "Secret": secret, "Error": errMsg,
		"Form": map[string]string{"name": c.PostForm("name"), "url": c.PostForm("url"), "body": c.PostForm("body")},
	})
}

// webhookAdd stores an endpoint; an empty secret is generated and shown once.
func (h *handler) webhookAdd(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("name"))
	url := strings.TrimSpace(c.PostForm("url"))
	secret := c.PostForm("secret")
	body := c.PostForm("body")
	switch {
	case name == "" || len(name) > 100:
		h.renderWebhooks(c, http.StatusUnprocessableEntity, "", "name: give the endpoint a name of at most 100 characters")
		return
	case len(url) > 2000 || notify.CheckWebhookURL(url) != nil:
		h.renderWebhooks(c, http.StatusUnprocessableEntity, "", "url: the URL must be an absolute http:// or https:// URL without credentials")
		return
	case len(secret) > 200:
		h.renderWebhooks(c, http.StatusUnprocessableEntity, "", "secret: at most 200 characters")
		return
	}
	if _, ok := h.store.Catalog().Body(body); body != "" && !ok {
		h.renderWebhooks(c, http.StatusUnprocessableEntity, "", "body: unknown body")
		return
	}
	shown := ""
	if secret == "" {
		b := make([]byte, 24)
		rand.Read(b)
		secret = hex.EncodeToString(b)
		shown = secret
	}
	w := db.Webhook{Name: name, URL: url, Secret: secret, BodyCode: sql.NullString{String: body, Valid: body != ""}}
	if _, err := h.store.AddWebhook(c.Request.Context(), w, h.now(), actorOf(c).audit()); err != nil {
		h.failPage(c, err)
		return
	}
	h.renderWebhooks(c, http.StatusCreated, shown, "")
}

// webhookActive enables (active=1) or disables an endpoint.
func (h *handler) webhookActive(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	active := c.PostForm("active") == "1"
	if err := h.store.SetWebhookActive(c.Request.Context(), id, active, h.now(), actorOf(c).audit()); err != nil {
		h.failPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/notify/webhooks")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
