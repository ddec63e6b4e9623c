// Package notify tells people and systems what happens to reports: emails
// to the responsible body, the reporter and followers, area alerts and
// digests, and signed webhooks. Events reach it through the database
// outbox, written in the event's own transaction; a worker fans each event
// out into messages and delivers them with retries, so a crash loses
// nothing and an acknowledged message is never sent again.
package notify

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"streetfix/db"
)

// SMTP security modes.
const (
	SecurityNone     = "none"
	SecurityStartTLS = "starttls"
	SecurityTLS      = "tls"
)

// Config is the notification part of the service's configuration.
type Config struct {
	BaseURL string // absolute URL of the service, for links in emails
	From    string // sender address of every email

	SMTPHost     string // empty: emails are logged and kept in the outbox, not sent
	SMTPPort     int
	SMTPUser     string
	SMTPPassword string
	SMTPSecurity string // none, starttls or tls

	BodyLangs        string        // languages of a body's emails unless it has its own, e.g. "fr,nl"
	MaxAttempts      int           // attempts before a message is dead
	BackoffBase      time.Duration // the first retry's delay; each next one doubles, with jitter
	BackoffMax       time.Duration
	Lease            time.Duration // how long a claimed message is reserved for its worker
	Poll             time.Duration // how often the worker looks for work without being woken
	DigestHour       int           // local hour (Location) when daily digests go out
	MaxSubscriptions int           // pending and active subscriptions per address
	PendingFor       time.Duration // an unconfirmed subscription expires after this
	Retention        time.Duration // delivered messages are forgotten after this
	WebhookTimeout   time.Duration // one webhook call's, answer included
	SMTPTimeout      time.Duration // one email's whole SMTP conversation, connecting included
	// ConfirmationsPerDay caps the report confirmations one email address
	// receives in 24 hours (0: no cap), so the form cannot mail-bomb a
	// stranger.
	ConfirmationsPerDay int
	// WebhookAllowHosts are host names (as written in webhook URLs) that
	// may resolve to loopback, private or link-local addresses; every
	// other host is refused such addresses at connect time.
	WebhookAllowHosts []string
	// QuestionnaireAfter is how long after a report is acknowledged its
	// reporter is asked whether it has been fixed, if it is still open;
	// zero asks nobody.
	QuestionnaireAfter time.Duration
	// Location is the city's time zone: the digest hour and the dates in
	// emails are its local time. Nil is UTC.
	Location *time.Location
}

// DefaultConfig is the configuration with nothing set.
func DefaultConfig() Config {
	return Config{BaseURL: "http://127.0.0.1:8080", From: "Streetfix <noreply@streetfix.invalid>",
		SMTPPort: 587, SMTPSecurity: SecurityStartTLS, BodyLangs: "fr,nl", MaxAttempts: 12,
		BackoffBase: 30 * time.Second, BackoffMax: 6 * time.Hour, Lease: 2 * time.Minute, Poll: 2 * time.Second,
		DigestHour: 6, MaxSubscriptions: 20, PendingFor: db.PendingExpiry, Retention: 30 * 24 * time.Hour, WebhookTimeout: 15 * time.Second, SMTPTimeout: time.Minute, ConfirmationsPerDay: 5,
		QuestionnaireAfter: 4 * 7 * 24 * time.Hour}
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base-url: %q is not an absolute http(s) URL", c.BaseURL)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail-from: %q is not an address: %w", c.From, err)
	}
	switch c.SMTPSecurity {
	case SecurityNone, SecurityStartTLS, SecurityTLS:
	default:
		return fmt.Errorf("smtp-security: %q is not none, starttls or tls", c.SMTPSecurity)
	}
	if c.SMTPHost != "" && (c.SMTPPort <= 0 || c.SMTPPort > 65535) {
		return fmt.Errorf("smtp-port: %d is not a port", c.SMTPPort)
	}
	if _, err := ParseLangs(c.BodyLangs); err != nil {
		return fmt.Errorf("body-langs: %w", err)
	}
	switch {
	case c.SMTPTimeout <= 0:
		return errors.New("smtp-timeout: must be more than zero")
	case c.WebhookTimeout <= 0:
		return errors.New("webhook timeout: must be more than zero")
	case c.MaxAttempts < 1:
		return errors.New("notify-max-attempts: must be at least 1")
	case c.DigestHour < 0 || c.DigestHour > 23:
		return errors.New("digest-hour: must be between 0 and 23")
	case c.MaxSubscriptions < 1:
		return errors.New("max-subscriptions: must be at least 1")
	case c.PendingFor < time.Hour:
		return errors.New("retention-pending: must be at least an hour")
	case c.QuestionnaireAfter < 0:
		return errors.New("questionnaire-after: must be 0 (off) or a positive duration such as 672h")
	}
	return nil
}

// Langs the emails are written in.
var Langs = []string{"fr", "nl", "en"}

// ParseLangs reads a comma-separated list of languages.
func ParseLangs(s string) ([]string, error) {
	var out []string
	for _, l := range strings.Split(s, ",") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if !isLang(l) {
			return nil, fmt.Errorf("%q is not one of fr, nl, en", l)
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, errors.New("name at least one language")
	}
	return out, nil
}

func isLang(l string) bool {
	for _, x := range Langs {
		if l == x {
			return true
		}
	}
	return false
}
