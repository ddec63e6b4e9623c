package notify

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"net/url"
	"sort"
	"strings"
	"time"

	"streetfix/db"
)

// messageID makes a unique Message-ID under the service's host name.
func (s *Service) messageID() string {
	b := make([]byte, 12)
	rand.Read(b)
	host := "streetfix.invalid"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "<" + hex.EncodeToString(b) + "@" + host + ">"
}

// compose writes m as an RFC 5322 message: text and HTML as
// multipart/alternative, quoted-printable UTF-8, the subject encoded per
// RFC 2047, and the headers fixed when the message was queued.
func compose(m db.Message, from string, date time.Time) ([]byte, error) {
	var extra map[string]string
	if err := json.Unmarshal([]byte(m.Headers), &extra); err != nil {
		return nil, fmt.Errorf("notify: message %d: headers: %w", m.ID, err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := []string{
		"From: " + from,
		"To: " + m.Recipient,
		"Subject: " + mime.QEncoding.Encode("utf-8", m.Subject),
		"Date: " + date.Format(time.RFC1123Z),
		"MIME-Version: 1.0",
		"Content-Type: multipart/alternative; boundary=\"" + mw.Boundary() + "\"",
		"Auto-Submitted: auto-generated",
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.NewReplacer("\r", "", "\n", "").Replace(extra[k]) // no header injection
		h = append(h, textproto.CanonicalMIMEHeaderKey(k)+": "+v)
	}
	var head bytes.Buffer
	for _, line := range h {
		head.WriteString(line + "\r\n")
	}
	head.WriteString("\r\n")
	for _, part := range []struct{ ctype, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(pw)
		qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(part.body, "\r\n", "\n"), "\n", "\r\n")))
		qp.Close()
	}
	mw.Close()
	return append(head.Bytes(), buf.Bytes()...), nil
}
