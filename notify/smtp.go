package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mailer sends one message to one recipient.
type Mailer interface {
	Send(ctx context.Context, from, to string, msg []byte) error
}

// smtpMailer talks to the configured SMTP server, one connection per
// message: messages are few and a connection left open goes stale.
type smtpMailer struct {
	host, user, password, security string
	port                           int
	tls                            *tls.Config
	timeout                        time.Duration // the whole conversation's, connecting included
}

func newSMTPMailer(c Config) *smtpMailer {
	return &smtpMailer{host: c.SMTPHost, port: c.SMTPPort, user: c.SMTPUser, password: c.SMTPPassword,
		security: c.SMTPSecurity, tls: &tls.Config{ServerName: c.SMTPHost, MinVersion: tls.VersionTLS12}, timeout: c.SMTPTimeout}
}

// NewSMTPMailer is the mailer New makes from c, with another TLS
// configuration (a private CA's roots, for instance).
func NewSMTPMailer(c Config, t *tls.Config) Mailer {
	m := newSMTPMailer(c)
	m.tls = t
	return m
}

func (m *smtpMailer) Send(ctx context.Context, from, to string, msg []byte) error {
	addr := net.JoinHostPort(m.host, strconv.Itoa(m.port))
	// A server that accepts and then never answers (a DATA that hangs)
	// costs the worker at most the timeout, connecting included. go-smtp
	// sets its own deadlines (minutes) on the connection before each
	// command, so the connection is closed when the time is up.
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := m.converse(conn, from, to, msg); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("smtp: no answer within %s: %w (%w)", m.timeout, ctx.Err(), err)
		}
		return err
	}
	return nil
}

// converse sends msg over conn, from hello to goodbye.
func (m *smtpMailer) converse(conn net.Conn, from, to string, msg []byte) error {
	var err error
	var c *smtp.Client
	switch m.security {
	case SecurityTLS:
		c = smtp.NewClient(tls.Client(conn, m.tls))
	case SecurityStartTLS:
		if c, err = smtp.NewClientStartTLS(conn, m.tls); err != nil {
			conn.Close()
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	default:
		c = smtp.NewClient(conn)
	}
	defer c.Close()
	if m.user != "" {
		if err := c.Auth(sasl.NewPlainClient("", m.user, m.password)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	envFrom, err := mail.ParseAddress(from)
	if err != nil {
		return fmt.Errorf("smtp: from: %w", err)
	}
	if err := c.SendMail(envFrom.Address, []string{to}, bytes.NewReader(msg)); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	// The server has accepted the message: a failed goodbye must not make
	// the worker send it again.
	c.Quit()
	return nil
}
