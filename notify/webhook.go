package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"streetfix/city"
	"streetfix/db"
)

// Webhook headers. The signature is HMAC-SHA256, keyed with the endpoint's
// secret, over "<timestamp>.<body>", so a receiver can refuse both forged
// and replayed (old timestamp) calls.
const (
	HeaderEvent     = "X-Streetfix-Event"
	HeaderDelivery  = "X-Streetfix-Delivery"
	HeaderTimestamp = "X-Streetfix-Timestamp"
	HeaderSignature = "X-Streetfix-Signature"
)

// webhookPayload is the JSON body of every call: public fields only.
type webhookPayload struct {
	Event      string         `json:"event"`
	OccurredAt time.Time      `json:"occurred_at"`
	Report     webhookReport  `json:"report"`
	Change     *webhookChange `json:"change,omitempty"`
}

type webhookReport struct {
	ID           int64      `json:"id"`
	URL          string     `json:"url"`
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	Category     string     `json:"category"`
	Theme        string     `json:"theme"`
	Status       string     `json:"status"`
	Area         string     `json:"area"`
	Body         string     `json:"body"`
	Lat          float64    `json:"lat"`
	Lon          float64    `json:"lon"`
	Address      city.Names `json:"address"`                 // nearest street or municipality, in each language
	ReporterName string     `json:"reporter_name,omitempty"` // only when the reporter chose to show it
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

type webhookChange struct {
	EventID int64  `json:"event_id"`
	Actor   string `json:"actor"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Note    string `json:"note,omitempty"`
}

func (s *Service) webhookPayload(it *db.OutboxItem) webhookPayload {
	r, ev := it.Report, it.Event
	p := webhookPayload{Event: it.Kind, OccurredAt: ev.CreatedAt.Time, Report: webhookReport{
		ID: r.ID, URL: s.reportURL(r.ID), Title: r.Title, Description: r.Description, Category: r.Category,
		Theme: r.Theme, Status: r.Status, Area: r.AreaCode, Body: r.BodyCode, Lat: r.Lat, Lon: r.Lon, Address: r.Address,
		ReporterName: r.PublicName, CreatedAt: r.CreatedAt.Time, UpdatedAt: r.UpdatedAt.Time,
	}}
	if it.Kind != db.OutboxCreated {
		p.Change = &webhookChange{EventID: ev.ID, Actor: ev.Actor, From: ev.FromStatus, To: ev.ToStatus, Note: ev.Note}
	}
	return p
}

// Sign returns the X-Streetfix-Signature value for a body sent at ts.
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// CheckWebhookURL accepts absolute http and https URLs only.
func CheckWebhookURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("the URL must be an absolute http:// or https:// URL without credentials")
	}
	return nil
}

// postWebhook sends one call; a 2xx answer acknowledges it. Only the
// status is kept of the answer: its body is the endpoint's to fill, and
// the admin pages would show it.
func (s *Service) postWebhook(ctx context.Context, m db.Message) (status int, err error) {
	w, err := s.store.Webhook(ctx, m.WebhookID.Int64)
	if err != nil {
		return 0, err
	}
	ts := s.now().Unix()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.WebhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.Recipient, strings.NewReader(m.Payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Streetfix-Webhooks/1")
	req.Header.Set(HeaderEvent, m.Event)
	req.Header.Set(HeaderDelivery, strconv.FormatInt(m.ID, 10))
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(w.Secret, ts, []byte(m.Payload)))
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4096)) // lets the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("webhook answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}
